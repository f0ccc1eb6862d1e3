// HeldSockets: the spawner's copies of its udp actors' sockets, so that a message sent to an
// actor whose process has ended becomes a dead letter without depending on ICMP.
//
// While a child lives the spawner keeps its copy of the child's socket and never reads it. When
// the child is reaped the socket becomes an orphan: the spawner answers every `data` datagram
// on it whose tag verifies with `refused` (datagram.hpp), naming an incarnation that is not the
// dead child's, so the sender turns the datagram's envelopes into dead letters and asks the
// admin again. That includes datagrams that were queued, unread, when the child died (a dying
// process's socket stays open while the kernel tears down its memory, and a closed socket
// discards its queue without any ICMP): they were never read, so dead letters are exactly right.
// Anything else (marks, refusals, what does not verify) is dropped without an answer, so that
// garbage is never amplified. While a port is held no new actor can be given it, so nothing
// meant for the dead process reaches a newer one.
//
// Bounds: an orphan is held for `orphan_hold` (longer than a sender keeps what it sent); the
// sockets held, live and orphaned, at most `cap` (the oldest orphan is closed first; with none,
// the newest child's copy is not kept, and dead letters for that child fall back to the kernel's
// ICMP "port unreachable"); datagrams answered per wakeup, `max_answers_per_wakeup`.
//
// Never for tcp: a listening socket held open would make connects hang instead of being refused.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <vector>

#include <poll.h>
#include <sys/types.h>

#include <thespis/net/secret.hpp>

#include "datagram.hpp"

namespace thespis::net::detail {

class HeldSockets {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr auto orphan_hold = std::chrono::seconds(10);
  static constexpr std::size_t max_answers_per_wakeup = 256;

  HeldSockets(const Secret& secret, std::size_t cap);
  ~HeldSockets();
  HeldSockets(const HeldSockets&) = delete;
  HeldSockets& operator=(const HeldSockets&) = delete;

  /// Keeps `fd`, the socket of the live child `pid`. False if over the cap: the caller closes it.
  bool keep(pid_t pid, int fd);
  /// Child `pid` has been reaped: its socket, if held, becomes an orphan.
  void orphan(pid_t pid);
  /// In a freshly forked child: closes every copy (a child must hold no other actor's port).
  void close_in_child();

  /// Appends a pollfd for each orphan, in order.
  void add_polls(std::vector<pollfd>& wait) const;
  /// Answers what the orphans polled at `wait[first...]` hold, then closes those held too long.
  void serve(const std::vector<pollfd>& wait, std::size_t first);
  /// How long the poll may wait (at most `most`) before an orphan must be closed.
  int poll_timeout_ms(int most) const;

  std::size_t held() const { return live_.size() + orphans_.size(); }

 private:
  struct Orphan {
    int fd = -1;
    Clock::time_point until;
    std::uint64_t refuser = 0;  ///< named as the sender of its refusals: never the dead child's
  };
  /// Answers up to `budget` datagrams queued on `orphan`; how many it read.
  std::size_t answer(const Orphan& orphan, std::size_t budget);
  void close_oldest_orphan();
  void expire();

  DatagramKey key_;
  std::size_t cap_;
  std::map<pid_t, int> live_;
  std::deque<Orphan> orphans_;  // oldest first
  std::unique_ptr<char[]> buffer_;
};

/// Raises this process's soft limit of open files to the hard limit; the soft limit it had (to
/// restore in a child). Returns how many sockets the spawner may hold, leaving room for the rest.
std::size_t raise_open_files_limit(std::uint64_t& previous_soft);
/// Restores the soft limit of open files to `soft` (a child gets what the spawner was given).
void restore_open_files_limit(std::uint64_t soft);

}  // namespace thespis::net::detail
