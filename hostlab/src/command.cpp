#include "command.hpp"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/hostlab/error.hpp>

extern char** environ;

namespace thespis::hostlab::detail {
namespace {

/// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    reset();
    fd_ = std::exchange(other.fd_, -1);
    return *this;
  }
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

std::string joined(const std::vector<std::string>& argv) {
  std::string text;
  for (const std::string& arg : argv) text += (text.empty() ? "" : " ") + arg;
  return text;
}

[[noreturn]] void fail_to_start(const std::vector<std::string>& argv, int error) {
  throw HostLabError("cannot run `" + joined(argv) + "`: " + std::strerror(error));
}

std::pair<Fd, Fd> make_pipe(const std::vector<std::string>& argv) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) fail_to_start(argv, errno);
  return {Fd(fds[0]), Fd(fds[1])};
}

std::pair<Fd, Fd> make_socketpair(const std::vector<std::string>& argv) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) fail_to_start(argv, errno);
  return {Fd(fds[0]), Fd(fds[1])};
}

/// Starts the command with its stdin, stdout and stderr on the given descriptors.
pid_t start(const std::vector<std::string>& argv, int in, int out, int err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in, 0);
  posix_spawn_file_actions_adddup2(&actions, out, 1);
  posix_spawn_file_actions_adddup2(&actions, err, 2);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int status = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (status != 0) fail_to_start(argv, status);
  return pid;
}

/// Feeds `input` and collects stdout and stderr until both close.
void exchange(Fd& in, Fd& out, Fd& err, std::string_view input, CommandResult& result) {
  std::size_t written = 0;
  if (input.empty()) in.reset();
  std::array<char, 4096> buffer{};
  while (out.get() >= 0 || err.get() >= 0) {
    std::array<pollfd, 3> fds{
        {{in.get(), POLLOUT, 0}, {out.get(), POLLIN, 0}, {err.get(), POLLIN, 0}}};
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents != 0) {
      const ssize_t n =
          ::send(in.get(), input.data() + written, input.size() - written, MSG_NOSIGNAL);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 || written == input.size()) in.reset();  // EOF for the command
    }
    for (std::size_t i = 1; i < 3; ++i) {
      if (fds[i].revents == 0) continue;
      Fd& fd = i == 1 ? out : err;
      const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
      if (n > 0) {
        (i == 1 ? result.out : result.err).append(buffer.data(), static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fd.reset();
      }
    }
  }
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, std::string_view input) {
  auto [in_parent, in_child] = make_socketpair(argv);
  auto [out_parent, out_child] = make_pipe(argv);
  auto [err_parent, err_child] = make_pipe(argv);
  const pid_t pid = start(argv, in_child.get(), out_child.get(), err_child.get());
  in_child.reset();
  out_child.reset();
  err_child.reset();
  CommandResult result;
  exchange(in_parent, out_parent, err_parent, input, result);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string run_checked(const std::vector<std::string>& argv, std::string_view input) {
  CommandResult result = run_command(argv, input);
  if (result.exit_status != 0) throw CommandError(argv, result.exit_status, result.err);
  return std::move(result.out);
}

bool in_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string_view rest = path != nullptr ? path : "/usr/sbin:/usr/bin:/sbin:/bin";
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string dir(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    if (!dir.empty() && ::access((dir + "/" + name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

}  // namespace thespis::hostlab::detail
