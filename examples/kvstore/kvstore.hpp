// A replicated counter store built for failure testing: a primary applies increments and
// replicates its values to backups (resending until each backup acknowledges); a client issues
// increments one at a time and retries a request that gets no answer.
//
// KvPrimary remembers which requests it has applied, so a retried or duplicated request is
// answered again but applied once. KvPrimaryNoDedupe is the planted bug: it applies every
// request it receives, so a retry after a lost answer, or a frame the network duplicates,
// increments twice. The app's checks: no_double_apply, all_acknowledged, replicas_agree.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <thespis/thespis.hpp>

namespace kvstore {

struct KvConfigure {
  std::vector<thespis::ActorAddress> backups;
};
THESPIS_MESSAGE(KvConfigure, backups)

struct Increment {
  std::string key;
  std::int64_t delta = 0;
  std::uint64_t request = 0;
};
THESPIS_MESSAGE(Increment, key, delta, request)

struct IncrementOk {
  std::uint64_t request = 0;
  std::int64_t value = 0;
};
THESPIS_MESSAGE(IncrementOk, request, value)

struct Replicate {
  std::string key;
  std::int64_t value = 0;
  std::uint64_t version = 0;
};
THESPIS_MESSAGE(Replicate, key, value, version)

struct Replicated {
  std::uint64_t version = 0;
};
THESPIS_MESSAGE(Replicated, version)

struct Get {
  std::string key;
};
THESPIS_MESSAGE(Get, key)

struct KvValue {
  std::string key;
  std::int64_t value = 0;
};
THESPIS_MESSAGE(KvValue, key, value)

/// Tells a client to add 1 to `key` `count` times at the primary, one request at a time.
struct Workload {
  thespis::ActorAddress primary;
  std::string key;
  std::int64_t count = 0;
};
THESPIS_MESSAGE(Workload, primary, key, count)

class KvPrimary : public thespis::Actor {
 public:
  KvPrimary() : KvPrimary(true) {}
  /// Request ids in the order they were applied.
  const std::vector<std::uint64_t>& applied() const { return applied_; }
  const std::map<std::string, std::int64_t>& data() const { return data_; }

 protected:
  explicit KvPrimary(bool deduplicates);

 private:
  void increment(const Increment& request, const thespis::ActorAddress& client);
  void replicate();

  bool deduplicates_;
  std::map<std::string, std::int64_t> data_;
  std::map<std::uint64_t, std::int64_t> answers_;  // request -> value it produced
  std::vector<std::uint64_t> applied_;
  std::vector<thespis::ActorAddress> backups_;
  std::map<thespis::ActorAddress, std::uint64_t> acknowledged_;  // backup -> version
  std::uint64_t version_ = 0;
  bool resending_ = false;
  THESPIS_INSPECT(applied_, data_)  // what the app's checks read
};

class KvPrimaryNoDedupe : public KvPrimary {
 public:
  KvPrimaryNoDedupe() : KvPrimary(false) {}
};

class KvBackup : public thespis::Actor {
 public:
  KvBackup();
  const std::map<std::string, std::int64_t>& data() const { return data_; }

 private:
  std::map<std::string, std::int64_t> data_;
  std::uint64_t version_ = 0;
  THESPIS_INSPECT(data_)
};

class KvClient : public thespis::Actor {
 public:
  static constexpr std::chrono::milliseconds retry_after{200};
  KvClient();
  std::int64_t wanted() const { return wanted_; }
  std::int64_t acknowledged() const { return acknowledged_; }

 private:
  void send_current();

  thespis::ActorAddress primary_;
  std::string key_;
  std::int64_t wanted_ = 0;
  std::int64_t acknowledged_ = 0;
  std::uint64_t request_ = 0;  // the outstanding request (0: none)
  std::uint64_t next_request_ = 0;
  THESPIS_INSPECT(wanted_, acknowledged_)
};

THESPIS_ACTOR(KvPrimary)
THESPIS_ACTOR(KvPrimaryNoDedupe)
THESPIS_ACTOR(KvBackup)
THESPIS_ACTOR(KvClient)

}  // namespace kvstore
