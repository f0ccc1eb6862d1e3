// Named network namespaces (`ip netns`, files under /run/netns) seen from this process: which
// processes are inside one, and running code inside one. The network namespace belongs to a
// thread, not to the process, so a short-lived thread enters it and the rest of the program
// stays where it was.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace thespis::hostlab::detail {

/// "/run/netns/<name>".
std::string netns_path(const std::string& name);
/// The names of every named namespace (the entries of /run/netns).
std::vector<std::string> list_netns();
/// Live processes in the namespace (by the inode of /proc/<pid>/ns/net; zombies have none).
std::vector<pid_t> pids_in_netns(const std::string& name);
/// Opens the namespace (O_CLOEXEC) for setns(); throws HostLabError naming it.
int open_netns(const std::string& name);
/// Runs `fn` on a new thread inside the namespace, waits for it and rethrows what it threw.
void run_in_netns(const std::string& name, const std::function<void()>& fn);
/// Whether a process with this pid exists (a zombie counts until reaped).
bool pid_alive(pid_t pid);

}  // namespace thespis::hostlab::detail
