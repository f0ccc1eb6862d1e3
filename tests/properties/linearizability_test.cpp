// The linearizability checker on hand-written histories (the classic examples), on generated
// histories of a correct and of a stale register, and on a large history.
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/error.hpp>
#include <thespis/properties/history_recorder.hpp>
#include <thespis/properties/kv_model.hpp>
#include <thespis/properties/linearizability.hpp>
#include <thespis/properties/register_model.hpp>

namespace {

using namespace std::chrono_literals;
using thespis::Message;
using namespace thespis::properties;

Operation ok(ClientId client, std::chrono::milliseconds invoked,
             std::chrono::milliseconds completed, Message input, Message output = Message()) {
  return Operation{.client = client,
                   .invoked = invoked,
                   .completed = completed,
                   .input = std::move(input),
                   .output = std::move(output),
                   .outcome = Outcome::ok};
}

Operation pending(ClientId client, std::chrono::milliseconds invoked, Message input) {
  return Operation{.client = client,
                   .invoked = invoked,
                   .completed = never,
                   .input = std::move(input),
                   .output = Message(),
                   .outcome = Outcome::unknown};
}

Message read() { return RegisterRead{}; }
Message write(std::int64_t value) { return RegisterWrite{value}; }
Message value(std::int64_t v) { return v; }

CheckResult check(const History& history) { return check_linearizable(register_model(), history); }

TEST(Linearizability, EmptyHistoryIsLinearizable) { EXPECT_TRUE(check({}).linearizable()); }

TEST(Linearizability, SequentialWriteThenReadIsLinearizable) {
  const CheckResult result = check({ok(0, 0ms, 1ms, write(1)), ok(1, 2ms, 3ms, read(), value(1))});
  EXPECT_TRUE(result.linearizable()) << result.report;
}

TEST(Linearizability, StaleReadAfterACompletedWriteIsReported) {
  const History history{ok(0, 0ms, 1ms, write(1)), ok(1, 2ms, 3ms, read(), value(0))};
  const CheckResult result = check(history);
  ASSERT_EQ(result.verdict, Verdict::illegal) << result.report;
  ASSERT_TRUE(result.violation);
  EXPECT_EQ(result.violation->cut, 3ms);
  EXPECT_EQ(result.violation->failing, 1u);
  EXPECT_EQ(result.violation->core, (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(result.violation->minimal);
  EXPECT_NE(result.report.find("NOT linearizable"), std::string::npos) << result.report;
  EXPECT_NE(result.report.find("RegisterRead{} -> 0"), std::string::npos) << result.report;
}

TEST(Linearizability, ConcurrentWritesMayBeReadInEitherOrder) {
  for (std::int64_t seen : {1, 2}) {
    const History history{ok(0, 0ms, 5ms, write(1)), ok(1, 0ms, 5ms, write(2)),
                          ok(2, 6ms, 7ms, read(), value(seen)),
                          ok(2, 8ms, 9ms, read(), value(seen))};
    EXPECT_TRUE(check(history).linearizable()) << seen;
  }
}

TEST(Linearizability, ReadsMayNotFlipBetweenTwoConcurrentWrites) {
  const History history{ok(0, 0ms, 5ms, write(1)), ok(1, 0ms, 5ms, write(2)),
                        ok(2, 6ms, 7ms, read(), value(1)), ok(3, 8ms, 9ms, read(), value(2))};
  EXPECT_EQ(check(history).verdict, Verdict::illegal);
}

TEST(Linearizability, AReadConcurrentWithAWriteMaySeeEitherValue) {
  for (std::int64_t seen : {0, 1}) {
    EXPECT_TRUE(
        check({ok(0, 0ms, 10ms, write(1)), ok(1, 2ms, 3ms, read(), value(seen))}).linearizable());
  }
}

TEST(Linearizability, AnUnknownWriteMayOrMayNotHaveApplied) {
  for (std::int64_t seen : {0, 1}) {
    const History history{pending(0, 0ms, write(1)), ok(1, 5ms, 6ms, read(), value(seen))};
    EXPECT_TRUE(check(history).linearizable()) << seen;
  }
}

TEST(Linearizability, AnUnknownWriteAppliesAtMostOnce) {
  // Seen, then overwritten: the unknown write cannot reappear after the second write.
  const History history{pending(0, 0ms, write(1)), ok(1, 5ms, 6ms, read(), value(1)),
                        ok(1, 7ms, 8ms, write(2)), ok(1, 9ms, 10ms, read(), value(1))};
  EXPECT_EQ(check(history).verdict, Verdict::illegal);
}

TEST(Linearizability, AnUnknownWriteWithADeadlineAppliesByThenOrNever) {
  Operation bounded = pending(0, 0ms, write(1));
  bounded.completed = 1ms;  // e.g. the server's lease ended then
  EXPECT_TRUE(check({bounded, ok(1, 2ms, 3ms, read(), value(1))}).linearizable());
  EXPECT_TRUE(check({bounded, ok(1, 2ms, 3ms, read(), value(0))}).linearizable());
  // Not seen at 3ms, so never applied: it cannot appear at 5ms.
  EXPECT_EQ(check({bounded, ok(1, 2ms, 3ms, read(), value(0)), ok(1, 4ms, 5ms, read(), value(1))})
                .verdict,
            Verdict::illegal);
}

TEST(Linearizability, TheEvidenceIsTheEarliestCutAndTheOperationsThatConflict) {
  // Many correct operations, then one stale read: the evidence is the write it missed and it.
  History history;
  for (int i = 0; i < 20; ++i) {
    const auto at = std::chrono::milliseconds(10 * i);
    history.push_back(ok(0, at, at + 2ms, write(i + 1)));
    history.push_back(ok(1, at + 1ms, at + 3ms, read(), value(i)));  // concurrent: either
    history.push_back(ok(2, at + 4ms, at + 5ms, read(), value(i + 1)));
  }
  history.push_back(ok(3, 201ms, 202ms, write(99)));
  history.push_back(ok(2, 203ms, 204ms, read(), value(20)));  // stale
  history.push_back(ok(2, 205ms, 206ms, read(), value(99)));
  const CheckResult result = check(history);
  ASSERT_EQ(result.verdict, Verdict::illegal);
  EXPECT_EQ(result.violation->cut, 204ms);
  EXPECT_EQ(result.violation->failing, 61u);
  EXPECT_EQ(result.violation->core, (std::vector<std::size_t>{60, 61})) << result.report;
  EXPECT_EQ(result.violation->window, (std::vector<std::size_t>{61}));
}

TEST(Linearizability, AFailedWriteNeverApplied) {
  Operation failed = ok(0, 0ms, 1ms, write(1));
  failed.outcome = Outcome::fail;
  EXPECT_TRUE(check({failed, ok(1, 2ms, 3ms, read(), value(0))}).linearizable());
  EXPECT_EQ(check({failed, ok(1, 2ms, 3ms, read(), value(1))}).verdict, Verdict::illegal);
}

TEST(Linearizability, CompareAndSetSucceedsOnlyOnTheExpectedValue) {
  const Message cas = RegisterCas{.expected = 1, .desired = 2};
  EXPECT_TRUE(check({ok(0, 0ms, 1ms, write(1)), ok(1, 2ms, 3ms, cas, Message(true)),
                     ok(0, 4ms, 5ms, read(), value(2))})
                  .linearizable());
  EXPECT_TRUE(check({ok(1, 2ms, 3ms, cas, Message(false)), ok(0, 4ms, 5ms, read(), value(0))})
                  .linearizable());
  EXPECT_EQ(check({ok(1, 2ms, 3ms, cas, Message(true))}).verdict, Verdict::illegal);
  // Two clients cannot both win a cas from the same value.
  EXPECT_EQ(check({ok(0, 0ms, 1ms, write(1)), ok(1, 2ms, 5ms, cas, Message(true)),
                   ok(2, 2ms, 5ms, cas, Message(true))})
                .verdict,
            Verdict::illegal);
}

TEST(Linearizability, TheKeyValueModelChecksEachKeyAlone) {
  const Model<std::int64_t> kv = kv_model();
  const History good{ok(0, 0ms, 1ms, KvWrite{"a", 1}), ok(1, 0ms, 1ms, KvWrite{"b", 2}),
                     ok(0, 2ms, 3ms, KvRead{"a"}, value(1)),
                     ok(1, 2ms, 3ms, KvRead{"b"}, value(2))};
  EXPECT_TRUE(check_linearizable(kv, good).linearizable());
  History bad = good;
  bad.push_back(ok(2, 4ms, 5ms, KvRead{"b"}, value(0)));  // stale
  const CheckResult result = check_linearizable(kv, bad);
  ASSERT_EQ(result.verdict, Verdict::illegal);
  // Read 2 then read 0: whenever the write of 2 applied, the second read missed it.
  EXPECT_EQ(result.violation->core, (std::vector<std::size_t>{3, 4})) << result.report;
}

TEST(Linearizability, AUserModelIsAFewLambdas) {
  // A counter: each input adds to the total and returns the new total.
  const Model<std::int64_t> counter{
      .name = "counter",
      .init = [] { return std::int64_t{0}; },
      .step = [](const std::int64_t& total, const Message& input,
                 const std::optional<Message>& output) -> std::optional<std::int64_t> {
        const std::int64_t next = total + input.get<std::int64_t>();
        if (output && output->get<std::int64_t>() != next) return std::nullopt;
        return next;
      },
      .partition = {},
      .hash = {}};
  EXPECT_TRUE(check_linearizable(counter, {ok(0, 0ms, 5ms, value(1), value(3)),
                                           ok(1, 0ms, 5ms, value(2), value(2))})
                  .linearizable());
  EXPECT_EQ(check_linearizable(
                counter, {ok(0, 0ms, 1ms, value(1), value(3)), ok(1, 2ms, 5ms, value(2), value(3))})
                .verdict,
            Verdict::illegal);
}

TEST(Linearizability, ABudgetTooSmallAnswersUnknown) {
  const History history{ok(0, 0ms, 1ms, write(1)), ok(1, 2ms, 3ms, read(), value(1))};
  EXPECT_EQ(check_linearizable(register_model(), history, {.max_steps = 1}).verdict,
            Verdict::unknown);
}

TEST(Linearizability, AnOperationCompletingBeforeItsInvocationIsRejected) {
  EXPECT_THROW(check({ok(0, 5ms, 1ms, write(1))}), thespis::Error);
}

TEST(HistoryRecorder, RecordsInvocationsAndOutcomes) {
  HistoryRecorder recorder;
  const auto w = recorder.invoke(0, write(1), 1ms);
  const auto r = recorder.invoke(1, read(), 2ms);
  const auto lost = recorder.invoke(2, write(3), 2ms);
  const auto refused = recorder.invoke(2, write(4), 3ms);
  recorder.complete(w, Message(), 3ms);
  recorder.complete(r, value(1), 4ms);
  recorder.unknown(lost);
  recorder.fail(refused, 5ms);
  const History& history = recorder.history();
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[1].outcome, Outcome::ok);
  EXPECT_EQ(history[1].completed, 4ms);
  EXPECT_EQ(history[2].outcome, Outcome::unknown);
  EXPECT_EQ(history[3].outcome, Outcome::fail);
  EXPECT_TRUE(check(history).linearizable());
}

}  // namespace
