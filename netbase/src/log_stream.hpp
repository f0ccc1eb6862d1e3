// LogStream: the admin's recent log records and the `thespis logs --follow` connections they go
// to. Both are bounded: the records by count and bytes (oldest dropped first), the followers by
// number, and each follower by what waits unsent on its connection. A follower that does not read
// is skipped, not waited for, and told how many records it missed; the admin never blocks and its
// memory does not grow with a slow reader.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <vector>

#include <thespis/net/log_record.hpp>

#include "connection.hpp"
#include "protocol.hpp"

namespace thespis::net::detail {

class LogStream {
 public:
  struct Limits {
    std::size_t records = 4096;
    std::size_t bytes = 4 << 20;
    std::size_t followers = 16;
    std::size_t follower_backlog_bytes = 1 << 20;  ///< unsent on its connection before it skips
  };
  explicit LogStream(Limits limits) : limits_(limits) {}

  /// Keeps `record` and sends it to every follower that asked for its level.
  void add(LogRecord record);
  /// The kept records at `minimum` and above, oldest first, at most the `tail` latest (0: all).
  NetLogBatch recent(LogLevel minimum, std::uint64_t tail) const;
  /// Sends `connection` the kept records, then each new one; false (and an error in the batch)
  /// when too many already follow.
  void follow(const Connection::Ptr& connection, std::uint64_t id, const NetLogs& request);
  void forget(std::uint64_t connection_id) { followers_.erase(connection_id); }

 private:
  struct Follower {
    Connection::Ptr connection;
    LogLevel minimum = LogLevel::debug;
    std::uint64_t missed = 0;
  };
  static std::size_t cost(const LogRecord& record) { return sizeof record + record.text.size(); }

  Limits limits_;
  std::deque<LogRecord> records_;
  std::size_t bytes_ = 0;
  std::uint64_t dropped_ = 0;  ///< records pushed out by the bounds since the admin started
  std::map<std::uint64_t, Follower> followers_;  // by request connection
};

}  // namespace thespis::net::detail
