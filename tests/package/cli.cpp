#include <thespis/cli.hpp>

int main(int argc, char** argv) { return thespis::cli::run_cli(argc, argv); }
