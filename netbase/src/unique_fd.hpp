// Owned file descriptors and the facts the trust checks print. The pitfall it avoids: a check
// made on a path (stat) and a use made on a descriptor (open) can see two different files if
// someone swaps the path in between, so every check here is made with fstat on the descriptor
// that is then used.
#pragma once

#include <string>
#include <utility>

#include <sys/stat.h>

namespace thespis::net::detail {

/// Closes its descriptor when it goes out of scope; -1 holds nothing.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  /// Gives up ownership: the caller closes the descriptor.
  int release() { return std::exchange(fd_, -1); }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

/// The permission bits as `0644`.
std::string octal_mode(mode_t mode);

/// strerror(errno_value), thread-safe.
std::string errno_text(int errno_value);

}  // namespace thespis::net::detail
