// A simulated actor's mailbox (simbase/src/mailbox.hpp) against the deque it replaced: the
// same order through every mix of arrivals at the back, creations at the front, deliveries and
// exits, across its move from the inline slot to a ring and the ring's growth.
#include "mailbox.hpp"

#include <cstdint>
#include <deque>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace thespis::sim::detail {
namespace {

MailboxEntry numbered(std::int64_t n) {
  return {Message(n), {}, false, static_cast<std::uint64_t>(n)};
}

RC_GTEST_PROP(Mailbox, KeepsTheOrderADequeKeeps, ()) {
  Mailbox mailbox;
  std::deque<std::int64_t> model;
  std::int64_t next = 0;
  const auto steps = *rc::gen::inRange(1, 500);
  for (int i = 0; i < steps; ++i) {
    const int op = *rc::gen::inRange(0, 10);
    if (op < 5) {
      mailbox.push_back(numbered(next));
      model.push_back(next++);
    } else if (op < 6) {
      mailbox.push_front(numbered(next));
      model.push_front(next++);
    } else if (op < 9 && !model.empty()) {
      const MailboxEntry entry = mailbox.take_front();
      RC_ASSERT(entry.message.get<std::int64_t>() == model.front());
      RC_ASSERT(entry.cause == static_cast<std::uint64_t>(model.front()));
      model.pop_front();
    } else if (op == 9) {
      std::deque<std::int64_t> taken;
      for (MailboxEntry& e : mailbox.take_all()) taken.push_back(e.message.get<std::int64_t>());
      RC_ASSERT(taken == model);
      model.clear();
    }
    RC_ASSERT(mailbox.size() == model.size());
    RC_ASSERT(mailbox.empty() == model.empty());
  }
}

TEST(Mailbox, ADeliveredMessageIsReleasedAtOnce) {
  Mailbox mailbox;
  auto value = std::make_shared<const std::int64_t>(7);
  mailbox.push_back({Message(message_type<std::int64_t>(), value), {}, false, no_cause});
  mailbox.push_back({Message(message_type<std::int64_t>(), value), {}, false, no_cause});
  EXPECT_EQ(value.use_count(), 3);
  (void)mailbox.take_front();
  EXPECT_EQ(value.use_count(), 2) << "the slot still held the delivered message";
}

}  // namespace
}  // namespace thespis::sim::detail
