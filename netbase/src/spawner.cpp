#include "spawner.hpp"

#include <cerrno>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/net/frame.hpp>

#include "datagram.hpp"
#include "held_sockets.hpp"

namespace thespis::net::detail {
namespace {

/// The actor's socket on the bind address with a free port (raw: no Asio in the spawner):
/// listening on tcp, bound on udp.
int bind_any(Transport transport, std::uint32_t bind_address, std::uint16_t& port) {
  const bool stream = transport == Transport::streams;
  const int fd = socket(AF_INET, (stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_addr.s_addr = htonl(bind_address);
  at.sin_port = 0;
  socklen_t size = sizeof at;
  if (bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0 ||
      (stream && listen(fd, 1024) != 0) ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&at), &size) != 0) {
    close(fd);
    return -1;
  }
  port = ntohs(at.sin_port);
  return fd;
}

/// What the spawner's loop keeps besides its pipes.
struct SpawnerState {
  HeldSockets held;
  std::uint64_t children_open_files = 0;  ///< the soft limit a child is given back
};

void spawn(const NetSpawn& request, int requests, int reports, int children, const Secret& secret,
           const SpawnerHosts& hosts, SpawnerState& state) {
  std::uint16_t port = 0;
  const int listen_fd = bind_any(hosts.transport, hosts.bind_address, port);
  const std::uint64_t incarnation = random_incarnation();
  if (listen_fd < 0) {
    write_frame(reports, NetSpawned{.address = request.address, .pid = -1, .port = 0});
    return;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    close(requests);
    close(reports);
    close(children);
    state.held.close_in_child();
    restore_open_files_limit(state.children_open_files);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    actor_process_main(request,
                       {.socket_fd = listen_fd,
                        .incarnation = incarnation,
                        .transport = hosts.transport,
                        .admin_host = hosts.admin_host},
                       secret);
  }
  // udp: kept while the child lives, to answer for it once it has ended (held_sockets.hpp).
  if (pid <= 0 || hosts.transport != Transport::datagrams || !state.held.keep(pid, listen_fd)) {
    close(listen_fd);
  }
  write_frame(reports, NetSpawned{.address = request.address,
                                  .pid = pid,
                                  .port = pid > 0 ? port : std::uint16_t{0},
                                  .incarnation = incarnation});
}

void reap(int reports, HeldSockets& held) {
  for (;;) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) return;
    write_frame(reports, NetReaped{.pid = pid, .status = status});
    held.orphan(pid);
  }
}

/// SIGCHLD as a readable descriptor, so that an ended child is reaped (and reported) at once.
int child_signals() {
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, nullptr);
  return signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
}

[[noreturn]] void spawner_main(int requests, int reports, const Secret& secret,
                               const SpawnerHosts& hosts) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  const int children = child_signals();
  std::uint64_t open_files = 0;
  const std::size_t most_held = raise_open_files_limit(open_files);
  SpawnerState state{.held = HeldSockets(secret, most_held), .children_open_files = open_files};
  FrameReader reader;
  char buffer[16 * 1024];
  std::vector<pollfd> wait;
  for (;;) {
    wait.assign({{requests, POLLIN, 0}, {children, POLLIN, 0}});
    state.held.add_polls(wait);
    // The timeout guards against a lost signal, and closes orphans held long enough.
    const int ready = poll(wait.data(), wait.size(), state.held.poll_timeout_ms(1000));
    if (wait[1].revents != 0) {
      signalfd_siginfo info;
      while (read(children, &info, sizeof info) == sizeof info) {
      }
    }
    state.held.serve(wait, 2);
    reap(reports, state.held);
    if (ready <= 0 || wait[0].revents == 0) continue;
    const ssize_t got = read(requests, buffer, sizeof buffer);
    if (got <= 0) {
      if (got < 0 && errno == EINTR) continue;
      break;  // the admin is gone or done
    }
    reader.feed({buffer, static_cast<std::size_t>(got)});
    while (auto frame = reader.next()) {
      auto* envelope = std::get_if<Envelope>(&*frame);
      if (envelope != nullptr && envelope->message.is<NetSpawn>()) {
        spawn(envelope->message.get<NetSpawn>(), requests, reports, children, secret, hosts, state);
      }
    }
  }
  // The admin waits for every child's report before it closes the pipe; any child left ends
  // with the spawner (PR_SET_PDEATHSIG).
  reap(reports, state.held);
  _exit(0);
}

}  // namespace

bool write_frame(int fd, const Message& message) {
  std::string out;
  Encoder encoder;
  append_frame(out, {ActorAddress(), ActorAddress(), message}, encoder);
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t wrote = write(fd, out.data() + done, out.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    done += static_cast<std::size_t>(wrote);
  }
  return true;
}

SpawnerPipes start_spawner(const Secret& secret, const SpawnerHosts& hosts) {
  int to_spawner[2];
  int from_spawner[2];
  if (pipe2(to_spawner, O_CLOEXEC) != 0 || pipe2(from_spawner, O_CLOEXEC) != 0) {
    throw TransportError("admin: cannot create the spawner's pipes");
  }
  const pid_t pid = fork();
  if (pid < 0) throw TransportError("admin: cannot fork the spawner");
  if (pid == 0) {
    close(to_spawner[1]);
    close(from_spawner[0]);
    spawner_main(to_spawner[0], from_spawner[1], secret, hosts);
  }
  close(to_spawner[0]);
  close(from_spawner[1]);
  return {to_spawner[1], from_spawner[0], pid};
}

}  // namespace thespis::net::detail
