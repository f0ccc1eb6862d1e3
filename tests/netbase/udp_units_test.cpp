// The udp transport's parts on their own: a receiver's numbering of one sender (SequenceWindow)
// and the datagram's seal (DatagramKey). Each assertion is one a broken implementation would
// violate: a gap not counted, a late arrival counted twice, a replay delivered, a forged or
// altered datagram opened.
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include <thespis/net/secret.hpp>

#include "datagram.hpp"
#include "sequence_window.hpp"

namespace thespis::net::detail {
namespace {

// --- SequenceWindow ---------------------------------------------------------------------------

TEST(SequenceWindow, RunsInOrderAreDeliveredAndNothingIsLost) {
  SequenceWindow window;
  for (std::uint64_t first = 0; first < 100; first += 5) {
    const auto verdict = window.data(first, 5);
    EXPECT_TRUE(verdict.deliver) << first;
    EXPECT_EQ(verdict.lost, 0) << first;
  }
  EXPECT_EQ(window.gaps(), 0u);
  EXPECT_EQ(window.mark(100), 0) << "everything below 100 came";
}

TEST(SequenceWindow, AGapIsCountedAtOnceAndALateFillTakesItBack) {
  SequenceWindow window;
  ASSERT_TRUE(window.data(0, 5).deliver);
  const auto jump = window.data(10, 2);  // 5..9 missing
  EXPECT_TRUE(jump.deliver);
  EXPECT_EQ(jump.lost, 5);
  EXPECT_EQ(window.gaps(), 1u);
  const auto middle = window.data(6, 2);  // fills 6..7 of the gap: 5 and 8..9 still missing
  EXPECT_TRUE(middle.deliver);
  EXPECT_EQ(middle.lost, -2);
  EXPECT_EQ(window.gaps(), 2u) << "the gap split in two";
  EXPECT_EQ(window.data(5, 1).lost, -1);
  EXPECT_EQ(window.data(8, 2).lost, -2);
  EXPECT_EQ(window.gaps(), 0u);
  // Net: 5 counted, 5 taken back.
}

TEST(SequenceWindow, DuplicatesAndReplaysAreNotDeliveredAgain) {
  SequenceWindow window;
  ASSERT_TRUE(window.data(0, 3).deliver);
  ASSERT_TRUE(window.data(3, 3).deliver);
  for (const auto& [first, count] :
       {std::pair<std::uint64_t, std::uint64_t>{0, 3}, {3, 3}, {1, 1}, {0, 6}, {5, 1}}) {
    const auto again = window.data(first, count);
    EXPECT_FALSE(again.deliver) << first << "+" << count;
    EXPECT_EQ(again.lost, 0) << first << "+" << count;
  }
  // A late fill is delivered once; its replay is a duplicate.
  ASSERT_EQ(window.data(10, 1).lost, 4);
  EXPECT_TRUE(window.data(7, 2).deliver);
  const auto replay = window.data(7, 2);
  EXPECT_FALSE(replay.deliver);
  EXPECT_EQ(replay.lost, 0) << "a replayed late fill must not take the loss back twice";
  // A run that overlaps what was delivered and what is missing is not delivered (it would
  // deliver 8 twice).
  EXPECT_FALSE(window.data(8, 2).deliver);
}

TEST(SequenceWindow, EmptyAndOverflowingRunsAreIgnored) {
  SequenceWindow window;
  EXPECT_FALSE(window.data(0, 0).deliver);
  const auto wraps = window.data(std::numeric_limits<std::uint64_t>::max() - 1, 5);
  EXPECT_FALSE(wraps.deliver);
  EXPECT_EQ(wraps.lost, 0);
  EXPECT_TRUE(window.data(0, 1).deliver) << "the window did not move";
}

TEST(SequenceWindow, MarksCountALossAtTheEndOfABurst) {
  SequenceWindow window;
  ASSERT_TRUE(window.data(0, 10).deliver);
  EXPECT_EQ(window.mark(10), 0);
  EXPECT_EQ(window.mark(15), 5) << "10..14 were sent and never came";
  EXPECT_EQ(window.mark(15), 0) << "a repeated mark counts nothing more";
  EXPECT_EQ(window.mark(12), 0) << "an old mark counts nothing";
  const auto late = window.data(10, 5);
  EXPECT_TRUE(late.deliver);
  EXPECT_EQ(late.lost, -5);
  EXPECT_TRUE(window.data(15, 1).deliver);
}

TEST(SequenceWindow, GapsAreBoundedAndTheOldestAreGivenUpStillCounted) {
  SequenceWindow window;
  std::int64_t lost = 0;
  // Every other number: a gap of one each time.
  const std::uint64_t runs = SequenceWindow::max_gaps + 50;
  for (std::uint64_t i = 0; i < runs; ++i) lost += window.data(2 * i + 1, 1).lost;
  EXPECT_EQ(lost, static_cast<std::int64_t>(runs)) << "each gap counted";
  EXPECT_EQ(window.gaps(), SequenceWindow::max_gaps);
  // The oldest gaps (0, 2, ...) were given up: their late arrivals are taken for duplicates
  // and the loss stays counted.
  const auto oldest = window.data(0, 1);
  EXPECT_FALSE(oldest.deliver);
  EXPECT_EQ(oldest.lost, 0);
  // The newest gap is still remembered.
  const auto newest = window.data(2 * (runs - 1), 1);
  EXPECT_TRUE(newest.deliver);
  EXPECT_EQ(newest.lost, -1);
  EXPECT_EQ(window.gaps(), SequenceWindow::max_gaps - 1);
}

TEST(SequenceWindow, AHugeJumpIsCountedWithoutOverflow) {
  SequenceWindow window;
  const auto jump = window.data(std::numeric_limits<std::uint64_t>::max() - 10, 1);
  EXPECT_TRUE(jump.deliver);
  EXPECT_EQ(jump.lost, std::numeric_limits<std::int64_t>::max()) << "clamped, not negative";
}

// --- DatagramKey ------------------------------------------------------------------------------

const DatagramHeader sample{.kind = DatagramKind::data,
                            .count = 3,
                            .recipient = 0x1122334455667788,
                            .sender = 42,
                            .first = 1000};

/// A datagram: header room, then `frames`, sealed with `key`.
std::string sealed(const DatagramKey& key, const DatagramHeader& header,
                   const std::string& frames = "three frames' worth of bytes") {
  std::string datagram(datagram_header_bytes, '\0');
  datagram += frames;
  key.seal(datagram, header);
  return datagram;
}

TEST(DatagramKey, ASealedDatagramOpensToItsHeader) {
  const DatagramKey key(Secret::from_text("the convention's secret"));
  const std::string datagram = sealed(key, sample);
  ASSERT_EQ(datagram.substr(0, 4), "THSU");
  std::string why;
  const auto header = key.open(datagram, why);
  ASSERT_TRUE(header) << why;
  EXPECT_EQ(header->kind, sample.kind);
  EXPECT_EQ(header->count, sample.count);
  EXPECT_EQ(header->recipient, sample.recipient);
  EXPECT_EQ(header->sender, sample.sender);
  EXPECT_EQ(header->first, sample.first);
  // A key made from the same secret opens it too (every process derives its own).
  EXPECT_TRUE(DatagramKey(Secret::from_text("the convention's secret")).open(datagram, why));
}

TEST(DatagramKey, OneFlippedBitAnywhereIsRefused) {
  const DatagramKey key(Secret::from_text("the convention's secret"));
  const std::string datagram = sealed(key, sample);
  for (std::size_t byte = 0; byte < datagram.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string altered = datagram;
      altered[byte] = static_cast<char>(altered[byte] ^ (1 << bit));
      std::string why;
      EXPECT_FALSE(key.open(altered, why)) << "byte " << byte << " bit " << bit;
      EXPECT_FALSE(why.empty()) << "byte " << byte << " bit " << bit;
    }
  }
}

TEST(DatagramKey, AnotherSecretsDatagramIsRefusedAsNotVerifying) {
  const DatagramKey ours(Secret::from_text("ours"));
  const DatagramKey theirs(Secret::from_text("theirs"));
  std::string why;
  EXPECT_FALSE(ours.open(sealed(theirs, sample), why));
  EXPECT_NE(why.find("tag does not verify"), std::string::npos) << why;
  EXPECT_FALSE(ours.open(sealed(theirs, {.kind = DatagramKind::mark}, ""), why));
}

TEST(DatagramKey, ShortTruncatedAndForeignDatagramsAreRefusedWithAReason) {
  const DatagramKey key(Secret::from_text("s"));
  const std::string datagram = sealed(key, sample);
  std::string why;
  EXPECT_FALSE(key.open("", why));
  EXPECT_NE(why.find("0 bytes is shorter than a header"), std::string::npos) << why;
  EXPECT_FALSE(key.open(std::string_view(datagram).substr(0, datagram_header_bytes - 1), why));
  EXPECT_NE(why.find("47 bytes is shorter than a header"), std::string::npos) << why;
  // Cut inside the frames: the tag covers them.
  EXPECT_FALSE(key.open(std::string_view(datagram).substr(0, datagram.size() - 1), why));
  EXPECT_NE(why.find("tag does not verify"), std::string::npos) << why;
  EXPECT_FALSE(key.open(std::string(100, 'x'), why));
  EXPECT_EQ(why, "not a thespis datagram");
}

TEST(DatagramKey, AnUnknownVersionOrKindIsRefusedNamingIt) {
  const DatagramKey key(Secret::from_text("s"));
  std::string why;
  std::string version = sealed(key, sample);
  version[4] = 2;
  EXPECT_FALSE(key.open(version, why));
  EXPECT_EQ(why, "datagram version 2, expected 1");
  for (const int kind : {0, 4, 255}) {
    std::string unknown = sealed(key, sample);
    unknown[5] = static_cast<char>(kind);
    EXPECT_FALSE(key.open(unknown, why));
    EXPECT_EQ(why, "unknown datagram kind " + std::to_string(kind));
  }
}

TEST(DatagramKey, ControlDatagramsWithFramesAreRefusedEvenWhenTheTagVerifies) {
  const DatagramKey key(Secret::from_text("s"));
  std::string why;
  for (const DatagramKind kind : {DatagramKind::mark, DatagramKind::refused}) {
    EXPECT_TRUE(key.open(sealed(key, {.kind = kind, .first = 7}, ""), why)) << why;
    EXPECT_FALSE(key.open(sealed(key, {.kind = kind, .first = 7}, "a frame"), why));
    EXPECT_EQ(why, "a control datagram that carries frames");
  }
}

TEST(DatagramKey, AQuotedHeaderIsReadWithoutItsTagEvenCutShort) {
  const DatagramKey key(Secret::from_text("s"));
  const std::string datagram = sealed(key, sample);
  const auto quoted = quoted_header(std::string_view(datagram).substr(0, datagram_header_bytes));
  ASSERT_TRUE(quoted);
  EXPECT_EQ(quoted->first, sample.first);
  EXPECT_EQ(quoted->recipient, sample.recipient);
  EXPECT_FALSE(quoted_header(std::string_view(datagram).substr(0, 20)));
}

TEST(DatagramKey, IncarnationsAreNeverZeroAndDiffer) {
  const std::uint64_t a = random_incarnation();
  const std::uint64_t b = random_incarnation();
  EXPECT_NE(a, 0u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace thespis::net::detail

namespace thespis::net::detail {
namespace {

TEST(LostCount, SumsHoldWithinRangeWhateverAPeerClaims) {
  EXPECT_EQ(add_saturating(5, 7), 12);
  EXPECT_EQ(add_saturating(5, -7), -2);
  EXPECT_EQ(add_saturating(INT64_MAX, INT64_MAX), INT64_MAX);
  EXPECT_EQ(add_saturating(INT64_MAX - 1, 2), INT64_MAX);
  EXPECT_EQ(add_saturating(INT64_MIN, -1), INT64_MIN);
}

}  // namespace
}  // namespace thespis::net::detail
