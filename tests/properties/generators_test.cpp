// The generators: every value within its bounds, and shrinking all the way down reaches the calm
// world (no fault or the mildest, shortest one; the first profile, zero rates, minimum latency).
#include <algorithm>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <thespis/properties/gen.hpp>

namespace {

using namespace std::chrono_literals;
using namespace thespis;
using namespace thespis::properties;

FaultBounds bounds() {
  FaultBounds b;
  b.nodes = {"a", "b", "c", "d"};
  b.actors = {"store", "client"};
  b.kinds = all_fault_kinds();
  b.horizon = 2s;
  b.max_faults = 4;
  b.min_spacing = 10ms;
  b.min_duration = 5ms;
  b.max_duration = 300ms;
  b.max_clock_offset = 200ms;
  b.max_drift_ppm = 500;
  return b;
}

RC_GTEST_PROP(FaultPlanGenerator, StaysWithinItsBounds, ()) {
  const FaultBounds b = bounds();
  const FaultPlan plan = *gen::fault_plan(b);
  RC_ASSERT(plan.faults.size() <= b.max_faults);
  const std::set<std::string> nodes(b.nodes.begin(), b.nodes.end());
  for (std::size_t i = 0; i < plan.faults.size(); ++i) {
    const PlannedFault& f = plan.faults[i];
    RC_ASSERT(f.at >= 0ns);
    RC_ASSERT(f.at + f.duration <= b.horizon);
    if (i > 0) RC_ASSERT(f.at >= plan.faults[i - 1].at + b.min_spacing);
    for (const auto& n : f.nodes) RC_ASSERT(nodes.count(n) == 1u);
    if (f.kind == FaultKind::kill) {
      RC_ASSERT(std::count(b.actors.begin(), b.actors.end(), f.actor) == 1);
    } else {
      RC_ASSERT(f.duration <= b.max_duration);
    }
    if (f.kind == FaultKind::partition) {
      RC_ASSERT(!f.nodes.empty());
      RC_ASSERT(f.nodes.size() < b.nodes.size());
    }
    if (f.kind == FaultKind::one_way) RC_ASSERT(f.nodes.at(0) != f.nodes.at(1));
    RC_ASSERT(std::chrono::abs(f.clock_offset) <= b.max_clock_offset);
    RC_ASSERT(std::abs(f.drift_ppm) <= b.max_drift_ppm);
  }
}

TEST(FaultPlanGenerator, ShrinksToOneMildShortFaultAtTheStart) {
  int checked = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const auto plan = gen::fault_plan(bounds())(rc::Random(seed), 80);
    if (plan.value().faults.empty()) continue;
    const FaultPlan minimal = rc::shrinkable::findLocalMin(plan, [](const FaultPlan& p) {
                                return !p.faults.empty();
                              }).first;
    ASSERT_EQ(minimal.faults.size(), 1u) << to_string(minimal);
    const PlannedFault& f = minimal.faults[0];
    EXPECT_EQ(f.kind, FaultKind::pause) << to_string(minimal);
    EXPECT_EQ(f.at, 0ns);
    EXPECT_EQ(f.duration, 5ms);
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

TEST(FaultPlanGenerator, ShrinksASkewTowardAnOnTimeClock) {
  FaultBounds b = bounds();
  b.kinds = {FaultKind::clock_skew};
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const auto plan = gen::fault_plan(b)(rc::Random(seed), 100);
    const auto minimal = rc::shrinkable::findLocalMin(plan, [](const FaultPlan& p) {
                           return !p.faults.empty();
                         }).first;
    if (minimal.faults.empty()) continue;
    EXPECT_EQ(minimal.faults[0].clock_offset, 0ns);
    EXPECT_EQ(minimal.faults[0].drift_ppm, 0);
  }
}

TEST(FaultPlanGenerator, SizeZeroDrawsNoFault) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    EXPECT_TRUE(gen::fault_plan(bounds())(rc::Random(seed), 0).value().faults.empty());
  }
}

NetworkBounds network_bounds() {
  NetworkBounds b;
  b.profiles = {sim::NetworkProfile::tcp, sim::NetworkProfile::udp};
  b.min_latency = 1ms;
  b.max_latency = 30ms;
  b.max_drop = 0.2;
  b.max_duplicate = 0.15;
  b.max_reorder = 0.1;
  b.max_corrupt = 0.05;
  return b;
}

RC_GTEST_PROP(NetworkGenerator, StaysWithinItsBoundsAndKeepsTheTemplatesLinks, ()) {
  scenario::NetworkSpec base;
  base.links.push_back({"a", "b", {}, {}});
  base.datagram_limit = 1000;
  const auto n = *gen::network(network_bounds(), base);
  const auto& d = n.defaults;
  RC_ASSERT(d.latency.min == 1ms);
  RC_ASSERT(d.latency.max <= 30ms);
  RC_ASSERT(d.drop >= 0.0 && d.drop <= 0.2);
  RC_ASSERT(d.corrupt <= 0.05);
  if (n.profile == sim::NetworkProfile::tcp) RC_ASSERT(d.duplicate == 0.0 && d.reorder == 0.0);
  RC_ASSERT(d.duplicate <= 0.15 && d.reorder <= 0.1);
  RC_ASSERT(n.links.size() == 1u);
  RC_ASSERT(n.datagram_limit == 1000u);
}

TEST(NetworkGenerator, ShrinksToTheFirstProfileWithNoLossAtTheMinimumLatency) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const auto network = gen::network(network_bounds())(rc::Random(seed), 100);
    const auto minimal = rc::shrinkable::findLocalMin(network, [](const scenario::NetworkSpec&) {
                           return true;
                         }).first;
    EXPECT_EQ(minimal.profile, sim::NetworkProfile::tcp);
    EXPECT_EQ(minimal.defaults.latency.shape, sim::Latency::Shape::fixed);
    EXPECT_EQ(minimal.defaults.latency.min, 1ms);
    EXPECT_EQ(minimal.defaults.drop, 0.0);
    EXPECT_EQ(minimal.defaults.corrupt, 0.0);
  }
}

TEST(ChoiceTapeGenerator, SizeZeroIsTheCalmTapeAndLargerSizesDrawSeeds) {
  EXPECT_TRUE(gen::choice_tape()(rc::Random(1), 0).value().all_calm());
  std::set<std::uint64_t> seeds;
  for (std::uint64_t s = 1; s <= 10; ++s) {
    const ChoiceTape t = gen::choice_tape()(rc::Random(s), 50).value();
    EXPECT_EQ(t.calm_from, ChoiceTape::unbounded);
    seeds.insert(t.seed);
  }
  EXPECT_EQ(seeds.size(), 10u);
}

TEST(ChoiceTapeGenerator, ShrinksToTheCalmTape) {
  const auto tape = gen::choice_tape()(rc::Random(3), 50);
  EXPECT_TRUE(
      rc::shrinkable::findLocalMin(tape, [](const ChoiceTape&) { return true; }).first.all_calm());
}

}  // namespace
