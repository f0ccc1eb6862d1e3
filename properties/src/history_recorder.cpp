#include <thespis/assert.hpp>
#include <thespis/properties/history_recorder.hpp>

namespace thespis::properties {

HistoryRecorder::OperationId HistoryRecorder::invoke(ClientId client, Message input,
                                                     std::chrono::nanoseconds now) {
  history_.push_back(Operation{.client = client,
                               .invoked = now,
                               .completed = never,
                               .input = std::move(input),
                               .output = Message(),
                               .outcome = Outcome::unknown});
  closed_.push_back(false);
  return history_.size() - 1;
}

Operation& HistoryRecorder::open(OperationId id) {
  THESPIS_ASSERT(id < history_.size(), "no such operation in this recorder");
  THESPIS_ASSERT(!closed_[id], "this operation was already completed, failed or given up");
  closed_[id] = true;
  return history_[id];
}

void HistoryRecorder::complete(OperationId id, Message output, std::chrono::nanoseconds now) {
  Operation& op = open(id);
  op.outcome = Outcome::ok;
  op.output = std::move(output);
  op.completed = now;
}

void HistoryRecorder::fail(OperationId id, std::chrono::nanoseconds now) {
  Operation& op = open(id);
  op.outcome = Outcome::fail;
  op.completed = now;
}

void HistoryRecorder::unknown(OperationId id) { open(id).outcome = Outcome::unknown; }

}  // namespace thespis::properties
