// Ctrl-C keeps the work done so far. While an InterruptWatch lives, SIGINT does not end the
// process: its handler writes a byte to a pipe (a handler may do little more), whose read end,
// fd(), a command polls with its other descriptors. The command then stops, prints what it has
// and exits with interrupted_exit_code, as a shell reports a command ended by Ctrl-C.
//
// One watch at a time, made and destroyed on the main thread; the previous SIGINT disposition
// comes back when it is destroyed. Processes forked meanwhile inherit the handler and the pipe:
// a Ctrl-C that reaches them too only tells the parent again.
#pragma once

namespace thespis::cli {

/// 128 + SIGINT.
inline constexpr int interrupted_exit_code = 130;

class InterruptWatch {
 public:
  /// Installs the SIGINT handler; throws Error if the pipe cannot be made.
  InterruptWatch();
  ~InterruptWatch();
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

  /// Readable once SIGINT has arrived.
  int fd() const { return read_end_; }
  /// Whether SIGINT has arrived.
  bool interrupted() const;

 private:
  int read_end_ = -1;
};

}  // namespace thespis::cli
