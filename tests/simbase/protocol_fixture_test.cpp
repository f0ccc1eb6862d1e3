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

struct FixturePing {
  std::string payload;
};
THESPIS_MESSAGE(FixturePing, payload)

struct FixturePong {
  std::string payload;
  friend bool operator==(const FixturePong&, const FixturePong&) = default;
};
THESPIS_MESSAGE(FixturePong, payload)

/// Answers each FixturePing with a FixturePong of the same payload.
class FixtureEcho : public thespis::Actor {
 public:
  FixtureEcho() {
    on<FixturePing>([this](const FixturePing& p, const ActorAddress& from) {
      send(from, FixturePong{p.payload});
    });
  }
};
THESPIS_ACTOR(FixtureEcho)

/// Pings the echo it is given with "one", and with "two" once "one" is answered.
class FixtureClient : public thespis::Actor {
 public:
  FixtureClient() {
    on<ActorAddress>([this](const ActorAddress& echo) { send(echo, FixturePing{"one"}); });
    on<FixturePong>([this](const FixturePong& p, const ActorAddress& echo) {
      if (p.payload == "one") send(echo, FixturePing{"two"});
    });
  }
};
THESPIS_ACTOR(FixtureClient)

/// A world of an echo and a client that has pinged it twice.
struct PingedTwice {
  ProtocolTrace trace;
  ActorAddress echo = trace.system().create_actor<FixtureEcho>();
  ActorAddress client = trace.system().create_actor<FixtureClient>();
  PingedTwice() { trace.inject(echo).to(client); }
};

}  // namespace protocol_fixture_test

using namespace protocol_fixture_test;

TEST(ProtocolTrace, PassesOnTheTraceOfTheProtocol) {
  PingedTwice w;
  auto& trace = w.trace;
  trace.expect<ActorAddress>().from(trace.system().address()).to(w.client);
  trace.expect<FixturePing>().with(FixturePing{"one"}).from(w.client).to(w.echo);
  trace.expect<FixturePong>().with(FixturePong{"one"}).from(w.echo).to(w.client);
  trace.expect<FixturePing>().with(FixturePing{"two"}).from(w.client).to(w.echo);
  trace.expect<FixturePong>()
      .with([](const FixturePong& p) { return p.payload == "two"; })
      .to(w.client);
  trace.disallow<FixturePong>().to(w.client);
  trace.expect_nothing_more();
}

TEST(ProtocolTrace, FailsOnAWrongType) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.expect<FixturePong>().from(w.client).to(w.echo),
                          "expected FixturePong from " + w.client.to_string());
}

TEST(ProtocolTrace, FailsOnAWrongSender) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.expect<FixturePing>().from(w.echo).to(w.echo),
                          "but nothing more came");
}

TEST(ProtocolTrace, FailsOnAWrongValue) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.expect<FixturePing>().with(FixturePing{"two"}).to(w.echo),
                          "FixturePing{payload: \"one\"}");
}

TEST(ProtocolTrace, FailsOnAWrongOrderOnOneChannel) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(
      w.trace.expect<FixturePing>().with(FixturePing{"two"}).from(w.client).to(w.echo),
      "but the next on that channel is");
}

TEST(ProtocolTrace, FailsOnAWrongOrderAcrossChannels) {
  PingedTwice w;
  // FixturePong "one" reached the client before FixturePing "two" reached the echo: stating it
  // after fails.
  w.trace.expect<FixturePing>().with(FixturePing{"one"}).to(w.echo);
  w.trace.expect<FixturePing>().with(FixturePing{"two"}).to(w.echo);
  EXPECT_NONFATAL_FAILURE(
      w.trace.expect<FixturePong>().with(FixturePong{"one"}).from(w.echo).to(w.client),
      "FixturePong{payload: \"two\"}");
}

TEST(ProtocolTrace, FailsOnAWrongTime) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.expect<FixturePing>().at(1ms).to(w.echo), "at 1000000ns");
}

TEST(ProtocolTrace, FailsOutsideATimeWindow) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.expect<FixturePing>().not_before(1ms).to(w.echo),
                          "not before 1000000ns");
  PingedTwice v;
  v.trace.sim().run_for(5ms);
  v.trace.inject(FixturePing{"late"}).from(v.client).to(v.echo);
  v.trace.expect<FixturePing>().with(FixturePing{"one"}).not_after(0ms).to(v.echo);
  v.trace.expect<FixturePing>().with(FixturePing{"two"}).not_after(0ms).to(v.echo);
  EXPECT_NONFATAL_FAILURE(v.trace.expect<FixturePing>().not_after(4ms).to(v.echo),
                          "not after 4000000ns");
}

TEST(ProtocolTrace, DisallowFailsWhenTheMessageCame) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(w.trace.disallow<FixturePong>().with(FixturePong{"two"}).to(w.client),
                          "disallowed FixturePong == FixturePong{payload: \"two\"}");
}

TEST(ProtocolTrace, ExpectNothingMoreFailsWhileDeliveriesRemain) {
  PingedTwice w;
  w.trace.expect<FixturePing>().to(w.echo);
  EXPECT_NONFATAL_FAILURE(w.trace.expect_nothing_more(), "expected nothing more");
}

TEST(ProtocolTrace, AFailureShowsTheTraceAroundTheCursor) {
  PingedTwice w;
  w.trace.expect<FixturePing>().to(w.echo);
  EXPECT_NONFATAL_FAILURE(w.trace.expect<FixturePing>().with(FixturePing{"one"}).to(w.echo),
                          ">> 0.000000ms #");
}

TEST(ProtocolTrace, AfterTheFirstFailureLaterExpectationsAreNotChecked) {
  PingedTwice w;
  EXPECT_NONFATAL_FAILURE(
      {
        w.trace.expect<FixturePong>().to(w.echo);
        w.trace.expect<FixturePong>().to(w.echo);
      },
      "expected FixturePong");  // exactly one failure: the macro fails on two
}

TEST(ProtocolTrace, RepliesToAnEndpointAreItsSendsAndFilteredOnesDoNotCount) {
  ProtocolTrace trace;
  const ActorAddress echo = trace.system().create_actor<FixtureEcho>();
  trace.inject(FixturePing{"x"}).to(echo);
  trace.inject(thespis::ActorExitRequest{}).to(echo);  // its ChildActorExited is filtered
  trace.expect<FixturePong>().with(FixturePong{"x"}).from(echo).to(trace.system().address());
  trace.disallow<thespis::ChildActorExited>().to(trace.system().address());
  trace.expect<thespis::ActorExitRequest>().to(echo);
  trace.expect_nothing_more();
}

TEST(ProtocolTrace, InjectSendsAsAnyActorAndDeliversInOrder) {
  ProtocolTrace trace;
  const ActorAddress echo = trace.system().create_actor<FixtureEcho>();
  const ActorAddress client = trace.system().create_actor<FixtureClient>();
  trace.inject(FixturePing{"as the client"}).from(client).to(echo);
  trace.expect<FixturePing>().from(client).to(echo);
  trace.expect<FixturePong>().with(FixturePong{"as the client"}).from(echo).to(client);
  EXPECT_EQ(trace.delivered<FixturePong>(std::nullopt, client), std::vector<FixturePong>{});
  EXPECT_THROW(trace.sim().send(ActorAddress(99, 1), echo, FixturePing{}), thespis::Error);
}

TEST(ProtocolTrace, RewindStatesAnotherChannelFromTheStart) {
  PingedTwice w;
  w.trace.expect<FixturePong>().with(FixturePong{"one"}).from(w.echo).to(w.client);
  w.trace.expect<FixturePong>().with(FixturePong{"two"}).from(w.echo).to(w.client);
  w.trace.rewind();
  w.trace.expect<FixturePing>().with(FixturePing{"one"}).to(w.echo);
  EXPECT_EQ(w.trace.cursor(), 8u);
}

TEST(ProtocolTrace, DeliveredListsTheValuesOfAChannelAfterTheCursor) {
  PingedTwice w;
  EXPECT_EQ(w.trace.delivered<FixturePong>(w.echo, w.client),
            (std::vector<FixturePong>{FixturePong{"one"}, FixturePong{"two"}}));
  w.trace.expect<FixturePong>().from(w.echo).to(w.client);
  EXPECT_EQ(w.trace.delivered<FixturePong>(std::nullopt, w.client),
            std::vector<FixturePong>{FixturePong{"two"}});
}
