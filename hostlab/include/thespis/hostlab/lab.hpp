// A Lab: real hosts on one machine, made of Linux network namespaces, and real faults on them.
//
// Each host is a network namespace with its own loopback, its own port space and one address
// (10.x.y.n on a /24 that nothing else on this machine uses), joined to a bridge by a veth
// pair. The bridge has an address too, in the program's own namespace (the "outside"), so the
// program reaches every host and every host reaches it. Processes started with spawn() live in
// a host's namespace and see only its interfaces.
//
// Faults are applied for real: block() drops packets with nftables in the receiving host's
// namespace, link_down() takes the host's bridge port down, pause_host() stops its processes.
// What each means for TCP is in docs/hostlab.md.
//
// Ownership: the Lab owns its namespaces, links, nftables tables and every process in its
// hosts. Destroying it (also during a failing test's unwinding) kills those processes with
// SIGKILL, reaps the ones it started, and removes everything it made; it never throws.
// A Lab is used from one thread at a time. Needs root; see unavailable_reason().
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <sys/types.h>

#include <thespis/hostlab/error.hpp>

namespace thespis::hostlab {

class Lab {
 public:
  /// Makes the bridge, then one host per name (names: letters, digits, `_`, `-`, `.`; at most
  /// 253 hosts). Throws CommandError when `ip` refuses, having removed what it had made.
  explicit Lab(std::vector<std::string> host_names);
  ~Lab();
  Lab(Lab&& other) noexcept;
  Lab& operator=(Lab&& other) noexcept;
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  /// The host names, in the order given.
  const std::vector<std::string>& hosts() const;
  /// The host's address, e.g. "10.200.3.2".
  const std::string& address(const std::string& host) const;
  /// The bridge's address in the program's own namespace, reachable from every host.
  const std::string& outside_address() const;
  /// The host's namespace name (for `ip netns exec`), e.g. "thespis-4242-0-a".
  const std::string& netns(const std::string& host) const;
  /// The Lab's network, e.g. "10.200.3.0/24".
  std::string subnet() const;

  /// Starts `argv` (argv[0] a path, or a name looked up in PATH) in the host's namespace, with
  /// `env` as its whole environment (default: this program's). The Lab kills it when destroyed.
  /// Throws HostLabError naming the program when it cannot be started.
  pid_t spawn(const std::string& host, const std::vector<std::string>& argv,
              const std::optional<std::vector<std::string>>& env = std::nullopt);
  /// Every live process in the host's namespace (spawned or not; zombies excluded).
  std::vector<pid_t> pids(const std::string& host) const;
  /// Waits up to `timeout` for a process this Lab spawned to end, reaps it and returns its
  /// wait status (WIFEXITED...), or nullopt if it still runs.
  std::optional<int> wait(pid_t pid, std::chrono::milliseconds timeout);
  /// SIGKILLs every process in the host (a crash) and reaps those the Lab spawned.
  void kill_all(const std::string& host);
  /// SIGSTOP / SIGCONT to every process in the host.
  void pause_host(const std::string& host);
  void resume_host(const std::string& host);

  /// Runs `fn` on a thread that entered the host's namespace and returns what it returns
  /// (rethrows what it throws). Sockets it opens belong to the host for good, so a caller can
  /// open one there and use it from any thread.
  template <class F>
  std::invoke_result_t<F&> in_host(const std::string& host, F&& fn) const;

  /// Packets from `from` to `to` are dropped on arrival (one direction; see docs/hostlab.md).
  void block(const std::string& from, const std::string& to);
  void unblock(const std::string& from, const std::string& to);
  /// Replaces every block by: no packet between hosts of different groups; the hosts no group
  /// names form one more group (as the scenarios' `partition`).
  void partition(const std::vector<std::vector<std::string>>& groups);
  /// Removes every block and brings every link taken down back up (as the scenarios' `heal`).
  void heal();
  /// Takes the host's bridge port down: nothing reaches it or leaves it, silently.
  void link_down(const std::string& host);
  void link_up(const std::string& host);

 private:
  struct State;
  void run_in_host(const std::string& host, const std::function<void()>& fn) const;

  std::unique_ptr<State> state_;
};

template <class F>
std::invoke_result_t<F&> Lab::in_host(const std::string& host, F&& fn) const {
  using Result = std::invoke_result_t<F&>;
  if constexpr (std::is_void_v<Result>) {
    run_in_host(host, [&] { fn(); });
  } else {
    std::optional<Result> result;
    run_in_host(host, [&] { result.emplace(fn()); });
    return std::move(*result);
  }
}

}  // namespace thespis::hostlab
