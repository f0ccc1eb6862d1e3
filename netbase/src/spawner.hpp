// The spawner: a small process the admin forks before it creates any Asio object, so that every
// actor process is forked from a process with no event loop, no threads and no sockets but its
// two pipes. It reads NetSpawn requests, binds the new actor's listening socket, forks, and
// answers NetSpawned; it reaps ended children as SIGCHLD says (a signalfd) and reports each as
// NetReaped. It dies with the
// admin (PR_SET_PDEATHSIG), and actor processes die with it.
#pragma once

#include <string>

#include <thespis/net/secret.hpp>

#include "protocol.hpp"
#include "transport.hpp"

namespace thespis::net::detail {

struct SpawnerPipes {
  int requests = -1;  ///< the admin writes NetSpawn frames here
  int reports = -1;   ///< and reads NetSpawned / NetReaped frames here
  int pid = -1;
};

/// Where actor processes listen and find their admin, and what carries their messages.
struct SpawnerHosts {
  std::uint32_t bind_address = 0;  ///< IPv4, host byte order: each actor's socket binds it
  std::string admin_host;          ///< the admin as an actor process dials it
  Transport transport = Transport::streams;
};

/// Forks the spawner; returns the admin's ends of the pipes. The actor processes it forks
/// inherit `secret` in memory (it never crosses a pipe or a socket).
SpawnerPipes start_spawner(const Secret& secret, const SpawnerHosts& hosts);

/// Writes one frame to a blocking file descriptor; false if the other end is gone.
bool write_frame(int fd, const Message& message);

/// What an actor process is given besides its NetSpawn.
struct ActorProcessSetup {
  int socket_fd = -1;  ///< bound (and listening, on tcp) by the spawner
  std::uint64_t incarnation = 0;
  Transport transport = Transport::streams;
  std::string admin_host;
};

/// Runs an actor in this (freshly forked) process; never returns.
[[noreturn]] void actor_process_main(const NetSpawn& spawn, const ActorProcessSetup& setup,
                                     const Secret& secret);

}  // namespace thespis::net::detail
