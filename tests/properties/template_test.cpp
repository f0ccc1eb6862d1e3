// Scenario templates: holes that name what is not there are refused with the name; every
// generated case is an ordinary scenario whose run, written as YAML with its tape and read back,
// is the same run (the same trace hash).
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <thespis/error.hpp>
#include <thespis/properties/gen.hpp>
#include <thespis/properties/property.hpp>
#include <thespis/properties/scenario_template.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/sim/choice_source.hpp>

namespace {

using namespace std::chrono_literals;
using namespace thespis;
using namespace thespis::properties;

scenario::Scenario kv_base() {
  return scenario::load_scenario(THESPIS_PROPERTIES_DIR "/kv_property.yaml");
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ScenarioTemplate, AnUnknownPhaseIsNamedWithThePhasesThereAre) {
  ScenarioTemplate t(kv_base());
  const std::string e = error_of([&] { t.faults("lod"); });
  EXPECT_NE(e.find("no phase `lod`"), std::string::npos) << e;
  EXPECT_NE(e.find("setup, load, recovery"), std::string::npos) << e;
}

TEST(ScenarioTemplate, AFieldHoleMustBeASendStepAndAFieldOfItsMessage) {
  ScenarioTemplate t(kv_base());
  const auto count = gen::value_of(rc::gen::inRange(1, 5));
  EXPECT_NE(error_of([&] { t.field("load", 3, "count", count); }).find("no send step 3"),
            std::string::npos);
  const std::string e = error_of([&] { t.field("load", 0, "cuont", count); });
  EXPECT_NE(e.find("Workload has no field `cuont`"), std::string::npos) << e;
}

TEST(ScenarioTemplate, AFaultHorizonLongerThanItsPhaseIsRefused) {
  ScenarioTemplate t(kv_base());
  FaultBounds b;
  b.horizon = 5s;
  EXPECT_NE(error_of([&] { t.faults("load", b); }).find("horizon"), std::string::npos);
}

TEST(ScenarioTemplate, AFixedSeedRunsWithTheBasesOwnSeed) {
  scenario::Scenario base = kv_base();
  base.seed = 99;
  ScenarioTemplate t(base);
  t.fixed_seed();
  const ScenarioCase c = t.cases()(rc::Random(1), 50).value();
  EXPECT_EQ(c.tape.seed, 99u);
  EXPECT_EQ(c.tape.calm_from, ChoiceTape::unbounded);
}

const ScenarioTemplate& world() {
  static const ScenarioTemplate t = [] {
    ScenarioTemplate w(kv_base());
    NetworkBounds n;
    n.profiles = {sim::NetworkProfile::udp, sim::NetworkProfile::tcp};
    n.max_corrupt = 0.05;
    FaultBounds f;
    f.kinds = all_fault_kinds();
    w.network(n)
        .faults("load", f)
        .step_times("load", 300ms)
        .field("load", 0, "count", gen::value_of(rc::gen::inRange(1, 30)));
    return w;
  }();
  return t;
}

RC_GTEST_PROP(ScenarioTemplate, EveryCaseStaysInsideItsPhases, ()) {
  const ScenarioCase c = *world().cases();
  for (const scenario::Phase& phase : c.scenario.phases) {
    for (const scenario::Step& step : phase.steps) RC_ASSERT(step.at <= phase.duration);
  }
}

RC_GTEST_PROP(ScenarioTemplate, ACaseWrittenAsYamlWithItsTapeIsTheSameRun, ()) {
  const ScenarioCase c = *world().cases();
  scenario::RunOptions options;
  c.tape.apply_to(options);
  const scenario::RunResult first = scenario::run_scenario(c.scenario, options);
  scenario::Scenario written = c.scenario;
  written.tape = sim::tape_to_text(first.tape.empty() ? std::vector<std::uint64_t>{0} : first.tape);
  const scenario::Scenario read = scenario::parse_scenario(scenario::to_yaml(written), "case.yaml");
  const scenario::RunResult again = scenario::run_scenario(read);
  RC_ASSERT(again.trace_hash == first.trace_hash);
  RC_ASSERT(again.passed == first.passed);
}

}  // namespace

namespace {

void no_dedupe_case() {
  static const ScenarioTemplate t = [] {
    scenario::Scenario base = kv_base();
    base.actors.at(0).type = "KvPrimaryNoDedupe";
    ScenarioTemplate w(base);
    NetworkBounds n;
    n.profiles = {sim::NetworkProfile::udp};
    n.max_duplicate = 0.2;
    w.network(n);
    return w;
  }();
  check_scenario(*t.cases());
}

TEST(PropertyWithoutScope, EveryFailingCaseIsWrittenSoTheFileEndsWithTheMinimalOne) {
  const std::filesystem::path dir =
      std::filesystem::path(testing::TempDir()) / "thespis-rc-gtest-prop";
  std::filesystem::remove_all(dir);
  ::setenv("THESPIS_COUNTEREXAMPLE_DIR", dir.c_str(), 1);
  rc::detail::TestMetadata metadata;
  metadata.id = "plain-rapidcheck";
  rc::detail::TestParams params;
  params.seed = 3;
  const auto result = rc::detail::checkTestable(&no_dedupe_case, metadata, params,
                                                properties::detail::quiet_listener(),
                                                decltype(rc::detail::configuration().reproduce){});
  ::unsetenv("THESPIS_COUNTEREXAMPLE_DIR");
  ASSERT_TRUE(result.is<rc::detail::FailureResult>());
  const std::string description = result.get<rc::detail::FailureResult>().description;
  const std::filesystem::path file = dir / "kv-property.counterexample.yaml";
  EXPECT_NE(description.find("written to " + file.string()), std::string::npos) << description;
  const scenario::RunResult again = scenario::run_scenario(scenario::load_scenario(file));
  EXPECT_FALSE(again.passed);
  EXPECT_EQ(again.violated.value_or(""), "always no_double_apply");
  // The file holds the case RapidCheck reports as minimal: the same network.
  std::string shown;
  for (const auto& [type, value] : result.get<rc::detail::FailureResult>().counterExample) {
    shown += value;
  }
  const std::string network = to_string(scenario::load_scenario(file).network);
  EXPECT_NE(shown.find("network: " + network), std::string::npos) << shown << "\n" << network;
  std::filesystem::remove_all(dir);
}

TEST(RunReport, AScenarioBuiltInCodeSaysHowToReplayItInsteadOfNamingNoFile) {
  scenario::Scenario s = kv_base();
  s.actors.at(0).type = "KvPrimaryNoDedupe";
  s.network.profile = sim::NetworkProfile::udp;
  s.network.defaults.duplicate = 0.5;
  s.file.clear();
  const scenario::RunResult r = scenario::run_scenario(s);
  ASSERT_FALSE(r.passed);
  const std::string report = r.report();
  EXPECT_EQ(report.find("thespis run  "), std::string::npos) << report;
  EXPECT_NE(report.find("scenario::to_yaml()"), std::string::npos) << report;
  EXPECT_NE(report.find("thespis run FILE --seed 1"), std::string::npos) << report;
}

}  // namespace
