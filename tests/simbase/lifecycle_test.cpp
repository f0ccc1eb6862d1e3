// Semantics 4, 6, 7, 8, 9 and 11: creation, exit, dead letters, wakeups, global names,
// capabilities.
#include <gtest/gtest.h>

#include "support/protocol_fixture.hpp"
#include "support/sim_support.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::Message;
using thespis::testing::ask_for;
using thespis::testing::ProtocolTrace;
using thespis::testing::settle;
using thespis::testing::sim_options;

namespace lifecycle_test {

class ThrowsInConstructor : public thespis::Actor {
 public:
  ThrowsInConstructor() { throw std::runtime_error("cannot start"); }
};
THESPIS_ACTOR(ThrowsInConstructor)

/// Registers for dead letters; the DeadEnvelopes it is given, the trace shows.
class DeadLetterBox : public thespis::Actor {
 public:
  DeadLetterBox() { handle_dead_letters(); }
};
THESPIS_ACTOR(DeadLetterBox)

/// Creates a child of the type named by a string message, sends it three messages at once,
/// and answers with the child's address.
class Parent : public thespis::Actor {
 public:
  Parent() {
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      const ActorAddress child = create_actor(text);
      for (int i = 1; i <= 3; ++i) send(child, "queued " + std::to_string(i));
      send(from, child);
    });
  }
};
THESPIS_ACTOR(Parent)

class Idle : public thespis::Actor {};
THESPIS_ACTOR(Idle)

/// A member of a family: on an int n > 0 it creates a child and passes n-1 down; on
/// ActorExitRequest it reports its level to the recorder.
struct Join {
  ActorAddress recorder;
  std::int64_t levels = 0;
  std::int64_t level = 0;
};
THESPIS_MESSAGE(Join, recorder, levels, level)

class FamilyMember : public thespis::Actor {
 public:
  FamilyMember() {
    on<Join>([this](const Join& j) {
      recorder_ = j.recorder;
      level_ = j.level;
      if (j.level < j.levels)
        send(create_actor<FamilyMember>(), Join{j.recorder, j.levels, j.level + 1});
    });
    on<thespis::ActorExitRequest>([this](const thespis::ActorExitRequest&) {
      send(recorder_, "exit level " + std::to_string(level_));
    });
  }

 private:
  ActorAddress recorder_;
  std::int64_t level_ = 0;
};
THESPIS_ACTOR(FamilyMember)

/// Sets wakeups from a list of payload, delay in ms, payload, delay...; the wakeups it gets,
/// the trace shows.
class Sleeper : public thespis::Actor {
 public:
  Sleeper() {
    on<std::vector<std::string>>([this](const std::vector<std::string>& plan) {
      for (std::size_t i = 0; i + 1 < plan.size(); i += 2) {
        wakeup_after(std::chrono::milliseconds(std::stoi(plan[i + 1])), plan[i]);
      }
    });
  }
};
THESPIS_ACTOR(Sleeper)

thespis::ChildActorExited exited(const ActorAddress& child) { return {child}; }
thespis::DeadEnvelope dead(const ActorAddress& intended, Message message) {
  return {intended, std::move(message)};
}
thespis::WakeupMessage wakeup(std::chrono::milliseconds delay, const char* payload) {
  return {delay, Message(payload)};
}

class NeedsGpu : public thespis::Actor {};
THESPIS_ACTOR(NeedsGpu, thespis::requires_capability("Gpu"))

}  // namespace lifecycle_test

using namespace lifecycle_test;

TEST(Creation, ChildWhoseConstructorThrowsIsReportedToItsParentAndQueuedMessagesBecomeDeadLetters) {
  ProtocolTrace trace;
  const ActorAddress box = trace.system().create_actor<DeadLetterBox>();
  const ActorAddress parent = trace.system().create_actor<Parent>();
  trace.inject("ThrowsInConstructor").to(parent);
  const ActorAddress child = trace.delivered<ActorAddress>(parent, trace.system().address()).at(0);
  trace.expect<thespis::ChildActorExited>().with(exited(child)).from(child).to(parent);
  trace.disallow<thespis::ChildActorExited>().to(parent);
  trace.rewind();  // the box's mailbox is served independently of the parent's
  for (const char* queued : {"queued 1", "queued 2", "queued 3"}) {
    trace.expect<thespis::DeadEnvelope>().with(dead(child, queued)).to(box);
  }
  trace.disallow<thespis::DeadEnvelope>().to(box);
}

TEST(Creation, FromTheActorSystemAThrowingConstructorThrows) {
  thespis::ActorSystem system("sim", sim_options());
  try {
    system.create_actor<ThrowsInConstructor>();
    FAIL();
  } catch (const thespis::ActorCreationError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot start"), std::string::npos) << e.what();
  }
}

TEST(Creation, UnknownActorTypeNamesItself) {
  thespis::ActorSystem system("sim", sim_options());
  try {
    system.create_actor("Unicorn");
    FAIL();
  } catch (const thespis::UnknownTypeError& e) {
    EXPECT_EQ(e.type_name(), "Unicorn");
  }
}

TEST(Creation, MessagesSentBeforeTheActorStartsAreDeliveredAfterInOrder) {
  ProtocolTrace trace(9);
  const ActorAddress parent = trace.system().create_actor<Parent>();
  trace.inject("Idle").to(parent);
  const ActorAddress child = trace.delivered<ActorAddress>(parent, trace.system().address()).at(0);
  for (const char* queued : {"queued 1", "queued 2", "queued 3"}) {
    trace.expect<std::string>().with(queued).from(parent).to(child);
  }
  trace.expect_nothing_more();
}

TEST(Exit, ParentReceivesChildActorExitedExactlyOnce) {
  ProtocolTrace trace;
  thespis::ActorSystem& system = trace.system();
  const ActorAddress box = system.create_actor<DeadLetterBox>();
  const ActorAddress parent = system.create_actor<Parent>();
  const auto child = ask_for<ActorAddress>(system, parent, "Idle");
  system.tell(child, thespis::ActorExitRequest{});
  system.tell(child, thespis::ActorExitRequest{});  // to a dead actor: a dead letter
  system.tell(child, "late");
  trace.sim().run_until_quiescent();
  // The three "queued" messages came before the exit request and were handled (Idle ignores
  // them); the late ones are dead letters.
  for (const char* queued : {"queued 1", "queued 2", "queued 3"}) {
    trace.expect<std::string>().with(queued).to(child);
  }
  trace.expect<thespis::ActorExitRequest>().to(child);
  trace.expect<thespis::ChildActorExited>().with(exited(child)).from(child).to(parent);
  trace.disallow<thespis::ChildActorExited>().to(parent);
  trace.rewind();  // the box's mailbox is served independently of the parent's
  trace.expect<thespis::DeadEnvelope>().with(dead(child, thespis::ActorExitRequest{})).to(box);
  trace.expect<thespis::DeadEnvelope>().with(dead(child, "late")).to(box);
  trace.disallow<thespis::DeadEnvelope>().to(box);
}

/// The exit reports of a family reach the recorder in exactly this order.
void expect_exit_reports(ProtocolTrace& trace, const ActorAddress& recorder,
                         std::initializer_list<int> levels) {
  for (const int level : levels) {
    trace.expect<std::string>().with("exit level " + std::to_string(level)).to(recorder);
  }
  trace.disallow<std::string>().to(recorder);
}

TEST(Exit, RecursiveExitStopsAFourLevelFamilyBottomUp) {
  ProtocolTrace trace(5);
  const ActorAddress recorder = trace.system().create_actor<Idle>();
  const ActorAddress top = trace.system().create_actor<FamilyMember>();
  trace.inject(Join{recorder, 4, 1}).to(top);  // let the family grow
  trace.inject(thespis::ActorExitRequest{true}).to(top);
  expect_exit_reports(trace, recorder, {4, 3, 2, 1});
  EXPECT_EQ(trace.sim().live_actors(), 1u) << "only the recorder is left";
}

TEST(Exit, NonRecursiveExitAsksTheChildrenToExitAfterwards) {
  ProtocolTrace trace(5);
  const ActorAddress recorder = trace.system().create_actor<Idle>();
  const ActorAddress top = trace.system().create_actor<FamilyMember>();
  trace.inject(Join{recorder, 3, 1}).to(top);
  trace.inject(thespis::ActorExitRequest{false}).to(top);
  expect_exit_reports(trace, recorder, {1, 2, 3});
  EXPECT_EQ(trace.sim().live_actors(), 1u);
}

TEST(DeadLetters, NewestHandlerWinsAndTheOlderOneTakesOverWhenItExits) {
  ProtocolTrace trace;
  thespis::ActorSystem& system = trace.system();
  const ActorAddress older = system.create_actor<DeadLetterBox>();
  const ActorAddress newer = system.create_actor<DeadLetterBox>();
  const ActorAddress gone = system.create_actor<Idle>();
  system.tell(gone, thespis::ActorExitRequest{});
  trace.inject("first").to(gone);
  trace.inject(thespis::ActorExitRequest{}).to(newer);
  trace.inject("second").to(gone);
  trace.expect<thespis::DeadEnvelope>().with(dead(gone, "first")).to(newer);
  trace.disallow<thespis::DeadEnvelope>().to(newer);
  trace.rewind();
  trace.expect<thespis::DeadEnvelope>().with(dead(gone, "second")).to(older);
  trace.disallow<thespis::DeadEnvelope>().to(older);
}

TEST(DeadLetters, WithoutAHandlerTheyAreDroppedAndCounted) {
  thespis::ActorSystem system("sim", sim_options());
  auto sim = thespis::sim::Simulation::of(system);
  const ActorAddress gone = system.create_actor<Idle>();
  system.tell(gone, thespis::ActorExitRequest{});
  system.tell(gone, "lost");
  settle(system);
  EXPECT_EQ(sim.dropped(), 1u);
}

TEST(DeadLetters, ChildActorExitedIsNeverDeadLettered) {
  ProtocolTrace trace;
  thespis::ActorSystem& system = trace.system();
  const ActorAddress box = system.create_actor<DeadLetterBox>();
  const ActorAddress parent = system.create_actor<Parent>();
  const auto child = ask_for<ActorAddress>(system, parent, "Idle");
  trace.inject(thespis::ActorExitRequest{}).to(parent);  // the child is then asked to exit too
  trace.inject("after").to(child);
  trace.expect<thespis::DeadEnvelope>().with(dead(child, "after")).to(box);
  trace.disallow<thespis::DeadEnvelope>().to(box);
}

TEST(Wakeups, FireInVirtualTimeAndTiesInTheOrderSet) {
  ProtocolTrace trace;
  const ActorAddress sleeper = trace.system().create_actor<Sleeper>();
  trace.inject(std::vector<std::string>{"a", "100", "b", "100", "c", "50"}).to(sleeper);
  trace.expect<thespis::WakeupMessage>().with(wakeup(50ms, "c")).at(50ms).from(sleeper).to(sleeper);
  trace.expect<thespis::WakeupMessage>()
      .with(wakeup(100ms, "a"))
      .at(100ms)
      .from(sleeper)
      .to(sleeper);
  trace.expect<thespis::WakeupMessage>()
      .with(wakeup(100ms, "b"))
      .at(100ms)
      .from(sleeper)
      .to(sleeper);
  trace.expect_nothing_more();
}

TEST(Wakeups, PendingWakeupsOfAnExitedActorVanish) {
  ProtocolTrace trace;
  thespis::ActorSystem& system = trace.system();
  const ActorAddress box = system.create_actor<DeadLetterBox>();
  const ActorAddress sleeper = system.create_actor<Sleeper>();
  system.tell(sleeper, std::vector<std::string>{"never", "100"});
  system.tell(sleeper, thespis::ActorExitRequest{});
  EXPECT_TRUE(trace.sim().run_until_quiescent());
  trace.disallow<thespis::WakeupMessage>().to(sleeper);
  trace.disallow<thespis::DeadEnvelope>().to(box);
}

TEST(GlobalNames, ATakenNameReturnsTheExistingActorUntilItExits) {
  thespis::ActorSystem system("sim", sim_options());
  const thespis::CreateOptions named{.global_name = "registry", .requirements = {}};
  const ActorAddress first = system.create_actor<Idle>(named);
  EXPECT_EQ(system.create_actor<Idle>(named), first);
  EXPECT_EQ(system.create_actor("Idle", named), first);
  system.tell(first, thespis::ActorExitRequest{});
  settle(system);
  const ActorAddress second = system.create_actor<Idle>(named);
  EXPECT_NE(second, first);
}

TEST(Capabilities, AnUnmetRequirementGivesNoCompatibleSystemForActor) {
  thespis::ActorSystem system("sim", sim_options());
  EXPECT_THROW(system.create_actor<NeedsGpu>(), thespis::NoCompatibleSystemForActor);
  system.update_capability("Gpu", true);
  EXPECT_NO_THROW(system.create_actor<NeedsGpu>());
}

TEST(Capabilities, AnActorTheSystemNoLongerSatisfiesIsAskedToExit) {
  auto options = sim_options();
  options.capabilities.set("Gpu", true);
  thespis::ActorSystem system("sim", options);
  auto sim = thespis::sim::Simulation::of(system);
  system.create_actor<NeedsGpu>();
  EXPECT_EQ(sim.live_actors(), 1u);
  system.update_capability("Gpu", std::nullopt);
  sim.run_until_quiescent();
  EXPECT_EQ(sim.live_actors(), 0u);
}
