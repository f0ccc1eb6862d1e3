// The file identity that build identities are made of (loaded_libraries.cpp, net_base.cpp).
#pragma once

#include <string>

namespace thespis::net::detail {

/// A short hash of the file's device, inode, size and modification time ("unknown" if it
/// cannot be read).
std::string file_identity(const std::string& path);

}  // namespace thespis::net::detail
