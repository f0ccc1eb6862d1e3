// Semantics 10 and 14: ask/tell/listen from outside in virtual time, and shutdown.
#include <chrono>

#include <gtest/gtest.h>

#include "support/sim_support.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::Message;
using thespis::testing::ask_for;
using thespis::testing::listen_for;
using thespis::testing::settle;
using thespis::testing::sim_options;

namespace external_test {

/// Answers "ping" with "pong"; on "two" sends "one" then "two" back after 10ms and 20ms.
class Talker : public thespis::Actor {
 public:
  Talker() {
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      if (text == "ping") send(from, "pong");
      if (text.starts_with("echo:")) send(from, text.substr(5));
      if (text == "later") {
        asker_ = from;
        wakeup_after(10ms, "one");
        wakeup_after(20ms, "two");
      }
      if (text == "spawn") create_actor<Talker>();
    });
    on<thespis::WakeupMessage>(
        [this](const thespis::WakeupMessage& w) { send(asker_, w.payload); });
  }

 private:
  ActorAddress asker_;
};
THESPIS_ACTOR(Talker)

class Silent : public thespis::Actor {};
THESPIS_ACTOR(Silent)

int exit_handlers_run = 0;

class CountsItsExit : public thespis::Actor {
 public:
  CountsItsExit() {
    on<thespis::ActorExitRequest>([](const thespis::ActorExitRequest&) { ++exit_handlers_run; });
    on<std::string>([this](const std::string& text) {
      if (text == "child") create_actor<CountsItsExit>();
      if (text == "shutdown") system_shutdown();
    });
  }
};
THESPIS_ACTOR(CountsItsExit)

/// Two of these bounce a message forever without letting time pass.
class Bouncer : public thespis::Actor {
 public:
  Bouncer() {
    on<ActorAddress>([this](const ActorAddress& peer) { send(peer, my_address()); });
  }
};
THESPIS_ACTOR(Bouncer)

}  // namespace external_test

using namespace external_test;

TEST(Ask, ReturnsTheFirstMessageAfterTheRequestAndLeavesEarlierOnesForListen) {
  thespis::ActorSystem system("sim", sim_options());
  const ActorAddress talker = system.create_actor<Talker>();
  system.tell(talker, "echo:early");
  settle(system);                // "early" now waits, unclaimed, at our endpoint
  system.tell(talker, "later");  // "one" at +10ms, "two" at +20ms
  EXPECT_EQ(ask_for<std::string>(system, talker, "echo:asked"), "asked");
  EXPECT_EQ(listen_for<std::string>(system), "early");
  EXPECT_EQ(listen_for<std::string>(system), "one");
  EXPECT_EQ(listen_for<std::string>(system), "two");
  EXPECT_FALSE(system.listen(1s));
}

TEST(Listen, ReturnsNothingWhenNothingCanArrive) {
  thespis::ActorSystem system("sim", sim_options());
  auto sim = thespis::sim::Simulation::of(system);
  EXPECT_FALSE(system.listen(250ms));
  EXPECT_EQ(sim.now(), 250ms);
}

TEST(Ask, ATenSecondTimeoutToASilentActorPassesInVirtualTimeOnly) {
  thespis::ActorSystem system("sim", sim_options());
  auto sim = thespis::sim::Simulation::of(system);
  const ActorAddress silent = system.create_actor<Silent>();
  const auto wall_start = std::chrono::steady_clock::now();
  EXPECT_FALSE(system.ask(silent, "anyone?", 10s));
  EXPECT_LT(std::chrono::steady_clock::now() - wall_start, 1s);
  EXPECT_EQ(sim.now(), 10s);
}

TEST(Ask, SystemMessagesOtherThanPoisonAreFilteredFromTheCaller) {
  thespis::ActorSystem system("sim", sim_options());
  const ActorAddress talker = system.create_actor<Talker>();
  system.tell(talker, thespis::ActorExitRequest{});  // its ChildActorExited goes to us
  EXPECT_FALSE(system.listen(1s));
}

TEST(PrivateEndpoint, HasItsOwnAddressAndInbox) {
  thespis::ActorSystem system("sim", sim_options());
  const ActorAddress talker = system.create_actor<Talker>();
  thespis::Endpoint endpoint = system.private_endpoint();
  EXPECT_NE(endpoint.address(), system.address());
  endpoint.tell(talker, "ping");
  EXPECT_FALSE(system.listen(10ms));
  const auto reply = endpoint.listen(10ms);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->get<std::string>(), "pong");
}

TEST(Shutdown, StopsEveryActorRunsExitHandlersAndIsIdempotent) {
  exit_handlers_run = 0;
  thespis::ActorSystem system("sim", sim_options());
  auto sim = thespis::sim::Simulation::of(system);
  const ActorAddress a = system.create_actor<CountsItsExit>();
  system.create_actor<CountsItsExit>();
  system.tell(a, "child");
  settle(system);
  EXPECT_EQ(sim.live_actors(), 3u);
  system.shutdown();
  EXPECT_EQ(exit_handlers_run, 3);
  EXPECT_EQ(sim.live_actors(), 0u);
  system.shutdown();
  EXPECT_EQ(exit_handlers_run, 3);
  EXPECT_THROW(system.tell(a, "x"), thespis::SystemShutDown);
  EXPECT_THROW(system.create_actor<CountsItsExit>(), thespis::SystemShutDown);
}

TEST(Shutdown, AnActorCanShutTheSystemDown) {
  exit_handlers_run = 0;
  thespis::ActorSystem system("sim", sim_options());
  const ActorAddress a = system.create_actor<CountsItsExit>();
  EXPECT_FALSE(system.ask(a, "shutdown", 1s));
  EXPECT_TRUE(system.base().is_shut_down());
  EXPECT_EQ(exit_handlers_run, 1);
}

TEST(Shutdown, DestroyingTheLastHandleShutsDown) {
  exit_handlers_run = 0;
  {
    thespis::ActorSystem system("sim", sim_options());
    system.create_actor<CountsItsExit>();
  }
  EXPECT_EQ(exit_handlers_run, 1);
}

TEST(Livelock, ActorsMessagingForeverWithoutTimePassingAreReported) {
  thespis::sim::SimOptions options;
  options.max_events_per_instant = 10'000;
  options.log_level = thespis::LogLevel::error;
  thespis::sim::Simulation sim(options);
  thespis::ActorSystem system(sim.system());
  const ActorAddress a = system.create_actor<Bouncer>();
  const ActorAddress b = system.create_actor<Bouncer>();
  system.tell(a, b);
  try {
    system.listen(1s);
    FAIL() << "the livelock went unnoticed";
  } catch (const thespis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("without time advancing"), std::string::npos) << e.what();
  }
}
