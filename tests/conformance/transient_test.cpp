// Transient actors and initialising messages (transient.hpp, init_messages.hpp) on every base:
// actor-level code written once, so that the same actor behaves the same on the simulation (both
// network profiles) and on the real tcp and udp bases. Time is the actor's own clock: virtual on
// `sim`, where the exit moments are exact (the simbase tests state them to the nanosecond); on
// the real bases the test states them within generous bounds of real time. The pacing of the
// scenario is listen(period) with nothing expected, which advances virtual time on `sim` and
// waits on the others.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/init_messages.hpp>
#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>
#include <thespis/transient.hpp>

#include "conformance/conformance_fixture.hpp"

using namespace std::chrono_literals;

namespace thespis::conformance {
namespace {

/// Echoes strings; its exit handler says "bye" to whoever it last answered.
struct TransientEcho : Actor {
  TransientEcho() {
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      asker = from;
      send(from, text);
    });
    on<ActorExitRequest>([this](const ActorExitRequest&) { send(asker, std::string("bye")); });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(TransientEcho)

using TransientEchoForOneSecond = Transient<TransientEcho, exit_after_first_message(1s)>;
THESPIS_ACTOR(TransientEchoForOneSecond)
using TransientEchoIdle = Transient<TransientEcho, exit_when_idle_for(1500ms)>;
THESPIS_ACTOR(TransientEchoIdle)

/// Tells the asker of each dead letter, as "dead: <message>".
struct TransientDeadLetterWatcher : Actor {
  TransientDeadLetterWatcher() {
    handle_dead_letters();
    on<std::string>([this](const std::string&, const ActorAddress& from) {
      asker = from;
      send(from, std::string("watching"));
    });
    on<DeadEnvelope>(
        [this](const DeadEnvelope& d) { send(asker, "dead: " + d.message.to_string()); });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(TransientDeadLetterWatcher)

struct InitPrefix {
  std::string prefix;
};
THESPIS_MESSAGE(InitPrefix, prefix)

/// Needs a prefix and a target; then answers each string to the target, prefixed.
struct InitPrefixer : InitialisingActor<InitPrefix, ActorAddress> {
  InitPrefixer() {
    on<std::string>([this](const std::string& text) {
      send(init<ActorAddress>(), init<InitPrefix>().prefix + text);
    });
    on<ActorExitRequest>(
        [this](const ActorExitRequest&, const ActorAddress& from) { send(from, "stopping"); });
  }
  void on_initialised() override { send(init_sender<InitPrefix>(), std::string("running")); }
};
THESPIS_ACTOR(InitPrefixer)

class TransientConformance : public Conformance {
 protected:
  /// The actor's notion of elapsed time as this test can read it: virtual on sim, real elsewhere.
  std::chrono::nanoseconds clock() {
    if (simulated()) return sim::Simulation::of(system()).now();
    return std::chrono::steady_clock::now() - started_;
  }

  /// The clock when `text` arrives (within `bound`); fails the test and returns nothing if
  /// something else or nothing arrives.
  std::optional<std::chrono::nanoseconds> arrival_of(const std::string& text,
                                                     std::chrono::nanoseconds bound = 20s) {
    const auto message = system().listen(bound);
    EXPECT_TRUE(message) << "no " << text << " within " << bound.count() / 1'000'000 << " ms";
    if (!message) return std::nullopt;
    EXPECT_EQ(message->to_string(), Message(text).to_string());
    return clock();
  }

  /// A message to `actor` now is a dead letter: it is gone.
  void expect_gone(const ActorAddress& actor) {
    system().tell(actor, std::string("anyone there?"));
    EXPECT_EQ(listen<std::string>(), "dead: \"anyone there?\"");
  }

  void watch_dead_letters() {
    const ActorAddress watcher = system().create_actor<TransientDeadLetterWatcher>();
    ASSERT_EQ(ask<std::string>(watcher, std::string("watch")), "watching");
  }

  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

INSTANTIATE_TEST_SUITE_P(Bases, TransientConformance, configurations, configuration_name);

TEST_P(TransientConformance, ATransientActorExitsItsDelayAfterItsFirstMessage) {
  watch_dead_letters();
  const ActorAddress temp = system().create_actor<TransientEchoForOneSecond>();
  EXPECT_FALSE(system().listen(1500ms)) << "its clock has not started: it is still there";
  const auto first = clock();
  EXPECT_EQ(ask<std::string>(temp, std::string("first")), "first");
  EXPECT_FALSE(system().listen(500ms));
  EXPECT_EQ(ask<std::string>(temp, std::string("later")), "later") << "it answers until then";
  // Its clock started when "first" reached it, after `first`: "bye" cannot come sooner.
  const auto bye = arrival_of("bye");
  ASSERT_TRUE(bye);
  EXPECT_GE(*bye - first, 1s) << "it left before its delay";
  EXPECT_LE(*bye - first, simulated() ? 1100ms : 10s) << "it left late";
  expect_gone(temp);
}

TEST_P(TransientConformance, AnIdleTransientActorStaysWhileToldThingsAndLeavesWhenNot) {
  watch_dead_letters();
  const ActorAddress bored = system().create_actor<TransientEchoIdle>();
  const auto first = clock();
  // Told something every 250 ms for 2.5 s: longer than its idle period of 1.5 s.
  while (clock() - first < 2500ms) {
    ASSERT_EQ(ask<std::string>(bored, std::string("busy")), "busy")
        << "it left while told something every 250 ms";
    EXPECT_FALSE(system().listen(250ms));
  }
  EXPECT_FALSE(system().listen(700ms)) << "quiet for less than its idle period";
  EXPECT_EQ(ask<std::string>(bored, std::string("still there?")), "still there?");
  // Its idle clock restarted when that reached it, a reply's latency before `last`.
  const auto last = clock();
  const auto bye = arrival_of("bye");
  ASSERT_TRUE(bye);
  EXPECT_GE(*bye - last, 1400ms) << "it left before its idle period";
  EXPECT_LE(*bye - last, simulated() ? 1600ms : 10s) << "it left late";
  expect_gone(bored);
}

TEST_P(TransientConformance, HeldMessagesAreReleasedInOrderOnceTheInitialisingOnesArrived) {
  const ActorAddress prefixer = system().create_actor<InitPrefixer>();
  for (const char* text : {"one", "two", "three"}) system().tell(prefixer, std::string(text));
  system().tell(prefixer, InitPrefix{"x-"});
  EXPECT_FALSE(system().listen(300ms)) << "nothing is handled before the target arrives";
  system().tell(prefixer, system().address());
  std::vector<std::string> got;
  for (int i = 0; i < 4; ++i) got.push_back(listen<std::string>());
  EXPECT_EQ(got, (std::vector<std::string>{"running", "x-one", "x-two", "x-three"}));
  EXPECT_EQ(ask<std::string>(prefixer, std::string("four")), "x-four");
}

TEST_P(TransientConformance, AnExitRequestIsNeverHeldByAnInitialisingActor) {
  const ActorAddress prefixer = system().create_actor<InitPrefixer>();
  system().tell(prefixer, std::string("held"));
  system().tell(prefixer, ActorExitRequest{false});
  const auto poison = listen<PoisonMessage>();
  EXPECT_EQ(poison.original.get<std::string>(), "held");
  EXPECT_EQ(listen<std::string>(), "stopping");
}

}  // namespace
}  // namespace thespis::conformance
