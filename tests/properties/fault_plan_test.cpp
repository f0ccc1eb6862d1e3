// Fault plans as steps: what each fault applies and what undoes it, cuts that outlast a heal put
// back, and normalisation (order, spacing, horizon, faults on a node that is already down).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/error.hpp>
#include <thespis/properties/fault_plan.hpp>

namespace {

using namespace std::chrono_literals;
using namespace thespis::properties;

std::vector<std::string> lines(const std::vector<thespis::scenario::Step>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps) {
    const bool kill = std::holds_alternative<thespis::sim::fault::Kill>(s.fault);
    out.push_back(thespis::scenario::format_duration(s.at) + " " +
                  (kill ? "kill " + s.to : thespis::sim::to_string(s.fault)));
  }
  return out;
}

PlannedFault fault(FaultKind kind, std::chrono::nanoseconds at, std::chrono::nanoseconds duration,
                   std::vector<std::string> nodes) {
  PlannedFault f;
  f.kind = kind;
  f.at = at;
  f.duration = duration;
  f.nodes = std::move(nodes);
  return f;
}

FaultBounds three_nodes() {
  FaultBounds b;
  b.nodes = {"a", "b", "c"};
  b.actors = {"store"};
  b.kinds = all_fault_kinds();
  b.horizon = 1s;
  return b;
}

TEST(FaultPlanSteps, EachLastingFaultIsUndoneWhereItEnds) {
  FaultPlan plan;
  plan.faults.push_back(fault(FaultKind::pause, 10ms, 20ms, {"a"}));
  plan.faults.push_back(fault(FaultKind::crash, 40ms, 5ms, {"b"}));
  PlannedFault skew = fault(FaultKind::clock_skew, 50ms, 10ms, {"c"});
  skew.clock_offset = -300ms;
  skew.drift_ppm = 50;
  plan.faults.push_back(skew);
  PlannedFault kill = fault(FaultKind::kill, 70ms, 0ms, {});
  kill.actor = "store";
  plan.faults.push_back(kill);
  EXPECT_EQ(
      lines(to_steps(plan)),
      (std::vector<std::string>{"10ms pause a", "30ms resume a", "40ms crash b", "45ms restart b",
                                "50ms clock_skew c offset=-300000000ns drift=50ppm",
                                "60ms clock_skew c offset=0ns drift=0ppm", "70ms kill store"}));
}

TEST(FaultPlanSteps, ACutThatOutlastsAHealIsPutBackAtOnce) {
  FaultPlan plan;
  plan.faults.push_back(fault(FaultKind::partition, 0ms, 100ms, {"a"}));
  plan.faults.push_back(fault(FaultKind::one_way, 50ms, 150ms, {"b", "c"}));
  EXPECT_EQ(lines(to_steps(plan)),
            (std::vector<std::string>{"0ms partition [a]", "50ms one_way b -> c", "100ms heal",
                                      "100ms one_way b -> c", "200ms heal"}));
}

TEST(FaultPlanNormalise, SortsSpacesAndKeepsEverythingInsideTheHorizon) {
  FaultBounds b = three_nodes();
  b.min_spacing = 100ms;
  b.max_faults = 2;
  FaultPlan plan;
  plan.faults.push_back(fault(FaultKind::pause, 950ms, 200ms, {"a"}));
  plan.faults.push_back(fault(FaultKind::isolate, 0ms, 10ms, {"b"}));
  plan.faults.push_back(fault(FaultKind::isolate, 20ms, 10ms, {"c"}));
  const FaultPlan out = normalise(plan, b);
  ASSERT_EQ(out.faults.size(), 2u);
  EXPECT_EQ(out.faults[0].at, 0ms);
  EXPECT_EQ(out.faults[1].at, 100ms);  // pushed back by the spacing
  EXPECT_EQ(out.faults[1].nodes, std::vector<std::string>{"c"});
  // A third fault would be over max_faults; the late pause is dropped with it.
}

TEST(FaultPlanNormalise, ALastingFaultEndsByTheHorizon) {
  FaultPlan plan;
  plan.faults.push_back(fault(FaultKind::pause, 900ms, 500ms, {"a"}));
  const FaultPlan out = normalise(plan, three_nodes());
  ASSERT_EQ(out.faults.size(), 1u);
  EXPECT_EQ(out.faults[0].duration, 100ms);
}

TEST(FaultPlanNormalise, NoFaultHitsANodeThatIsDownOrAnActorAlreadyKilled) {
  FaultPlan plan;
  plan.faults.push_back(fault(FaultKind::crash, 0ms, 300ms, {"a"}));
  plan.faults.push_back(fault(FaultKind::pause, 100ms, 10ms, {"a"}));         // a is down
  plan.faults.push_back(fault(FaultKind::one_way, 150ms, 10ms, {"b", "a"}));  // a is down
  plan.faults.push_back(fault(FaultKind::crash, 400ms, 10ms, {"a"}));         // a is back
  PlannedFault kill = fault(FaultKind::kill, 500ms, 0ms, {});
  kill.actor = "store";
  plan.faults.push_back(kill);
  plan.faults.push_back(kill);
  plan.faults.back().at = 600ms;
  FaultBounds b = three_nodes();
  b.max_faults = 10;
  const FaultPlan out = normalise(plan, b);
  ASSERT_EQ(out.faults.size(), 3u) << to_string(out);
  EXPECT_EQ(out.faults[1].at, 400ms);
  EXPECT_EQ(out.faults[2].kind, FaultKind::kill);
}

TEST(FaultBoundsValidate, NamesWhatIsMissing) {
  FaultBounds b = three_nodes();
  b.actors.clear();
  EXPECT_THROW(validate(b), thespis::Error);
  b = three_nodes();
  b.nodes = {"a"};
  b.kinds = {FaultKind::partition};
  try {
    validate(b);
    FAIL() << "a partition of one node was accepted";
  } catch (const thespis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("partition"), std::string::npos) << e.what();
  }
  b = three_nodes();
  b.min_duration = 2s;
  b.max_duration = 1s;
  EXPECT_THROW(validate(b), thespis::Error);
  b = three_nodes();
  b.kinds.clear();
  EXPECT_THROW(validate(b), thespis::Error);
}

}  // namespace
