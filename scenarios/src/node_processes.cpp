#include "node_processes.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace thespis::scenario::detail {
namespace {

std::optional<pid_t> parse_pid(std::string_view text) {
  pid_t pid = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return pid;
}

/// The text of /proc/PID/stat; empty once the process is gone. It may go between the open and
/// the read, which then fails (ESRCH): read by hand, as a stream would throw.
std::string stat_of(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/stat";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::string text;
  std::array<char, 512> buffer{};
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) text.clear();
    if (got <= 0) break;
    text.append(buffer.data(), static_cast<std::size_t>(got));
  }
  ::close(fd);
  return text;
}

/// The parent of `pid` from /proc/PID/stat ("pid (comm) state ppid ..."; comm may hold
/// anything, so the fields are read after its last ')'); nullopt once it is gone.
std::optional<pid_t> parent_of(pid_t pid) {
  const std::string stat = stat_of(pid);
  const auto comm_end = stat.rfind(')');
  if (comm_end == std::string::npos) return std::nullopt;
  const auto ppid_begin = stat.find(' ', comm_end + 2);  // after ") S"
  if (ppid_begin == std::string::npos) return std::nullopt;
  const auto ppid_end = stat.find(' ', ppid_begin + 1);
  return parse_pid(std::string_view(stat).substr(ppid_begin + 1, ppid_end - ppid_begin - 1));
}

/// Every running process by its parent. Never throws: it runs in a run's cleanup, which must
/// end the node's processes whatever happens meanwhile in /proc.
std::multimap<pid_t, pid_t> children_by_parent() {
  std::multimap<pid_t, pid_t> children;
  std::error_code ec;
  // Stepped with increment(ec): a range-for's ++ would throw on an error.
  for (std::filesystem::directory_iterator it("/proc", ec), end; !ec && it != end;
       it.increment(ec)) {
    const auto pid = parse_pid(it->path().filename().native());
    if (!pid) continue;
    if (const auto parent = parent_of(*pid)) children.emplace(*parent, *pid);
  }
  return children;
}

// Called by number: glibc 2.36's <sys/pidfd.h> declares them without C linkage for C++.
int pidfd_open(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }

bool pidfd_kill(int pidfd) {
  return syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0) == 0;
}

bool ended(int pidfd) {
  pollfd p{pidfd, POLLIN, 0};
  return poll(&p, 1, 0) == 1;
}

}  // namespace

NodeProcesses::NodeProcesses(pid_t admin) { take(admin, 0); }

NodeProcesses::~NodeProcesses() {
  for (const Process& p : processes_) close(p.pidfd);
}

NodeProcesses::NodeProcesses(NodeProcesses&& other) noexcept
    : processes_(std::exchange(other.processes_, {})) {}

bool NodeProcesses::has(pid_t pid) const {
  return std::any_of(processes_.begin(), processes_.end(),
                     [pid](const Process& p) { return p.pid == pid; });
}

void NodeProcesses::take(pid_t pid, pid_t parent) {
  if (pid <= 0 || has(pid)) return;
  const int pidfd = pidfd_open(pid);
  if (pidfd < 0) return;  // ended meanwhile
  // Held from here on; still the child it was found as, not a pid reused meanwhile.
  if (parent != 0 && parent_of(pid) != parent) {
    close(pidfd);
    return;
  }
  processes_.push_back({pid, pidfd});
}

void NodeProcesses::collect() {
  const auto children = children_by_parent();
  // Breadth first from each one held (the admin; the spawner too, should the admin be gone).
  for (std::size_t i = 0; i < processes_.size(); ++i) {
    const pid_t parent = processes_[i].pid;
    if (ended(processes_[i].pidfd)) continue;
    const auto [first, last] = children.equal_range(parent);
    for (auto it = first; it != last; ++it) take(it->second, parent);
  }
}

std::size_t NodeProcesses::running() const {
  return static_cast<std::size_t>(std::count_if(processes_.begin(), processes_.end(),
                                                [](const Process& p) { return !ended(p.pidfd); }));
}

bool NodeProcesses::wait_ended(Clock::time_point deadline) const {
  for (;;) {
    std::vector<pollfd> left;
    for (const Process& p : processes_) {
      if (!ended(p.pidfd)) left.push_back({p.pidfd, POLLIN, 0});
    }
    if (left.empty()) return true;
    const auto remaining =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (remaining <= 0) return false;
    // Returns as soon as one of them ends; the loop then looks at the others.
    poll(left.data(), left.size(), static_cast<int>(std::min<long long>(remaining, 1000)));
  }
}

std::size_t NodeProcesses::kill() const {
  std::size_t killed = 0;
  for (const Process& p : processes_) {
    if (!ended(p.pidfd) && pidfd_kill(p.pidfd)) ++killed;
  }
  return killed;
}

}  // namespace thespis::scenario::detail
