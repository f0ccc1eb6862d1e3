#include <filesystem>
#include <utility>

#include <thespis/scenario/program_name.hpp>

namespace thespis::scenario {
namespace {

std::string& program_slot() {
  static std::string program = "thespis";
  return program;
}

}  // namespace

const std::string& program_name() { return program_slot(); }

void set_program_name(std::string name) {
  if (!name.empty()) program_slot() = std::move(name);
}

std::string runnable_name(const std::string& argv0) {
  if (argv0.find('/') == std::string::npos) return argv0;
  std::error_code error;
  const auto absolute = std::filesystem::absolute(argv0, error);
  return error ? argv0 : absolute.lexically_normal().string();
}

}  // namespace thespis::scenario
