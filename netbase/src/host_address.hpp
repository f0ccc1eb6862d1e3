// Host addresses of the tcp base: parsing and checking "HOST:PORT" and host options, and turning
// a host (an IPv4 literal or a name) into an address to bind or dial. Each process listens on
// its system's bind host and is reached at its advertised host; both travel as text (a name
// stays a name) and are resolved where a socket needs them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "asio.hpp"

namespace thespis::net::detail {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
  std::string to_string() const { return host + ":" + std::to_string(port); }
  friend bool operator==(const HostPort&, const HostPort&) = default;
};

/// The address `host` names (an IPv4 literal, or a name resolved now); nullopt if none.
std::optional<asio::ip::address_v4> ipv4_of(const std::string& host);
/// Throws Error naming `what` and the value unless `host` is an IPv4 literal or resolves.
void check_host(const std::string& host, const std::string& what);
/// Parses "HOST:PORT" (port 1..65535, host checked); throws Error naming `what` and the value.
HostPort parse_host_port(const std::string& text, const std::string& what);

/// Where a system's processes listen and are reached, with the defaults applied and checked.
struct Hosts {
  std::string bind;
  std::string advertise;
};
/// Empty bind: 127.0.0.1; empty advertise: the bind host, which must then not be 0.0.0.0.
Hosts hosts_of(const std::string& bind, const std::string& advertise);

/// The host a process on this machine dials to reach a listener bound at `bind_host`.
std::string local_host_of(const std::string& bind_host);
/// An admin bound at `bind_host` on this machine answers at `host` (the same address, or a
/// loopback one when it binds 0.0.0.0).
bool is_local_host(const std::string& host, const std::string& bind_host);
/// The two name the same address (resolving names); false if either does not resolve.
bool same_host(const std::string& a, const std::string& b);

}  // namespace thespis::net::detail
