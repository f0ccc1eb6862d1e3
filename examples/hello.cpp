// Thespian's "hello": an actor answers every string with "Hello, World!".
#include <chrono>
#include <iostream>
#include <string>

#include <thespis/thespis.hpp>

using namespace std::chrono_literals;

class Hello : public thespis::Actor {
 public:
  Hello() {
    on<std::string>([this](const std::string&, const thespis::ActorAddress& sender) {
      send(sender, "Hello, World!");
    });
  }
};
THESPIS_ACTOR(Hello)

namespace {

int run(const char* base) {
  thespis::ActorSystem system(base);
  const thespis::ActorAddress hello = system.create_actor<Hello>();
  const std::optional<thespis::Message> reply = system.ask(hello, "hi", 1s);
  if (!reply) {
    std::cerr << "hello: no answer within 1s\n";
    return 1;
  }
  std::cout << reply->get<std::string>() << '\n';
  system.tell(hello, thespis::ActorExitRequest{});
  system.shutdown();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc > 1 ? argv[1] : "sim");
  } catch (const thespis::Error& e) {
    std::cerr << argv[0] << ": " << e.what() << '\n';
    return 2;
  }
}
