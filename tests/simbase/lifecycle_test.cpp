// Semantics 4, 6, 7, 8, 9 and 11: creation, exit, dead letters, wakeups, global names,
// capabilities.
#include <gtest/gtest.h>

#include "support/sim_support.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::Message;
using thespis::testing::ask_for;
using thespis::testing::settle;
using thespis::testing::sim_options;

namespace lifecycle_test {

class ThrowsInConstructor : public thespis::Actor {
 public:
  ThrowsInConstructor() { throw std::runtime_error("cannot start"); }
};
THESPIS_ACTOR(ThrowsInConstructor)

/// Collects dead letters; "get" answers the intended messages it saw, "count" how many.
class DeadLetterBox : public thespis::Actor {
 public:
  DeadLetterBox() {
    handle_dead_letters();
    on<thespis::DeadEnvelope>(
        [this](const thespis::DeadEnvelope& d) { seen_.push_back(d.message.to_string()); });
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      if (text == "get") send(from, seen_);
    });
  }

 private:
  std::vector<std::string> seen_;
};
THESPIS_ACTOR(DeadLetterBox)

/// Creates a child of the type named by a string message, sends it three messages at once,
/// and records every ChildActorExited; "exits" answers the children that exited.
class Parent : public thespis::Actor {
 public:
  Parent() {
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      if (text == "exits") {
        send(from, exited_);
      } else if (text == "child") {
        send(from, child_);
      } else {
        child_ = create_actor(text);
        for (int i = 1; i <= 3; ++i) send(child_, "queued " + std::to_string(i));
        send(from, child_);
      }
    });
    on<thespis::ChildActorExited>(
        [this](const thespis::ChildActorExited& c) { exited_.push_back(c.child); });
  }

 private:
  ActorAddress child_;
  std::vector<ActorAddress> exited_;
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

class Recorder : public thespis::Actor {
 public:
  Recorder() {
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      if (text == "get") {
        send(from, lines_);
      } else {
        lines_.push_back(text);
      }
    });
  }

 private:
  std::vector<std::string> lines_;
};
THESPIS_ACTOR(Recorder)

/// Sets wakeups from a map of payload -> delay in ms, in the map's order of insertion given
/// as a vector; answers the payloads in the order the wakeups arrived.
class Sleeper : public thespis::Actor {
 public:
  Sleeper() {
    on<std::vector<std::string>>([this](const std::vector<std::string>& plan) {
      for (std::size_t i = 0; i + 1 < plan.size(); i += 2) {
        wakeup_after(std::chrono::milliseconds(std::stoi(plan[i + 1])), plan[i]);
      }
    });
    on<thespis::WakeupMessage>([this](const thespis::WakeupMessage& w) {
      fired_.push_back(w.payload.get<std::string>() + "@" +
                       std::to_string(now().count() / 1'000'000) + "ms");
    });
    on<std::string>([this](const std::string&, const ActorAddress& from) { send(from, fired_); });
  }

 private:
  std::vector<std::string> fired_;
};
THESPIS_ACTOR(Sleeper)

class NeedsGpu : public thespis::Actor {};
THESPIS_ACTOR(NeedsGpu, thespis::requires_capability("Gpu"))

}  // namespace lifecycle_test

using namespace lifecycle_test;

TEST(Creation, ChildWhoseConstructorThrowsIsReportedToItsParentAndQueuedMessagesBecomeDeadLetters) {
  thespis::ActorSystem system("sim", sim_options());
  const ActorAddress box = system.create_actor<DeadLetterBox>();
  const ActorAddress parent = system.create_actor<Parent>();
  const auto child = ask_for<ActorAddress>(system, parent, "ThrowsInConstructor");
  settle(system);
  EXPECT_EQ(ask_for<std::vector<ActorAddress>>(system, parent, "exits"),
            std::vector<ActorAddress>{child});
  EXPECT_EQ(ask_for<std::vector<std::string>>(system, box, "get"),
            (std::vector<std::string>{"\"queued 1\"", "\"queued 2\"", "\"queued 3\""}));
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
  thespis::ActorSystem system("sim", sim_options(9));
  const ActorAddress parent = system.create_actor<Parent>();
  const auto child = ask_for<ActorAddress>(system, parent, "Recorder");
  EXPECT_EQ(ask_for<std::vector<std::string>>(system, child, "get"),
            (std::vector<std::string>{"queued 1", "queued 2", "queued 3"}));
}

TEST(Exit, ParentReceivesChildActorExitedExactlyOnce) {
  thespis::ActorSystem system("sim", sim_options());
  const ActorAddress box = system.create_actor<DeadLetterBox>();
  const ActorAddress parent = system.create_actor<Parent>();
  const auto child = ask_for<ActorAddress>(system, parent, "Idle");
  system.tell(child, thespis::ActorExitRequest{});
  system.tell(child, thespis::ActorExitRequest{});  // to a dead actor: a dead letter
  system.tell(child, "late");
  settle(system);
  EXPECT_EQ(ask_for<std::vector<ActorAddress>>(system, parent, "exits"),
            std::vector<ActorAddress>{child});
  // Queued behind the exit request: the three "queued" messages were handled (Idle ignores
  // them); the late ones are dead letters.
  EXPECT_EQ(ask_for<std::vector<std::string>>(system, box, "get"),
            (std::vector<std::string>{"ActorExitRequest{recursive: false}", "\"late\""}));
}

TEST(Exit, RecursiveExitStopsAFourLevelFamilyBottomUp) {
  thespis::ActorSystem system("sim", sim_options(5));
  const ActorAddress recorder = system.create_actor<Recorder>();
  const ActorAddress top = system.create_actor<FamilyMember>();
  system.tell(top, Join{recorder, 4, 1});
  settle(system);  // let the family grow
  system.tell(top, thespis::ActorExitRequest{true});
  settle(system);
  EXPECT_EQ(
      ask_for<std::vector<std::string>>(system, recorder, "get"),
      (std::vector<std::string>{"exit level 4", "exit level 3", "exit level 2", "exit level 1"}));
  EXPECT_EQ(thespis::sim::Simulation::of(system).live_actors(), 1u) << "only the recorder is left";
}

TEST(Exit, NonRecursiveExitAsksTheChildrenToExitAfterwards) {
  thespis::ActorSystem system("sim", sim_options(5));
  const ActorAddress recorder = system.create_actor<Recorder>();
  const ActorAddress top = system.create_actor<FamilyMember>();
  system.tell(top, Join{recorder, 3, 1});
  settle(system);
  system.tell(top, thespis::ActorExitRequest{false});
  settle(system);
  EXPECT_EQ(ask_for<std::vector<std::string>>(system, recorder, "get"),
            (std::vector<std::string>{"exit level 1", "exit level 2", "exit level 3"}));
  EXPECT_EQ(thespis::sim::Simulation::of(system).live_actors(), 1u);
}

TEST(DeadLetters, NewestHandlerWinsAndTheOlderOneTakesOverWhenItExits) {
  thespis::ActorSystem system("sim", sim_options());
  const ActorAddress older = system.create_actor<DeadLetterBox>();
  const ActorAddress newer = system.create_actor<DeadLetterBox>();
  const ActorAddress gone = system.create_actor<Idle>();
  system.tell(gone, thespis::ActorExitRequest{});
  system.tell(gone, "first");
  settle(system);
  EXPECT_EQ(ask_for<std::vector<std::string>>(system, newer, "get"),
            std::vector<std::string>{"\"first\""});
  system.tell(newer, thespis::ActorExitRequest{});
  settle(system);
  system.tell(gone, "second");
  settle(system);
  EXPECT_EQ(ask_for<std::vector<std::string>>(system, older, "get"),
            std::vector<std::string>{"\"second\""});
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
  thespis::ActorSystem system("sim", sim_options());
  const ActorAddress box = system.create_actor<DeadLetterBox>();
  const ActorAddress parent = system.create_actor<Parent>();
  const auto child = ask_for<ActorAddress>(system, parent, "Idle");
  system.tell(parent, thespis::ActorExitRequest{});  // the child is then asked to exit too
  settle(system);
  system.tell(child, "after");
  settle(system);
  EXPECT_EQ(ask_for<std::vector<std::string>>(system, box, "get"),
            std::vector<std::string>{"\"after\""});
}

TEST(Wakeups, FireInVirtualTimeAndTiesInTheOrderSet) {
  thespis::ActorSystem system("sim", sim_options());
  const ActorAddress sleeper = system.create_actor<Sleeper>();
  system.tell(sleeper, std::vector<std::string>{"a", "100", "b", "100", "c", "50"});
  settle(system);
  EXPECT_EQ(ask_for<std::vector<std::string>>(system, sleeper, "get"),
            (std::vector<std::string>{"c@50ms", "a@100ms", "b@100ms"}));
}

TEST(Wakeups, PendingWakeupsOfAnExitedActorVanish) {
  thespis::ActorSystem system("sim", sim_options());
  auto sim = thespis::sim::Simulation::of(system);
  const ActorAddress box = system.create_actor<DeadLetterBox>();
  const ActorAddress sleeper = system.create_actor<Sleeper>();
  system.tell(sleeper, std::vector<std::string>{"never", "100"});
  system.tell(sleeper, thespis::ActorExitRequest{});
  EXPECT_TRUE(sim.run_until_quiescent());
  EXPECT_EQ(ask_for<std::vector<std::string>>(system, box, "get"), std::vector<std::string>{});
}

TEST(GlobalNames, ATakenNameReturnsTheExistingActorUntilItExits) {
  thespis::ActorSystem system("sim", sim_options());
  const thespis::CreateOptions named{.global_name = "registry", .requirements = {}};
  const ActorAddress first = system.create_actor<Recorder>(named);
  EXPECT_EQ(system.create_actor<Recorder>(named), first);
  EXPECT_EQ(system.create_actor("Recorder", named), first);
  system.tell(first, thespis::ActorExitRequest{});
  settle(system);
  const ActorAddress second = system.create_actor<Recorder>(named);
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
