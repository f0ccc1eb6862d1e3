// HistoryRecorder: the notebook a client keeps of its operations for the linearizability
// checker. A client (an actor, or test code driving endpoints) calls invoke() when it sends a
// request and complete(), fail() or unknown() when it learns the outcome; an operation never
// closed counts as unknown. Plain data with no globals: each client actor may own one and a test
// concatenates their histories (the checker does not care about their order), or one test owns
// one for every client. Not synchronised: one thread uses a recorder, as one actor does.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

#include <thespis/message.hpp>
#include <thespis/properties/history.hpp>

namespace thespis::properties {

class HistoryRecorder {
 public:
  /// Index of an operation in history().
  using OperationId = std::size_t;

  /// Records that `client` sent `input` at `now`; the operation is pending (unknown) until closed.
  OperationId invoke(ClientId client, Message input, std::chrono::nanoseconds now);
  /// The operation completed with `output`, seen at `now`.
  void complete(OperationId id, Message output, std::chrono::nanoseconds now);
  /// The operation definitely did not take effect (e.g. the server refused it).
  void fail(OperationId id, std::chrono::nanoseconds now);
  /// The client gave up without knowing (a timeout): the operation may have taken effect.
  void unknown(OperationId id);

  const History& history() const { return history_; }

 private:
  Operation& open(OperationId id);

  History history_;
  std::vector<bool> closed_;
};

}  // namespace thespis::properties
