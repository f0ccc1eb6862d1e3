// Directory: what a Router needs from the process that owns it. The Router moves envelopes
// between this process and the others; where an address lives, what to do with an envelope
// that arrives, and what becomes of one that cannot be delivered are its owner's to say:
// the admin answers from its own directory of actors, an actor process and a program ask their
// admin over their RPC client. Called on the thread that runs the Router's event loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <thespis/net/frame.hpp>

namespace thespis::net::detail {

/// Where a process listens: its host (as advertised) and port; port 0: no live actor. The
/// incarnation tells apart processes that used the same port one after the other (udp checks it).
struct Location {
  std::string host;
  std::uint16_t port = 0;
  std::uint64_t incarnation = 0;
  friend auto operator<=>(const Location&, const Location&) = default;
};

class Directory {
 public:
  virtual ~Directory() = default;

  /// Where the process that holds `address` listens (port 0 if no live actor does).
  virtual Location locate(const ActorAddress& address) = 0;
  /// An envelope that arrived on this process's port.
  virtual void hand_in(Envelope envelope) = 0;
  /// An envelope that cannot be delivered: its recipient is gone, or the connection to it
  /// broke before it was written.
  virtual void undeliverable(Envelope envelope) = 0;
  /// A frame that did not decode (the Router counts it, then drops it).
  virtual void bad_frame(const std::string& /*why*/) {}
  /// A peer that failed to authenticate (the Router counts it).
  virtual void auth_failure(const std::string& /*why*/) {}
  /// An envelope whose frame is over the transport's `limit`, never sent (dropped unless the
  /// owner says otherwise).
  virtual void too_large(Envelope /*envelope*/, std::size_t /*frame_bytes*/,
                         std::size_t /*limit*/) {}
  /// Envelopes a peer sent that never arrived here (udp: a gap in its numbering), or a change
  /// of that count (negative: late ones arrived after all).
  virtual void lost(std::int64_t /*envelopes*/) {}

 protected:
  Directory() = default;
  Directory(const Directory&) = default;
  Directory& operator=(const Directory&) = default;
};

}  // namespace thespis::net::detail
