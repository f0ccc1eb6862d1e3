#include "datagram.hpp"

#include <cstring>

#include <sodium.h>

namespace thespis::net::detail {
namespace {

constexpr unsigned char magic[4] = {'T', 'H', 'S', 'U'};
constexpr unsigned char version = 1;
constexpr std::size_t tag_at = 32;
constexpr std::size_t tag_bytes = 16;
static_assert(tag_at + tag_bytes == datagram_header_bytes);

void put_u64(unsigned char* at, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) at[i] = static_cast<unsigned char>(value >> (8 * i));
}

std::uint64_t get_u64(const unsigned char* at) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | at[i];
  return value;
}

void compute_tag(const std::array<unsigned char, 32>& key, std::string_view datagram,
                 unsigned char* tag) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(datagram.data());
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.data(), key.size(), tag_bytes);
  crypto_generichash_update(&state, bytes, tag_at);
  crypto_generichash_update(&state, bytes + datagram_header_bytes,
                            datagram.size() - datagram_header_bytes);
  crypto_generichash_final(&state, tag, tag_bytes);
}

std::optional<DatagramHeader> parse(std::string_view datagram, std::string& why) {
  if (datagram.size() < datagram_header_bytes) {
    why = "a datagram of " + std::to_string(datagram.size()) + " bytes is shorter than a header";
    return std::nullopt;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(datagram.data());
  if (std::memcmp(p, magic, sizeof magic) != 0) {
    why = "not a thespis datagram";
    return std::nullopt;
  }
  if (p[4] != version) {
    why = "datagram version " + std::to_string(p[4]) + ", expected " + std::to_string(version);
    return std::nullopt;
  }
  if (p[5] < static_cast<unsigned char>(DatagramKind::data) ||
      p[5] > static_cast<unsigned char>(DatagramKind::refused)) {
    why = "unknown datagram kind " + std::to_string(p[5]);
    return std::nullopt;
  }
  DatagramHeader header;
  header.kind = static_cast<DatagramKind>(p[5]);
  header.count = static_cast<std::uint16_t>(p[6] | (p[7] << 8));
  header.recipient = get_u64(p + 8);
  header.sender = get_u64(p + 16);
  header.first = get_u64(p + 24);
  return header;
}

}  // namespace

DatagramKey::DatagramKey(const Secret& secret) {
  // A key of its own: the handshake's HMAC key is never used for anything else.
  static constexpr char label[] = "thespis-udp-v1 datagram key";
  crypto_generichash(key_.data(), key_.size(), reinterpret_cast<const unsigned char*>(label),
                     sizeof label - 1, secret.key().data(), secret.key().size());
}

void DatagramKey::seal(std::string& datagram, const DatagramHeader& header) const {
  auto* p = reinterpret_cast<unsigned char*>(datagram.data());
  std::memcpy(p, magic, sizeof magic);
  p[4] = version;
  p[5] = static_cast<unsigned char>(header.kind);
  p[6] = static_cast<unsigned char>(header.count);
  p[7] = static_cast<unsigned char>(header.count >> 8);
  put_u64(p + 8, header.recipient);
  put_u64(p + 16, header.sender);
  put_u64(p + 24, header.first);
  compute_tag(key_, datagram, p + tag_at);
}

std::optional<DatagramHeader> DatagramKey::open(std::string_view datagram, std::string& why) const {
  auto header = parse(datagram, why);
  if (!header) return std::nullopt;
  unsigned char tag[tag_bytes];
  compute_tag(key_, datagram, tag);
  if (sodium_memcmp(tag, datagram.data() + tag_at, tag_bytes) != 0) {
    why = "a datagram whose tag does not verify (another secret, or altered)";
    return std::nullopt;
  }
  if (header->kind != DatagramKind::data && datagram.size() != datagram_header_bytes) {
    why = "a control datagram that carries frames";
    return std::nullopt;
  }
  return header;
}

std::optional<DatagramHeader> quoted_header(std::string_view datagram) {
  std::string why;
  return parse(datagram, why);
}

std::uint64_t random_incarnation() {
  std::uint64_t value = 0;
  while (value == 0) randombytes_buf(&value, sizeof value);
  return value;
}

}  // namespace thespis::net::detail
