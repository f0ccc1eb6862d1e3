#include "msgpack_bounds.hpp"

#include <array>
#include <string>

#include <thespis/error.hpp>

namespace thespis::detail {
namespace {

// What a msgpack tag byte says about the bytes after it.
enum class Kind : unsigned char { scalar, blob, array, map, never_used };

struct Header {
  Kind kind = Kind::scalar;
  unsigned char length_bytes = 0;  ///< a big-endian length or count follows the tag
  unsigned char payload = 0;       ///< fixed bytes after it (a blob: added to its length)
  unsigned char count = 0;         ///< a length or count held in the tag itself (fix types)
};

constexpr Header header_of(unsigned tag) {
  using K = Kind;
  const auto small = static_cast<unsigned char>(tag & 0x1fu);
  if (tag <= 0x7f || tag >= 0xe0) return {};                                        // fixint
  if (tag <= 0x8f) return {K::map, 0, 0, static_cast<unsigned char>(tag & 0x0fu)};  // fixmap
  if (tag <= 0x9f) return {K::array, 0, 0, static_cast<unsigned char>(tag & 0x0fu)};
  if (tag <= 0xbf) return {K::blob, 0, 0, small};  // fixstr
  switch (tag) {
    case 0xc1:
      return {K::never_used};
    case 0xc4:  // bin 8, 16, 32
    case 0xd9:  // str 8, 16, 32
      return {K::blob, 1};
    case 0xc5:
    case 0xda:
      return {K::blob, 2};
    case 0xc6:
    case 0xdb:
      return {K::blob, 4};
    case 0xc7:  // ext 8, 16, 32: the length, then a type byte
      return {K::blob, 1, 1};
    case 0xc8:
      return {K::blob, 2, 1};
    case 0xc9:
      return {K::blob, 4, 1};
    case 0xca:  // float 32, 64
      return {K::scalar, 0, 4};
    case 0xcb:
      return {K::scalar, 0, 8};
    case 0xcc:  // uint and int 8, 16, 32, 64
    case 0xd0:
      return {K::scalar, 0, 1};
    case 0xcd:
    case 0xd1:
      return {K::scalar, 0, 2};
    case 0xce:
    case 0xd2:
      return {K::scalar, 0, 4};
    case 0xcf:
    case 0xd3:
      return {K::scalar, 0, 8};
    case 0xd4:  // fixext 1, 2, 4, 8, 16: a type byte, then the data
      return {K::scalar, 0, 2};
    case 0xd5:
      return {K::scalar, 0, 3};
    case 0xd6:
      return {K::scalar, 0, 5};
    case 0xd7:
      return {K::scalar, 0, 9};
    case 0xd8:
      return {K::scalar, 0, 17};
    case 0xdc:  // array 16, 32
      return {K::array, 2};
    case 0xdd:
      return {K::array, 4};
    case 0xde:  // map 16, 32
      return {K::map, 2};
    case 0xdf:
      return {K::map, 4};
    default:  // nil, false, true
      return {};
  }
}

constexpr std::array<Header, 256> headers = [] {
  std::array<Header, 256> table{};
  for (unsigned tag = 0; tag < 256; ++tag) table[tag] = header_of(tag);
  return table;
}();

[[noreturn]] void fail_at(std::size_t at, const std::string& what) {
  Decoder::fail("malformed bytes: " + what + " (at byte " + std::to_string(at) + ")");
}

}  // namespace

std::size_t check_bounds(std::string_view bytes, const DecodeLimits& limits,
                         std::vector<std::size_t>& open) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t pos = 0;
  std::size_t values = 0;
  std::size_t owed = 1;  // values still to come: the sum of `open`, the root's slot included
  open.assign(1, 1);     // per open container, innermost last: its elements still to come
  while (!open.empty()) {
    if (open.back() == 0) {
      open.pop_back();
      continue;
    }
    --open.back();
    --owed;
    const std::size_t at = pos;
    if (pos == size) fail_at(at, "truncated, a value is missing");
    if (++values > limits.max_elements) {
      fail_at(at, "more than " + std::to_string(limits.max_elements) + " values in one document");
    }
    const Header h = headers[data[pos++]];
    if (h.kind == Kind::never_used) fail_at(at, "0xc1 is not a msgpack tag");
    if (h.length_bytes > size - pos) fail_at(at, "truncated header");
    std::size_t n = h.count;
    for (unsigned i = 0; i < h.length_bytes; ++i) n = n << 8 | data[pos++];
    switch (h.kind) {
      case Kind::scalar:
        if (h.payload > size - pos) fail_at(at, "truncated value");
        pos += h.payload;
        break;
      case Kind::blob:
        if (n > limits.max_string) {
          fail_at(at, "a string of " + std::to_string(n) + " bytes is over the limit of " +
                          std::to_string(limits.max_string));
        }
        if (n + h.payload > size - pos) fail_at(at, "truncated string");
        pos += n + h.payload;
        break;
      case Kind::array:
      case Kind::map: {
        const bool map = h.kind == Kind::map;
        if (n > (map ? limits.max_map : limits.max_array)) {
          fail_at(at, std::string(map ? "a map" : "an array") + " of " + std::to_string(n) +
                          " elements is over the limit");
        }
        if (open.size() > limits.max_depth) {
          fail_at(at, "nested deeper than " + std::to_string(limits.max_depth));
        }
        const std::size_t slots = map ? 2 * n : n;
        owed += slots;
        // Every value takes at least a byte: a promise the bytes cannot keep is refused before
        // msgpack-cxx allocates for it.
        if (owed > size - pos) {
          fail_at(at, std::to_string(owed) + " values promised in the " +
                          std::to_string(size - pos) + " bytes left");
        }
        open.push_back(slots);
        break;
      }
      case Kind::never_used:
        break;
    }
  }
  return pos;
}

}  // namespace thespis::detail
