// PROVISIONAL (replaced by the trust-files branch).
#pragma once

#include <filesystem>

namespace thespis::net {
std::filesystem::path runtime_dir();
}  // namespace thespis::net
