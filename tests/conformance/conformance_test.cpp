// One set of behaviours, run on every base: the semantics of ARCHITECTURE.md §3 as users see
// them, through ActorSystem only, on four configurations: the simulation with the tcp profile
// (`sim_tcp`) and with the udp profile (`sim_udp`), and the real bases `tcp` and `udp`. On the
// real bases every actor is a process of its own, the admin is a daemon on a free port of
// 127.0.0.1, and each test ends by checking that no process survives.
//
// udp may lose, duplicate and reorder datagrams; on one host with the default receive buffer it
// is expected to lose nothing, so most cases hold as they are. Where a case states a weaker form
// for a lossy transport, it says so ("udp: ...") and asserts that form: what is missing must be
// counted (AdminStatus::lost_messages, Simulation::frames_lost()), never lost silently.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

#include "conformance/conformance_fixture.hpp"
#include "support/processes.hpp"

using namespace std::chrono_literals;

namespace thespis::conformance {
namespace {

// --- actors --------------------------------------------------------------------------------

struct Echo : Actor {
  Echo() {
    on<std::string>(
        [this](const std::string& text, const ActorAddress& from) { send(from, text); });
    on<std::int64_t>([this](std::int64_t, const ActorAddress& from) {
      send(from, static_cast<std::int64_t>(getpid()));
    });
  }
};
THESPIS_ACTOR(Echo)

/// Collects integers; `Expect{n}` answers with all of them once n have arrived.
struct Expect {
  std::int64_t count = 0;
};
THESPIS_MESSAGE(Expect, count)

struct Collector : Actor {
  Collector() {
    on<std::int64_t>([this](std::int64_t n, const ActorAddress&) {
      got.push_back(n);
      answer();
    });
    on<Expect>([this](const Expect& e, const ActorAddress& from) {
      wanted = e.count;
      asker = from;
      answer();
    });
  }
  void answer() {
    if (asker && static_cast<std::int64_t>(got.size()) >= wanted) {
      send(asker, got);
      asker = {};
    }
  }
  std::vector<std::int64_t> got;
  std::int64_t wanted = 0;
  ActorAddress asker;
};
THESPIS_ACTOR(Collector)

struct SendMany {
  ActorAddress to;
  std::int64_t count = 0;
};
THESPIS_MESSAGE(SendMany, to, count)

struct Sender : Actor {
  Sender() {
    on<SendMany>([this](const SendMany& s, const ActorAddress&) {
      for (std::int64_t i = 0; i < s.count; ++i) send(s.to, i);
    });
  }
};
THESPIS_ACTOR(Sender)

/// Fails on its first try of each message, then answers with the attempt count.
struct Flaky : Actor {
  Flaky() {
    on<std::string>([this](const std::string&, const ActorAddress& from) {
      if (++attempts % 2 == 1) throw std::runtime_error("first try fails");
      send(from, static_cast<std::int64_t>(attempts));
    });
  }
  int attempts = 0;
};
THESPIS_ACTOR(Flaky)

struct AlwaysFails : Actor {
  AlwaysFails() {
    on<std::string>([](const std::string&, const ActorAddress&) -> void {
      throw std::runtime_error("cannot handle this");
    });
  }
};
THESPIS_ACTOR(AlwaysFails)

struct BrokenConstructor : Actor {
  BrokenConstructor() { throw std::runtime_error("no resources"); }
};
THESPIS_ACTOR(BrokenConstructor)

/// Creates a child whose constructor throws and at once sends it three messages.
struct HastyParent : Actor {
  HastyParent() {
    on<std::string>([this](const std::string&, const ActorAddress&) {
      const ActorAddress child = create_actor<BrokenConstructor>();
      for (const char* text : {"one", "two", "three"}) send(child, std::string(text));
    });
  }
};
THESPIS_ACTOR(HastyParent)

/// Creates children on request and reports what happens to them to whoever asked.
struct Parent : Actor {
  Parent() {
    on<std::string>([this](const std::string& what, const ActorAddress& from) {
      asker = from;
      if (what == "broken") create_actor<BrokenConstructor>();
      if (what == "echo") send(from, create_actor<Echo>());
    });
    on<ChildActorExited>([this](const ChildActorExited& e, const ActorAddress&) {
      send(asker, "exited " + e.child.to_string());
    });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(Parent)

/// Says "stopping" to its asker from its exit handler.
struct Stoppable : Actor {
  Stoppable() {
    on<std::string>([this](const std::string&, const ActorAddress& from) {
      asker = from;
      send(from, std::string("ready"));
    });
    on<ActorExitRequest>([this](const ActorExitRequest&, const ActorAddress&) {
      send(asker, std::string("stopping"));
    });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(Stoppable)

/// A level of a family: creates `levels - 1` more below it, and tells the recorder (a Collector
/// under a global name) its level when it stops.
struct Level {
  std::int64_t levels = 0;
};
THESPIS_MESSAGE(Level, levels)

struct FamilyMember : Actor {
  FamilyMember() {
    // "built" travels up once the whole family below exists.
    on<Level>([this](const Level& l, const ActorAddress& from) {
      level = l.levels;
      builder = from;
      if (l.levels > 1) {
        send(create_actor<FamilyMember>(), Level{l.levels - 1});
      } else {
        send(builder, std::string("built"));
      }
    });
    on<std::string>(
        [this](const std::string&, const ActorAddress&) { send(builder, std::string("built")); });
    on<ActorExitRequest>([this](const ActorExitRequest&, const ActorAddress&) {
      CreateOptions recorder;
      recorder.global_name = "recorder";
      send(create_actor<Collector>(recorder), level);
    });
  }
  std::int64_t level = 0;
  ActorAddress builder;
};
THESPIS_ACTOR(FamilyMember)

struct DeadLetterWatcher : Actor {
  DeadLetterWatcher() {
    handle_dead_letters();
    on<std::string>([this](const std::string&, const ActorAddress& from) {
      asker = from;
      send(from, std::string("watching"));
    });
    on<DeadEnvelope>([this](const DeadEnvelope& d, const ActorAddress&) {
      send(asker, "dead letter for " + d.intended.to_string() + ": " + d.message.to_string());
    });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(DeadLetterWatcher)

struct Sleeper : Actor {
  Sleeper() {
    on<std::string>([this](const std::string&, const ActorAddress& from) {
      asker = from;
      wakeup_after(100ms, std::string("a"));
      wakeup_after(100ms, std::string("b"));
      wakeup_after(50ms, std::string("c"));
    });
    on<WakeupMessage>([this](const WakeupMessage& w, const ActorAddress&) {
      fired.push_back(w.payload.get<std::string>());
      if (fired.size() == 3) send(asker, fired);
    });
  }
  ActorAddress asker;
  std::vector<std::string> fired;
};
THESPIS_ACTOR(Sleeper)

struct Silent : Actor {};
THESPIS_ACTOR(Silent)

/// Sets a wakeup for later and says "armed".
struct Napper : Actor {
  Napper() {
    on<std::string>([this](const std::string&, const ActorAddress& from) {
      wakeup_after(150ms, std::string("too late"));
      send(from, std::string("armed"));
    });
  }
};
THESPIS_ACTOR(Napper)

/// Creates a named Echo when asked and passes on what happens to its children.
struct NamingParent : Actor {
  NamingParent() {
    on<std::string>([this](const std::string& name, const ActorAddress& from) {
      asker = from;
      CreateOptions named;
      named.global_name = name;
      send(from, create_actor<Echo>(named));
    });
    on<ChildActorExited>([this](const ChildActorExited& e, const ActorAddress&) {
      send(asker, "exited " + e.child.to_string());
    });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(NamingParent)

struct NeedsGpu : Actor {
  NeedsGpu() {
    on<std::string>([this](const std::string& t, const ActorAddress& from) { send(from, t); });
  }
};
THESPIS_ACTOR(NeedsGpu, requires_capability("Gpu"))

/// Needs Gpu; says "leaving" to whoever greeted it when it is asked to exit.
struct GpuWorker : Actor {
  GpuWorker() {
    on<std::string>([this](const std::string&, const ActorAddress& from) {
      asker = from;
      send(from, std::string("working"));
    });
    on<ActorExitRequest>([this](const ActorExitRequest&, const ActorAddress&) {
      send(asker, std::string("leaving"));
    });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(GpuWorker, requires_capability("Gpu"))

struct NeedsQuantum : Actor {};
THESPIS_ACTOR(NeedsQuantum, requires_capability("Quantum"))

/// Sends itself 0..count-1 from one handler and answers with them in the order they came.
struct SelfCounter : Actor {
  SelfCounter() {
    on<Expect>([this](const Expect& e, const ActorAddress& from) {
      asker = from;
      wanted = e.count;
      for (std::int64_t i = 0; i < e.count; ++i) send(my_address(), i);
    });
    on<std::int64_t>([this](std::int64_t n, const ActorAddress&) {
      got.push_back(n);
      if (static_cast<std::int64_t>(got.size()) == wanted) send(asker, got);
    });
  }
  ActorAddress asker;
  std::int64_t wanted = 0;
  std::vector<std::int64_t> got;
};
THESPIS_ACTOR(SelfCounter)

/// Answers a string with its length.
struct Measurer : Actor {
  Measurer() {
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      send(from, static_cast<std::int64_t>(text.size()));
    });
  }
};
THESPIS_ACTOR(Measurer)

/// What happened to a big message an actor sent: "delivered" (the receiver measured `bytes`) or
/// "poison" (it came back; `bytes` is the size of the original string, -1 if it was not one).
struct BigOutcome {
  std::string what;
  std::int64_t bytes = 0;
  std::string details;
};
THESPIS_MESSAGE(BigOutcome, what, bytes, details)

struct SendBig {
  ActorAddress to;
  std::int64_t bytes = 0;
};
THESPIS_MESSAGE(SendBig, to, bytes)

/// Sends a string of the size asked for to a Measurer and reports the outcome to its asker. It
/// does not forward a PoisonMessage itself: that carries the big original, too big again.
struct BigSender : Actor {
  BigSender() {
    on<SendBig>([this](const SendBig& s, const ActorAddress& from) {
      asker = from;
      send(s.to, std::string(static_cast<std::size_t>(s.bytes), 'x'));
    });
    on<std::int64_t>([this](std::int64_t bytes, const ActorAddress&) {
      send(asker, BigOutcome{.what = "delivered", .bytes = bytes, .details = {}});
    });
    on<PoisonMessage>([this](const PoisonMessage& p, const ActorAddress&) {
      const bool text = p.original.is<std::string>();
      const auto& original = text ? p.original.get<std::string>() : std::string();
      const bool intact = text && original.find_first_not_of('x') == std::string::npos;
      send(asker, BigOutcome{.what = "poison",
                             .bytes = intact ? static_cast<std::int64_t>(original.size()) : -1,
                             .details = p.details});
    });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(BigSender)

/// Starts a LossCounter: report to the sender, after `work` rounds of real work on the first
/// number (a receiver slow on purpose, so that a flood overruns its receive buffer).
struct Watch {
  std::int64_t work = 0;
};
THESPIS_MESSAGE(Watch, work)

/// Counts the numbers it receives and, every 10 ms of its own time, tells its watcher the count
/// when it changed. It reports by itself, so nothing is sent to it while it may be overrun.
struct LossCounter : Actor {
  LossCounter() {
    on<Watch>([this](const Watch& w, const ActorAddress& from) {
      watcher = from;
      work = w.work;
      wakeup_after(10ms);
      send(from, std::string("watching"));
    });
    on<std::int64_t>([this](std::int64_t, const ActorAddress&) {
      if (received++ == 0) churn = busy_work(work);
    });
    on<WakeupMessage>([this](const WakeupMessage&, const ActorAddress&) {
      if (received != reported) send(watcher, received);
      reported = received;
      wakeup_after(10ms);
    });
  }
  static std::uint64_t busy_work(std::int64_t rounds) {
    std::uint64_t x = 0x9e3779b97f4a7c15u;
    for (std::int64_t i = 0; i < rounds; ++i) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
    }
    return x;
  }
  ActorAddress watcher;
  std::int64_t work = 0;
  std::int64_t received = 0;
  std::int64_t reported = 0;
  std::uint64_t churn = 0;  // the work's result, kept so that the work is done
};
THESPIS_ACTOR(LossCounter)

/// A Sender placed on the simulation's lossy far node by its capability.
struct FarSender : Sender {};
THESPIS_ACTOR(FarSender, requires_capability("Far"))

/// Whether `text` names a number of bytes within [low, high] (the size of an encoded message).
bool names_a_size_in(const std::string& text, std::int64_t low, std::int64_t high) {
  for (std::size_t at = text.find_first_of("0123456789"); at != std::string::npos;) {
    const std::size_t end = text.find_first_not_of("0123456789", at);
    const std::string digits = text.substr(at, end - at);
    if (digits.size() < 12) {
      const std::int64_t n = std::stoll(digits);
      if (n >= low && n <= high) return true;
    }
    at = end == std::string::npos ? end : text.find_first_of("0123456789", end);
  }
  return false;
}

INSTANTIATE_TEST_SUITE_P(Bases, Conformance, configurations, configuration_name);
INSTANTIATE_TEST_SUITE_P(Bases, ConformanceUnderLoad, configurations, configuration_name);

// --- the behaviours --------------------------------------------------------------------------

TEST_P(Conformance, AskGetsTheAnswer) {
  const ActorAddress echo = system().create_actor<Echo>();
  EXPECT_EQ(ask<std::string>(echo, std::string("hi")), "hi");
}

TEST_P(Conformance, MessagesFromOneSenderArriveInOrder) {
  constexpr std::int64_t sent = 2000;
  const ActorAddress collector = system().create_actor<Collector>();
  const ActorAddress sender = system().create_actor<Sender>();
  system().tell(sender, SendMany{collector, sent});
  if (GetParam() != "udp") {
    const auto got = ask<std::vector<std::int64_t>>(collector, Expect{sent}, 20s);
    ASSERT_EQ(got.size(), static_cast<std::size_t>(sent));
    for (std::int64_t i = 0; i < sent; ++i) ASSERT_EQ(got[static_cast<std::size_t>(i)], i);
    return;
  }
  // udp: may lose; what is missing is counted, and what arrives is in order without duplicates.
  std::vector<std::int64_t> got;
  const auto [received, lost] = until_accounted(sent, [&] {
    // Expect{0}: what it has now (an ask lost on the way is asked again).
    if (auto now = system().ask(collector, Expect{0}, 1s)) {
      got = now->get<std::vector<std::int64_t>>();
    }
    return static_cast<std::int64_t>(got.size());
  });
  EXPECT_EQ(received + static_cast<std::int64_t>(lost), sent);
  for (std::size_t i = 1; i < got.size(); ++i) {
    ASSERT_LT(got[i - 1], got[i]) << "a duplicate or a reordering at arrival " << i;
  }
  EXPECT_EQ(received, sent) << "one host, default receive buffer: nothing is lost";
}

TEST_P(Conformance, AHandlerThatFailsOnceIsRetriedOnTheSameInstance) {
  const ActorAddress flaky = system().create_actor<Flaky>();
  EXPECT_EQ(ask<std::int64_t>(flaky, std::string("x")), 2);
  EXPECT_EQ(ask<std::int64_t>(flaky, std::string("y")), 4) << "state kept across retries";
}

TEST_P(Conformance, AHandlerThatFailsTwiceSendsPoisonToTheSender) {
  const ActorAddress broken = system().create_actor<AlwaysFails>();
  const auto poison = ask<PoisonMessage>(broken, std::string("job"));
  EXPECT_EQ(poison.original.get<std::string>(), "job");
  EXPECT_NE(poison.details.find("cannot handle this"), std::string::npos);
  EXPECT_EQ(ask<PoisonMessage>(broken, std::string("again")).original.get<std::string>(), "again")
      << "the actor carries on";
}

TEST_P(Conformance, AConstructorThatThrowsFailsTheCreationFromOutside) {
  EXPECT_THROW(system().create_actor<BrokenConstructor>(), ActorCreationError);
}

TEST_P(Conformance, AChildWhoseConstructorThrowsIsReportedToItsParent) {
  const ActorAddress parent = system().create_actor<Parent>();
  system().tell(parent, std::string("broken"));
  EXPECT_EQ(listen<std::string>().rfind("exited @", 0), 0u);
}

TEST_P(Conformance, MessagesQueuedAtAChildWhoseConstructorThrowsBecomeDeadLetters) {
  const ActorAddress watcher = system().create_actor<DeadLetterWatcher>();
  EXPECT_EQ(ask<std::string>(watcher, std::string("watch")), "watching");
  system().tell(system().create_actor<HastyParent>(), std::string("go"));
  std::vector<std::string> dead;
  for (int i = 0; i < 3; ++i) dead.push_back(listen<std::string>());
  for (const char* text : {"one", "two", "three"}) {
    EXPECT_NE(std::find_if(dead.begin(), dead.end(),
                           [&](const std::string& d) {
                             return d.find(std::string("\"") + text + "\"") != std::string::npos;
                           }),
              dead.end())
        << text << " was not dead-lettered";
  }
}

TEST_P(Conformance, ExitRunsTheHandlerThenLaterMessagesAreDeadLetters) {
  const ActorAddress watcher = system().create_actor<DeadLetterWatcher>();
  EXPECT_EQ(ask<std::string>(watcher, std::string("watch")), "watching");
  const ActorAddress stoppable = system().create_actor<Stoppable>();
  EXPECT_EQ(ask<std::string>(stoppable, std::string("hello")), "ready");
  EXPECT_EQ(ask<std::string>(stoppable, ActorExitRequest{false}), "stopping");
  // The parent (this program's endpoint) hears nothing: system messages are filtered.
  system().tell(stoppable, std::string("anyone there?"));
  const auto dead = listen<std::string>();
  EXPECT_EQ(dead, "dead letter for " + stoppable.to_string() + ": \"anyone there?\"");
}

TEST_P(Conformance, RecursiveExitStopsAFamilyBottomUp) {
  const ActorAddress top = system().create_actor<FamilyMember>();
  EXPECT_EQ(ask<std::string>(top, Level{4}), "built");
  CreateOptions named;
  named.global_name = "recorder";
  const ActorAddress recorder = system().create_actor<Collector>(named);
  system().tell(top, ActorExitRequest{true});
  EXPECT_EQ(ask<std::vector<std::int64_t>>(recorder, Expect{4}, 20s),
            (std::vector<std::int64_t>{1, 2, 3, 4}));
}

TEST_P(Conformance, WakeupsComeInTimeOrderAndInTheOrderSet) {
  const ActorAddress sleeper = system().create_actor<Sleeper>();
  EXPECT_EQ(ask<std::vector<std::string>>(sleeper, std::string("go")),
            (std::vector<std::string>{"c", "a", "b"}));
}

TEST_P(Conformance, AGlobalNameGivesTheExistingActor) {
  CreateOptions named;
  named.global_name = "the-one";
  const ActorAddress first = system().create_actor<Echo>(named);
  const ActorAddress second = system().create_actor<Echo>(named);
  EXPECT_EQ(first, second);
  EXPECT_EQ(ask<std::string>(second, std::string("same")), "same");
  CreateOptions other;
  other.global_name = "another-one";
  EXPECT_NE(system().create_actor<Echo>(other), first);
}

TEST_P(Conformance, ATakenGlobalNameAnswersWithItsActorWhateverTypeIsAsked) {
  CreateOptions named;
  named.global_name = "taken";
  const ActorAddress first = system().create_actor<Echo>(named);
  EXPECT_EQ(system().create_actor("NoSuchTypeInThisProgram", named), first);
}

TEST_P(Conformance, ANamedActorIsTheSystemsNotItsCreatorsChild) {
  const ActorAddress parent = system().create_actor<NamingParent>();
  const auto named = ask<ActorAddress>(parent, std::string("the-named-one"));
  EXPECT_EQ(ask<std::string>(named, std::string("alive")), "alive");
  system().tell(named, ActorExitRequest{false});
  EXPECT_FALSE(system().listen(500ms)) << "its creator is not told: it is not its parent";
}

TEST_P(Conformance, APendingWakeupOfAnExitedActorVanishes) {
  const ActorAddress watcher = system().create_actor<DeadLetterWatcher>();
  EXPECT_EQ(ask<std::string>(watcher, std::string("watch")), "watching");
  const ActorAddress napper = system().create_actor<Napper>();
  EXPECT_EQ(ask<std::string>(napper, std::string("nap")), "armed");
  system().tell(napper, ActorExitRequest{false});
  EXPECT_FALSE(system().listen(500ms)) << "no dead letter for the wakeup";
}

TEST_P(Conformance, ActorsArePlacedByCapability) {
  const ActorAddress gpu = system().create_actor<NeedsGpu>();
  EXPECT_EQ(ask<std::string>(gpu, std::string("on gpu")), "on gpu");
  try {
    system().create_actor<NeedsQuantum>();
    FAIL() << "expected NoCompatibleSystemForActor";
  } catch (const NoCompatibleSystemForActor& e) {
    EXPECT_EQ(e.actor_type(), "NeedsQuantum");
  }
}

TEST_P(Conformance, ACapabilityUpdateAsksActorsThatNoLongerFitToLeave) {
  const ActorAddress worker = system().create_actor<GpuWorker>();
  EXPECT_EQ(ask<std::string>(worker, std::string("hello")), "working");
  system().update_capability("Gpu", std::nullopt);
  EXPECT_EQ(listen<std::string>(), "leaving");
  EXPECT_THROW(system().create_actor<GpuWorker>(), NoCompatibleSystemForActor);
}

TEST_P(Conformance, AskOfASilentActorTimesOut) {
  const ActorAddress silent = system().create_actor<Silent>();
  EXPECT_FALSE(system().ask(silent, std::string("hello?"), 200ms));
}

TEST_P(Conformance, AChildKilledIsReportedToItsParentOnce) {
  const ActorAddress parent = system().create_actor<Parent>();
  const auto child = ask<ActorAddress>(parent, std::string("echo"));
  if (networked()) {
    const auto pid = ask<std::int64_t>(child, std::int64_t{0});
    ASSERT_NE(pid, getpid());
    ASSERT_EQ(kill(static_cast<pid_t>(pid), SIGKILL), 0);
  } else {
    sim::Simulation::of(system()).kill(child);
  }
  EXPECT_EQ(listen<std::string>(), "exited " + child.to_string());
  EXPECT_FALSE(system().listen(500ms)) << "exactly once";
}

TEST_P(Conformance, SelfSendsStayInOrder) {
  // On every base, udp included (Thespian's udp base delivers them last in, first out).
  const ActorAddress counter = system().create_actor<SelfCounter>();
  const auto got = ask<std::vector<std::int64_t>>(counter, Expect{1000}, 20s);
  ASSERT_EQ(got.size(), 1000u);
  for (std::int64_t i = 0; i < 1000; ++i) ASSERT_EQ(got[static_cast<std::size_t>(i)], i);
}

TEST_P(Conformance, AMessageTooLargeForOneDatagramIsRefusedOnUdpAndCarriedOnTcp) {
  constexpr std::int64_t big = 100'000;  // over the 65,507 bytes of one udp datagram
  const ActorAddress measurer = system().create_actor<Measurer>();
  const ActorAddress sender = system().create_actor<BigSender>();
  const auto outcome = ask<BigOutcome>(sender, SendBig{measurer, big}, 20s);
  const Message big_text = std::string(static_cast<std::size_t>(big), 'x');
  if (udp()) {
    // Semantics 13: never lost silently. The sending actor gets its message back as poison.
    EXPECT_EQ(outcome.what, "poison");
    EXPECT_EQ(outcome.bytes, big) << "the poison's original is the string";
    EXPECT_TRUE(names_a_size_in(outcome.details, big, big + 100)) << outcome.details;
    // An external sender gets an exception.
    EXPECT_THROW(system().tell(measurer, big_text), TransportError);
    EXPECT_THROW((void)system().ask(measurer, big_text, 5s), TransportError);
  } else {
    // tcp: a connection carries a message of any size up to the frame limit, intact.
    EXPECT_EQ(outcome.what, "delivered");
    EXPECT_EQ(outcome.bytes, big);
    EXPECT_EQ(ask<std::int64_t>(measurer, big_text, 20s), big);
  }
  EXPECT_EQ(ask<std::int64_t>(measurer, std::string("still here")), 10) << "the receiver works";
}

TEST_P(ConformanceUnderLoad, LossIsCounted) {
  // tcp (both): nothing is lost; all arrive. sim_udp: a second node sends over a link that drops
  // a fifth of its frames. udp: a receiver with a 4 KiB receive buffer, slow on its first number,
  // is flooded. udp (both): may lose; received + counted lost == sent, and something is lost.
  const std::int64_t sent = GetParam() == "udp" ? 20'000 : 2'000;
  const ActorAddress counter = system().create_actor<LossCounter>();
  const std::int64_t work = GetParam() == "udp" ? 400'000'000 : 0;  // about half a second
  ASSERT_EQ(ask<std::string>(counter, Watch{work}), "watching");
  ActorAddress sender;
  if (GetParam() == "sim_udp") {
    sim::Simulation sim = sim::Simulation::of(system());
    sim.add_node({.name = "far", .capabilities = {{"Far", true}}, .leader = {}});
    sim::LinkOptions lossy;
    lossy.drop = 0.2;
    sim.set_link("far", "main", lossy);
    sender = system().create_actor<FarSender>();
    ASSERT_EQ(sim.node_of(sender), "far");
  } else {
    sender = system().create_actor<Sender>();
  }
  system().tell(sender, SendMany{counter, sent});
  std::int64_t received = 0;
  const auto [counted, lost] = until_accounted(sent, [&] {
    // The counter reports its count when it changes; the highest report is what it has.
    while (const auto report = system().listen(100ms)) {
      received = std::max(received, report->get<std::int64_t>());
    }
    return received;
  });
  EXPECT_EQ(counted + static_cast<std::int64_t>(lost), sent)
      << "received " << counted << ", counted lost " << lost;
  if (udp()) {
    EXPECT_GT(lost, 0u) << "the flood overran the receiver: something must be lost";
    EXPECT_GT(counted, 0);
  } else {
    EXPECT_EQ(counted, sent) << "tcp loses nothing";
  }
}

}  // namespace
}  // namespace thespis::conformance
