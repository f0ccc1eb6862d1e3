#include "log_stream.hpp"

#include <algorithm>

namespace thespis::net::detail {
namespace {

bool at_least(LogLevel level, LogLevel minimum) {
  return static_cast<int>(level) >= static_cast<int>(minimum);
}

}  // namespace

void LogStream::add(LogRecord record) {
  for (auto& [id, follower] : followers_) {
    if (!at_least(record.level, follower.minimum)) continue;
    // A follower that does not read is skipped: its connection would otherwise grow to its
    // bound and close, and the admin would hold the bytes meanwhile.
    if (follower.connection->queued_bytes() > limits_.follower_backlog_bytes) {
      ++follower.missed;
      continue;
    }
    send_protocol(follower.connection, NetLogBatch{.records = {record},
                                                   .missed = std::exchange(follower.missed, 0),
                                                   .refusal = {}});
  }
  bytes_ += cost(record);
  records_.push_back(std::move(record));
  while (!records_.empty() && (records_.size() > limits_.records || bytes_ > limits_.bytes)) {
    bytes_ -= cost(records_.front());
    records_.pop_front();
    ++dropped_;
  }
}

NetLogBatch LogStream::recent(LogLevel minimum, std::uint64_t tail) const {
  NetLogBatch batch;
  for (const LogRecord& record : records_) {
    if (at_least(record.level, minimum)) batch.records.push_back(record);
  }
  if (tail != 0 && batch.records.size() > tail) {
    batch.records.erase(batch.records.begin(),
                        batch.records.end() - static_cast<std::ptrdiff_t>(tail));
  }
  return batch;
}

void LogStream::follow(const Connection::Ptr& connection, std::uint64_t id,
                       const NetLogs& request) {
  NetLogBatch batch = recent(request.minimum, request.tail);
  if (request.follow) {
    if (followers_.size() >= limits_.followers && !followers_.contains(id)) {
      batch.refusal = "the admin already has " + std::to_string(followers_.size()) +
                      " log followers, its limit; try again later";
    } else {
      followers_[id] = {.connection = connection, .minimum = request.minimum, .missed = 0};
    }
  }
  send_protocol(connection, std::move(batch));
}

}  // namespace thespis::net::detail
