// A replicated-register service to check for linearizability: a server holding one integer that
// clients read and write over a lossy network, and clients that record what they saw in a
// HistoryRecorder (each client its own: the test concatenates their histories).
//
// RegisterServer is correct: it applies each write once (a duplicated frame is answered, not
// applied again) and reads its current value. StaleRegisterServer is the planted bug: it serves
// reads from a replica that lags one write behind, so a read that follows a completed write can
// return the value before it (a stale read), which the linearizability checker reports.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>

#include <thespis/properties/history_recorder.hpp>
#include <thespis/thespis.hpp>

namespace registers {

struct RegReadRequest {
  std::uint64_t request = 0;
};
THESPIS_MESSAGE(RegReadRequest, request)

struct RegWriteRequest {
  std::uint64_t request = 0;
  std::int64_t value = 0;
};
THESPIS_MESSAGE(RegWriteRequest, request, value)

/// The answer to a request: the value read (for a write, the value written).
struct RegReply {
  std::uint64_t request = 0;
  std::int64_t value = 0;
};
THESPIS_MESSAGE(RegReply, request, value)

/// Tells a client to issue `operations` reads and writes at `server`, one at a time; an
/// operation unanswered after `timeout` is recorded as unknown and the next one starts.
struct RegisterWorkload {
  thespis::ActorAddress server;
  std::uint32_t client = 0;
  std::int64_t operations = 0;
  std::chrono::nanoseconds timeout{0};
};
THESPIS_MESSAGE(RegisterWorkload, server, client, operations, timeout)

class RegisterServer : public thespis::Actor {
 public:
  RegisterServer() : RegisterServer(false) {}

 protected:
  explicit RegisterServer(bool stale_reads);

 private:
  void write(const RegWriteRequest& request, const thespis::ActorAddress& from);

  bool stale_reads_;
  std::int64_t value_ = 0;
  std::int64_t replica_ = 0;  // the value before the latest write
  std::set<std::uint64_t> applied_;
};

class StaleRegisterServer : public RegisterServer {
 public:
  StaleRegisterServer() : RegisterServer(true) {}
};

class RegisterClient : public thespis::Actor {
 public:
  RegisterClient();
  /// What this client invoked and saw, in virtual time.
  const thespis::properties::History& history() const { return recorder_.history(); }

 private:
  void next();
  void answered(const RegReply& reply);
  void timed_out(std::uint64_t request);

  RegisterWorkload workload_;
  thespis::properties::HistoryRecorder recorder_;
  std::int64_t issued_ = 0;
  std::uint64_t request_ = 0;
  bool reading_ = false;
  std::optional<thespis::properties::HistoryRecorder::OperationId> pending_;
};

THESPIS_ACTOR(RegisterServer, thespis::requires_capability("Register"))
THESPIS_ACTOR(StaleRegisterServer, thespis::requires_capability("Register"))
THESPIS_ACTOR(RegisterClient, thespis::requires_capability("Client"))

}  // namespace registers
