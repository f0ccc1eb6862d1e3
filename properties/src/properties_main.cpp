// main() for property tests: GoogleTest, unless the first argument is a command of the thespis
// command line (`run FILE`...), which then runs with the test's own apps and actor types
// linked in. So a counterexample's reproduce line names this very program.
#include <filesystem>
#include <string_view>

#include <gtest/gtest.h>

#include <thespis/cli.hpp>
#include <thespis/properties/property.hpp>

namespace {

bool is_command(std::string_view word) {
  for (std::string_view command : {"run", "explore", "shrink", "replay"}) {
    if (word == command) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && is_command(argv[1])) return thespis::cli::run_cli(argc, argv);
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  thespis::properties::detail::set_runnable_program(error ? argv[0] : self.string());
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
