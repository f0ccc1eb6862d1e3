#include <thespis/hostlab/error.hpp>

namespace thespis::hostlab {
namespace {

std::string describe(const std::vector<std::string>& argv, int exit_status,
                     const std::string& stderr_text) {
  std::string command;
  for (const std::string& arg : argv) command += (command.empty() ? "" : " ") + arg;
  std::string text = "`" + command + "` failed (" +
                     (exit_status >= 0 ? "exit status " + std::to_string(exit_status)
                                       : std::string("killed by a signal")) +
                     ")";
  std::string trimmed = stderr_text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' ')) trimmed.pop_back();
  return trimmed.empty() ? text : text + ": " + trimmed;
}

}  // namespace

CommandError::CommandError(std::vector<std::string> argv, int exit_status, std::string stderr_text)
    : HostLabError(describe(argv, exit_status, stderr_text)),
      argv_(std::move(argv)),
      stderr_text_(std::move(stderr_text)) {}

}  // namespace thespis::hostlab
