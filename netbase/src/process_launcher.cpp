#include "process_launcher.hpp"

#include <array>
#include <cerrno>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unique_fd.hpp"

extern char** environ;

namespace thespis::net::detail {
namespace {

using namespace std::chrono_literals;
using thespis::detail::LaunchOutcome;
using thespis::detail::LaunchRequest;
using thespis::detail::ProcessEnded;
using thespis::detail::ProcessOutput;
using thespis::detail::ProcessSignal;

/// How long output pipes may stay open after the process ended (held by something that left its
/// process group, which was killed): then they are closed and the end is reported.
constexpr auto linger_after_exit = 500ms;
constexpr std::size_t read_chunk = 16 * 1024;

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

std::optional<Pipe> make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

/// "NAME=value" strings of the environment a request asks for.
std::vector<std::string> environment_of(const LaunchRequest& request) {
  std::vector<std::string> out;
  if (request.inherit_environment) {
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string_view text(*entry);
      const std::string name(text.substr(0, text.find('=')));
      if (!request.environment.contains(name)) out.emplace_back(text);
    }
  }
  for (const auto& [name, value] : request.environment) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

/// In the forked child: become the command, or report errno on `report` and exit.
[[noreturn]] void become(const std::vector<char*>& argv, const std::vector<char*>& envp, int in,
                         int out, int err, int report, pid_t parent) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);  // the actor died before the line above
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGPIPE, SIG_DFL);  // ignored in the actor process, and an ignored signal survives exec
  if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
    const int error = errno;
    (void)!write(report, &error, sizeof error);
    _exit(127);
  }
  syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
  execvpe(argv[0], argv.data(), envp.data());
  const int error = errno;
  (void)!write(report, &error, sizeof error);
  _exit(127);
}

/// One started process and what its handlers share. Handlers hold it weakly: the launcher owns
/// it, and a handler that runs after the launcher dropped it does nothing.
struct Child {
  Child(asio::io_context& io, std::uint64_t run_id, pid_t process)
      : run(run_id), pid(process), exit_watch(io), out(io), err(io), in(io), linger(io) {}

  std::uint64_t run;
  pid_t pid;
  asio::posix::stream_descriptor exit_watch;  // the pidfd: readable once the process ended
  asio::posix::stream_descriptor out;
  asio::posix::stream_descriptor err;
  asio::posix::stream_descriptor in;
  asio::steady_timer linger;
  std::array<char, read_chunk> out_buffer{};
  std::array<char, read_chunk> err_buffer{};
  std::string input;
  int open_outputs = 2;
  std::optional<int> status;  // the wait status, once reaped
  bool reported = false;
};

class ProcessLauncher final : public thespis::detail::CommandLauncher {
 public:
  ProcessLauncher(asio::io_context& io, ActorContext& context) : io_(io), context_(context) {
    ::signal(SIGPIPE, SIG_IGN);
  }
  ~ProcessLauncher() override;
  LaunchOutcome start(const LaunchRequest& request) override;
  void signal(std::uint64_t run, ProcessSignal signal) override;

 private:
  std::optional<std::string> fork_exec(const LaunchRequest& request, Pipe& in, Pipe& out, Pipe& err,
                                       pid_t& pid);
  void read(const std::shared_ptr<Child>& child, OutputStream stream);
  void write_input(const std::shared_ptr<Child>& child);
  void watch_exit(const std::shared_ptr<Child>& child);
  void output_closed(Child& child);
  void maybe_report(Child& child);

  asio::io_context& io_;
  ActorContext& context_;
  std::map<std::uint64_t, std::shared_ptr<Child>> children_;
};

ProcessLauncher::~ProcessLauncher() {
  for (auto& [run, child] : children_) {
    if (child->status) continue;
    kill(-child->pid, SIGKILL);
    int status = 0;
    while (waitpid(child->pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

std::optional<std::string> ProcessLauncher::fork_exec(const LaunchRequest& request, Pipe& in,
                                                      Pipe& out, Pipe& err, pid_t& pid) {
  auto report = make_pipe();
  if (!report) return errno_text(errno);
  std::vector<std::string> argv_strings = request.argv;
  std::vector<std::string> env_strings = environment_of(request);
  const std::vector<char*> argv = pointers_to(argv_strings);
  const std::vector<char*> envp = pointers_to(env_strings);
  const pid_t parent = getpid();
  pid = fork();
  if (pid < 0) return errno_text(errno);
  if (pid == 0) {
    become(argv, envp, in.read.get(), out.write.get(), err.write.get(), report->write.get(),
           parent);
  }
  setpgid(pid, pid);  // also here, so that a signal sent at once reaches the group
  in.read = UniqueFd();
  out.write = UniqueFd();
  err.write = UniqueFd();
  report->write = UniqueFd();
  // The child writes errno if exec fails; a successful exec closes the pipe (O_CLOEXEC).
  int error = 0;
  ssize_t got = 0;
  do {
    got = ::read(report->read.get(), &error, sizeof error);
  } while (got < 0 && errno == EINTR);
  if (got <= 0) return std::nullopt;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return errno_text(error);
}

LaunchOutcome ProcessLauncher::start(const LaunchRequest& request) {
  auto in = make_pipe();
  auto out = make_pipe();
  auto err = make_pipe();
  if (!in || !out || !err) return {.pid = 0, .error = errno_text(errno)};
  pid_t pid = 0;
  if (auto error = fork_exec(request, *in, *out, *err, pid)) return {.pid = 0, .error = *error};
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    const std::string why = "cannot watch its process: " + errno_text(errno);
    kill(-pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return {.pid = 0, .error = why};
  }
  auto child = std::make_shared<Child>(io_, request.run, pid);
  child->exit_watch.assign(pidfd);
  child->out.assign(out->read.release());
  child->err.assign(err->read.release());
  child->in.assign(in->write.release());
  child->input = request.input;
  children_[request.run] = child;
  read(child, OutputStream::out);
  read(child, OutputStream::err);
  write_input(child);
  watch_exit(child);
  return {.pid = pid, .error = {}};
}

void ProcessLauncher::read(const std::shared_ptr<Child>& child, OutputStream stream) {
  auto& pipe = stream == OutputStream::out ? child->out : child->err;
  auto& buffer = stream == OutputStream::out ? child->out_buffer : child->err_buffer;
  pipe.async_read_some(asio::buffer(buffer), [this, weak = std::weak_ptr<Child>(child), stream](
                                                 error_code ec, std::size_t n) {
    const auto self = weak.lock();
    if (!self) return;
    if (ec) return output_closed(*self);
    const auto& data = stream == OutputStream::out ? self->out_buffer : self->err_buffer;
    // A wakeup due now: the actor sees it from its mailbox, never from inside this handler.
    context_.wakeup_after(0ns, ProcessOutput{self->run, stream, std::string(data.data(), n)});
    read(self, stream);
  });
}

void ProcessLauncher::write_input(const std::shared_ptr<Child>& child) {
  if (child->input.empty()) return child->in.close();
  asio::async_write(child->in, asio::buffer(child->input),
                    [weak = std::weak_ptr<Child>(child)](error_code, std::size_t) {
                      // Written, or the command stopped reading (EPIPE): either way stdin ends.
                      if (const auto self = weak.lock()) self->in.close();
                    });
}

void ProcessLauncher::watch_exit(const std::shared_ptr<Child>& child) {
  child->exit_watch.async_wait(
      asio::posix::stream_descriptor::wait_read,
      [this, weak = std::weak_ptr<Child>(child)](error_code ec) {
        const auto self = weak.lock();
        if (!self || ec) return;
        int status = 0;
        const pid_t reaped = waitpid(self->pid, &status, WNOHANG);
        if (reaped == 0) return watch_exit(self);
        self->status = status;
        // What the command left running in its group goes with it (and frees the pipes).
        kill(-self->pid, SIGKILL);
        self->exit_watch.close();
        self->linger.expires_after(linger_after_exit);
        self->linger.async_wait([weak](error_code timer_ec) {
          const auto held = weak.lock();
          if (timer_ec || !held) return;
          held->out.close();  // their reads end with an error: output_closed
          held->err.close();
        });
        maybe_report(*self);
      });
}

void ProcessLauncher::output_closed(Child& child) {
  --child.open_outputs;
  maybe_report(child);
}

void ProcessLauncher::maybe_report(Child& child) {
  if (child.reported || !child.status || child.open_outputs > 0) return;
  child.reported = true;
  child.linger.cancel();
  const int status = *child.status;
  ProcessEnded ended{.run = child.run, .exit_code = {}, .signal = {}};
  if (WIFEXITED(status)) ended.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) ended.signal = WTERMSIG(status);
  context_.wakeup_after(0ns, std::move(ended));
  children_.erase(child.run);  // `child` is kept alive by the handler that called this
}

void ProcessLauncher::signal(std::uint64_t run, ProcessSignal signal) {
  const auto it = children_.find(run);
  if (it == children_.end() || it->second->status) return;  // ended (and perhaps reaped)
  kill(-it->second->pid, signal == ProcessSignal::kill ? SIGKILL : SIGTERM);
}

}  // namespace

std::unique_ptr<thespis::detail::CommandLauncher> process_launcher_for(ActorContext& context) {
  auto* actor_loop = dynamic_cast<ActorLoop*>(&context);
  if (actor_loop == nullptr) return nullptr;
  return std::make_unique<ProcessLauncher>(actor_loop->loop(), context);
}

}  // namespace thespis::net::detail
