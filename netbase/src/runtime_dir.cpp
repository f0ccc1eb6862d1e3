#include <cerrno>
#include <cstdlib>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thespis/error.hpp>
#include <thespis/net/runtime_dir.hpp>

#include "unique_fd.hpp"

namespace thespis::net {
namespace {

[[noreturn]] void refuse(const std::filesystem::path& dir, const std::string& problem) {
  throw TransportError("runtime folder " + dir.string() + " " + problem);
}

// Only the checks that a descriptor can answer: what the path named when it was opened.
void check_private(const std::filesystem::path& dir, const struct stat& st) {
  if (!S_ISDIR(st.st_mode)) refuse(dir, "is not a directory");
  if (st.st_uid != geteuid()) {
    refuse(dir, "is owned by uid " + std::to_string(st.st_uid) + ", not by this user (uid " +
                    std::to_string(geteuid()) + ")");
  }
  if ((st.st_mode & 077) != 0) {
    refuse(dir, "is accessible by group or others (mode " + detail::octal_mode(st.st_mode) +
                    "); it must be 0700");
  }
}

// XDG_RUNTIME_DIR is used only when it is what the XDG spec promises; otherwise /tmp.
bool usable_xdg_dir(const char* value) {
  if (value == nullptr || value[0] != '/') return false;
  struct stat st {};
  if (lstat(value, &st) != 0) return false;
  return S_ISDIR(st.st_mode) && st.st_uid == geteuid() && (st.st_mode & 077) == 0;
}

std::string uid_folder_name() { return "thespis-" + std::to_string(geteuid()); }

}  // namespace

void ensure_private_dir(const std::filesystem::path& dir) {
  const bool created = mkdir(dir.c_str(), 0700) == 0;
  if (!created && errno != EEXIST) {
    refuse(dir, "cannot be created: " + detail::errno_text(errno));
  }
  struct stat link_st {};
  if (lstat(dir.c_str(), &link_st) == 0 && S_ISLNK(link_st.st_mode)) {
    refuse(dir, "is a symlink; it must be a real directory");
  }
  const detail::UniqueFd fd{open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
  if (!fd) {
    const int error = errno;
    if (error == ELOOP) refuse(dir, "is a symlink; it must be a real directory");
    if (error == ENOTDIR) refuse(dir, "is not a directory");
    refuse(dir, "cannot be opened: " + detail::errno_text(error));
  }
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) refuse(dir, "cannot be examined: " + detail::errno_text(errno));
  // A umask can only take bits away; the folder just made gets exactly 0700 again.
  if (created && S_ISDIR(st.st_mode) && st.st_uid == geteuid() && (st.st_mode & 07777) != 0700) {
    if (fchmod(fd.get(), 0700) == 0) st.st_mode = (st.st_mode & ~07777u) | 0700;
  }
  check_private(dir, st);
}

std::filesystem::path runtime_dir_under(const std::filesystem::path& base) {
  std::filesystem::path dir = base / uid_folder_name();
  ensure_private_dir(dir);
  return dir;
}

std::filesystem::path runtime_dir() {
  if (const char* xdg = std::getenv("XDG_RUNTIME_DIR"); usable_xdg_dir(xdg)) {
    std::filesystem::path dir = std::filesystem::path(xdg) / "thespis";
    ensure_private_dir(dir);
    return dir;
  }
  return runtime_dir_under("/tmp");
}

}  // namespace thespis::net
