// A stable 64-bit text hash (FNV-1a): the same on every build and platform, so that names and
// log lines folded into trace hashes compare across runs.
#pragma once

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

}  // namespace thespis::detail
