// Lease-based leader election built for failure testing. A LeaseKeeper grants a lease of
// `lease` to one candidate at a time, measured on the keeper's clock; candidates ask for it
// (or renew it) every `renew_every` and consider themselves leader until their lease runs out.
//
// Candidate measures its lease on its own clock, from the moment it sent the request (or from the
// grant's arrival, if its clock went back meanwhile), minus a margin, and steps down on a timer:
// whatever the clocks read, it steps down before the keeper can grant the lease to another.
// CandidateTrustingGrantTime is the planted bug: it adds the lease to the keeper's grant timestamp
// and compares that with its own clock, so on a host whose clock runs behind the keeper's it keeps
// leading after its lease has gone to somebody else. The app's check: single_leader (and
// some_leader, a liveness check).
#pragma once

#include <chrono>
#include <cstdint>

#include <thespis/thespis.hpp>

namespace election {

inline constexpr std::chrono::milliseconds lease{1000};
inline constexpr std::chrono::milliseconds renew_every{300};
inline constexpr std::chrono::milliseconds margin{100};

struct JoinElection {
  thespis::ActorAddress keeper;
};
THESPIS_MESSAGE(JoinElection, keeper)

struct AcquireLease {
  std::uint64_t attempt = 0;
};
THESPIS_MESSAGE(AcquireLease, attempt)

struct LeaseGranted {
  std::uint64_t attempt = 0;
  std::chrono::nanoseconds granted_at{0};  ///< on the keeper's clock
  std::chrono::nanoseconds duration{0};
};
THESPIS_MESSAGE(LeaseGranted, attempt, granted_at, duration)

struct LeaseDenied {
  std::uint64_t attempt = 0;
};
THESPIS_MESSAGE(LeaseDenied, attempt)

struct StepDown {
  std::uint64_t term = 0;
};
THESPIS_MESSAGE(StepDown, term)

class LeaseKeeper : public thespis::Actor {
 public:
  LeaseKeeper();

 private:
  thespis::ActorAddress holder_;
  std::chrono::nanoseconds expires_{0};
  THESPIS_INSPECT()  // the checks read only candidates
};

class Candidate : public thespis::Actor {
 public:
  Candidate() : Candidate(false) {}
  /// Believes it leads: granted a lease that its own clock says has not run out.
  bool leading() { return leading_ && now() < until_; }

 protected:
  explicit Candidate(bool trusts_grant_time);

 private:
  void request();
  void granted(const LeaseGranted& grant);

  bool trusts_grant_time_;
  thespis::ActorAddress keeper_;
  std::uint64_t attempt_ = 0;
  std::chrono::nanoseconds sent_at_{0};
  std::uint64_t term_ = 0;
  std::chrono::nanoseconds until_{0};
  bool leading_ = false;
  THESPIS_INSPECT(leading_, until_)  // leading(), with the clock read when inspected
};

class CandidateTrustingGrantTime : public Candidate {
 public:
  CandidateTrustingGrantTime() : Candidate(true) {}
};

THESPIS_ACTOR(LeaseKeeper)
THESPIS_ACTOR(Candidate)
THESPIS_ACTOR(CandidateTrustingGrantTime)

}  // namespace election
