#include "mailbox.hpp"

namespace thespis::sim::detail {

std::vector<MailboxEntry> Mailbox::take_all() {
  std::vector<MailboxEntry> entries;
  entries.reserve(count_);
  while (!empty()) entries.push_back(take_front());
  return entries;
}

void Mailbox::grow() {
  const std::uint32_t grown = ring_ ? ring_capacity_ * 2 : 4;
  auto ring = std::make_unique<MailboxEntry[]>(grown);
  for (std::uint32_t i = 0; i < count_; ++i) {
    ring[i] = std::move(data()[(head_ + i) & (capacity() - 1)]);
  }
  first_ = MailboxEntry{};
  ring_ = std::move(ring);
  ring_capacity_ = grown;
  head_ = 0;
}

}  // namespace thespis::sim::detail
