// The digest folded into every trace hash must not change with how it is computed, and the
// allocator behind message values must hand out distinct, usable blocks whichever thread frees
// them.
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <thespis/detail/hash.hpp>
#include <thespis/detail/message_allocator.hpp>
#include <thespis/message.hpp>
#include <thespis/message_type.hpp>

namespace allocator_test {

/// A value aligned beyond what the block cache gives.
struct alignas(64) Wide {
  std::int64_t value = 0;
};
THESPIS_MESSAGE(Wide, value)

}  // namespace allocator_test

namespace {

using thespis::detail::bytes_digest;

/// The digest as first defined: bytes assembled one at a time, little-endian.
std::uint64_t bytewise_digest(std::string_view bytes) {
  const auto mix = [](std::uint64_t x) {
    x *= 0xbf58476d1ce4e5b9ULL;
    return x ^ (x >> 31);
  };
  std::uint64_t hash = 0x9e3779b97f4a7c15ULL ^ bytes.size();
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word = 0;
    for (std::size_t j = 0; j < 8; ++j)
      word |= std::uint64_t{static_cast<unsigned char>(bytes[i + j])} << (8 * j);
    hash = mix(hash ^ word);
  }
  std::uint64_t tail = 0;
  for (std::size_t j = 0; i + j < bytes.size(); ++j)
    tail |= std::uint64_t{static_cast<unsigned char>(bytes[i + j])} << (8 * j);
  return mix(hash ^ tail ^ 0xff);
}

// Recorded trace hashes fold this digest: pinned here at compile time and at run time.
static_assert(bytes_digest("") == 0x0ae77f8d63376800ULL);
static_assert(bytes_digest("thespis digest!") == 0xf838e6682f0359ceULL);

TEST(BytesDigest, KeepsItsRecordedValues) {
  const std::string empty;
  const std::string text = "thespis digest!";
  EXPECT_EQ(bytes_digest(empty), 0x0ae77f8d63376800ULL);
  EXPECT_EQ(bytes_digest(text), 0xf838e6682f0359ceULL);
  EXPECT_EQ(bytes_digest(std::string_view()), bytewise_digest(std::string_view()));
}

RC_GTEST_PROP(BytesDigest, EqualsTheBytewiseDefinitionAtEveryLengthAndOffset,
              (const std::string& bytes, unsigned offset)) {
  // Offsets into a larger buffer make the word loads unaligned.
  const std::string padded = std::string(offset % 8, 'x') + bytes;
  const std::string_view view = std::string_view(padded).substr(offset % 8);
  RC_ASSERT(bytes_digest(view) == bytewise_digest(view));
}

TEST(MessageAllocator, BlocksInUseAreDistinctAndHoldWhatIsWrittenInThem) {
  std::vector<void*> blocks;
  for (std::size_t bytes = 1; bytes <= 600; bytes += 7) {
    for (int i = 0; i < 3; ++i) {
      void* block = thespis::detail::allocate_message_block(bytes);
      std::memset(block, static_cast<int>(bytes & 0xff), bytes);
      blocks.push_back(block);
    }
  }
  EXPECT_EQ(std::set<void*>(blocks.begin(), blocks.end()).size(), blocks.size());
  std::size_t at = 0;
  for (std::size_t bytes = 1; bytes <= 600; bytes += 7) {
    for (int i = 0; i < 3; ++i, ++at) {
      const auto* data = static_cast<const unsigned char*>(blocks[at]);
      EXPECT_EQ(data[0], bytes & 0xff);
      EXPECT_EQ(data[bytes - 1], bytes & 0xff);
      thespis::detail::free_message_block(blocks[at], bytes);
    }
  }
}

TEST(MessageAllocator, ValuesMadeOnOneThreadAndReleasedOnAnotherStayIntact) {
  // A transport thread decodes, an actor thread drops: the blocks move between the caches.
  std::vector<thespis::Message> made;
  std::thread maker([&] {
    for (int i = 0; i < 5000; ++i)
      made.emplace_back(std::string(static_cast<std::size_t>(i % 40), 'm'));
  });
  maker.join();
  for (int i = 0; i < 5000; ++i)
    ASSERT_EQ(made[static_cast<std::size_t>(i)].get<std::string>().size(),
              static_cast<std::size_t>(i % 40));
  std::thread dropper([&] { made.clear(); });
  dropper.join();
  std::vector<thespis::Message> again;
  for (std::int64_t i = 0; i < 5000; ++i) again.emplace_back(i);
  for (std::int64_t i = 0; i < 5000; ++i)
    ASSERT_EQ(again[static_cast<std::size_t>(i)].get<std::int64_t>(), i);
}

TEST(MessageAllocator, AnOverAlignedValueKeepsItsAlignmentMadeAndDecoded) {
  using allocator_test::Wide;
  const auto aligned = [](const thespis::Message& m) {
    return reinterpret_cast<std::uintptr_t>(m.value()) % alignof(Wide) == 0;
  };
  std::vector<thespis::Message> made;
  for (std::int64_t i = 0; i < 100; ++i) {
    made.emplace_back(Wide{i});
    ASSERT_TRUE(aligned(made.back()));
    ASSERT_EQ(made.back().get<Wide>().value, i);
  }
  const thespis::Message decoded =
      thespis::decode_from_bytes(thespis::encode_to_bytes(thespis::Message(Wide{7})));
  EXPECT_TRUE(aligned(decoded));
  EXPECT_EQ(decoded.get<Wide>().value, 7);
}

}  // namespace
