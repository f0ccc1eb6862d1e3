#include "election.hpp"

#include <algorithm>

#include <thespis/scenario/app.hpp>

namespace election {

using thespis::ActorAddress;
using thespis::WakeupMessage;

LeaseKeeper::LeaseKeeper() {
  on<AcquireLease>([this](const AcquireLease& a, const ActorAddress& candidate) {
    const auto now_here = now();
    if (holder_ && holder_ != candidate && now_here < expires_) {
      send(candidate, LeaseDenied{a.attempt});
      return;
    }
    holder_ = candidate;
    expires_ = now_here + lease;
    send(candidate, LeaseGranted{a.attempt, now_here, lease});
  });
}

Candidate::Candidate(bool trusts_grant_time) : trusts_grant_time_(trusts_grant_time) {
  on<JoinElection>([this](const JoinElection& j, const ActorAddress&) {
    keeper_ = j.keeper;
    request();
  });
  on<LeaseGranted>([this](const LeaseGranted& g, const ActorAddress&) { granted(g); });
  on<LeaseDenied>([](const LeaseDenied&, const ActorAddress&) {});
  on<WakeupMessage>([this](const WakeupMessage& w, const ActorAddress&) {
    if (w.payload.is<StepDown>()) {
      if (w.payload.get<StepDown>().term == term_) leading_ = false;
    } else {
      request();
    }
  });
}

void Candidate::request() {
  sent_at_ = now();
  send(keeper_, AcquireLease{++attempt_});
  wakeup_after(renew_every);
}

void Candidate::granted(const LeaseGranted& grant) {
  if (grant.attempt != attempt_) return;  // an answer to an older request
  const auto now_here = now();
  // The lease is measured from when the request left, on this host's clock. A clock set back
  // while the request was in flight would put that moment later than now and stretch the lease,
  // so it is measured from now at the latest (the lease began before the grant arrived).
  const auto own = std::min(sent_at_, now_here) + grant.duration - margin;
  // The bug: the keeper's timestamp read against this host's clock.
  const auto until = trusts_grant_time_ ? grant.granted_at + grant.duration : own;
  const auto left = until - now_here;
  if (left <= std::chrono::nanoseconds(0)) return;
  leading_ = true;
  until_ = until;
  wakeup_after(left, StepDown{++term_});
}

namespace {

template <class Visit>
void for_each_candidate(thespis::sim::Simulation& sim, Visit visit) {
  for (Candidate* c : sim.actors<Candidate>()) visit(*c);
  for (CandidateTrustingGrantTime* c : sim.actors<CandidateTrustingGrantTime>()) visit(*c);
}

int leaders(thespis::sim::Simulation& sim) {
  int count = 0;
  for_each_candidate(sim, [&](Candidate& c) { count += c.leading() ? 1 : 0; });
  return count;
}

thespis::scenario::App make_app() {
  thespis::scenario::App app;
  app.name = "election";
  app.description = "lease-based leader election: a lease keeper and candidates";
  app.actor_types = {"LeaseKeeper", "Candidate", "CandidateTrustingGrantTime"};
  app.checks["single_leader"] = {"at most one candidate believes it leads",
                                 [](thespis::sim::Simulation& sim) { return leaders(sim) <= 1; }};
  app.checks["some_leader"] = {"some candidate leads",
                               [](thespis::sim::Simulation& sim) { return leaders(sim) == 1; }};
  return app;
}

}  // namespace

THESPIS_APP(election, make_app);

}  // namespace election
