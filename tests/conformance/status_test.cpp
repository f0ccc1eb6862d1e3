// Status (core/include/thespis/actor_status.hpp) on every base: the actor's runtime answers
// ActorStatusRequest with the same report, field for field, whether the actor is a record of the
// simulation or a process of its own; the actor's handlers never see the request.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/actor_status.hpp>
#include <thespis/thespis.hpp>

#include "conformance/conformance_fixture.hpp"

using namespace std::chrono_literals;

namespace thespis::conformance {
namespace {

class StatusLeaf : public Actor {};
THESPIS_ACTOR(StatusLeaf)

/// "family": two children and a wakeup an hour away; "flaky": throws on its first attempt only;
/// "broken": throws always; "seen": answers how many messages its handlers saw (a status request
/// among them would be one too many).
class StatusFamily : public Actor {
 public:
  StatusFamily() {
    on<std::string>([this](const std::string& order, const ActorAddress& from) {
      ++seen_;
      if (order == "family") {
        create_actor<StatusLeaf>();
        create_actor<StatusLeaf>();
        wakeup_after(1h);
      } else if (order == "flaky" && flaky_attempts_++ == 0) {
        throw Error("first attempt fails");
      } else if (order == "broken") {
        throw Error("always fails");
      } else if (order == "seen") {
        send(from, seen_);
      }
    });
    on<ActorStatusRequest>([this](const ActorStatusRequest&) { ++seen_; });
  }

 private:
  std::int64_t seen_ = 0;
  std::int64_t flaky_attempts_ = 0;
};
THESPIS_ACTOR(StatusFamily)

class StatusConformance : public Conformance {
 protected:
  ActorStatusReport status_of(const ActorAddress& actor) {
    return ask<ActorStatusReport>(actor, ActorStatusRequest{}, 10s);
  }

  /// Asks until `done(report)` holds or 30 s of real time pass; returns the last report. (On
  /// the real bases the orders sent before may still be on their way or being handled.)
  template <class Done>
  ActorStatusReport status_once(const ActorAddress& actor, Done done) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    ActorStatusReport report = status_of(actor);
    while (!done(report) && std::chrono::steady_clock::now() < deadline) {
      report = status_of(actor);
    }
    return report;
  }
};

INSTANTIATE_TEST_SUITE_P(Bases, StatusConformance, configurations, configuration_name);

TEST_P(StatusConformance, StatusListsTwoChildrenAndOnePendingWakeup) {
  const ActorAddress family = system().create_actor<StatusFamily>();
  system().tell(family, std::string("family"));
  const ActorStatusReport report =
      status_once(family, [](const ActorStatusReport& r) { return r.messages_handled == 1; });

  EXPECT_EQ(report.address, family);
  EXPECT_EQ(report.type_name, "StatusFamily");
  EXPECT_EQ(report.global_name, "");
  ASSERT_EQ(report.children.size(), 2u);
  EXPECT_NE(report.children[0], report.children[1]);
  EXPECT_EQ(report.pending_wakeups, 1);
  EXPECT_EQ(report.mailbox_length, 0);
  EXPECT_EQ(report.messages_handled, 1);
  EXPECT_EQ(report.retries, 0);
  EXPECT_EQ(report.poison_sent, 0);
  // The children are live actors of their own, which answer too.
  const ActorStatusReport child = status_of(report.children[0]);
  EXPECT_EQ(child.type_name, "StatusLeaf");
  EXPECT_TRUE(child.children.empty());
  // The requests were answered by the runtime: the handler saw "family" and "seen" only.
  EXPECT_EQ(ask<std::int64_t>(family, std::string("seen")), 2);
}

TEST_P(StatusConformance, CountsMessagesRetriesAndPoisonAfterAFlakyHandler) {
  const ActorAddress family = system().create_actor<StatusFamily>();
  system().tell(family, std::string("flaky"));   // fails once, retried, succeeds
  system().tell(family, std::string("broken"));  // fails twice: poison to this endpoint
  system().tell(family, std::string("fine"));
  const PoisonMessage poison = listen<PoisonMessage>(10s);
  EXPECT_EQ(poison.original, Message(std::string("broken")));
  const ActorStatusReport report =
      status_once(family, [](const ActorStatusReport& r) { return r.messages_handled == 3; });

  EXPECT_EQ(report.messages_handled, 3);
  EXPECT_EQ(report.retries, 2) << "one for flaky, one for broken";
  EXPECT_EQ(report.poison_sent, 1);
  EXPECT_TRUE(report.children.empty());
  EXPECT_EQ(report.pending_wakeups, 0);
}

TEST_P(StatusConformance, ANamedActorReportsItsName) {
  CreateOptions options;
  options.global_name = "status-registry";
  const ActorAddress named = system().create_actor("StatusFamily", options);
  const ActorStatusReport report = status_of(named);
  EXPECT_EQ(report.address, named);
  EXPECT_EQ(report.global_name, "status-registry");
  EXPECT_EQ(report.messages_handled, 0);
}

}  // namespace
}  // namespace thespis::conformance
