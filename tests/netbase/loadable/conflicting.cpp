// A shared library that registers an actor type under a name the `thespis` executable has
// already (the bundled echo app's EchoServer): loading it must fail with a message, not abort.
#include <thespis/actor.hpp>
#include <thespis/actor_type.hpp>

namespace conflicting {

class EchoServer : public thespis::Actor {};
THESPIS_ACTOR(EchoServer)

}  // namespace conflicting
