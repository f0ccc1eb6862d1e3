// The `thespis` executable: the command line with the bundled sample apps linked in.
#include <thespis/cli.hpp>

int main(int argc, char** argv) { return thespis::cli::run_cli(argc, argv); }
