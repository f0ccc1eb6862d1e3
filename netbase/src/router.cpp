#include "router.hpp"

#include "datagram_router.hpp"
#include "host_address.hpp"
#include "listener.hpp"
#include "stream_router.hpp"

namespace thespis::net::detail {
namespace {

udp::socket bind_datagram_socket(asio::io_context& io, const std::string& host,
                                 std::uint16_t port) {
  const auto address = ipv4_of(host);
  if (!address) throw TransportError("cannot listen on " + host + ": it does not resolve");
  udp::socket socket(io);
  error_code ec;
  socket.open(udp::v4(), ec);
  if (!ec) socket.bind(udp::endpoint(*address, port), ec);
  if (ec) {
    throw TransportError("cannot listen on " + host + ":" + std::to_string(port) +
                         " (udp): " + ec.message());
  }
  return socket;
}

}  // namespace

std::unique_ptr<Router> open_router(Transport transport, asio::io_context& io,
                                    const std::string& host, std::uint16_t port,
                                    std::uint64_t incarnation, Directory& directory,
                                    const RouterSettings& settings) {
  if (transport == Transport::streams) {
    return std::make_unique<StreamRouter>(listen_on(io, host, port), directory, settings.connection,
                                          settings.max_connections);
  }
  return std::make_unique<DatagramRouter>(bind_datagram_socket(io, host, port), incarnation,
                                          directory, settings);
}

std::unique_ptr<Router> adopt_router(Transport transport, asio::io_context& io, int fd,
                                     std::uint64_t incarnation, Directory& directory,
                                     const RouterSettings& settings) {
  if (transport == Transport::streams) {
    return std::make_unique<StreamRouter>(tcp::acceptor(io, tcp::v4(), fd), directory,
                                          settings.connection, settings.max_connections);
  }
  return std::make_unique<DatagramRouter>(udp::socket(io, udp::v4(), fd), incarnation, directory,
                                          settings);
}

}  // namespace thespis::net::detail
