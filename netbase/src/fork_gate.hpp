// Forking the admin from a program that runs threads. fork() copies only the calling thread;
// a lock another thread held at that moment (the allocator's, a registry's, a sanitizer's)
// stays locked in the child, and the admin, which runs on in that child, hangs the first time
// it needs it. So while the admin is forked, every I/O thread of this process's systems is
// parked in a handler of its own, holding nothing. Threads the program started itself are not
// known here: docs/deployment.md says to create the first system before them, or to start the
// admin with `thespis node`.
#pragma once

#include <sys/types.h>

#include "asio.hpp"

namespace thespis::net::detail {

/// While it lives, the thread running `io` is parked whenever this process forks an admin.
/// Made before that thread starts, destroyed before it is stopped.
class ParkedAtFork {
 public:
  explicit ParkedAtFork(asio::io_context& io);
  ~ParkedAtFork();
  ParkedAtFork(const ParkedAtFork&) = delete;
  ParkedAtFork& operator=(const ParkedAtFork&) = delete;

 private:
  asio::io_context& io_;
};

/// fork(), with every I/O thread of this process (but the caller's) parked meanwhile; a thread
/// that does not park within a second is forked past, as before.
pid_t fork_with_io_parked();

}  // namespace thespis::net::detail
