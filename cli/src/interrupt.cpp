#include "interrupt.hpp"

#include <cerrno>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <thespis/error.hpp>

namespace thespis::cli {
namespace {

// Written by the handler: file-scope, as a signal handler can reach nothing else.
volatile sig_atomic_t write_end = -1;
struct sigaction previous {};

extern "C" void on_interrupt(int) {
  const int saved = errno;
  const char byte = 'i';
  // Non-blocking: once the pipe is full, more Ctrl-Cs say nothing new.
  [[maybe_unused]] const auto wrote = write(write_end, &byte, 1);
  errno = saved;
}

}  // namespace

InterruptWatch::InterruptWatch() {
  int fds[2];
  if (pipe(fds) != 0) throw Error("cannot create a pipe to watch for Ctrl-C");
  for (const int fd : fds) fcntl(fd, F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFL, O_NONBLOCK);
  read_end_ = fds[0];
  write_end = fds[1];
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked poll or wait returns to look at the pipe
  sigaction(SIGINT, &action, &previous);
}

InterruptWatch::~InterruptWatch() {
  sigaction(SIGINT, &previous, nullptr);
  const int fd = write_end;
  write_end = -1;
  close(fd);
  close(read_end_);
}

bool InterruptWatch::interrupted() const {
  pollfd p{read_end_, POLLIN, 0};
  return poll(&p, 1, 0) > 0 && (p.revents & POLLIN) != 0;
}

}  // namespace thespis::cli
