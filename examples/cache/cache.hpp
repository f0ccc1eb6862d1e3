// A read-through cache in front of a store, built for finding stale replies. A CacheFront answers
// a read from its cache while the entry is younger than `ttl`, and otherwise reads the
// CacheStore and caches what it gets; a write goes to the store, and when the store confirms it
// the front drops its cached entry before it confirms the write to the client. Messages between
// the front and the store keep their order (tcp), so a read answered after a write was confirmed
// always sees that write or a later one.
//
// StaleCacheFront is the planted bug: a write does not invalidate the cached entry, so for the
// rest of the entry's `ttl` the front answers reads with the value from before the write. Only
// some timings expose it (a read that fills the cache, then a write confirmed, then another read
// within the ttl); `thespis explore` over scenarios/bundled/cache_stale_bug.yaml finds them.
//
// CacheWriter writes 1, 2, 3... to one key, one write at a time; CacheReader reads the key again
// and again. Both note the virtual time of what they did, for the app's check reads_fresh: no
// read returns a value older than a write acknowledged before the read was sent.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <thespis/thespis.hpp>

namespace cache {

inline constexpr std::chrono::milliseconds ttl{50};

/// Tells a front which store to read and write.
struct UseStore {
  thespis::ActorAddress store;
};
THESPIS_MESSAGE(UseStore, store)

struct CachePut {
  std::string key;
  std::int64_t value = 0;
};
THESPIS_MESSAGE(CachePut, key, value)

struct CachePutDone {
  std::string key;
  std::int64_t value = 0;
};
THESPIS_MESSAGE(CachePutDone, key, value)

struct CacheGet {
  std::string key;
};
THESPIS_MESSAGE(CacheGet, key)

struct CacheGetReply {
  std::string key;
  std::int64_t value = 0;
};
THESPIS_MESSAGE(CacheGetReply, key, value)

struct StoreWrite {
  std::string key;
  std::int64_t value = 0;
  thespis::ActorAddress client;
};
THESPIS_MESSAGE(StoreWrite, key, value, client)

struct StoreWritten {
  std::string key;
  std::int64_t value = 0;
  thespis::ActorAddress client;
};
THESPIS_MESSAGE(StoreWritten, key, value, client)

struct StoreRead {
  std::string key;
};
THESPIS_MESSAGE(StoreRead, key)

struct StoreValue {
  std::string key;
  std::int64_t value = 0;
};
THESPIS_MESSAGE(StoreValue, key, value)

/// Tells a writer to write 1..count to `key` through `front`, pausing `pause` after each.
struct WriteWorkload {
  thespis::ActorAddress front;
  std::string key;
  std::int64_t count = 0;
  std::chrono::nanoseconds pause{0};
};
THESPIS_MESSAGE(WriteWorkload, front, key, count, pause)

/// Tells a reader to read `key` through `front` `count` times, pausing `pause` after each.
struct ReadWorkload {
  thespis::ActorAddress front;
  std::string key;
  std::int64_t count = 0;
  std::chrono::nanoseconds pause{0};
};
THESPIS_MESSAGE(ReadWorkload, front, key, count, pause)

class CacheStore : public thespis::Actor {
 public:
  CacheStore();

 private:
  std::map<std::string, std::int64_t> data_;
  THESPIS_INSPECT()  // the checks read no store
};

class CacheFront : public thespis::Actor {
 public:
  CacheFront() : CacheFront(true) {}
  /// Reads answered from the cache.
  std::uint64_t hits() const { return hits_; }

 protected:
  explicit CacheFront(bool invalidates);

 private:
  struct Entry {
    std::int64_t value = 0;
    std::chrono::nanoseconds expires{0};
  };
  void get(const CacheGet& get, const thespis::ActorAddress& client);

  bool invalidates_;
  thespis::ActorAddress store_;
  std::map<std::string, Entry> cached_;
  std::map<std::string, std::vector<thespis::ActorAddress>> reading_;  // key -> clients waiting
  std::uint64_t hits_ = 0;
  THESPIS_INSPECT(hits_)
};

class StaleCacheFront : public CacheFront {
 public:
  StaleCacheFront() : CacheFront(false) {}
};

/// A value and the virtual time it was acknowledged (writes) or asked for (reads).
struct Timed {
  std::chrono::nanoseconds at{0};
  std::int64_t value = 0;
};
THESPIS_MESSAGE(Timed, at, value)  // its value kind: writers and readers are inspected

class CacheWriter : public thespis::Actor {
 public:
  CacheWriter();
  /// Acknowledged writes, oldest first (times and values ascending).
  const std::vector<Timed>& acknowledged() const { return acknowledged_; }

 private:
  WriteWorkload work_;
  std::vector<Timed> acknowledged_;
  THESPIS_INSPECT(acknowledged_)
};

class CacheReader : public thespis::Actor {
 public:
  CacheReader();
  /// Completed reads, oldest first: when each was sent and the value it returned.
  const std::vector<Timed>& reads() const { return reads_; }

 private:
  void read();

  ReadWorkload work_;
  std::chrono::nanoseconds sent_{0};
  std::vector<Timed> reads_;
  THESPIS_INSPECT(reads_)
};

THESPIS_ACTOR(CacheStore)
THESPIS_ACTOR(CacheFront)
THESPIS_ACTOR(StaleCacheFront)
THESPIS_ACTOR(CacheWriter)
THESPIS_ACTOR(CacheReader)

}  // namespace cache
