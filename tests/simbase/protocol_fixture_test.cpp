// The protocol-trace fixture itself: it passes on the trace a protocol produces, and fails, with
// the trace around the cursor, on a wrong type, sender, value, order or time. A fixture that
// cannot fail would make every test written with it worthless.
#include "support/protocol_fixture.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::testing::ProtocolTrace;

namespace protocol_fixture_test {

struct Ping {
  std::string payload;
};
THESPIS_MESSAGE(Ping, payload)

struct Pong {
  std::string payload;
  friend bool operator==(const Pong&, const Pong&) = default;
};
THESPIS_MESSAGE(Pong, payload)

/// Answers each Ping with a Pong of the same payload.
class Echo : public thespis::Actor {
 public:
  Echo() {
    on<Ping>([this](const Ping& p, const ActorAddress& from) { send(from, Pong{p.payload}); });
  }
};
THESPIS_ACTOR(Echo)

/// Pings the echo it is given with "one", and with "two" once "one" is answered.
class Client : public thespis::Actor {
 public:
  Client() {
    on<ActorAddress>([this](const ActorAddress& echo) { send(echo, Ping{"one"}); });
    on<Pong>([this](const Pong& p, const ActorAddress& echo) {
      if (p.payload == "one") send(echo, Ping{"two"});
    });
  }
};
THESPIS_ACTOR(Client)

/// A world of an echo and a client that has pinged it twice.
struct PingedTwice {
  ProtocolTrace trace;
  ActorAddress echo = trace.system().create_actor<Echo>();
  ActorAddress client = trace.system().create_actor<Client>();
  PingedTwice() { trace.inject(echo).to(client); }
};

}  // namespace protocol_fixture_test

using namespace protocol_fixture_test;

TEST(ProtocolTrace, PassesOnTheTraceOfTheProtocol) {
  PingedTwice w;
  auto& trace = w.trace;
  trace.expect<ActorAddress>().from(trace.system().address()).to(w.client);
  trace.expect<Ping>().with(Ping{"one"}).from(w.client).to(w.echo);
  trace.expect<Pong>().with(Pong{"one"}).from(w.echo).to(w.client);
  trace.expect<Ping>().with(Ping{"two"}).from(w.client).to(w.echo);
  trace.expect<Pong>().with([](const Pong& p) { return p.payload == "two"; }).to(w.client);
  trace.disallow<Pong>().to(w.client);
  trace.expect_nothing_more();
}

TEST(ProtocolTrace, FailsOnAWrongType) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.expect<Pong>().from(w.client).to(w.echo),
                          "expected Pong from " + w.client.to_string());
}

TEST(ProtocolTrace, FailsOnAWrongSender) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.expect<Ping>().from(w.echo).to(w.echo), "but nothing more came");
}

TEST(ProtocolTrace, FailsOnAWrongValue) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.expect<Ping>().with(Ping{"two"}).to(w.echo),
                          "Ping{payload: \"one\"}");
}

TEST(ProtocolTrace, FailsOnAWrongOrderOnOneChannel) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.expect<Ping>().with(Ping{"two"}).from(w.client).to(w.echo),
                          "but the next on that channel is");
}

TEST(ProtocolTrace, FailsOnAWrongOrderAcrossChannels) {
  PingedTwice w;
  // Pong "one" reached the client before Ping "two" reached the echo: stating it after fails.
  w.trace.expect<Ping>().with(Ping{"one"}).to(w.echo);
  w.trace.expect<Ping>().with(Ping{"two"}).to(w.echo);
  EXPECT_NONFATAL_FAILURE(w.trace.expect<Pong>().with(Pong{"one"}).from(w.echo).to(w.client),
                          "Pong{payload: \"two\"}");
}

TEST(ProtocolTrace, FailsOnAWrongTime) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.expect<Ping>().at(1ms).to(w.echo), "at 1000000ns");
}

TEST(ProtocolTrace, FailsOutsideATimeWindow) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.expect<Ping>().not_before(1ms).to(w.echo),
                          "not before 1000000ns");
  PingedTwice v;
  v.trace.sim().run_for(5ms);
  v.trace.inject(Ping{"late"}).from(v.client).to(v.echo);
  v.trace.expect<Ping>().with(Ping{"one"}).not_after(0ms).to(v.echo);
  v.trace.expect<Ping>().with(Ping{"two"}).not_after(0ms).to(v.echo);
  EXPECT_NONFATAL_FAILURE(v.trace.expect<Ping>().not_after(4ms).to(v.echo), "not after 4000000ns");
}

TEST(ProtocolTrace, DisallowFailsWhenTheMessageCame) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.disallow<Pong>().with(Pong{"two"}).to(w.client),
                          "disallowed Pong == Pong{payload: \"two\"}");
}

TEST(ProtocolTrace, ExpectNothingMoreFailsWhileDeliveriesRemain) {
  PingedTwice w;
  w.trace.expect<Ping>().to(w.echo);
  EXPECT_NONFATAL_FAILURE(w.trace.expect_nothing_more(), "expected nothing more");
}

TEST(ProtocolTrace, AFailureShowsTheTraceAroundTheCursor) {
  PingedTwice w;
  w.trace.expect<Ping>().to(w.echo);
  EXPECT_NONFATAL_FAILURE(w.trace.expect<Ping>().with(Ping{"one"}).to(w.echo), ">> 0.000000ms #");
}

TEST(ProtocolTrace, AfterTheFirstFailureLaterExpectationsAreNotChecked) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(
      {
        w.trace.expect<Pong>().to(w.echo);
        w.trace.expect<Pong>().to(w.echo);
      },
      "expected Pong");  // exactly one failure: the macro fails on two
}

TEST(ProtocolTrace, RepliesToAnEndpointAreItsSendsAndFilteredOnesDoNotCount) {
  ProtocolTrace trace;
  const ActorAddress echo = trace.system().create_actor<Echo>();
  trace.inject(Ping{"x"}).to(echo);
  trace.inject(thespis::ActorExitRequest{}).to(echo);  // its ChildActorExited is filtered
  trace.expect<Pong>().with(Pong{"x"}).from(echo).to(trace.system().address());
  trace.disallow<thespis::ChildActorExited>().to(trace.system().address());
  trace.expect<thespis::ActorExitRequest>().to(echo);
  trace.expect_nothing_more();
}

TEST(ProtocolTrace, InjectSendsAsAnyActorAndDeliversInOrder) {
  ProtocolTrace trace;
  const ActorAddress echo = trace.system().create_actor<Echo>();
  const ActorAddress client = trace.system().create_actor<Client>();
  trace.inject(Ping{"as the client"}).from(client).to(echo);
  trace.expect<Ping>().from(client).to(echo);
  trace.expect<Pong>().with(Pong{"as the client"}).from(echo).to(client);
  EXPECT_EQ(trace.delivered<Pong>(std::nullopt, client), std::vector<Pong>{});
  EXPECT_THROW(trace.sim().send(ActorAddress(99, 1), echo, Ping{}), thespis::Error);
}

TEST(ProtocolTrace, RewindStatesAnotherChannelFromTheStart) {
  PingedTwice w;
  w.trace.expect<Pong>().with(Pong{"one"}).from(w.echo).to(w.client);
  w.trace.expect<Pong>().with(Pong{"two"}).from(w.echo).to(w.client);
  w.trace.rewind();
  w.trace.expect<Ping>().with(Ping{"one"}).to(w.echo);
  EXPECT_EQ(w.trace.cursor(), 8u);
}

TEST(ProtocolTrace, DeliveredListsTheValuesOfAChannelAfterTheCursor) {
  PingedTwice w;
  EXPECT_EQ(w.trace.delivered<Pong>(w.echo, w.client),
            (std::vector<Pong>{Pong{"one"}, Pong{"two"}}));
  w.trace.expect<Pong>().from(w.echo).to(w.client);
  EXPECT_EQ(w.trace.delivered<Pong>(std::nullopt, w.client), std::vector<Pong>{Pong{"two"}});
}
