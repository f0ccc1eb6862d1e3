#include "router.hpp"

#include <algorithm>

#include "rpc.hpp"

namespace thespis::net::detail {

tcp::acceptor listen_local(asio::io_context& io, std::uint16_t port) {
  tcp::acceptor acceptor(io);
  const tcp::endpoint at(asio::ip::address_v4::loopback(), port);
  error_code ec;
  acceptor.open(at.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(at, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw TransportError("cannot listen on 127.0.0.1:" + std::to_string(port) + ": " +
                         ec.message());
  }
  return acceptor;
}

Router::Router(asio::io_context& io, tcp::acceptor acceptor, Hooks hooks, std::size_t max_frame)
    : io_(io),
      acceptor_(std::move(acceptor)),
      hooks_(std::move(hooks)),
      port_(acceptor_.local_endpoint().port()),
      max_frame_(max_frame) {}

Router::~Router() { close(); }

void Router::start() { accept(); }

void Router::accept() {
  acceptor_.async_accept([this](error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec != asio::error::operation_aborted && !closed_) accept();
      return;
    }
    Connection::Handlers handlers;
    handlers.on_envelope = hooks_.deliver;
    handlers.on_bad_frame = [this](const std::string& why) { bad_frame(why); };
    auto connection =
        std::make_shared<Connection>(std::move(socket), std::move(handlers), max_frame_);
    std::erase_if(incoming_, [](const auto& weak) { return weak.expired(); });
    incoming_.push_back(connection);
    connection->start();
    accept();
  });
}

std::shared_ptr<Connection> Router::connection_to(std::uint16_t port) {
  auto it = outgoing_.find(port);
  if (it != outgoing_.end() && it->second->open()) return it->second;
  tcp::socket socket = connect_local(io_, port);
  Connection::Handlers handlers;
  handlers.on_envelope = hooks_.deliver;  // answers may come back on the same stream
  handlers.on_bad_frame = [this](const std::string& why) { bad_frame(why); };
  handlers.on_close = [this, port](std::deque<Envelope> unsent) {
    std::erase_if(ports_, [&](const auto& entry) { return entry.second == port; });
    outgoing_.erase(port);
    for (Envelope& envelope : unsent) hooks_.dead_letter(std::move(envelope));
  };
  auto connection =
      std::make_shared<Connection>(std::move(socket), std::move(handlers), max_frame_);
  connection->start();
  outgoing_[port] = connection;
  return connection;
}

void Router::send(Envelope envelope) {
  if (closed_) return;
  auto cached = ports_.find(envelope.recipient);
  std::uint16_t port = cached == ports_.end() ? 0 : cached->second;
  if (port == 0) {
    port = hooks_.resolve(envelope.recipient);
    if (port == 0) return hooks_.dead_letter(std::move(envelope));
    ports_[envelope.recipient] = port;
  }
  try {
    connection_to(port)->send(std::move(envelope));
  } catch (const TransportError&) {
    ports_.erase(envelope.recipient);  // the process is gone
    hooks_.dead_letter(std::move(envelope));
  }
}

bool Router::idle() const {
  return std::all_of(outgoing_.begin(), outgoing_.end(),
                     [](const auto& entry) { return entry.second->idle(); });
}

void Router::bad_frame(const std::string& why) {
  ++bad_frames_;
  if (hooks_.bad_frame) hooks_.bad_frame(why);
}

std::size_t Router::queued() const {
  std::size_t total = 0;
  for (const auto& [port, connection] : outgoing_) total += connection->queued();
  return total;
}

void Router::close() {
  if (closed_) return;
  closed_ = true;
  error_code ignored;
  acceptor_.close(ignored);
  for (auto& [port, connection] : outgoing_) connection->close();
  for (auto& weak : incoming_) {
    if (auto connection = weak.lock()) connection->close();
  }
}

}  // namespace thespis::net::detail
