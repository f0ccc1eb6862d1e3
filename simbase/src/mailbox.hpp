// A simulated actor's mailbox: its messages in arrival order. Most actors hold one message or
// none at a time, so the first is kept in the mailbox itself, with the actor's record: an idle
// actor costs no allocation and a delivery reads no other memory. When more wait, they move to
// a ring on the heap, which the mailbox keeps (grown to its busiest moment) for later bursts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <thespis/actor_address.hpp>
#include <thespis/message.hpp>
#include <thespis/sim/trace.hpp>

namespace thespis::sim::detail {

struct MailboxEntry {
  Message message;
  ActorAddress from;
  bool start = false;              ///< construct the actor (always the first entry of a new actor)
  std::uint64_t cause = no_cause;  ///< the trace index of its send or timer_fire
};

class Mailbox {
 public:
  Mailbox() = default;
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  bool empty() const { return count_ == 0; }
  std::size_t size() const { return count_; }

  void push_back(MailboxEntry entry) {
    if (count_ == capacity()) grow();
    data()[(head_ + count_) & (capacity() - 1)] = std::move(entry);
    ++count_;
  }
  void push_front(MailboxEntry entry) {
    if (count_ == capacity()) grow();
    head_ = (head_ + capacity() - 1) & (capacity() - 1);
    data()[head_] = std::move(entry);
    ++count_;
  }
  /// The oldest entry, taken out (nothing of it stays in the mailbox).
  MailboxEntry take_front() {
    MailboxEntry entry = std::move(data()[head_]);
    head_ = (head_ + 1) & (capacity() - 1);
    --count_;
    return entry;
  }
  /// Every entry, oldest first; the mailbox is left empty.
  std::vector<MailboxEntry> take_all();

 private:
  MailboxEntry* data() { return ring_ ? ring_.get() : &first_; }
  std::uint32_t capacity() const { return ring_ ? ring_capacity_ : 1; }
  void grow();

  // The counts first: in a record they share the first cache line with the scheduling fields.
  std::uint32_t count_ = 0;
  std::uint32_t head_ = 0;
  std::uint32_t ring_capacity_ = 0;
  std::unique_ptr<MailboxEntry[]> ring_;  // a power of two, once a second message waits
  MailboxEntry first_;                    // the whole mailbox until then
};

}  // namespace thespis::sim::detail
