// Stable 64-bit hashes, the same on every build and platform, so that what is folded into trace
// hashes compares across runs: FNV-1a for names and log lines, and a word-at-a-time digest for
// the encoded bytes of every message sent (FNV-1a's multiply per byte would cost more there).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

namespace thespis::detail {

constexpr std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

namespace hash_detail {
constexpr std::uint64_t mix(std::uint64_t x) {
  x *= 0xbf58476d1ce4e5b9ULL;
  return x ^ (x >> 31);
}
/// The little-endian value of the `count` (at most 8) bytes at `bytes`, as the digest reads them.
constexpr std::uint64_t load_le(const char* bytes, std::size_t count) {
  if (!std::is_constant_evaluated() && std::endian::native == std::endian::little) {
    // One unaligned load where the bytes are all there; the byte loop below otherwise costs
    // as much as the rest of a simulated send.
    std::uint64_t word = 0;
    if (count == 8) {
      std::memcpy(&word, bytes, 8);
    } else if (count != 0) {
      std::memcpy(&word, bytes, count);
    }
    return word;
  }
  std::uint64_t word = 0;
  for (std::size_t j = 0; j < count; ++j)
    word |= std::uint64_t{static_cast<unsigned char>(bytes[j])} << (8 * j);
  return word;
}
}  // namespace hash_detail

/// A digest of `bytes`, eight at a time (read little-endian, so every platform agrees).
constexpr std::uint64_t bytes_digest(std::string_view bytes) {
  std::uint64_t hash = 0x9e3779b97f4a7c15ULL ^ bytes.size();
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8)
    hash = hash_detail::mix(hash ^ hash_detail::load_le(bytes.data() + i, 8));
  return hash_detail::mix(hash ^ hash_detail::load_le(bytes.data() + i, bytes.size() - i) ^ 0xff);
}

}  // namespace thespis::detail
