// One set of behaviours, run on every base: the semantics of ARCHITECTURE.md §3 as users see
// them, through ActorSystem only. On "tcp" every actor is a process of its own, the admin is a
// daemon on a free port of 127.0.0.1, and each test ends by checking that no process survives.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

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

// --- the fixture -----------------------------------------------------------------------------

class Conformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    SystemOptions options;
    options.log_level = LogLevel::error;
    options.capabilities = {{"Gpu", true}};
    if (tcp()) options.admin_port = net::free_local_port();
    system_ = std::make_unique<ActorSystem>(GetParam(), options);
    if (tcp()) port_ = options.admin_port;
  }

  void TearDown() override {
    const std::vector<std::int64_t> pids =
        tcp() ? testing::processes_of(port_) : std::vector<std::int64_t>{};
    system_->shutdown();
    // Semantics 14: once shutdown() returns, no process of the system exists (no waiting).
    for (const std::int64_t pid : pids) EXPECT_TRUE(testing::ended(pid)) << "process " << pid;
  }

  bool tcp() const { return GetParam() == "tcp"; }
  ActorSystem& system() { return *system_; }

  template <class T>
  T ask(const ActorAddress& to, Message message, std::chrono::nanoseconds timeout = 5s) {
    const auto reply = system_->ask(to, std::move(message), timeout);
    if (!reply) throw Error("no reply");
    return reply->get<T>();
  }
  template <class T>
  T listen(std::chrono::nanoseconds timeout = 5s) {
    const auto message = system_->listen(timeout);
    if (!message) throw Error("nothing arrived");
    return message->get<T>();
  }

  std::unique_ptr<ActorSystem> system_;
  std::uint16_t port_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Bases, Conformance, ::testing::Values("sim", "tcp"),
                         [](const auto& base) { return base.param; });

// --- the behaviours --------------------------------------------------------------------------

TEST_P(Conformance, AskGetsTheAnswer) {
  const ActorAddress echo = system().create_actor<Echo>();
  EXPECT_EQ(ask<std::string>(echo, std::string("hi")), "hi");
}

TEST_P(Conformance, MessagesFromOneSenderArriveInOrder) {
  const ActorAddress collector = system().create_actor<Collector>();
  const ActorAddress sender = system().create_actor<Sender>();
  system().tell(sender, SendMany{collector, 2000});
  const auto got = ask<std::vector<std::int64_t>>(collector, Expect{2000}, 20s);
  ASSERT_EQ(got.size(), 2000u);
  for (std::int64_t i = 0; i < 2000; ++i) ASSERT_EQ(got[static_cast<std::size_t>(i)], i);
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
  if (tcp()) {
    const auto pid = ask<std::int64_t>(child, std::int64_t{0});
    ASSERT_NE(pid, getpid());
    ASSERT_EQ(kill(static_cast<pid_t>(pid), SIGKILL), 0);
  } else {
    sim::Simulation::of(system()).kill(child);
  }
  EXPECT_EQ(listen<std::string>(), "exited " + child.to_string());
  EXPECT_FALSE(system().listen(500ms)) << "exactly once";
}

}  // namespace
}  // namespace thespis::conformance
