// What a Lab throws: a misuse (an unknown host, a bad name) or a system command that failed.
// Both derive from thespis::Error, so a caller catching thespis' errors catches these too.
#pragma once

#include <string>
#include <vector>

#include <thespis/error.hpp>

namespace thespis::hostlab {

/// A Lab call that cannot be done as asked (unknown host, invalid name, too many hosts).
class HostLabError : public Error {
 public:
  using Error::Error;
};

/// An `ip` or `nft` command that did not exit 0; the message names the command and its stderr.
class CommandError : public HostLabError {
 public:
  CommandError(std::vector<std::string> argv, int exit_status, std::string stderr_text);
  const std::vector<std::string>& argv() const { return argv_; }
  /// The command's stderr, as it wrote it.
  const std::string& stderr_text() const { return stderr_text_; }

 private:
  std::vector<std::string> argv_;
  std::string stderr_text_;
};

}  // namespace thespis::hostlab
