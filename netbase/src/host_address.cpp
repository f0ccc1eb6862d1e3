#include "host_address.hpp"

#include <thespis/error.hpp>

namespace thespis::net::detail {

std::optional<asio::ip::address_v4> ipv4_of(const std::string& host) {
  if (host.empty()) return std::nullopt;
  error_code ec;
  const auto literal = asio::ip::make_address_v4(host, ec);
  if (!ec) return literal;
  asio::io_context io;
  tcp::resolver resolver(io);
  const auto found = resolver.resolve(tcp::v4(), host, "", ec);
  if (ec || found.empty()) return std::nullopt;
  return found.begin()->endpoint().address().to_v4();
}

void check_host(const std::string& host, const std::string& what) {
  if (!ipv4_of(host)) {
    throw Error(what + " '" + host + "': not an IPv4 address nor a name that resolves to one");
  }
}

HostPort parse_host_port(const std::string& text, const std::string& what) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw Error(what + " '" + text + "': expected HOST:PORT");
  }
  HostPort at{text.substr(0, colon), 0};
  const std::string port = text.substr(colon + 1);
  std::size_t used = 0;
  unsigned long number = 0;
  try {
    number = std::stoul(port, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != port.size() || number == 0 || number > 65535) {
    throw Error(what + " '" + text + "': the port must be a number from 1 to 65535");
  }
  at.port = static_cast<std::uint16_t>(number);
  check_host(at.host, what + " '" + text + "': host");
  return at;
}

Hosts hosts_of(const std::string& bind, const std::string& advertise) {
  Hosts hosts{bind.empty() ? "127.0.0.1" : bind, advertise};
  check_host(hosts.bind, "bind address");
  if (hosts.advertise.empty()) {
    if (hosts.bind == "0.0.0.0") {
      throw Error(
          "bind address 0.0.0.0 needs an advertise address: the one other hosts reach this "
          "system at");
    }
    hosts.advertise = hosts.bind;
  }
  check_host(hosts.advertise, "advertise address");
  if (hosts.advertise == "0.0.0.0") {
    throw Error("advertise address 0.0.0.0: other hosts cannot reach a system there");
  }
  return hosts;
}

std::string local_host_of(const std::string& bind_host) {
  return bind_host.empty() || bind_host == "0.0.0.0" ? "127.0.0.1" : bind_host;
}

bool is_local_host(const std::string& host, const std::string& bind_host) {
  // An admin started here listens on the bind host: it answers at `host` only if that is the
  // bind host, or any loopback address when it binds them all.
  if (same_host(host, local_host_of(bind_host))) return true;
  const auto address = ipv4_of(host);
  return bind_host == "0.0.0.0" && address && address->is_loopback();
}

bool same_host(const std::string& a, const std::string& b) {
  if (a == b) return true;
  const auto x = ipv4_of(a);
  const auto y = ipv4_of(b);
  return x && y && *x == *y;
}

}  // namespace thespis::net::detail
