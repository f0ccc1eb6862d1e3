// Scenario templates: holes that name what is not there are refused with the name; every
// generated case is an ordinary scenario whose run, written as YAML with its tape and read back,
// is the same run (the same trace hash).
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <thespis/error.hpp>
#include <thespis/properties/gen.hpp>
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
