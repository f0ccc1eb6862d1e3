// Asks a Tally created by name (so only its registration can make it) on the base named by the
// first argument; on tcp with the secret file named second and an admin on a free port.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include <thespis/net/admin_control.hpp>
#include <thespis/thespis.hpp>

#include "tally/tally.hpp"

int main(int argc, char** argv) {
  const std::string base = argc > 1 ? argv[1] : "sim";
  thespis::SystemOptions options;
  if (base == "tcp") {
    options.admin_port = thespis::net::free_local_port();
    if (argc > 2) options.secret_file = argv[2];
  }
  options.log_level = thespis::LogLevel::error;
  thespis::ActorSystem system(base, options);
  const auto counter = system.create_actor("Tally");
  system.tell(counter, tally::Add{3});
  system.listen(std::chrono::seconds(5));  // the first answer, Total{3}
  const auto reply = system.ask(counter, tally::Add{7}, std::chrono::seconds(5));
  system.shutdown();
  if (!reply || !reply->is<tally::Total>() || reply->get<tally::Total>().value != 10) {
    std::cerr << base << ": expected Total{value: 10}, got "
              << (reply ? reply->to_string() : "nothing") << '\n';
    return EXIT_FAILURE;
  }
  std::cout << base << ": " << reply->to_string() << '\n';
  return EXIT_SUCCESS;
}
