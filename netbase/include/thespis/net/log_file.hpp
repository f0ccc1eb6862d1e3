// PROVISIONAL (replaced by the trust-files branch).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace thespis::net {

std::string escape_log_text(std::string_view text);

class LogFile {
 public:
  struct Limits {
    std::uint64_t max_bytes = 10 << 20;
    int files = 3;
  };
  LogFile() = default;
  LogFile(std::filesystem::path path, Limits limits);
  ~LogFile();
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;
  void write(std::string_view line);
  bool is_open() const { return fd_ >= 0; }
  const std::string& error() const { return error_; }

 private:
  std::filesystem::path path_;
  Limits limits_;
  int fd_ = -1;
  std::string error_;
};

}  // namespace thespis::net
