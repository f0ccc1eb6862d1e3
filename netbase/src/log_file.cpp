// PROVISIONAL (replaced by the trust-files branch).
#include <thespis/net/log_file.hpp>

#include <fcntl.h>
#include <unistd.h>

namespace thespis::net {

std::string escape_log_text(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += "?";
    } else {
      out += c;
    }
  }
  return out;
}

LogFile::LogFile(std::filesystem::path path, Limits limits)
    : path_(std::move(path)), limits_(limits) {
  fd_ = open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd_ < 0) error_ = "cannot open " + path_.string();
}

LogFile::~LogFile() {
  if (fd_ >= 0) close(fd_);
}

void LogFile::write(std::string_view line) {
  if (fd_ < 0) return;
  std::string out = escape_log_text(line) + "\n";
  (void)!::write(fd_, out.data(), out.size());
}

}  // namespace thespis::net
