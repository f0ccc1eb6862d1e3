// Transport: what carries actor messages between a system's processes. The tcp and udp bases
// share everything else (the admin, its requests and conventions over authenticated TCP, one
// process per actor); they differ in the Router each process runs (router.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <thespis/net/defaults.hpp>

namespace thespis::net::detail {

enum class Transport : std::uint8_t {
  streams,    ///< tcp: one authenticated stream per pair of processes: FIFO, back-pressure
  datagrams,  ///< udp: authenticated datagrams: may be lost, duplicated or reordered (counted)
};

/// "tcp" or "udp": the base's registered name.
inline std::string_view transport_name(Transport transport) {
  return transport == Transport::streams ? "tcp" : "udp";
}
/// The transport named "tcp" or "udp"; nullopt for anything else.
inline std::optional<Transport> transport_named(std::string_view name) {
  if (name == "tcp") return Transport::streams;
  if (name == "udp") return Transport::datagrams;
  return std::nullopt;
}
/// The admin port of the base when none is given (Thespian's: 1900 for tcp, 1029 for udp).
inline std::uint16_t default_port_of(Transport transport) {
  return transport == Transport::streams ? default_admin_port : default_udp_admin_port;
}

}  // namespace thespis::net::detail
