// Running `ip` and `nft` without a shell: posix_spawnp with argv as given (no quoting, no
// globbing), stdin fed from a string, stdout and stderr captured. stdin is a socket, not a pipe,
// so that a command that exits before reading all of it cannot kill this program with SIGPIPE.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace thespis::hostlab::detail {

struct CommandResult {
  int exit_status = -1;  // -1 when it did not exit normally
  std::string out;
  std::string err;
};

/// Runs the command to its end. Throws HostLabError only if it cannot be started at all.
CommandResult run_command(const std::vector<std::string>& argv, std::string_view input = {});

/// Runs the command and returns its stdout; throws CommandError unless it exits 0.
std::string run_checked(const std::vector<std::string>& argv, std::string_view input = {});

/// Whether `name` is an executable in PATH.
bool in_path(const std::string& name);

}  // namespace thespis::hostlab::detail
