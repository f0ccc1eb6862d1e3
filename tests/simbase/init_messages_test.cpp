// Initialising messages (init_messages.hpp) on the simulation, as protocol traces: what is held
// until the declared messages have arrived, the order it is released in, what is never held,
// the bound, pass-through, and a transient actor that is also initialising.
#include <gtest/gtest.h>

#include <thespis/init_messages.hpp>
#include <thespis/transient.hpp>

#include "support/protocol_fixture.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::ActorExitRequest;
using thespis::PoisonMessage;
using thespis::testing::ProtocolTrace;

namespace init_messages_test {

struct InitConfig {
  std::string prefix;
};
THESPIS_MESSAGE(InitConfig, prefix)

struct InitJob {
  std::string name;
};
THESPIS_MESSAGE(InitJob, name)

struct InitDone {
  std::string text;
};
THESPIS_MESSAGE(InitDone, text)

/// Needs a config and a target address; answers each job to the target with the config's
/// prefix, and says "running" to whoever sent the config once both have arrived.
class InitAssembler : public thespis::InitialisingActor<InitConfig, ActorAddress> {
 public:
  explicit InitAssembler(thespis::InitialisingOptions options = {}) : InitialisingActor(options) {
    on<InitJob>([this](const InitJob& job) {
      send(init<ActorAddress>(), InitDone{init<InitConfig>().prefix + job.name});
    });
    on<ActorExitRequest>(
        [this](const ActorExitRequest&, const ActorAddress& from) { send(from, "stopping"); });
  }
  void on_initialised() override { send(init_sender<InitConfig>(), std::string("running")); }
};
THESPIS_ACTOR(InitAssembler)

class InitAssemblerOfTwo : public InitAssembler {
 public:
  InitAssemblerOfTwo() : InitAssembler({.pass_through = false, .hold_limit = 2}) {}
};
THESPIS_ACTOR(InitAssemblerOfTwo)

/// With pass-through: every message reaches its handler at once; a job says what it knows.
class InitPassThrough : public thespis::InitialisingActor<InitConfig, ActorAddress> {
 public:
  InitPassThrough() : InitialisingActor({.pass_through = true, .hold_limit = 1000}) {
    on<InitJob>([this](const InitJob& job, const ActorAddress& from) {
      send(from, InitDone{(has_init<InitConfig>() ? init<InitConfig>().prefix : "?") + job.name});
    });
    on<InitConfig>([this](const InitConfig&, const ActorAddress& from) { send(from, "config"); });
  }
  void on_initialised() override { send(init_sender<InitConfig>(), std::string("running")); }
};
THESPIS_ACTOR(InitPassThrough)

class InitFailsToStart : public InitAssembler {
 public:
  void on_initialised() override { throw std::runtime_error("no disk"); }
};
THESPIS_ACTOR(InitFailsToStart)

/// Initialising, and transient: it exits 1 s after the first message, initialised or not.
using InitTransient =
    thespis::Transient<InitAssembler, thespis::exit_after_first_message(std::chrono::seconds(1))>;
THESPIS_ACTOR(InitTransient)

struct World {
  ProtocolTrace trace;
  ActorAddress me = trace.system().address();
};

}  // namespace init_messages_test

using namespace init_messages_test;

TEST(InitialisingMessages, OthersAreHeldUntilTheLastArrivesThenReleasedInOrder) {
  World w;
  auto& t = w.trace;
  const ActorAddress a = t.system().create_actor<InitAssembler>();
  t.inject(InitJob{"one"}).to(a);
  t.inject(InitConfig{"x-"}).to(a);
  t.inject(InitJob{"two"}).to(a);
  t.expect<InitJob>().to(a);
  t.expect<InitConfig>().to(a);
  t.expect<InitJob>().to(a);
  t.expect_nothing_more();  // held: no answer yet, not even "running"
  t.sim().run_for(1s);
  t.inject(w.me).to(a);  // the target: the last one it needs
  t.expect<ActorAddress>().at(1s).to(a);
  t.expect<std::string>().with(std::string("running")).at(1s).from(a).to(w.me);
  t.expect<InitDone>().with(InitDone{"x-one"}).at(1s).from(a).to(w.me);
  t.expect<InitDone>().with(InitDone{"x-two"}).at(1s).from(a).to(w.me);
  t.expect_nothing_more();
  t.inject(InitJob{"three"}).to(a);
  t.expect<InitJob>().to(a);
  t.expect<InitDone>().with(InitDone{"x-three"}).from(a).to(w.me);
}

TEST(InitialisingMessages, TheLastOfADeclaredTypeWinsAndLaterOnesGoToTheHandlers) {
  World w;
  auto& t = w.trace;
  const ActorAddress a = t.system().create_actor<InitAssembler>();
  t.inject(InitConfig{"x-"}).to(a);
  t.inject(InitConfig{"y-"}).to(a);
  t.inject(w.me).to(a);
  t.inject(InitConfig{"z-"}).to(a);  // initialised: an ordinary message now (no handler)
  t.inject(InitJob{"job"}).to(a);
  t.expect<std::string>().with(std::string("running")).from(a).to(w.me);
  t.expect<InitDone>().with(InitDone{"y-job"}).from(a).to(w.me);
}

TEST(InitialisingMessages, AnExitRequestIsNeverHeldAndHeldMessagesArePoisoned) {
  World w;
  auto& t = w.trace;
  const ActorAddress a = t.system().create_actor<InitAssembler>();
  t.inject(InitJob{"held"}).to(a);
  t.inject(ActorExitRequest{false}).to(a);
  t.expect<InitJob>().to(a);
  t.expect<ActorExitRequest>().to(a);
  t.expect<PoisonMessage>()
      .with([](const PoisonMessage& p) { return p.original == thespis::Message(InitJob{"held"}); },
            "for the held job")
      .from(a)
      .to(w.me);
  t.expect<std::string>().with(std::string("stopping")).from(a).to(w.me);
  EXPECT_EQ(t.sim().actor_at(a), nullptr);
}

TEST(InitialisingMessages, PastTheBoundTheSenderGetsPoisonAndTheRestIsReleased) {
  World w;
  auto& t = w.trace;
  const ActorAddress a = t.system().create_actor<InitAssemblerOfTwo>();
  for (const char* name : {"1", "2", "3"}) t.inject(InitJob{name}).to(a);
  t.expect<InitJob>().to(a);
  t.expect<InitJob>().to(a);
  t.expect<InitJob>().to(a);
  t.expect<PoisonMessage>()
      .with(
          [](const PoisonMessage& p) {
            return p.original == thespis::Message(InitJob{"3"}) &&
                   p.details.find("holding 2 messages (InitialisingOptions::hold_limit)") !=
                       std::string::npos;
          },
          "for the third job, naming the bound")
      .from(a)
      .to(w.me);
  t.inject(InitConfig{"x-"}).to(a);
  t.inject(w.me).to(a);
  t.expect<std::string>().with(std::string("running")).from(a).to(w.me);
  t.expect<InitDone>().with(InitDone{"x-1"}).from(a).to(w.me);
  t.expect<InitDone>().with(InitDone{"x-2"}).from(a).to(w.me);
  t.expect_nothing_more();
}

TEST(InitialisingMessages, PassThroughHoldsNothing) {
  World w;
  auto& t = w.trace;
  const ActorAddress a = t.system().create_actor<InitPassThrough>();
  t.inject(InitJob{"early"}).to(a);
  t.inject(InitConfig{"x-"}).to(a);
  t.inject(InitJob{"half"}).to(a);
  t.inject(w.me).to(a);
  t.expect<InitDone>().with(InitDone{"?early"}).from(a).to(w.me);
  t.expect<std::string>().with(std::string("config")).from(a).to(w.me);
  t.expect<InitDone>().with(InitDone{"x-half"}).from(a).to(w.me);
  t.expect<std::string>().with(std::string("running")).from(a).to(w.me);
  t.expect_nothing_more();
}

TEST(InitialisingMessages, AFailedOnInitialisedPoisonsTheLastSenderAndStillReleases) {
  World w;
  auto& t = w.trace;
  const ActorAddress a = t.system().create_actor<InitFailsToStart>();
  t.inject(InitJob{"held"}).to(a);
  t.inject(InitConfig{"x-"}).to(a);
  t.inject(w.me).to(a);
  t.expect<InitDone>().with(InitDone{"x-held"}).from(a).to(w.me);
  t.expect<PoisonMessage>()
      .with(
          [](const PoisonMessage& p) {
            return p.original.is<ActorAddress>() && p.details == "on_initialised() threw: no disk";
          },
          "for the target, naming the failure")
      .from(a)
      .to(w.me);
}

TEST(InitialisingMessages, ATransientInitialisingActorExitsOnTimeInitialisedOrNot) {
  World w;
  auto& t = w.trace;
  const ActorAddress a = t.system().create_actor<InitTransient>();
  t.inject(InitJob{"held"}).to(a);  // the first message starts its clock, though it is held
  t.expect<InitJob>().at(0s).to(a);
  t.expect<thespis::WakeupMessage>().at(1s).from(a).to(a);
  t.expect<ActorExitRequest>().at(1s).from(a).to(a);
  t.expect<PoisonMessage>().at(1s).from(a).to(w.me);
  EXPECT_EQ(t.sim().actor_at(a), nullptr);
}
