// The planted bugs of examples/lock (liveness lost after a crash) and examples/cache (a stale
// reply), end to end: every failing seed that exploration finds fails again under run and
// shrinks; each shrunk scenario still contains the bug — it fails with the same signature, never
// vacuously, and passes once the buggy actor type is swapped for the correct one — and the
// shrunk liveness failure keeps the crash of a client that causes it.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/scenario/explorer.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/scenario/shrink.hpp>

namespace thespis::scenario {
namespace {

std::string bundled(const std::string& name) {
  return std::string(THESPIS_BUNDLED_DIR) + "/" + name;
}

struct PlantedBug {
  const char* file;
  const char* buggy_type;
  const char* fixed_type;
  const char* violated;
  const char* culprit;  ///< FailureSignature::culprit of every failing seed
  const char* fault;    ///< FailureSignature::fault of every failing seed
};

void PrintTo(const PlantedBug& bug, std::ostream* out) { *out << bug.file; }

const PlantedBug lock_bug{"lock_crash_bug.yaml",
                          "LockServerNoExpiry",
                          "LockServer",
                          "eventually every AcquireLock answered_by LockGranted",
                          "deliver AcquireLock to LockServerNoExpiry from LockClient",
                          "crash (LockClient)"};
const PlantedBug cache_bug{"cache_stale_bug.yaml",
                           "StaleCacheFront",
                           "CacheFront",
                           "always reads_fresh",
                           "deliver CacheGetReply to CacheReader from StaleCacheFront",
                           ""};

/// The scenario with every actor of type `from` made a `to`.
Scenario with_type(Scenario s, const std::string& from, const std::string& to) {
  for (ActorSpec& actor : s.actors) {
    if (actor.type == from) actor.type = to;
  }
  return s;
}

/// Seeds in 1..count that fail under the random strategy, as `thespis explore` runs them.
std::vector<SeedOutcome> failing_seeds(const Scenario& s, std::uint64_t count) {
  const auto strategy = sim::random_strategy();
  std::vector<SeedOutcome> failing;
  for (std::uint64_t seed = 1; seed <= count; ++seed) {
    SeedOutcome outcome = run_seed(s, seed, *strategy);
    if (!outcome.passed) failing.push_back(std::move(outcome));
  }
  return failing;
}

/// Written durations are readable: phases in whole milliseconds, times and clock offsets in
/// whole microseconds at least, never 67625151ns.
void expect_readable_durations(const Scenario& s) {
  for (const Phase& phase : s.phases) {
    EXPECT_EQ(phase.duration.count() % 1'000'000, 0) << format_duration(phase.duration);
    for (const Step& step : phase.steps) {
      EXPECT_EQ(step.at.count() % 1'000, 0) << format_duration(step.at);
      if (const auto* skew = std::get_if<sim::fault::ClockSkew>(&step.fault)) {
        EXPECT_EQ(skew->offset.count() % 1'000, 0) << format_duration(skew->offset);
      }
    }
  }
}

class PlantedBugs : public ::testing::TestWithParam<PlantedBug> {};

TEST_P(PlantedBugs, EveryFailingSeedReproducesAndShrinksToTheSameBug) {
  const PlantedBug& bug = GetParam();
  const Scenario s = load_scenario(bundled(bug.file));
  const std::vector<SeedOutcome> failing = failing_seeds(s, 40);
  ASSERT_GE(failing.size(), 5u) << "exploration should find the planted bug";
  for (const SeedOutcome& found : failing) {
    SCOPED_TRACE("seed " + std::to_string(found.seed));
    EXPECT_EQ(found.violated, bug.violated);
    RunOptions options;
    options.seed = found.seed;
    const RunResult run = run_scenario(s, options);
    ASSERT_FALSE(run.passed);
    EXPECT_EQ(run.violated, found.violated);
    ASSERT_TRUE(run.signature);
    EXPECT_EQ(run.signature->culprit, bug.culprit);
    EXPECT_EQ(run.signature->fault, bug.fault);
    EXPECT_EQ(run.vacuous, "");

    ShrinkOptions shrinking;
    shrinking.seed = found.seed;
    const ShrinkResult shrunk = shrink(s, shrinking);
    EXPECT_EQ(shrunk.signature, *run.signature);
    EXPECT_LT(shrunk.after.events, shrunk.before.events);
    // The file as written, run on its own (no --seed): the same failure, not vacuous.
    const Scenario minimal = parse_scenario(to_yaml(shrunk.minimal), "min.yaml");
    const RunResult rerun = run_scenario(minimal);
    ASSERT_FALSE(rerun.passed) << to_yaml(minimal);
    EXPECT_EQ(rerun.signature, run.signature) << to_yaml(minimal);
    EXPECT_EQ(rerun.vacuous, "");
    // Still the bug: the correct type passes the very same shrunk world.
    const RunResult fixed = run_scenario(with_type(minimal, bug.buggy_type, bug.fixed_type));
    EXPECT_TRUE(fixed.passed) << to_yaml(minimal) << fixed.report();
    // Canonical: the seed the tape was made with, readable durations.
    EXPECT_EQ(minimal.seed, found.seed);
    if (!minimal.tape.empty()) {
      EXPECT_NE(minimal.tape.find("seed=" + std::to_string(found.seed)), std::string::npos);
    }
    expect_readable_durations(minimal);
  }
}

TEST_P(PlantedBugs, TheCorrectAppPassesEverySeed) {
  const PlantedBug& bug = GetParam();
  const Scenario fixed =
      with_type(load_scenario(bundled(bug.file)), bug.buggy_type, bug.fixed_type);
  EXPECT_TRUE(failing_seeds(fixed, 40).empty());
}

INSTANTIATE_TEST_SUITE_P(Examples, PlantedBugs, ::testing::Values(lock_bug, cache_bug));

TEST(PlantedBugs, TheShrunkLivenessFailureKeepsTheCrashOfAClient) {
  const Scenario s = load_scenario(bundled(lock_bug.file));
  for (const SeedOutcome& found : failing_seeds(s, 40)) {
    ShrinkOptions options;
    options.seed = found.seed;
    const Scenario minimal = shrink(s, options).minimal;
    // Which nodes the clients live on.
    std::vector<std::string> client_nodes;
    for (const ActorSpec& actor : minimal.actors) {
      if (actor.type == "LockClient") client_nodes.push_back(actor.node);
    }
    int client_crashes = 0;
    for (const Phase& phase : minimal.phases) {
      for (const Step& step : phase.steps) {
        const auto* crash = std::get_if<sim::fault::Crash>(&step.fault);
        if (step.kind != Step::Kind::fault || crash == nullptr) continue;
        client_crashes += std::count(client_nodes.begin(), client_nodes.end(), crash->node) > 0;
      }
    }
    EXPECT_EQ(client_crashes, 1) << "seed " << found.seed << "\n" << to_yaml(minimal);
    // Without that crash, the shrunk scenario passes: the crash is what causes the failure.
    Scenario no_crash = minimal;
    for (Phase& phase : no_crash.phases) {
      std::erase_if(phase.steps, [](const Step& step) { return step.kind == Step::Kind::fault; });
    }
    EXPECT_TRUE(run_scenario(no_crash).passed) << to_yaml(no_crash);
  }
}

TEST(PlantedBugs, ASecondShrinkChangesNothingAndSaysNothing) {
  const Scenario s = load_scenario(bundled(cache_bug.file));
  ShrinkOptions options;
  options.seed = failing_seeds(s, 40).front().seed;
  const ShrinkResult first = shrink(s, options);
  std::vector<std::string> lines;
  options.progress = [&](const std::string& line) { lines.push_back(line); };
  const ShrinkResult second = shrink(first.minimal, options);
  EXPECT_EQ(to_yaml(second.minimal), to_yaml(first.minimal));
  for (const std::string& line : lines) ADD_FAILURE() << "a step that changed nothing: " << line;
}

TEST(PlantedBugs, TheElectionBugShrinksWithoutChangingItsSignature) {
  // Compared with the expectation alone, these shrink to other faults: a skew of the keeper's
  // clock for one of a candidate's, a partition for an isolation.
  const Scenario s = load_scenario(bundled("election_random_faults_bug.yaml"));
  int checked = 0;
  for (const SeedOutcome& found : failing_seeds(s, 200)) {
    if (++checked > 12) break;
    RunOptions options;
    options.seed = found.seed;
    const RunResult run = run_scenario(s, options);
    ShrinkOptions shrinking;
    shrinking.seed = found.seed;
    const Scenario minimal = shrink(s, shrinking).minimal;
    const RunResult rerun = run_scenario(minimal);
    EXPECT_EQ(rerun.signature, run.signature) << "seed " << found.seed << "\n"
                                              << run.story << "\n"
                                              << rerun.story;
    expect_readable_durations(minimal);
  }
}

}  // namespace
}  // namespace thespis::scenario
