// Troupes on the simulated base, as protocol traces: who the leader hands each job to, when,
// and what reaches the job's sender. Each test states the messages a broken leader would get
// wrong (a second member for one slot, a reply through the leader, a job lost with its member).
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/troupe.hpp>

#include "support/protocol_fixture.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::testing::ProtocolTrace;

namespace troupe_test {

/// A job: "quick" answers at once; "slow" answers 500 ms later (work in progress meanwhile);
/// "throw" fails; "leave" makes its member exit in the middle of it.
struct Job {
  std::int64_t id = 0;
  std::string kind;
};
THESPIS_MESSAGE(Job, id, kind)

/// A member's answer to a job, straight to the job's sender.
struct Done {
  std::int64_t id = 0;
  ActorAddress member;
  friend bool operator==(const Done&, const Done&) = default;
};
THESPIS_MESSAGE(Done, id, member)

class Worker : public thespis::Troupe<Worker> {
 public:
  Worker() : Troupe(settings()) {
    on<Job>([this](const Job& job, const ActorAddress& from) { start(job, from); });
    on<thespis::WakeupMessage>([this](const thespis::WakeupMessage& wakeup) {
      send(client_, Done{wakeup.payload.get<Job>().id, my_address()});
      mark_work_in_progress(false);
    });
  }

 private:
  void start(const Job& job, const ActorAddress& from) {
    if (job.kind == "throw") throw thespis::Error("job " + std::to_string(job.id) + " fails");
    if (job.kind == "quick") return send(from, Done{job.id, my_address()});
    mark_work_in_progress();
    if (job.kind == "leave") return send(my_address(), thespis::ActorExitRequest{});
    client_ = from;
    wakeup_after(500ms, job);
  }

  static thespis::TroupeSettings settings() {
    thespis::TroupeSettings settings;
    settings.max_count = 3;
    settings.idle_count = 1;
    settings.dismiss_delay = 1s;
    return settings;
  }

  ActorAddress client_;
};
THESPIS_ACTOR(Worker)

/// An update of the settings `edit` sets (the others unchanged).
template <class Edit>
thespis::UpdateTroupeSettings change(Edit edit) {
  thespis::UpdateTroupeSettings update;
  edit(update);
  return update;
}

/// The members `leader` created, in creation order (the trace records every creation).
std::vector<ActorAddress> members_of(const ProtocolTrace& trace, const ActorAddress& leader) {
  std::vector<ActorAddress> members;
  for (const auto& event : trace.events()) {
    if (event.kind == thespis::sim::TraceKind::create && event.other == leader) {
      members.push_back(event.actor);
    }
  }
  return members;
}

auto work(std::uint64_t job, const Job& message, const ActorAddress& sender) {
  return thespis::TroupeWork{job, message, sender};
}

thespis::TroupeStatus status_of(ProtocolTrace& trace, const ActorAddress& troupe) {
  const auto reply = trace.system().ask(troupe, thespis::TroupeStatusQuery{}, 1s);
  if (!reply) throw thespis::Error("the troupe did not answer its status query");
  return reply->get<thespis::TroupeStatus>();
}

}  // namespace troupe_test

using namespace troupe_test;
using thespis::TroupeMemberReady;
using thespis::TroupeWork;

TEST(Troupe, TheLeaderHandsAJobToANewMemberWhoseReplyGoesStraightToTheSender) {
  ProtocolTrace trace;
  const ActorAddress me = trace.system().address();
  const ActorAddress troupe = trace.system().create_actor<Worker>();
  trace.inject(Job{1, "quick"}).to(troupe);

  const auto members = members_of(trace, troupe);
  ASSERT_EQ(members.size(), 1u) << "one job, one member";
  trace.expect<Job>().from(me).to(troupe);
  trace.expect<TroupeWork>().with(work(1, Job{1, "quick"}, me)).from(troupe).to(members[0]);
  trace.expect<Done>().with(Done{1, members[0]}).from(members[0]).to(me);
  trace.expect<TroupeMemberReady>().with(TroupeMemberReady{1}).from(members[0]).to(troupe);
  trace.disallow<Done>().from(troupe).to(me);
}

TEST(Troupe, AnIdleMemberTakesTheNextJobInsteadOfANewOne) {
  ProtocolTrace trace;
  const ActorAddress troupe = trace.system().create_actor<Worker>();
  trace.inject(Job{1, "quick"}).to(troupe);
  trace.inject(Job{2, "quick"}).to(troupe);

  const auto members = members_of(trace, troupe);
  ASSERT_EQ(members.size(), 1u);
  trace.expect<TroupeWork>().from(troupe).to(members[0]);
  trace.expect<TroupeWork>()
      .with([](const TroupeWork& w) { return w.job == 2; }, "job 2")
      .from(troupe)
      .to(members[0]);
}

TEST(Troupe, ConcurrentJobsGetAMemberEachUpToMaxCountThenWait) {
  ProtocolTrace trace;
  const ActorAddress me = trace.system().address();
  const ActorAddress troupe = trace.system().create_actor<Worker>();  // max_count 3
  for (std::int64_t id = 1; id <= 4; ++id) trace.system().tell(troupe, Job{id, "slow"});
  trace.sim().run_until_quiescent();

  const auto members = members_of(trace, troupe);
  ASSERT_EQ(members.size(), 3u) << "no more members than max_count, one per job";
  // Each member answers its own job at 500 ms (the three in a seeded order: rewind between).
  for (std::size_t i = 0; i < 3; ++i) {
    trace.rewind();
    trace.expect<Done>()
        .with(Done{static_cast<std::int64_t>(i + 1), members[i]})
        .from(members[i])
        .at(500ms)
        .to(me);
  }
  // The fourth waits for a member to be done (no fourth member), then runs its own 500 ms.
  trace.rewind();
  const auto answers = trace.delivered<Done>(std::nullopt, me);
  ASSERT_EQ(answers.size(), 4u);
  const ActorAddress fourth = answers[3].member;
  EXPECT_EQ(answers[3].id, 4);
  trace.expect<Done>().from(fourth).at(500ms).to(me);
  trace.expect<Done>().with(Done{4, fourth}).from(fourth).at(1000ms).to(me);
}

TEST(Troupe, AJobPastTheQueueLimitIsPoisonedBackToItsSender) {
  ProtocolTrace trace;
  const ActorAddress me = trace.system().address();
  const ActorAddress troupe = trace.system().create_actor<Worker>();
  trace
      .inject(change([](auto& u) {
        u.max_count = 1;
        u.queue_limit = 1;
      }))
      .to(troupe);
  for (std::int64_t id = 1; id <= 3; ++id) trace.system().tell(troupe, Job{id, "slow"});
  trace.sim().run_until_quiescent();

  trace.expect<thespis::TroupeStatus>().from(troupe).to(me);  // the update's answer
  trace.expect<thespis::PoisonMessage>()
      .with(
          [](const thespis::PoisonMessage& p) {
            return p.original == Job{3, "slow"};
          },
          "job 3 back")
      .from(troupe)
      .at(0ms)
      .to(me);
  trace.expect<Done>().with([](const Done& d) { return d.id == 1; }, "job 1").to(me);
  trace.expect<Done>().with([](const Done& d) { return d.id == 2; }, "job 2").at(1000ms).to(me);
  trace.disallow<Done>().to(me);
}

TEST(Troupe, IdleMembersBeyondIdleCountAreDismissedAfterTheDelay) {
  ProtocolTrace trace;
  const ActorAddress troupe = trace.system().create_actor<Worker>();  // idle 1, dismissal 1 s
  for (std::int64_t id = 1; id <= 3; ++id) trace.system().tell(troupe, Job{id, "slow"});
  trace.sim().run_until_quiescent();

  const auto members = members_of(trace, troupe);
  ASSERT_EQ(members.size(), 3u);
  // All three are idle from 500 ms; the two made first go at 1.5 s; the last one stays.
  trace.expect<TroupeWork>().from(troupe).to(members[0]);
  trace.expect<thespis::ActorExitRequest>().from(troupe).at(1500ms).to(members[0]);
  trace.expect<thespis::ActorExitRequest>().from(troupe).at(1500ms).to(members[1]);
  trace.disallow<thespis::ActorExitRequest>().to(members[2]);
  const auto status = status_of(trace, troupe);
  EXPECT_EQ(status.members, 1);
  EXPECT_EQ(status.idle, 1);
}

TEST(Troupe, AMemberReusedBeforeTheDelayIsNotDismissed) {
  ProtocolTrace trace;
  const ActorAddress troupe = trace.system().create_actor<Worker>();
  trace.system().tell(troupe, Job{1, "slow"});
  trace.system().tell(troupe, Job{2, "slow"});
  trace.sim().run_for(1200ms);  // both idle since 500 ms; dismissal due at 1.5 s
  trace.system().tell(troupe, Job{3, "slow"});
  trace.system().tell(troupe, Job{4, "slow"});
  trace.sim().run_until_quiescent();

  const auto members = members_of(trace, troupe);
  ASSERT_EQ(members.size(), 2u) << "both jobs of the second pair went to the idle members";
  // Busy at 1.5 s, idle again at 1.7 s: the extra one goes 1 s later.
  std::size_t dismissed = 0;
  for (const ActorAddress& member : members) {
    trace.disallow<thespis::ActorExitRequest>().not_after(2699ms).to(member);
    dismissed += trace.delivered<thespis::ActorExitRequest>(troupe, member).size();
  }
  EXPECT_EQ(dismissed, 1u);
  EXPECT_EQ(status_of(trace, troupe).members, 1);
}

TEST(Troupe, AMemberKilledInTheMiddleOfAJobHasItRunAgainByAnotherMember) {
  ProtocolTrace trace;
  const ActorAddress me = trace.system().address();
  const ActorAddress troupe = trace.system().create_actor<Worker>();
  trace.system().tell(troupe, Job{1, "slow"});
  trace.sim().run_for(100ms);
  const ActorAddress first = members_of(trace, troupe).at(0);
  trace.sim().kill(first);
  trace.sim().run_until_quiescent();

  const auto members = members_of(trace, troupe);
  ASSERT_EQ(members.size(), 2u);
  trace.expect<thespis::ChildActorExited>().from(first).to(troupe);
  trace.expect<TroupeWork>()
      .with([](const TroupeWork& w) { return w.job == 1; }, "job 1 again")
      .from(troupe)
      .to(members[1]);
  trace.expect<Done>().with(Done{1, members[1]}).at(600ms).to(me);
  trace.disallow<Done>().to(me);
}

TEST(Troupe, AJobWhoseMembersKeepExitingIsPoisonedAfterTheRerunLimit) {
  ProtocolTrace trace;
  const ActorAddress me = trace.system().address();
  const ActorAddress troupe = trace.system().create_actor<Worker>();
  trace.inject(change([](auto& u) { u.rerun_limit = 2; })).to(troupe);
  trace.inject(Job{1, "leave"}).to(troupe);

  EXPECT_EQ(members_of(trace, troupe).size(), 3u) << "run once, then twice more";
  trace.expect<thespis::TroupeStatus>().from(troupe).to(me);  // the update's answer
  trace.expect<thespis::PoisonMessage>()
      .with(
          [](const thespis::PoisonMessage& p) {
            return p.original == Job{1, "leave"} &&
                   p.details == "the troupe member running it exited 3 times";
          },
          "job 1 back, 3 exits")
      .from(troupe)
      .to(me);
  EXPECT_EQ(status_of(trace, troupe).members, 0);
}

TEST(Troupe, AJobThatThrowsTwiceIsPoisonedBackToItsSenderAndTheMemberWorksOn) {
  ProtocolTrace trace;
  const ActorAddress me = trace.system().address();
  const ActorAddress troupe = trace.system().create_actor<Worker>();
  trace.inject(change([](auto& u) { u.max_count = 1; })).to(troupe);
  trace.system().tell(troupe, Job{1, "throw"});
  trace.system().tell(troupe, Job{2, "quick"});
  trace.sim().run_until_quiescent();

  const auto members = members_of(trace, troupe);
  ASSERT_EQ(members.size(), 1u);
  trace.expect<thespis::PoisonMessage>()
      .with([](const thespis::PoisonMessage& p) { return p.original.is<TroupeWork>(); },
            "of the work")
      .from(members[0])
      .to(troupe);
  trace.expect<thespis::PoisonMessage>()
      .with(
          [](const thespis::PoisonMessage& p) {
            return p.original == Job{1, "throw"} &&
                   p.details.find("job 1 fails") != std::string::npos;
          },
          "of job 1, with the reason")
      .from(troupe)
      .to(me);
  trace.expect<Done>().with(Done{2, members[0]}).from(members[0]).to(me);
}

TEST(Troupe, SettingsAreReadAndChangedByMessage) {
  ProtocolTrace trace;
  const ActorAddress troupe = trace.system().create_actor<Worker>();
  auto status = status_of(trace, troupe);
  EXPECT_EQ(status.settings,
            (thespis::TroupeSettings{.max_count = 3, .idle_count = 1, .dismiss_delay = 1s}));
  EXPECT_EQ(status.members, 0);

  const auto changed = trace.system().ask(troupe, change([](auto& u) {
                                            u.max_count = 5;
                                            u.dismiss_delay = 3s;
                                          }),
                                          1s);
  ASSERT_TRUE(changed);
  status = changed->get<thespis::TroupeStatus>();
  EXPECT_EQ(status.settings.max_count, 5);
  EXPECT_EQ(status.settings.idle_count, 1) << "a setting not given stays";
  EXPECT_EQ(status.settings.dismiss_delay, 3s);

  const auto refused = trace.system().ask(troupe, change([](auto& u) { u.max_count = 0; }), 1s);
  ASSERT_TRUE(refused && refused->is<thespis::PoisonMessage>());
  EXPECT_NE(refused->get<thespis::PoisonMessage>().details.find("max_count must be at least 1"),
            std::string::npos);
  EXPECT_EQ(status_of(trace, troupe).settings.max_count, 5) << "a refused update changes nothing";
}

TEST(Troupe, LoweringMaxCountDismissesIdleMembersAtOnce) {
  ProtocolTrace trace;
  const ActorAddress troupe = trace.system().create_actor<Worker>();
  for (std::int64_t id = 1; id <= 3; ++id) trace.system().tell(troupe, Job{id, "slow"});
  trace.sim().run_for(600ms);
  const auto status = trace.system().ask(troupe, change([](auto& u) { u.max_count = 1; }), 1s);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->get<thespis::TroupeStatus>().members, 1);
}

TEST(Troupe, JobsStillQueuedWhenTheTroupeStopsArePoisonedBack) {
  ProtocolTrace trace;
  const ActorAddress me = trace.system().address();
  const ActorAddress troupe = trace.system().create_actor<Worker>();
  trace.inject(change([](auto& u) { u.max_count = 1; })).to(troupe);
  trace.system().tell(troupe, Job{1, "slow"});
  trace.system().tell(troupe, Job{2, "slow"});
  trace.system().tell(troupe, thespis::ActorExitRequest{});
  trace.sim().run_until_quiescent();

  trace.expect<thespis::TroupeStatus>().from(troupe).to(me);  // the update's answer
  trace.expect<thespis::PoisonMessage>()
      .with(
          [](const thespis::PoisonMessage& p) {
            return p.original == Job{2, "slow"};
          },
          "job 2 back")
      .from(troupe)
      .to(me);
  const auto members = members_of(trace, troupe);
  ASSERT_EQ(members.size(), 1u);
  trace.expect<TroupeWork>().from(troupe).to(members[0]);
  trace.expect<thespis::ActorExitRequest>().from(troupe).to(
      members[0]);  // it stops with the troupe
}
