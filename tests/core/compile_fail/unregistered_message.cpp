// Must not compile: Unregistered has no THESPIS_MESSAGE field list, so it cannot be a message.
#include <thespis/thespis.hpp>

struct Unregistered {
  int value = 0;
};

int main() {
  thespis::Message message(Unregistered{1});
  return message.empty() ? 1 : 0;
}
