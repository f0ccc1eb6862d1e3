// A program of another build than the tests: starts the admin daemon on the port it is given
// (as any program's first ActorSystem("tcp") does) and leaves it running. Tests use it for an
// admin that a program started, which refuses programs of other builds.
#include <cstdlib>
#include <iostream>

#include <thespis/actor_system.hpp>
#include <thespis/error.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: start_daemon PORT\n";
    return 2;
  }
  try {
    thespis::SystemOptions options;
    options.admin_port = static_cast<std::uint16_t>(std::atoi(argv[1]));
    thespis::ActorSystem system("tcp", options);
    return 0;  // no shutdown: the daemon outlives this program
  } catch (const thespis::Error& e) {
    std::cerr << "start_daemon: " << e.what() << '\n';
    return 2;
  }
}
