// Stable 64-bit hashes, the same on every build and platform, so that what is folded into trace
// hashes compares across runs: FNV-1a for names and log lines, and a word-at-a-time digest for
// the encoded bytes of every message sent (FNV-1a's multiply per byte would cost more there).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

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
}  // namespace hash_detail

/// A digest of `bytes`, eight at a time (read little-endian, so every platform agrees).
constexpr std::uint64_t bytes_digest(std::string_view bytes) {
  std::uint64_t hash = 0x9e3779b97f4a7c15ULL ^ bytes.size();
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word = 0;
    for (std::size_t j = 0; j < 8; ++j)
      word |= std::uint64_t{static_cast<unsigned char>(bytes[i + j])} << (8 * j);
    hash = hash_detail::mix(hash ^ word);
  }
  std::uint64_t tail = 0;
  for (std::size_t j = 0; i + j < bytes.size(); ++j)
    tail |= std::uint64_t{static_cast<unsigned char>(bytes[i + j])} << (8 * j);
  return hash_detail::mix(hash ^ tail ^ 0xff);
}

}  // namespace thespis::detail
