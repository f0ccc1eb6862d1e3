// StreamRouter: the tcp transport of Router (router.hpp). It accepts connections on the
// process's own port and sends over one persistent connection per destination process, opened
// on first use. An envelope that cannot be delivered (the destination is gone, the connection
// broke before it was written) goes back to the Directory as undeliverable.
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include "connection.hpp"
#include "directory.hpp"
#include "listener.hpp"
#include "locations.hpp"
#include "router.hpp"

namespace thespis::net::detail {

class StreamRouter final : public Router {
 public:
  /// `directory` (the owner) outlives the router.
  StreamRouter(tcp::acceptor acceptor, Directory& directory, const ConnectionSettings& settings,
               std::size_t max_connections = default_max_connections);
  ~StreamRouter() override;

  void start() override;
  std::optional<Backlog> send(Envelope envelope) override;
  bool idle() const override;
  std::size_t most_queued() const override;
  std::size_t most_queued_bytes() const override;
  /// Closes the fullest outgoing connection: its envelopes become dead letters.
  void drop_fullest() override;
  std::uint16_t port() const override { return listener_.port(); }
  std::uint64_t incarnation() const override { return 0; }
  std::uint64_t bad_frames() const override { return bad_frames_; }
  std::uint64_t auth_failures() const override { return auth_failures_; }
  std::size_t connections() override { return listener_.live() + outgoing_.size(); }
  void forget(const ActorAddress& address) override { locations_.forget(address); }
  void close() override;
  void stop_accepting() override { listener_.stop_accepting(); }
  /// Pauses (or resumes) reading from every accepted connection.
  void pause_incoming(bool paused) override;

 private:
  Connection::Ptr connection_to(const Location& at);
  Connection::Handlers handlers();
  void bad_frame(const std::string& why);
  void auth_failure(const std::string& why);

  asio::io_context& io_;
  Directory& directory_;
  ConnectionSettings settings_;
  Listener listener_;
  Locations locations_;
  std::map<Location, Connection::Ptr> outgoing_;
  std::uint64_t bad_frames_ = 0;
  std::uint64_t auth_failures_ = 0;
  bool closed_ = false;
};

}  // namespace thespis::net::detail
