// The fault commands of stateful properties: what each may draw from a model (preconditions),
// what it does to the model, and that the world they run on agrees with the model at every step
// of generated sequences. And SimWorld itself: asks that time out, restarts that bring the
// node's actors back under their names.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include <thespis/properties/property.hpp>
#include <thespis/properties/stateful.hpp>
#include <thespis/thespis.hpp>

namespace stateful_test {

using namespace std::chrono_literals;
using thespis::ActorAddress;

/// Answers an integer n with n, n milliseconds later (its node's clock).
class StatefulEcho : public thespis::Actor {
 public:
  StatefulEcho() {
    on<std::int64_t>([this](const std::int64_t& n, const ActorAddress& from) {
      askers_[n] = from;
      wakeup_after(std::chrono::milliseconds(n), n);
    });
    on<thespis::WakeupMessage>([this](const thespis::WakeupMessage& w) {
      send(askers_[w.payload.get<std::int64_t>()], w.payload);
    });
  }

 private:
  std::map<std::int64_t, ActorAddress> askers_;  // by the number asked
};
THESPIS_ACTOR(StatefulEcho)

}  // namespace stateful_test

namespace {

using namespace std::chrono_literals;
using namespace thespis::properties;
using thespis::ActorAddress;
namespace fault = thespis::sim::fault;

struct Model : FaultModel {};
struct Sut {
  SimWorld world;
};
using Command = rc::state::Command<Model, Sut>;
using PartitionCmd = Partition<Model, Sut>;
using HealCmd = Heal<Model, Sut>;
using CrashCmd = Crash<Model, Sut>;
using RestartCmd = Restart<Model, Sut>;
using PauseCmd = Pause<Model, Sut>;
using ResumeCmd = Resume<Model, Sut>;
using ClockSkewCmd = ClockSkew<Model, Sut>;

Model four_nodes() {
  Model m;
  m.nodes = {"client", "a", "b", "c"};
  m.spare = {"client"};
  m.no_crash = {"a"};
  m.bounds.max_clock_offset = 50ms;
  m.bounds.max_drift_ppm = 100;
  return m;
}

SimWorldOptions four_node_world(std::uint64_t seed = 1) {
  SimWorldOptions o;
  for (const char* node : {"client", "a", "b", "c"}) {
    thespis::sim::NodeOptions n;
    n.name = node;
    o.nodes.push_back(n);
  }
  o.network.defaults.latency = thespis::sim::Latency::uniform_in(1ms, 3ms);
  o.tape.seed = seed;
  return o;
}

/// The command of type Cmd drawn from `m` with `seed`, or nothing when it discarded itself.
template <class Cmd>
std::shared_ptr<const Command> draw(const Model& m, std::uint64_t seed) {
  try {
    return rc::state::gen::execOneOfWithArgs<Cmd>()(m)(rc::Random(seed), 50).value();
  } catch (const rc::detail::CaseResult& result) {
    if (result.type != rc::detail::CaseResult::Type::Discard) throw;
    return nullptr;
  }
}

template <class Cmd>
const thespis::sim::Fault& fault_of(const std::shared_ptr<const Command>& command) {
  return dynamic_cast<const Cmd&>(*command).fault();
}

TEST(FaultModel, APartitionReplacesEveryCutAndHealClearsThem) {
  Model m = four_nodes();
  m.apply(fault::Isolate{"b"});
  m.apply(fault::OneWay{"a", "c"});
  EXPECT_TRUE(m.cut());
  m.apply(fault::Partition{{{"a"}}});
  EXPECT_TRUE(m.isolated.empty());
  EXPECT_TRUE(m.one_way.empty());
  ASSERT_EQ(m.partition.size(), 1u);
  m.apply(fault::Heal{});
  EXPECT_FALSE(m.cut());
  EXPECT_TRUE(m.calm());
}

TEST(FaultModel, ACrashEndsAPauseAndOnlyUpNodesPause) {
  Model m = four_nodes();
  m.apply(fault::Pause{"b"});
  m.apply(fault::Crash{"b"});
  EXPECT_FALSE(m.up("b"));
  EXPECT_TRUE(m.paused.empty());
  m.apply(fault::Pause{"b"});  // the kernel ignores a pause of a node that is down
  EXPECT_TRUE(m.paused.empty());
  m.apply(fault::Restart{"b"});
  EXPECT_TRUE(m.calm());
}

TEST(FaultModel, SpareAndNoCrashNodesAreProtected) {
  const Model m = four_nodes();
  EXPECT_EQ(m.crashable(), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(m.pausable(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(FaultModel, AClockSetRightIsNoLongerSkewed) {
  Model m = four_nodes();
  m.apply(fault::ClockSkew{"a", 20ms, 5});
  EXPECT_EQ(m.skewed.at("a"), (ClockState{20ms, 5}));
  m.apply(fault::ClockSkew{"a", 0ms, 0});
  EXPECT_TRUE(m.calm());
}

TEST(FaultCommands, RestartResumeAndHealNeedSomethingToUndo) {
  const Model calm = four_nodes();
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    EXPECT_EQ(draw<RestartCmd>(calm, seed), nullptr);
    EXPECT_EQ(draw<ResumeCmd>(calm, seed), nullptr);
    EXPECT_EQ(draw<HealCmd>(calm, seed), nullptr);
  }
  Model faulty = calm;
  faulty.apply(fault::Crash{"c"});
  faulty.apply(fault::Pause{"b"});
  faulty.apply(fault::Isolate{"a"});
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto restart = draw<RestartCmd>(faulty, seed);
    ASSERT_NE(restart, nullptr);
    EXPECT_EQ(std::get<fault::Restart>(fault_of<RestartCmd>(restart)).node, "c");
    const auto resume = draw<ResumeCmd>(faulty, seed);
    ASSERT_NE(resume, nullptr);
    EXPECT_EQ(std::get<fault::Resume>(fault_of<ResumeCmd>(resume)).node, "b");
    EXPECT_NE(draw<HealCmd>(faulty, seed), nullptr);
  }
}

TEST(FaultCommands, CrashAndPauseNeverHitProtectedNodes) {
  const Model m = four_nodes();
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const auto crash = draw<CrashCmd>(m, seed);
    ASSERT_NE(crash, nullptr);
    const std::string crashed = std::get<fault::Crash>(fault_of<CrashCmd>(crash)).node;
    EXPECT_TRUE(crashed == "b" || crashed == "c") << crashed;
    const auto pause = draw<PauseCmd>(m, seed);
    ASSERT_NE(pause, nullptr);
    EXPECT_NE(std::get<fault::Pause>(fault_of<PauseCmd>(pause)).node, "client");
  }
  Model all_down = m;
  all_down.apply(fault::Crash{"b"});
  all_down.apply(fault::Crash{"c"});
  EXPECT_EQ(draw<CrashCmd>(all_down, 1), nullptr);
}

TEST(FaultCommands, APartitionGroupIsANonEmptyProperSubset) {
  const Model m = four_nodes();
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    const auto command = draw<PartitionCmd>(m, seed);
    ASSERT_NE(command, nullptr);
    const auto& groups = std::get<fault::Partition>(fault_of<PartitionCmd>(command)).groups;
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_FALSE(groups[0].empty());
    EXPECT_LT(groups[0].size(), m.nodes.size());
    EXPECT_TRUE(rc::state::isValidCommand(*command, m));
  }
}

TEST(FaultCommands, AClockSkewStaysWithinTheModelsBounds) {
  const Model m = four_nodes();
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    const auto command = draw<ClockSkewCmd>(m, seed);
    ASSERT_NE(command, nullptr);
    const auto& skew = std::get<fault::ClockSkew>(fault_of<ClockSkewCmd>(command));
    EXPECT_LE(std::chrono::abs(skew.offset), 50ms);
    EXPECT_LE(std::abs(skew.drift_ppm), 100);
  }
}

TEST(FaultCommands, ADrawnFaultIsInvalidOnceTheModelNoLongerAllowsIt) {
  // Shrinking removes commands, so a restart may come to follow no crash: it must be dropped.
  Model crashed = four_nodes();
  crashed.apply(fault::Crash{"b"});
  const auto restart = draw<RestartCmd>(crashed, 3);
  ASSERT_NE(restart, nullptr);
  EXPECT_TRUE(rc::state::isValidCommand(*restart, crashed));
  EXPECT_FALSE(rc::state::isValidCommand(*restart, four_nodes()));
}

/// The world agrees with the model after every command: the faults in force, which nodes are
/// up, and the actors of a restarted node are back.
class Observe : public Command {
 public:
  void run(const Model& m, Sut& sut) const override {
    const FaultModel& world = sut.world.faults();
    RC_ASSERT(world.partition == m.partition);
    RC_ASSERT(world.isolated == m.isolated);
    RC_ASSERT(world.one_way == m.one_way);
    RC_ASSERT(world.crashed == m.crashed);
    RC_ASSERT(world.paused == m.paused);
    RC_ASSERT(world.skewed == m.skewed);
    for (const std::string& node : m.nodes) {
      RC_ASSERT(sut.world.simulation().node_up(node) == m.up(node));
    }
    const auto echoes = sut.world.simulation().actors<stateful_test::StatefulEcho>();
    RC_ASSERT(echoes.size() == m.nodes.size() - m.crashed.size());
  }
  void show(std::ostream& os) const override { os << "observe"; }
};

void world_follows_the_model() {
  Sut sut{SimWorld(four_node_world(*rc::gen::arbitrary<std::uint64_t>()))};
  for (const std::string& node : four_nodes().nodes) {
    sut.world.create("echo-" + node, "StatefulEcho", node);
  }
  const auto faults = all_fault_commands<Model, Sut>();
  const auto commands = [&](const Model& m) {
    return rc::gen::oneOf(faults(m), rc::state::gen::execOneOfWithArgs<Observe>()(m));
  };
  const Model end = check_commands(four_nodes(), sut, commands);
  RC_ASSERT(sut.world.faults().crashed == end.crashed);
  sut.world.calm();
  RC_ASSERT(sut.world.faults().calm());
  // After calm, every echo answers its client again.
  for (const std::string& node : end.nodes) {
    const auto answer = sut.world.ask("client", "echo-" + node, std::int64_t{5}, 1s);
    RC_ASSERT(answer.has_value());
    RC_ASSERT(answer->get<std::int64_t>() == 5);
  }
}

TEST(FaultCommands, GeneratedSequencesKeepTheWorldAndTheModelInStep) {
  const auto outcome = check_property("Stateful/world-follows-model", world_follows_the_model,
                                      {.seed = 11, .max_success = 60, .counterexample_dir = {}});
  EXPECT_TRUE(outcome.passed) << outcome.message;
  EXPECT_EQ(outcome.cases, 60);
}

TEST(SimWorld, ALateAnswerIsNotTakenForTheNextAsk) {
  SimWorld world(four_node_world());
  world.create("echo", "StatefulEcho", "b");
  // 50ms to answer, 20ms to wait: the answer arrives during the next ask.
  EXPECT_FALSE(world.ask("client", "echo", std::int64_t{50}, 20ms).has_value());
  const auto answer = world.ask("client", "echo", std::int64_t{40}, 200ms);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->get<std::int64_t>(), 40);
}

TEST(SimWorld, APausedNodeAnswersWhenItResumes) {
  SimWorld world(four_node_world());
  world.create("echo", "StatefulEcho", "b");
  world.inject(fault::Pause{"b"});
  EXPECT_FALSE(world.ask("client", "echo", std::int64_t{1}, 500ms).has_value());
  EXPECT_EQ(world.faults().paused.count("b"), 1u);
  world.calm();
  EXPECT_TRUE(world.faults().calm());
  EXPECT_TRUE(world.ask("client", "echo", std::int64_t{1}, 500ms).has_value());
}

TEST(SimWorld, ARestartBringsTheNodesActorsBackUnderTheirNames) {
  SimWorld world(four_node_world());
  const ActorAddress first = world.create("echo", "StatefulEcho", "c");
  std::vector<std::string> restarted;
  world.on_restart([&](SimWorld& w, const std::string& node) {
    restarted.push_back(node);
    EXPECT_NE(w.address("echo"), first);  // already created again when the hook runs
  });
  world.inject(fault::Crash{"c"});
  EXPECT_FALSE(world.ask("client", "echo", std::int64_t{1}, 100ms).has_value());
  world.inject(fault::Restart{"c"});
  EXPECT_EQ(restarted, std::vector<std::string>{"c"});
  EXPECT_NE(world.address("echo"), first);
  EXPECT_EQ(world.node_of("echo"), "c");
  const auto answer = world.ask("client", "echo", std::int64_t{1}, 100ms);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->get<std::int64_t>(), 1);
}

TEST(SimWorld, APlanRunsItsFaultsAtTheirTimes) {
  SimWorld world(four_node_world());
  world.create("echo", "StatefulEcho", "b");
  FaultPlan plan;
  PlannedFault pause;
  pause.kind = FaultKind::pause;
  pause.at = 10ms;
  pause.duration = 100ms;
  pause.nodes = {"b"};
  plan.faults.push_back(pause);
  world.run(plan, 50ms);  // stops inside the pause
  EXPECT_EQ(world.now(), 50ms);
  EXPECT_EQ(world.faults().paused.count("b"), 1u);
  world.run({}, 100ms);
  EXPECT_EQ(world.faults().paused.count("b"), 1u);  // the resume was past the first run's end
  world.calm();
  EXPECT_TRUE(world.faults().calm());
}

}  // namespace
