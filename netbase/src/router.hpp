// Router: a process's side of the actor-to-actor network. It accepts connections on the
// process's own port and hands every incoming envelope in to its owner's Directory; it sends
// envelopes over one persistent connection per destination process, which it opens on first
// use after asking the Directory where the destination listens (host and port). An envelope that
// cannot be delivered (the destination is gone, the connection broke before it was written) goes
// back to the Directory as undeliverable.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>

#include "connection.hpp"
#include "directory.hpp"
#include "listener.hpp"

namespace thespis::net::detail {

class Router {
 public:
  /// `directory` (the owner) outlives the Router.
  Router(tcp::acceptor acceptor, Directory& directory, const ConnectionSettings& settings,
         std::size_t max_connections = default_max_connections);
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  void start();
  /// Sends over the destination's connection, which it returns (for its queue's size; valid
  /// until the event loop runs), or dead-letters and returns nullptr.
  Connection* send(Envelope envelope);
  /// Nothing queued or being written on any outgoing connection.
  bool idle() const;
  /// Envelopes waiting on the fullest outgoing connection (written or not yet).
  std::size_t most_queued() const;
  /// Bytes waiting on the fullest outgoing connection.
  std::size_t most_queued_bytes() const;
  /// Closes the fullest outgoing connection: its envelopes become dead letters.
  void drop_fullest();
  std::uint16_t port() const { return listener_.port(); }
  std::uint64_t bad_frames() const { return bad_frames_; }
  std::uint64_t auth_failures() const { return auth_failures_; }
  std::size_t connections() { return listener_.live() + outgoing_.size(); }
  /// Forgets where `address` lives (its process went away).
  void forget(const ActorAddress& address) { locations_.erase(address); }
  void close();
  void stop_accepting() { listener_.stop_accepting(); }
  /// Pauses (or resumes) reading from every accepted connection: the receiver is full.
  void pause_incoming(bool paused);

 private:
  Connection::Ptr connection_to(const Location& at);
  Connection::Handlers handlers();
  void bad_frame(const std::string& why);
  void auth_failure(const std::string& why);

  asio::io_context& io_;
  Directory& directory_;
  ConnectionSettings settings_;
  Listener listener_;
  std::map<ActorAddress, Location> locations_;
  /// Addresses known to have no live actor (addresses are never reused), so that sending to
  /// one again costs no round trip to the admin; bounded, forgotten wholesale when full.
  std::set<ActorAddress> gone_;
  std::map<Location, Connection::Ptr> outgoing_;
  std::uint64_t bad_frames_ = 0;
  std::uint64_t auth_failures_ = 0;
  bool closed_ = false;
};

}  // namespace thespis::net::detail
