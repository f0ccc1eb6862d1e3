#include "stream_router.hpp"

#include <algorithm>

#include "host_address.hpp"

namespace thespis::net::detail {

StreamRouter::StreamRouter(tcp::acceptor acceptor, Directory& directory,
                           const ConnectionSettings& settings, std::size_t max_connections)
    : io_(static_cast<asio::io_context&>(acceptor.get_executor().context())),
      directory_(directory),
      settings_(settings),
      listener_(std::move(acceptor), max_connections, [this](tcp::socket socket) {
        return std::make_shared<Connection>(std::move(socket), handlers(), settings_);
      }) {}

StreamRouter::~StreamRouter() { close(); }

void StreamRouter::start() { listener_.start(); }

Connection::Handlers StreamRouter::handlers() {
  Connection::Handlers handlers;
  handlers.on_envelope = [this](const Connection::Ptr&, Envelope e) {
    directory_.hand_in(std::move(e));
  };
  handlers.on_bad_frame = [this](const std::string& why) { bad_frame(why); };
  handlers.on_auth_failure = [this](const std::string& why) { auth_failure(why); };
  handlers.on_too_large = [this](Envelope e, std::size_t bytes) {
    directory_.too_large(std::move(e), bytes, settings_.max_frame);
  };
  return handlers;
}

Connection::Ptr StreamRouter::connection_to(const Location& at) {
  auto it = outgoing_.find(at);
  if (it != outgoing_.end() && it->second->open()) return it->second;
  const auto address = ipv4_of(at.host);
  if (!address) return nullptr;
  Connection::Handlers handlers = this->handlers();  // answers may come back on the same stream
  handlers.on_close = [this, at](std::deque<Envelope> unsent) {
    locations_.forget_all_at(at);
    outgoing_.erase(at);
    for (Envelope& envelope : unsent) directory_.undeliverable(std::move(envelope));
  };
  auto connection = Connection::connect(io_, {*address, at.port}, std::move(handlers), settings_);
  outgoing_[at] = connection;
  return connection;
}

std::optional<Backlog> StreamRouter::send(Envelope envelope) {
  if (closed_) return std::nullopt;
  const std::optional<Location> at = locations_.find(envelope.recipient, directory_);
  if (!at) {
    directory_.undeliverable(std::move(envelope));
    return std::nullopt;
  }
  const Connection::Ptr connection = connection_to(*at);
  if (!connection) {  // its host no longer resolves
    locations_.forget(envelope.recipient);
    directory_.undeliverable(std::move(envelope));
    return std::nullopt;
  }
  connection->send(std::move(envelope));
  if (!connection->open()) return std::nullopt;
  return Backlog{connection->queued(), connection->queued_bytes()};
}

bool StreamRouter::idle() const {
  return std::all_of(outgoing_.begin(), outgoing_.end(),
                     [](const auto& entry) { return entry.second->idle(); });
}

void StreamRouter::bad_frame(const std::string& why) {
  ++bad_frames_;
  directory_.bad_frame(why);
}

void StreamRouter::auth_failure(const std::string& why) {
  ++auth_failures_;
  directory_.auth_failure(why);
}

std::size_t StreamRouter::most_queued() const {
  std::size_t most = 0;
  for (const auto& [at, connection] : outgoing_) most = std::max(most, connection->queued());
  return most;
}

std::size_t StreamRouter::most_queued_bytes() const {
  std::size_t most = 0;
  for (const auto& [at, connection] : outgoing_) most = std::max(most, connection->queued_bytes());
  return most;
}

void StreamRouter::drop_fullest() {
  auto fullest =
      std::max_element(outgoing_.begin(), outgoing_.end(), [](const auto& a, const auto& b) {
        return a.second->queued_bytes() < b.second->queued_bytes();
      });
  if (fullest == outgoing_.end()) return;
  const Connection::Ptr connection = fullest->second;  // on_close erases it from outgoing_
  connection->abort("the peer does not read what it is sent");
}

void StreamRouter::pause_incoming(bool paused) {
  listener_.for_each([paused](Connection& connection) {
    paused ? connection.pause_reading() : connection.resume_reading();
  });
}

void StreamRouter::close() {
  if (closed_) return;
  closed_ = true;
  listener_.close();
  for (auto& [at, connection] : outgoing_) connection->close();
  outgoing_.clear();
}

}  // namespace thespis::net::detail
