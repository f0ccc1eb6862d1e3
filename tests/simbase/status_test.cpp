// Status (actor_status.hpp): the runtime answers ActorStatusRequest for any actor with what it
// knows of it (children, pending wakeups, mailbox, counters), never the actor's handlers.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/actor_status.hpp>
#include <thespis/error.hpp>
#include <thespis/init_messages.hpp>
#include <thespis/thespis.hpp>

#include "support/protocol_fixture.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::ActorStatusReport;
using thespis::ActorStatusRequest;
using thespis::Message;
using thespis::testing::ProtocolTrace;

namespace status_test {

class Leaf : public thespis::Actor {};
THESPIS_ACTOR(Leaf)

/// "family": two children and a wakeup an hour away; "flaky": throws on its first attempt only;
/// "broken": throws always. Counts what its receive() sees, so that a test can tell that the
/// status request never reached it.
class Family : public thespis::Actor {
 public:
  Family() {
    on<std::string>([this](const std::string& order, const ActorAddress&) {
      ++seen_;
      if (order == "family") {
        create_actor<Leaf>();
        create_actor<Leaf>();
        wakeup_after(1h);
      } else if (order == "flaky" && flaky_attempts_++ == 0) {
        throw thespis::Error("first attempt fails");
      } else if (order == "broken") {
        throw thespis::Error("always fails");
      }
    });
    on<ActorStatusRequest>([this](const ActorStatusRequest&) { ++seen_; });
  }
  std::int64_t seen() const { return seen_; }

 private:
  std::int64_t seen_ = 0;
  std::int64_t flaky_attempts_ = 0;
};
THESPIS_ACTOR(Family)

/// Holds every word until it is sent an address; once released, "flaky" throws on its first
/// attempt only and "broken" always.
class HoldsUntilAddressed : public thespis::InitialisingActor<ActorAddress> {
 public:
  HoldsUntilAddressed() {
    on<std::string>([this](const std::string& word) {
      if (word == "flaky" && flaky_attempts_++ == 0) throw thespis::Error("first attempt fails");
      if (word == "broken") throw thespis::Error("always fails");
    });
  }

 private:
  std::int64_t flaky_attempts_ = 0;
};
THESPIS_ACTOR(HoldsUntilAddressed)

/// Asked to probe a target: sends it two words, the status request, and a third word in one
/// handler, so that the third waits in the target's mailbox when the request is answered.
struct Probe {
  ActorAddress target;
};
THESPIS_MESSAGE(Probe, target)

class Prober : public thespis::Actor {
 public:
  Prober() {
    on<Probe>([this](const Probe& probe, const ActorAddress& from) {
      client_ = from;
      send(probe.target, std::string("one"));
      send(probe.target, std::string("two"));
      send(probe.target, ActorStatusRequest{});
      send(probe.target, std::string("three"));
    });
    on<ActorStatusReport>([this](const ActorStatusReport& report) { send(client_, report); });
  }

 private:
  ActorAddress client_;
};
THESPIS_ACTOR(Prober)

ActorStatusReport status_of(ProtocolTrace& trace, const ActorAddress& actor) {
  const auto reply = trace.system().ask(actor, ActorStatusRequest{}, 1s);
  if (!reply) throw thespis::Error("no status report");
  return reply->get<ActorStatusReport>();
}

}  // namespace status_test

using namespace status_test;

TEST(Status, TheRuntimeAnswersWithTwoChildrenAndOnePendingWakeup) {
  ProtocolTrace trace;
  const ActorAddress me = trace.system().address();
  const ActorAddress family = trace.system().create_actor<Family>();
  trace.system().tell(family, std::string("family"));
  trace.sim().run_for(1s);  // the wakeup is an hour away
  const ActorStatusReport report = status_of(trace, family);

  EXPECT_EQ(report.address, family);
  EXPECT_EQ(report.type_name, "Family");
  EXPECT_EQ(report.global_name, "");
  ASSERT_EQ(report.children.size(), 2u);
  EXPECT_NE(report.children[0], report.children[1]);
  EXPECT_EQ(report.pending_wakeups, 1);
  EXPECT_EQ(report.mailbox_length, 0);
  EXPECT_EQ(report.messages_handled, 1) << "only the \"family\" order reached the handler";
  EXPECT_EQ(report.retries, 0);
  EXPECT_EQ(report.poison_sent, 0);
  trace.expect<std::string>().from(me).to(family);
  trace.expect<ActorStatusRequest>().from(me).to(family);
  trace.expect<ActorStatusReport>().from(family).to(me);
  trace.sim().for_each_actor("Family", [](const ActorAddress&, thespis::Actor& actor) {
    EXPECT_EQ(dynamic_cast<Family&>(actor).seen(), 1) << "the handler never saw the request";
  });
}

TEST(Status, AFiredWakeupAndAStoppedChildNoLongerCount) {
  ProtocolTrace trace;
  const ActorAddress family = trace.system().create_actor<Family>();
  trace.system().tell(family, std::string("family"));
  trace.sim().run_for(1s);
  const ActorAddress first = status_of(trace, family).children.at(0);
  trace.inject(thespis::ActorExitRequest{}).to(first);  // runs until quiet: the wakeup fires

  const ActorStatusReport report = status_of(trace, family);
  ASSERT_EQ(report.children.size(), 1u);
  EXPECT_NE(report.children[0], first);
  EXPECT_EQ(report.pending_wakeups, 0);
  // "family", the child's ChildActorExited and the wakeup reached the handler.
  EXPECT_EQ(report.messages_handled, 3);
}

TEST(Status, CountsMessagesRetriesAndPoisonAfterAFlakyHandler) {
  ProtocolTrace trace;
  const ActorAddress me = trace.system().address();
  const ActorAddress family = trace.system().create_actor<Family>();
  trace.inject(std::string("flaky")).to(family);   // fails once, retried, succeeds
  trace.inject(std::string("broken")).to(family);  // fails twice: poison to me
  trace.inject(std::string("fine")).to(family);

  trace.expect<std::string>().with("flaky").from(me).to(family);
  trace.expect<std::string>().with("broken").from(me).to(family);
  trace.expect<thespis::PoisonMessage>().from(family).to(me);
  const ActorStatusReport report = status_of(trace, family);
  EXPECT_EQ(report.messages_handled, 3);
  EXPECT_EQ(report.retries, 2) << "one for flaky, one for broken";
  EXPECT_EQ(report.poison_sent, 1);
}

// Held messages are counted once, when they arrive; their retries and poison when the address
// releases them, within its delivery, as the runtime counts any other delivery's.
TEST(Status, CountsTheRetriesAndPoisonOfReleasedHeldMessages) {
  ProtocolTrace trace;
  const ActorAddress me = trace.system().address();
  const ActorAddress holder = trace.system().create_actor<HoldsUntilAddressed>();
  trace.inject(std::string("flaky")).to(holder);   // held; released: fails once, succeeds
  trace.inject(std::string("broken")).to(holder);  // held; released: fails twice, poison to me
  trace.inject(std::string("fine")).to(holder);    // held
  trace.inject(me).to(holder);                     // releases the three

  trace.expect<std::string>().with("flaky").from(me).to(holder);
  trace.expect<std::string>().with("broken").from(me).to(holder);
  trace.expect<std::string>().with("fine").from(me).to(holder);
  trace.expect<ActorAddress>().from(me).to(holder);
  trace.expect<thespis::PoisonMessage>().from(holder).to(me);
  const ActorStatusReport report = status_of(trace, holder);
  EXPECT_EQ(report.messages_handled, 4) << "each held word once, and the address";
  EXPECT_EQ(report.retries, 2) << "one for flaky, one for broken, after their release";
  EXPECT_EQ(report.poison_sent, 1) << "for broken, after its release";
}

TEST(Status, AnActorAsksAndTheReportSaysWhatWaitsBehindTheRequest) {
  ProtocolTrace trace;
  const ActorAddress me = trace.system().address();
  const ActorAddress family = trace.system().create_actor<Family>();
  const ActorAddress prober = trace.system().create_actor<Prober>();
  trace.inject(Probe{family}).to(prober);

  trace.expect<Probe>().from(me).to(prober);
  trace.expect<std::string>().with("one").from(prober).to(family);
  trace.expect<std::string>().with("two").from(prober).to(family);
  trace.expect<ActorStatusRequest>().from(prober).to(family);
  trace.expect<std::string>().with("three").from(prober).to(family);
  trace.expect<ActorStatusReport>()
      .with(
          [&](const ActorStatusReport& r) {
            return r.address == family && r.mailbox_length == 1 && r.messages_handled == 2;
          },
          "from the family, \"three\" waiting, two handled")
      .from(family)
      .to(prober);
  trace.expect<ActorStatusReport>().from(prober).to(me);
}

TEST(Status, ANamedActorReportsItsNameAndIsNoChildOfItsCreator) {
  ProtocolTrace trace;
  thespis::CreateOptions options;
  options.global_name = "registry";
  const ActorAddress named = trace.system().create_actor("Family", options);
  const ActorStatusReport report = status_of(trace, named);
  EXPECT_EQ(report.global_name, "registry");
  EXPECT_EQ(report.type_name, "Family");
}
