// Thespian's "greeting": a message that carries the addresses it must visit. Hello creates
// World and Punctuate; the Greeting travels Hello -> World -> Punctuate -> the asker.
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include <thespis/thespis.hpp>

using namespace std::chrono_literals;
using thespis::ActorAddress;

struct Greeting {
  std::string message;
  std::vector<ActorAddress> send_to;
};
THESPIS_MESSAGE(Greeting, message, send_to)

/// Appends its part to a Greeting and sends it on to the first address it still carries.
class GreetingStage : public thespis::Actor {
 protected:
  explicit GreetingStage(std::string part) {
    on<Greeting>([this, part = std::move(part)](Greeting greeting) {
      greeting.message += part;
      const ActorAddress next = greeting.send_to.front();
      greeting.send_to.erase(greeting.send_to.begin());
      send(next, std::move(greeting));
    });
  }
};

class World : public GreetingStage {
 public:
  World() : GreetingStage(", World") {}
};
THESPIS_ACTOR(World)

class Punctuate : public GreetingStage {
 public:
  Punctuate() : GreetingStage("!!!") {}
};
THESPIS_ACTOR(Punctuate)

class Hello : public thespis::Actor {
 public:
  Hello() {
    on<std::string>([this](const std::string& text, const ActorAddress& sender) {
      if (text != "hi") return;
      const ActorAddress world = create_actor<World>();
      const ActorAddress punctuate = create_actor<Punctuate>();
      send(world, Greeting{"Hello", {punctuate, sender}});
    });
  }
};
THESPIS_ACTOR(Hello)

namespace {

int run(const char* base) {
  thespis::ActorSystem system(base);
  const ActorAddress hello = system.create_actor<Hello>();
  const std::optional<thespis::Message> reply = system.ask(hello, "hi", 200ms);
  if (!reply || !reply->is<Greeting>()) {
    std::cerr << "greeting: no greeting within 0.2s\n";
    return 1;
  }
  std::cout << reply->get<Greeting>().message << '\n';
  system.tell(hello, thespis::ActorExitRequest{true});
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
