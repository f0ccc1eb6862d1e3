// Forward declarations of the core types, for headers that only name them.
#pragma once

namespace thespis {
class Actor;
class ActorAddress;
class ActorContext;
class ActorSystem;
class Capabilities;
class Decoder;
class Encoder;
class Endpoint;
class Error;
class Message;
struct ActorType;
struct CreateOptions;
struct MessageType;
struct SystemOptions;
class SystemBase;
}  // namespace thespis
