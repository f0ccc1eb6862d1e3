// A secret file of a test's own, in a private temporary folder removed at the end (also when
// the test fails): for systems that must not share the user's default secret.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>

namespace thespis::testing {

struct SecretFile {
  explicit SecretFile(const std::string& text) {
    char pattern[] = "/tmp/thespis-secret-test-XXXXXX";
    folder = mkdtemp(pattern);
    path = folder + "/secret";
    std::ofstream(path) << text << '\n';
    chmod(path.c_str(), 0600);
  }
  ~SecretFile() { std::filesystem::remove_all(folder); }
  SecretFile(const SecretFile&) = delete;
  SecretFile& operator=(const SecretFile&) = delete;
  std::string folder;
  std::string path;
};

}  // namespace thespis::testing
