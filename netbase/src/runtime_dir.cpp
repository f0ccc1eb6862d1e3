// PROVISIONAL (replaced by the trust-files branch).
#include <thespis/net/runtime_dir.hpp>

#include <sys/stat.h>
#include <unistd.h>

namespace thespis::net {
std::filesystem::path runtime_dir() {
  std::filesystem::path dir = "/tmp/thespis-" + std::to_string(getuid());
  mkdir(dir.c_str(), 0700);
  return dir;
}
}  // namespace thespis::net
