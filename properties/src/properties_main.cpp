// main() for property tests: GoogleTest, unless the first argument is a command of the thespis
// command line (`run FILE`...), which then runs with the test's own apps and actor types
// linked in. So a counterexample's reproduce line names this very program.
#include <string_view>

#include <gtest/gtest.h>

#include <thespis/cli.hpp>
#include <thespis/scenario/program_name.hpp>

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
  thespis::scenario::set_program_name(thespis::scenario::runnable_name(argv[0]));
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
