// The `thespis` command line as a library: link thespis::cli with your own actor types, apps
// and message types, and call run_cli from your main() to get `run`, `explore`, `shrink` and
// `replay` over scenarios that use them.
//
//   int main(int argc, char** argv) { return thespis::cli::run_cli(argc, argv); }
#pragma once

namespace thespis::cli {

/// Parses the command line, runs the command, returns the process exit code (0: success,
/// 1: a scenario failed, 2: bad usage or input, 130: explore stopped by Ctrl-C). Reproduce
/// lines name argv[0] (scenario::set_program_name), the program with the caller's apps. Every
/// exception, std::bad_alloc included, ends as one line "thespis: error: ..." and code 2: run_cli
/// installs a std::terminate handler that does the same for an exception that escapes a destructor.
int run_cli(int argc, char** argv);

}  // namespace thespis::cli
