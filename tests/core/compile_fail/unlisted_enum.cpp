// Must not compile: Colour has no THESPIS_ENUM list, so it cannot be a message field.
#include <cstdint>

#include <thespis/thespis.hpp>

enum class Colour : std::uint8_t { red, green };

struct Paint {
  Colour colour = Colour::red;
};
THESPIS_MESSAGE(Paint, colour)

int main() { return thespis::Message(Paint{}).empty() ? 1 : 0; }
