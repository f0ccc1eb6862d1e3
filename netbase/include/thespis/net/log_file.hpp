// The admin's log file: one line per entry, bounded on disk. A log holds text that peers
// supply (actor names, type names, error texts), so the text is escaped before it is written: no
// entry can end a line early and forge the next, and every entry is exactly one line. Escapes:
// `\n` `\r` `\t` as such, other bytes below 0x20 and 0x7f as `\xHH` (lowercase hex), and a
// backslash as `\\`, so the escaping is reversible; bytes from 0x80 up (UTF-8) pass unchanged.
//
// Disk use is bounded by `files × max_bytes`: when an entry would take the current file past
// max_bytes, the files rotate (path.N-1 → path.N, ..., path → path.1, the oldest dropped) and a
// new current file starts. An entry longer than max_bytes is cut to fit and ends with `\...`,
// which no escaped text contains. If a rotation cannot rename, the current file is emptied
// instead, so the bound holds whatever happens.
//
// The file is opened without following a symlink and must be a regular file of this user with a
// single link, so a planted symlink or hard link never turns the log into a write to another
// file. A log must never take the admin down: write() does not throw, and a failure (disk full,
// a refused path) is kept in error(). One process writes a given path; any thread may call any
// member.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

namespace thespis::net {

/// `text` with control characters and backslashes escaped as the log writes it.
std::string escape_log_text(std::string_view text);

class LogFile {
 public:
  struct Limits {
    std::uint64_t max_bytes = 10 << 20;  ///< of each file
    int files = 3;                       ///< the current file and files-1 rotated ones
  };

  /// Opens (creating with mode 0600) `path` for appending; on failure is_open() is false and
  /// error() says why.
  LogFile(std::filesystem::path path, Limits limits);
  ~LogFile();
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  /// Appends `line` escaped and a newline, rotating first if the file would grow too large.
  /// Never throws; does nothing once the file could not be (re)opened.
  void write(std::string_view line) noexcept;

  bool is_open() const;
  /// Why the file could not be opened or the last write failed; empty if nothing went wrong.
  std::string error() const;
  const std::filesystem::path& path() const { return path_; }

 private:
  void open_current();
  bool rotate();
  void fail(std::string what);

  const std::filesystem::path path_;
  const Limits limits_;
  mutable std::mutex mutex_;
  int fd_ = -1;
  std::uint64_t size_ = 0;  ///< bytes in the current file
  std::string error_;
};

}  // namespace thespis::net
