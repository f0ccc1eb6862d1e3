// The real command launcher of the networked bases (command_launcher.hpp): RunCommand's process
// runs beside its actor's process, read through the actor process's Asio loop.
//
// The pitfalls it exists to avoid: blocking the actor (every wait is asynchronous: pipes through
// stream_descriptor, the exit through a pidfd, never waitpid without WNOHANG on a live child);
// stealing another child's exit (only the pidfd's own pid is waited for, never -1); a command
// outliving its actor (it leads a process group of its own that is SIGKILLed when the actor goes,
// and PR_SET_PDEATHSIG kills it if the actor's process dies first); a zombie (each child is
// reaped, also by the destructor); the actor's descriptors leaking into the command (all but
// stdin/stdout/stderr are closed on exec); SIGPIPE ending the actor process when a command stops
// reading its stdin (the actor process ignores SIGPIPE; the command gets the default back).
#pragma once

#include <memory>

#include <thespis/command_launcher.hpp>

#include "asio.hpp"

namespace thespis::net::detail {

/// What an actor process offers a launcher: the loop its actor runs on.
class ActorLoop {
 public:
  virtual ~ActorLoop() = default;
  virtual asio::io_context& loop() = 0;
};

/// The launcher for an actor whose context is also an ActorLoop; nullptr for other contexts.
std::unique_ptr<thespis::detail::CommandLauncher> process_launcher_for(ActorContext& context);

}  // namespace thespis::net::detail
