// Watching descriptors (Thespian's ThespianWatch / WatchMessage): an actor is told when a file
// descriptor or socket is readable, between its other messages, without blocking on it.
//
//   class Reader : public thespis::WatchingActor {
//    public:
//     Reader() {
//       watch_readable(fd_);                          // also from any handler
//       on<thespis::DescriptorReadable>([this](const thespis::DescriptorReadable& ready) {
//         ... read(ready.fd) without blocking ...; on EOF: unwatch(ready.fd)
//       });
//     }
//   };
//
// Semantics (level-triggered, as Thespian's select): while a watched descriptor is readable the
// actor gets DescriptorReadable{fd}, one at a time: the watch is re-armed only after the handler
// that got the previous one has returned, so a descriptor whose data stays unread (or that is at
// end of file) is reported again after each delivery, with the actor's other messages in
// between. Read what is there, or unwatch. At most one DescriptorReadable per descriptor is ever
// waiting in the mailbox, and none arrives after unwatch(fd) has returned.
//
// The bound: at most max_watched_descriptors per actor. watch_readable() throws thespis::Error
// when the bound is reached, for a descriptor that is not open (or, on `sim`, not a source of
// the simulation), and on a base that watches nothing; it never ends the process.
//
// Closing. A watch holds a duplicate of the descriptor while it waits, so closing the actor's
// descriptor while watched crashes nothing; unwatch first, else the duplicate keeps the file open
// until the next report, after which the closed descriptor ends the watch (logged as a warning).
// The actor's exit ends its watches.
//
// Mechanism (watcher per base, see descriptor_watcher.hpp): on `tcp`/`udp` a real descriptor of
// the actor's process (descriptors do not cross processes: open it in the actor); on `sim` a
// simulated source the test made and drives (sim/watch_source.hpp).
//
// A subclass that overrides receive() must pass what it does not handle to
// WatchingActor::receive().
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>

#include <thespis/actor.hpp>
#include <thespis/actor_type.hpp>
#include <thespis/descriptor_watcher.hpp>
#include <thespis/message_type.hpp>

namespace thespis {

/// The most descriptors one actor may watch at once.
inline constexpr std::size_t max_watched_descriptors = 64;

/// A watched descriptor is readable (see the top of this file). Comes from the actor itself.
struct DescriptorReadable {
  std::int64_t fd = 0;
};
THESPIS_MESSAGE(DescriptorReadable, fd)

/// The base class of an actor that watches descriptors (see the top of this file).
class WatchingActor : public Actor {
 public:
  WatchingActor();
  ~WatchingActor() override;
  void receive(const Message& message, const ActorAddress& sender) override;

 protected:
  /// Reports `fd` as DescriptorReadable while it is readable; nothing if already watched.
  /// Throws Error (see the top of this file).
  void watch_readable(int fd);
  /// Stops reporting `fd`; nothing if it is not watched.
  void unwatch(int fd);
  bool watching(int fd) const { return watched_.contains(fd); }

 private:
  void on_report(const detail::WatchReport& report);
  void rearm(int fd);

  std::unique_ptr<detail::DescriptorWatcher> watcher_;
  std::map<int, std::uint64_t> watched_;  // descriptor -> its current arm
  std::uint64_t arms_ = 0;
};

}  // namespace thespis
