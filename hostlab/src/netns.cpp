#include "netns.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>
#include <filesystem>
#include <thread>

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thespis/hostlab/error.hpp>

namespace thespis::hostlab::detail {

std::string netns_path(const std::string& name) { return "/run/netns/" + name; }

std::vector<std::string> list_netns() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/run/netns", error)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

std::vector<pid_t> pids_in_netns(const std::string& name) {
  struct stat target {};
  if (::stat(netns_path(name).c_str(), &target) != 0) return {};
  std::vector<pid_t> pids;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string pid_text = entry.path().filename().string();
    if (pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    struct stat ns {};
    if (::stat((entry.path() / "ns/net").c_str(), &ns) != 0) continue;
    if (ns.st_ino == target.st_ino && ns.st_dev == target.st_dev) {
      pids.push_back(static_cast<pid_t>(std::stol(pid_text)));
    }
  }
  return pids;
}

int open_netns(const std::string& name) {
  const int fd = ::open(netns_path(name).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw HostLabError("cannot open network namespace " + name + ": " + std::strerror(errno));
  }
  return fd;
}

void run_in_netns(const std::string& name, const std::function<void()>& fn) {
  const int fd = open_netns(name);
  std::exception_ptr failure;
  std::thread worker([&] {
    try {
      if (::setns(fd, CLONE_NEWNET) != 0) {
        throw HostLabError("cannot enter network namespace " + name + ": " + std::strerror(errno));
      }
      fn();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  worker.join();
  ::close(fd);
  if (failure) std::rethrow_exception(failure);
}

bool pid_alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace thespis::hostlab::detail
