// The per-user runtime folder: where the tcp base keeps what only this user may read or change
// (the default secret of a convention, the admin's log). It is `$XDG_RUNTIME_DIR/thespis` when
// XDG_RUNTIME_DIR names a directory of this user with mode 0700 (systemd's /run/user/UID), and
// `/tmp/thespis-UID` otherwise.
//
// The folder is created with mode 0700 when missing; two programs creating it at once is fine.
// An existing folder is used only if it is a real directory (not a symlink), owned by this user
// and closed to group and others; anything else is refused with a TransportError naming the
// path and the problem, and never repaired: a folder this process did not create is not
// chmod-ed, since someone else may have planted it. Any thread may call these functions.
#pragma once

#include <filesystem>

namespace thespis::net {

/// The per-user runtime folder, created if missing; throws TransportError if it is unsafe.
std::filesystem::path runtime_dir();

/// The runtime folder as runtime_dir() makes it under /tmp, but under `base`:
/// `base/thespis-UID`, created if missing and checked the same way (tests, tools).
std::filesystem::path runtime_dir_under(const std::filesystem::path& base);

/// `dir` itself made ready as a private folder: created with mode 0700 if missing, else
/// checked to be a directory (not a symlink) of this user with no group or other permission.
/// Throws TransportError naming `dir` and what is wrong.
void ensure_private_dir(const std::filesystem::path& dir);

}  // namespace thespis::net
