#include "listener.hpp"

#include <algorithm>

#include <thespis/error.hpp>

#include "host_address.hpp"

namespace thespis::net::detail {
namespace {

using namespace std::chrono_literals;

/// Out of descriptors or memory: accepting again at once would fail again at once.
bool resource_exhausted(const error_code& ec) {
  return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory || ec.value() == ENFILE;
}

}  // namespace

tcp::acceptor listen_on(asio::io_context& io, const std::string& host, std::uint16_t port) {
  tcp::acceptor acceptor(io);
  const auto address = ipv4_of(host);
  if (!address) throw TransportError("cannot listen on " + host + ": it does not resolve");
  const tcp::endpoint at(*address, port);
  error_code ec;
  acceptor.open(at.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(at, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw TransportError("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                         ec.message());
  }
  return acceptor;
}

Listener::Listener(tcp::acceptor acceptor, std::size_t max_connections, Make make)
    : acceptor_(std::move(acceptor)),
      retry_(acceptor_.get_executor()),
      max_connections_(max_connections),
      make_(std::move(make)),
      port_(acceptor_.local_endpoint().port()) {}

void Listener::start() { accept(); }

std::size_t Listener::live() {
  std::erase_if(accepted_, [](const auto& weak) {
    const auto connection = weak.lock();
    return !connection || !connection->open();
  });
  return accepted_.size();
}

void Listener::accept() {
  if (closed_) return;
  acceptor_.async_accept([this](error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || closed_) return;
    if (ec) return resource_exhausted(ec) ? back_off() : accept();
    if (live() >= max_connections_) {
      ++refused_;
      error_code ignored;
      socket.close(ignored);
      return accept();
    }
    Connection::Ptr connection = make_(std::move(socket));
    accepted_.push_back(connection);
    connection->start();
    accept();
  });
}

void Listener::back_off() {
  retry_.expires_after(50ms);
  retry_.async_wait([this](error_code ec) {
    if (!ec) accept();
  });
}

void Listener::stop_accepting() {
  error_code ignored;
  acceptor_.close(ignored);
  retry_.cancel();
}

void Listener::close() {
  if (closed_) return;
  closed_ = true;
  stop_accepting();
  for (auto& weak : accepted_) {
    if (auto connection = weak.lock()) connection->close();
  }
  accepted_.clear();
}

}  // namespace thespis::net::detail
