// Troupes (core/include/thespis/troupe.hpp) on every base: one address whose work runs on as
// many members as its max_count allows, each reply straight from the member to the sender.
// Times are virtual on the simulation and real on tcp and udp, where every member is a process
// of its own; the bounds below hold for both, with room for process start-up on the real bases.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>
#include <thespis/troupe.hpp>

#include "conformance/conformance_fixture.hpp"

using namespace std::chrono_literals;

namespace thespis::conformance {
namespace {

// --- actors --------------------------------------------------------------------------------

/// Half a second of work: the member keeps it in progress until its wakeup.
struct NapJob {
  std::int64_t id = 0;
};
THESPIS_MESSAGE(NapJob, id)

struct NapDone {
  std::int64_t id = 0;
  ActorAddress member;
};
THESPIS_MESSAGE(NapDone, id, member)

template <class Self>
class NapTroupe : public Troupe<Self> {
 protected:
  explicit NapTroupe(std::int64_t max_count) : Troupe<Self>(settings(max_count)) {
    this->template on<NapJob>([this](const NapJob& job, const ActorAddress& from) {
      client_ = from;
      this->mark_work_in_progress();
      this->wakeup_after(500ms, job);
    });
    this->template on<WakeupMessage>([this](const WakeupMessage& wakeup) {
      this->send(client_, NapDone{wakeup.payload.get<NapJob>().id, this->my_address()});
      this->mark_work_in_progress(false);
    });
  }

 private:
  static TroupeSettings settings(std::int64_t max_count) {
    TroupeSettings settings;
    settings.max_count = max_count;
    return settings;
  }

  ActorAddress client_;
};

struct WideNapTroupe : NapTroupe<WideNapTroupe> {
  WideNapTroupe() : NapTroupe(10) {}
};
THESPIS_ACTOR(WideNapTroupe)

struct SoloNapTroupe : NapTroupe<SoloNapTroupe> {
  SoloNapTroupe() : NapTroupe(1) {}
};
THESPIS_ACTOR(SoloNapTroupe)

/// A job that tells its sender where it runs at once and ends a second later.
struct HoldJob {};
THESPIS_MESSAGE(HoldJob)

struct HoldStarted {
  ActorAddress member;
  std::int64_t pid = 0;
};
THESPIS_MESSAGE(HoldStarted, member, pid)

struct HoldDone {
  ActorAddress member;
};
THESPIS_MESSAGE(HoldDone, member)

class HoldTroupe : public Troupe<HoldTroupe> {
 public:
  HoldTroupe() {
    on<HoldJob>([this](const HoldJob&, const ActorAddress& from) {
      client_ = from;
      mark_work_in_progress();
      send(from, HoldStarted{my_address(), static_cast<std::int64_t>(getpid())});
      wakeup_after(1s);
    });
    on<WakeupMessage>([this](const WakeupMessage&) {
      send(client_, HoldDone{my_address()});
      mark_work_in_progress(false);
    });
  }

 private:
  ActorAddress client_;
};
THESPIS_ACTOR(HoldTroupe)

// --- the fixture -------------------------------------------------------------------------

class TroupeConformance : public Conformance {
 protected:
  /// Virtual time on the simulation, a steady clock on the real bases.
  std::chrono::nanoseconds clock() {
    if (simulated()) return sim::Simulation::of(system()).now();
    return std::chrono::steady_clock::now().time_since_epoch();
  }

  /// Lets `duration` pass: the simulation runs for it, a real base is waited for.
  void pass(std::chrono::nanoseconds duration) {
    if (simulated()) return sim::Simulation::of(system()).run_for(duration);
    std::this_thread::sleep_for(duration);
  }

  /// Sends `jobs` NapJobs at once; returns how long the answers took and who answered.
  std::pair<std::chrono::nanoseconds, std::set<ActorAddress>> nap(const ActorAddress& troupe,
                                                                  std::int64_t jobs) {
    const auto start = clock();
    for (std::int64_t id = 1; id <= jobs; ++id) system().tell(troupe, NapJob{id});
    std::set<ActorAddress> members;
    std::set<std::int64_t> done;
    for (std::int64_t i = 0; i < jobs; ++i) {
      const auto answer = listen<NapDone>(15s);
      members.insert(answer.member);
      done.insert(answer.id);
    }
    EXPECT_EQ(done.size(), static_cast<std::size_t>(jobs)) << "every job answered once";
    return {clock() - start, members};
  }

  TroupeStatus status(const ActorAddress& troupe) {
    return ask<TroupeStatus>(troupe, TroupeStatusQuery{});
  }

  /// Polls the troupe's member count until it is `wanted` or `within` has passed.
  std::int64_t members_once(const ActorAddress& troupe, std::int64_t wanted,
                            std::chrono::nanoseconds within) {
    std::int64_t members = status(troupe).members;
    for (auto waited = 0ms; members != wanted && waited < within; waited += 50ms) {
      pass(50ms);
      members = status(troupe).members;
    }
    return members;
  }
};

INSTANTIATE_TEST_SUITE_P(Bases, TroupeConformance, configurations, configuration_name);

// --- behaviours ----------------------------------------------------------------------------

TEST_P(TroupeConformance, EightJobsOfHalfASecondRunTogetherOnATroupeOfTen) {
  const ActorAddress troupe = system().create_actor<WideNapTroupe>();
  const auto [took, members] = nap(troupe, 8);
  EXPECT_EQ(members.size(), 8u) << "a member each";
  EXPECT_FALSE(members.contains(troupe)) << "the leader hands work on, it does none";
  EXPECT_GE(took, 450ms);
  EXPECT_LT(took, simulated() ? 600ms : 2500ms) << "together, not one after another";
}

TEST_P(TroupeConformance, EightJobsOfHalfASecondRunOneAfterAnotherOnATroupeOfOne) {
  const ActorAddress troupe = system().create_actor<SoloNapTroupe>();
  const auto [took, members] = nap(troupe, 8);
  EXPECT_EQ(members.size(), 1u);
  EXPECT_GE(took, 4s);
  EXPECT_LT(took, simulated() ? 4100ms : 8s);
}

TEST_P(TroupeConformance, IdleMembersBeyondIdleCountAreDismissed) {
  const ActorAddress troupe = system().create_actor<WideNapTroupe>();
  UpdateTroupeSettings update;
  update.idle_count = 1;
  update.dismiss_delay = 1s;
  EXPECT_EQ(ask<TroupeStatus>(troupe, update).settings.idle_count, 1);

  const auto [took, members] = nap(troupe, 4);
  ASSERT_EQ(members.size(), 4u);
  EXPECT_EQ(status(troupe).members, 4) << "idle, but not for a second yet";
  EXPECT_EQ(members_once(troupe, 1, 5s), 1) << "the three beyond idle_count are dismissed";
  pass(1500ms);
  const auto after = status(troupe);
  EXPECT_EQ(after.members, 1) << "idle_count members stay";
  EXPECT_EQ(after.idle, 1);
}

TEST_P(TroupeConformance, AKilledMembersJobRunsAgainOnAnotherMember) {
  const ActorAddress troupe = system().create_actor<HoldTroupe>();
  system().tell(troupe, HoldJob{});
  const auto first = listen<HoldStarted>();
  if (networked()) {
    ASSERT_NE(first.pid, getpid());
    ASSERT_EQ(kill(static_cast<pid_t>(first.pid), SIGKILL), 0);
  } else {
    sim::Simulation::of(system()).kill(first.member);
  }
  const auto again = listen<HoldStarted>();
  EXPECT_NE(again.member, first.member) << "a new member runs the job again";
  EXPECT_EQ(listen<HoldDone>().member, again.member);
  EXPECT_FALSE(system().listen(500ms)) << "nothing from the killed member, no third run";
}

TEST_P(TroupeConformance, SettingsChangeAtRunTime) {
  const ActorAddress troupe = system().create_actor<WideNapTroupe>();
  UpdateTroupeSettings update;
  update.max_count = 2;
  const auto changed = ask<TroupeStatus>(troupe, update);
  EXPECT_EQ(changed.settings.max_count, 2);
  EXPECT_EQ(changed.settings.idle_count, 2) << "what the update does not name stays";

  const auto [took, members] = nap(troupe, 4);
  EXPECT_EQ(members.size(), 2u);
  EXPECT_GE(took, 1s) << "two rounds of two";
  EXPECT_LT(took, simulated() ? 1100ms : 4s);
  EXPECT_EQ(status(troupe).members, 2);
}

}  // namespace
}  // namespace thespis::conformance
