// Transient actors (transient.hpp) on the simulation, as protocol traces: the virtual moments at
// which the actor's timer fires and it sends itself ActorExitRequest, what counts as activity,
// and that the exit is an ordinary one (its handler runs, children are told, later messages are
// dead letters).
#include <gtest/gtest.h>

#include <thespis/transient.hpp>

#include "support/protocol_fixture.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::ActorExitRequest;
using thespis::WakeupMessage;
using thespis::testing::ProtocolTrace;

namespace transient_test {

struct TransientJob {
  std::string name;
};
THESPIS_MESSAGE(TransientJob, name)

struct TransientDone {
  std::string name;
};
THESPIS_MESSAGE(TransientDone, name)

/// A child that only exits when told.
class TransientTestChild : public thespis::Actor {};
THESPIS_ACTOR(TransientTestChild)

/// An ordinary actor: answers each job; "nap" sets a wakeup of its own, answered when it fires;
/// "spawn" creates a child and answers with its address. Its exit handler says "bye" to whoever
/// sent the last job.
class TransientTestWorker : public thespis::Actor {
 public:
  TransientTestWorker() {
    on<TransientJob>([this](const TransientJob& job, const ActorAddress& from) {
      asker_ = from;
      if (job.name == "nap") wakeup_after(500ms, std::string("own"));
      if (job.name == "spawn") send(from, create_actor<TransientTestChild>());
      send(from, TransientDone{job.name});
    });
    on<WakeupMessage>([this](const WakeupMessage& wakeup) {
      send(asker_, TransientDone{"woke " + wakeup.payload.get<std::string>()});
    });
    on<ActorExitRequest>([this](const ActorExitRequest&) { send(asker_, std::string("bye")); });
  }

 private:
  ActorAddress asker_;
};
THESPIS_ACTOR(TransientTestWorker)

using TransientTestTemp =
    thespis::Transient<TransientTestWorker, thespis::exit_after_first_message(2s)>;
THESPIS_ACTOR(TransientTestTemp)
using TransientTestBored = thespis::Transient<TransientTestWorker, thespis::exit_when_idle_for(1s)>;
THESPIS_ACTOR(TransientTestBored)

class TransientDeadLetters : public thespis::Actor {
 public:
  TransientDeadLetters() { handle_dead_letters(); }
};
THESPIS_ACTOR(TransientDeadLetters)

/// The timer of a transient actor: a wakeup from itself whose payload only its wrapper knows.
bool own_timer(const WakeupMessage& wakeup) {
  return wakeup.payload.is<thespis::detail::TransientTimer>();
}

struct World {
  ProtocolTrace trace;
  ActorAddress me = trace.system().address();
  void send_at(std::chrono::nanoseconds at, const ActorAddress& to, thespis::Message message) {
    trace.sim().run_for(at - trace.sim().now());
    trace.sim().send(me, to, std::move(message));
  }
};

}  // namespace transient_test

using namespace transient_test;

TEST(Transient, ExitsTheDelayAfterItsFirstMessageNotAfterItsLast) {
  World w;
  const ActorAddress temp = w.trace.system().create_actor<TransientTestTemp>();
  w.send_at(5s, temp, TransientJob{"a"});  // the clock starts here, not at creation
  w.send_at(6s, temp, TransientJob{"b"});  // and later messages do not move it
  w.trace.sim().run_until_quiescent();
  auto& t = w.trace;
  t.expect<TransientJob>().at(5s).from(w.me).to(temp);
  t.expect<TransientDone>().with(TransientDone{"a"}).at(5s).to(w.me);
  t.expect<TransientJob>().at(6s).from(w.me).to(temp);
  t.expect<TransientDone>().with(TransientDone{"b"}).at(6s).to(w.me);
  t.expect<WakeupMessage>().with(own_timer, "its own timer").at(7s).from(temp).to(temp);
  t.expect<ActorExitRequest>().with(ActorExitRequest{false}).at(7s).from(temp).to(temp);
  t.expect<std::string>().with(std::string("bye")).at(7s).from(temp).to(w.me);
  t.expect_nothing_more();
  EXPECT_EQ(t.sim().actor_at(temp), nullptr);
}

TEST(Transient, ATransientActorThatIsNeverToldAnythingStays) {
  World w;
  const ActorAddress temp = w.trace.system().create_actor<TransientTestTemp>();
  const ActorAddress bored = w.trace.system().create_actor<TransientTestBored>();
  w.trace.sim().run_for(24h);
  EXPECT_NE(w.trace.sim().actor_at(temp), nullptr);
  EXPECT_NE(w.trace.sim().actor_at(bored), nullptr);
  w.trace.expect_nothing_more();
}

TEST(TransientIdle, EachMessageRestartsTheIdleClock) {
  World w;
  const ActorAddress bored = w.trace.system().create_actor<TransientTestBored>();
  w.send_at(0ms, bored, TransientJob{"a"});
  w.send_at(800ms, bored, TransientJob{"b"});
  w.send_at(1600ms, bored, TransientJob{"c"});
  w.trace.sim().run_until_quiescent();
  auto& t = w.trace;
  t.expect<TransientJob>().at(0ms).to(bored);
  t.expect<TransientJob>().at(800ms).to(bored);
  // Its timer, set at the first message for 1 s, finds the deadline moved to 1.8 s, then 2.6 s.
  t.expect<WakeupMessage>().with(own_timer, "its own timer").at(1000ms).from(bored).to(bored);
  t.expect<TransientJob>().at(1600ms).to(bored);
  t.expect<WakeupMessage>().with(own_timer, "its own timer").at(1800ms).from(bored).to(bored);
  t.expect<WakeupMessage>().with(own_timer, "its own timer").at(2600ms).from(bored).to(bored);
  t.expect<ActorExitRequest>().at(2600ms).from(bored).to(bored);
  t.expect<std::string>().with(std::string("bye")).at(2600ms).to(w.me);
  EXPECT_EQ(t.sim().actor_at(bored), nullptr);
}

TEST(TransientIdle, ItsOwnWakeupsReachItAndDoNotKeepItAlive) {
  World w;
  const ActorAddress bored = w.trace.system().create_actor<TransientTestBored>();
  w.send_at(0ms, bored, TransientJob{"nap"});
  w.trace.sim().run_until_quiescent();
  auto& t = w.trace;
  t.expect<TransientJob>().at(0ms).to(bored);
  t.expect<WakeupMessage>()
      .with([](const WakeupMessage& m) { return m.payload == thespis::Message("own"); },
            "its user's wakeup")
      .at(500ms)
      .from(bored)
      .to(bored);
  t.expect<TransientDone>().with(TransientDone{"woke own"}).at(500ms).to(w.me);
  t.expect<WakeupMessage>().with(own_timer, "its own timer").at(1000ms).from(bored).to(bored);
  t.expect<ActorExitRequest>().at(1000ms).from(bored).to(bored);
}

TEST(Transient, ItsExitIsAnOrdinaryOneChildrenAreToldAndLaterMessagesAreDeadLetters) {
  World w;
  const ActorAddress letters = w.trace.system().create_actor<TransientDeadLetters>();
  const ActorAddress temp = w.trace.system().create_actor<TransientTestTemp>();
  w.send_at(0ms, temp, TransientJob{"spawn"});
  w.send_at(3s, temp, TransientJob{"too late"});
  w.trace.sim().run_until_quiescent();
  auto& t = w.trace;
  const auto spawned = t.delivered<ActorAddress>(temp, w.me);
  ASSERT_EQ(spawned.size(), 1u);
  const ActorAddress child = spawned.front();
  t.expect<WakeupMessage>().with(own_timer, "its own timer").at(2s).from(temp).to(temp);
  t.expect<ActorExitRequest>().at(2s).from(temp).to(temp);
  t.expect<std::string>().with(std::string("bye")).at(2s).to(w.me);
  // Semantics 6: a child still live when its parent has stopped is asked to exit.
  t.expect<ActorExitRequest>().with(ActorExitRequest{false}).at(2s).from(temp).to(child);
  EXPECT_EQ(t.sim().actor_at(child), nullptr);
  t.expect<thespis::DeadEnvelope>()
      .with([](const thespis::DeadEnvelope& d) { return d.message.is<TransientJob>(); },
            "the late job")
      .at(3s)
      .to(letters);
}
