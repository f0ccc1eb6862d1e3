// Semantics 1, 2, 3 and 5: one message at a time, messages are values, FIFO per pair,
// retry once then PoisonMessage.
#include <gtest/gtest.h>

#include "support/protocol_fixture.hpp"
#include "support/sim_support.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::Message;
using thespis::testing::ask_for;
using thespis::testing::ProtocolTrace;
using thespis::testing::sim_options;

namespace messaging_test {

struct SendNumbers {
  ActorAddress target;
  std::int64_t count = 0;
};
THESPIS_MESSAGE(SendNumbers, target, count)

/// On SendNumbers, sends 0..count-1 to the target (itself included); what arrives, the trace
/// shows.
class NumberSender : public thespis::Actor {
 public:
  NumberSender() {
    on<SendNumbers>([this](const SendNumbers& s) {
      for (std::int64_t i = 0; i < s.count; ++i) send(s.target, i);
    });
  }
};
THESPIS_ACTOR(NumberSender)

/// Receives the numbers and does nothing with them.
class NumberSink : public thespis::Actor {};
THESPIS_ACTOR(NumberSink)

std::vector<std::int64_t> iota(std::int64_t n) {
  std::vector<std::int64_t> v(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = i;
  return v;
}

/// Fails on "flaky" the first time only; answers how often it ran.
class Flaky : public thespis::Actor {
 public:
  Flaky() {
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      if (text == "count") {
        send(from, runs_);
        return;
      }
      ++runs_;
      if (runs_ == 1) throw std::runtime_error("first attempt fails");
      send(from, runs_);
    });
  }

 private:
  std::int64_t runs_ = 0;
};
THESPIS_ACTOR(Flaky)

/// Always fails on "boom"; answers anything else with "alive".
class AlwaysFails : public thespis::Actor {
 public:
  AlwaysFails() {
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      if (text == "boom") {
        ++attempts_;
        throw std::runtime_error("kaboom #" + std::to_string(attempts_));
      }
      if (text == "attempts") {
        send(from, attempts_);
      } else {
        send(from, "alive");
      }
    });
  }

 private:
  std::int64_t attempts_ = 0;
};
THESPIS_ACTOR(AlwaysFails)

/// Sends "boom" to a failing actor; its own PoisonMessage handler throws, which must not
/// produce poison for poison.
class PoisonTaker : public thespis::Actor {
 public:
  PoisonTaker() {
    on<ActorAddress>([this](const ActorAddress& victim) { send(victim, "boom"); });
    on<thespis::PoisonMessage>([](const thespis::PoisonMessage&) {
      throw std::runtime_error("poison handler fails too");
    });
  }
};
THESPIS_ACTOR(PoisonTaker)

/// Answers with the address of the value it received, to tell copies from shared objects.
class ValueIdentity : public thespis::Actor {
 public:
  void receive(const Message& message, const ActorAddress& from) override {
    if (message.is<std::string>()) {
      send(from, static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(message.value())));
    }
  }
};
THESPIS_ACTOR(ValueIdentity)

}  // namespace messaging_test

using namespace messaging_test;

class Seeds : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(Seeds, TwoThousandMessagesFromAToBArriveInOrder) {
  ProtocolTrace trace(GetParam());
  thespis::ActorSystem& system = trace.system();
  const ActorAddress a = system.create_actor<NumberSender>();
  const ActorAddress other = system.create_actor<NumberSender>();
  const ActorAddress b = system.create_actor<NumberSink>();
  system.tell(a, SendNumbers{b, 2000});
  system.tell(other, SendNumbers{b, 500});  // interleaves with A's messages at B
  trace.sim().run_until_quiescent();
  EXPECT_EQ(trace.delivered<std::int64_t>(a, b), iota(2000));
  EXPECT_EQ(trace.delivered<std::int64_t>(other, b), iota(500));
}

TEST_P(Seeds, SelfSendsArriveInOrder) {
  ProtocolTrace trace(GetParam());
  const ActorAddress a = trace.system().create_actor<NumberSender>();
  trace.inject(SendNumbers{a, 300}).to(a);
  EXPECT_EQ(trace.delivered<std::int64_t>(a, a), iota(300));
  EXPECT_EQ(trace.delivered<std::int64_t>(std::nullopt, a), iota(300)) << "and nothing else";
}

INSTANTIATE_TEST_SUITE_P(Sim, Seeds, ::testing::Values(1, 2, 3, 42, 1234567));

TEST(Retry, HandlerFailingOnceAnswersNormallyAfterRunningTwiceOnTheSameInstance) {
  thespis::ActorSystem system("sim", sim_options());
  const ActorAddress flaky = system.create_actor<Flaky>();
  // The reply carries the run count: 2 means the retry saw the state left by the first run.
  EXPECT_EQ(ask_for<std::int64_t>(system, flaky, "flaky"), 2);
  EXPECT_EQ(ask_for<std::int64_t>(system, flaky, "count"), 2);
}

TEST(Poison, HandlerAlwaysFailingYieldsExactlyOnePoisonMessageWithTheExceptionText) {
  thespis::ActorSystem system("sim", sim_options());
  const ActorAddress victim = system.create_actor<AlwaysFails>();
  const std::optional<Message> reply = system.ask(victim, "boom", 1s);
  ASSERT_TRUE(reply && reply->is<thespis::PoisonMessage>());
  const auto& poison = reply->get<thespis::PoisonMessage>();
  EXPECT_EQ(poison.original, Message("boom"));
  EXPECT_NE(poison.details.find("kaboom #2"), std::string::npos) << poison.details;
  EXPECT_FALSE(system.listen(1s)) << "a second PoisonMessage arrived";
  EXPECT_EQ(ask_for<std::int64_t>(system, victim, "attempts"), 2);
  EXPECT_EQ(ask_for<std::string>(system, victim, "still there?"), "alive");
}

TEST(Poison, ReachesTheSendingActorAndIsNeverSentForPoison) {
  ProtocolTrace trace;
  const ActorAddress victim = trace.system().create_actor<AlwaysFails>();
  const ActorAddress taker = trace.system().create_actor<PoisonTaker>();
  trace.inject(victim).to(taker);
  // The taker's poison handler throws twice; no PoisonMessage goes back for a PoisonMessage.
  trace.disallow<thespis::PoisonMessage>().to(victim);
  trace.expect<std::string>().with("boom").from(taker).to(victim);
  trace.expect<thespis::PoisonMessage>()
      .with(
          [](const thespis::PoisonMessage& p) {
            return p.details.find("kaboom #2") != p.details.npos;
          },
          "whose details name kaboom #2")
      .from(victim)
      .to(taker);
  trace.disallow<thespis::PoisonMessage>().to(taker);  // exactly one
  // How often the handler ran is the victim's own state, never a message: ask it.
  EXPECT_EQ(ask_for<std::int64_t>(trace.system(), victim, "attempts"), 2);
}

TEST(WireCodec, OnByDefaultTheReceiverGetsItsOwnCopy) {
  const Message text = std::string(64, 'x');
  const auto sent_at = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(text.value()));
  {
    thespis::ActorSystem system("sim", sim_options());
    const ActorAddress id = system.create_actor<ValueIdentity>();
    EXPECT_NE(ask_for<std::uint64_t>(system, id, text), sent_at);
  }
  {
    thespis::ActorSystem system("sim", sim_options(1, /*codec=*/false));
    const ActorAddress id = system.create_actor<ValueIdentity>();
    EXPECT_EQ(ask_for<std::uint64_t>(system, id, text), sent_at);
  }
}
