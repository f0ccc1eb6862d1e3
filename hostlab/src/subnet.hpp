// Choosing the Lab's /24 so that it collides with nothing: not with the machine's own networks
// (every IPv4 address and route of this namespace, in every table), and not with a Lab that
// another process makes at the same moment (ctest -j). The choice and the bridge address that
// claims it are made under one file lock, so the next chooser sees the claim.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace thespis::hostlab::detail {

/// A Lab's network, 10.(200 + slot / 256).(slot % 256).0/24.
struct Subnet {
  unsigned slot = 0;
  /// "10.a.b.0/24".
  std::string network() const;
  /// "10.a.b.<octet>".
  std::string address(unsigned octet) const;
};

inline constexpr unsigned subnet_slots = 55 * 256;  // 10.200.0.0 up to 10.254.255.0

/// An IPv4 prefix: network in host byte order and length in bits.
struct Prefix {
  std::uint32_t network = 0;
  unsigned length = 32;
};

/// Parses "a.b.c.d" or "a.b.c.d/n"; nullopt when it is neither.
std::optional<Prefix> parse_prefix(const std::string& text);
/// The prefixes of `ip -4 -o addr show` and `ip -4 route show table all` output (default
/// routes excluded: they overlap everything and decide nothing).
std::vector<Prefix> prefixes_of(const std::string& addr_output, const std::string& route_output);
/// The first slot whose /24 overlaps nothing in `used` and for which `taken` is false.
std::optional<unsigned> first_free_slot(const std::vector<Prefix>& used,
                                        const std::function<bool(unsigned)>& taken);

/// Holds the machine-wide lock of subnet choice for its lifetime.
class SubnetLock {
 public:
  SubnetLock();
  ~SubnetLock();
  SubnetLock(const SubnetLock&) = delete;
  SubnetLock& operator=(const SubnetLock&) = delete;

 private:
  int fd_ = -1;
};

/// Under the lock: the first free slot on this machine now; throws HostLabError when none is.
Subnet choose_free_subnet();

}  // namespace thespis::hostlab::detail
