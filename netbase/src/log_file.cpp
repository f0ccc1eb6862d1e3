#include <algorithm>
#include <cerrno>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thespis/net/log_file.hpp>

#include "unique_fd.hpp"

namespace thespis::net {
namespace {

// Ends an entry that was cut: a backslash before '.' is no escape, so no text escapes to it.
constexpr std::string_view cut_marker = "\\...";

// Appends the escape of one byte.
void append_escaped(std::string& out, unsigned char byte) {
  static constexpr char hex[] = "0123456789abcdef";
  switch (byte) {
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\\':
      out += "\\\\";
      return;
    default:
      break;
  }
  if (byte < 0x20 || byte == 0x7f) {
    out += "\\x";
    out += hex[byte >> 4];
    out += hex[byte & 0xf];
  } else {
    out += static_cast<char>(byte);
  }
}

// Appends the escape of `text`, whole escapes only, while `out` stays within `limit` bytes;
// returns whether all of `text` fitted.
bool append_escaped(std::string& out, std::string_view text, std::size_t limit) {
  std::string one;
  for (const char c : text) {
    one.clear();
    append_escaped(one, static_cast<unsigned char>(c));
    if (out.size() + one.size() > limit) return false;
    out += one;
  }
  return true;
}

// The line as written: escaped, cut to `max_bytes` with the marker, and a newline.
std::string entry_of(std::string_view line, std::uint64_t max_bytes) {
  const std::size_t budget =
      static_cast<std::size_t>(std::min<std::uint64_t>(max_bytes, SIZE_MAX)) - 1;
  std::string entry;
  entry.reserve(std::min(budget, line.size()) + 1);
  if (!append_escaped(entry, line, budget) && budget >= cut_marker.size()) {
    entry.clear();
    append_escaped(entry, line, budget - cut_marker.size());
    entry += cut_marker;
  }
  entry += '\n';
  return entry;
}

bool write_all(int fd, std::string_view bytes, std::uint64_t& written) {
  while (!bytes.empty()) {
    const ssize_t wrote = ::write(fd, bytes.data(), bytes.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    written += static_cast<std::uint64_t>(wrote);
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
  }
  return true;
}

std::filesystem::path numbered(const std::filesystem::path& path, int n) {
  return std::filesystem::path(path).concat("." + std::to_string(n));
}

LogFile::Limits sane(LogFile::Limits limits) {
  limits.max_bytes = std::max<std::uint64_t>(limits.max_bytes, 1);
  limits.files = std::max(limits.files, 1);
  return limits;
}

}  // namespace

std::string escape_log_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text, SIZE_MAX);
  return out;
}

LogFile::LogFile(std::filesystem::path path, Limits limits)
    : path_(std::move(path)), limits_(sane(limits)) {
  open_current();
}

LogFile::~LogFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool LogFile::is_open() const {
  const std::lock_guard lock(mutex_);
  return fd_ >= 0;
}

std::string LogFile::error() const {
  const std::lock_guard lock(mutex_);
  return error_;
}

void LogFile::write(std::string_view line) noexcept {
  try {
    const std::lock_guard lock(mutex_);
    if (fd_ < 0) return;
    const std::string entry = entry_of(line, limits_.max_bytes);
    if (size_ > 0 && size_ + entry.size() > limits_.max_bytes && !rotate()) return;
    if (!write_all(fd_, entry, size_)) fail("cannot be written: " + detail::errno_text(errno));
  } catch (...) {
    // Out of memory or a broken mutex: the entry is lost, the admin goes on.
  }
}

void LogFile::fail(std::string what) { error_ = "log file " + path_.string() + " " + what; }

// Opens path_ for appending; every check is made on the descriptor that is then written.
void LogFile::open_current() {
  // O_NONBLOCK: a FIFO planted at the path must not hang the open; fstat then refuses it.
  detail::UniqueFd fd{
      open(path_.c_str(),
           O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0600)};
  if (!fd) {
    const int error = errno;
    if (error == ELOOP) return fail("is a symlink; refused");
    return fail("cannot be opened: " + detail::errno_text(error));
  }
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) return fail("cannot be examined: " + detail::errno_text(errno));
  if (!S_ISREG(st.st_mode)) return fail("is not a regular file; refused");
  if (st.st_uid != geteuid()) {
    return fail("is owned by uid " + std::to_string(st.st_uid) + ", not by this user; refused");
  }
  if (st.st_nlink != 1) {
    return fail("has " + std::to_string(st.st_nlink) + " hard links; refused");
  }
  const int flags = fcntl(fd.get(), F_GETFL);
  if (flags >= 0) fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
  size_ = static_cast<std::uint64_t>(st.st_size);
  fd_ = fd.release();
}

// Shifts path.N-1 → path.N ... path → path.1 and starts a new file. If the current file cannot
// be moved away it is emptied in place, so disk use stays bounded either way. Returns whether
// there is a file to write to within the bound.
bool LogFile::rotate() {
  bool moved = true;
  if (limits_.files == 1) {
    moved = unlink(path_.c_str()) == 0 || errno == ENOENT;
  } else {
    for (int n = limits_.files - 1; n >= 2; --n) {
      rename(numbered(path_, n - 1).c_str(), numbered(path_, n).c_str());
    }
    moved = rename(path_.c_str(), numbered(path_, 1).c_str()) == 0;
  }
  if (!moved) {
    fail("cannot be rotated (" + detail::errno_text(errno) + "); emptied instead");
    if (ftruncate(fd_, 0) != 0) return false;
    size_ = 0;
    return true;
  }
  ::close(fd_);
  fd_ = -1;
  size_ = 0;
  open_current();
  return fd_ >= 0;
}

}  // namespace thespis::net
