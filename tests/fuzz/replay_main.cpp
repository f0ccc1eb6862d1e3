// The fuzz targets as regression tests: runs LLVMFuzzerTestOneInput once on every file named on
// the command line, and on every regular file directly inside a named directory (a corpus; its
// subdirectories, such as pending/, are not entered). A finding aborts, as under libFuzzer; a
// named path that does not exist, or no input at all, fails too, so that nothing is skipped
// silently.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const fs::path& path) {
  if (!fs::is_directory(path)) return {path};
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  return files;
}

bool run_one(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
    return false;
  }
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", file.c_str(), bytes.size());
  std::fflush(stderr);  // a finding aborts: name the input first
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t ran = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const fs::path path = argv[i];
    if (!fs::exists(path)) {
      // A target's crashes/ directory exists only once the target has had a finding.
      if (path.filename() == "crashes") continue;
      std::fprintf(stderr, "replay: %s does not exist\n", path.c_str());
      ok = false;
      continue;
    }
    for (const fs::path& file : inputs_of(path)) {
      ok = run_one(file) && ok;
      ++ran;
    }
  }
  std::printf("replay: %zu inputs\n", ran);
  if (ran == 0) std::fprintf(stderr, "replay: no input to run\n");
  return ok && ran > 0 ? 0 : 1;
}
