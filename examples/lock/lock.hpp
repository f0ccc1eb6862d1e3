// A lock service built for liveness testing: a LockServer grants one lock to one client at a
// time and queues the others; a LockClient asks for the lock, holds it for `hold`, releases it,
// rests for `rest` and asks again.
//
// LockServer gives each grant a lease: a grant not released within `lease` (its holder crashed)
// is taken back and the lock goes to the next client waiting. LockServerNoExpiry is the planted
// bug: it waits for a release forever, so once a holder crashes — or a waiting client crashes
// before its turn comes — every other client waits forever. Nothing unsafe ever happens; only
// liveness is lost, which `eventually: {every: AcquireLock, answered_by: LockGranted, within: T}`
// states and the bundled scenarios/bundled/lock_crash_bug.yaml exercises.
//
// The app's checks: single_holder (always), handed_over (sometimes: the server named `lock`
// passed the lock from one client to another), everyone_served (every live client was granted
// the lock at least once), no_waiters, someone_waits.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include <thespis/thespis.hpp>

namespace lock {

inline constexpr std::chrono::milliseconds lease{1000};
inline constexpr std::chrono::milliseconds hold{200};
inline constexpr std::chrono::milliseconds rest{100};

/// Tells a client which server to ask, and to start.
struct StartLocking {
  thespis::ActorAddress server;
};
THESPIS_MESSAGE(StartLocking, server)

struct AcquireLock {
  std::uint64_t request = 0;
};
THESPIS_MESSAGE(AcquireLock, request)

struct LockGranted {
  std::uint64_t term = 0;
};
THESPIS_MESSAGE(LockGranted, term)

struct ReleaseLock {
  std::uint64_t term = 0;
};
THESPIS_MESSAGE(ReleaseLock, term)

class LockServer : public thespis::Actor {
 public:
  LockServer() : LockServer(true) {}
  bool held() const { return !holder_.is_null(); }
  /// Clients waiting for the lock.
  std::size_t waiting() const { return waiting_.size(); }
  /// Grants to a client other than the one that held the lock before.
  std::uint64_t handovers() const { return handovers_; }

 protected:
  explicit LockServer(bool expires);

 private:
  void grant(const thespis::ActorAddress& client);
  void grant_next();

  bool expires_;
  thespis::ActorAddress holder_;  // null: free
  thespis::ActorAddress last_holder_;
  std::uint64_t term_ = 0;
  std::uint64_t handovers_ = 0;
  std::vector<thespis::ActorAddress> waiting_;  // oldest first (a vector: it has a value kind)
  THESPIS_INSPECT(handovers_, waiting_)         // handovers(), waiting()
};

class LockServerNoExpiry : public LockServer {
 public:
  LockServerNoExpiry() : LockServer(false) {}
};

class LockClient : public thespis::Actor {
 public:
  LockClient();
  bool holding() const { return holding_; }
  std::uint64_t grants() const { return grants_; }

 private:
  void ask();

  thespis::ActorAddress server_;
  std::uint64_t request_ = 0;
  std::uint64_t grants_ = 0;
  bool holding_ = false;
  THESPIS_INSPECT(grants_, holding_)
};

THESPIS_ACTOR(LockServer)
THESPIS_ACTOR(LockServerNoExpiry)
THESPIS_ACTOR(LockClient)

}  // namespace lock
