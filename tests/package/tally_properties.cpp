// The property bridge as a user's project meets it (installed thespis, its own app): a property
// over the tally scenario with generated pauses, clock skews and step times passes; one whose
// first amount is drawn fails, and its counterexample, written as YAML, fails again when loaded
// back. main() is thespis::properties_main, so `tally_properties run FILE` replays it.
#include <string>

#include <gtest/gtest.h>

#include <thespis/properties/gen.hpp>
#include <thespis/properties/gtest.hpp>
#include <thespis/properties/scenario_template.hpp>

namespace {

using namespace std::chrono_literals;
using namespace thespis::properties;

ScenarioTemplate tally_world() {
  ScenarioTemplate world = ScenarioTemplate::load(TALLY_SCENARIO);
  FaultBounds faults;
  faults.kinds = {FaultKind::pause, FaultKind::clock_skew};
  faults.max_duration = 5ms;
  world.faults("", faults).step_times("", 3ms);
  return world;
}

void tally_reaches_ten() {
  static const ScenarioTemplate world = tally_world();
  check_scenario(*world.cases());
}

void tally_with_any_first_amount_reaches_ten() {
  static const ScenarioTemplate world = [] {
    ScenarioTemplate w = tally_world();
    w.field("", 0, "amount", gen::value_of(rc::gen::inRange(0, 10)));
    return w;
  }();
  check_scenario(*world.cases());
}

}  // namespace

THESPIS_PROPERTY(Tally, ReachesTenWhateverThePausesAndSkews, ()) { tally_reaches_ten(); }

TEST(Tally, AWrongFirstAmountIsFoundAndItsCounterexampleReplays) {
  PropertyParams params;
  params.seed = 1;
  params.counterexample_dir = COUNTEREXAMPLE_DIR;
  const PropertyOutcome outcome =
      check_property("Tally/any-first-amount", tally_with_any_first_amount_reaches_ten, params);
  ASSERT_FALSE(outcome.passed);
  ASSERT_TRUE(outcome.counterexample.has_value()) << outcome.message;
  EXPECT_EQ(outcome.counterexample->expectation, "eventually total_is_ten");
  EXPECT_EQ(outcome.counterexample->faults, 0u) << outcome.message;
  EXPECT_TRUE(outcome.reproduced) << outcome.message;
  std::printf("%s\n", outcome.command.c_str());
}
