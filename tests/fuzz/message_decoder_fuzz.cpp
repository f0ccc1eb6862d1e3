// Fuzz target: a message body, decoded as every registered message type (core's built-ins and
// system messages, netbase's protocol, the example apps'), the way a frame's body is decoded
// once its type name is read.
//
// A body either fails with the decoder's documented errors (DecodeError, UnknownTypeError for a
// nested Message) or yields a value that must round-trip: encoding it and decoding the bytes
// gives an equal value, whose encoding is the same bytes again. Rendering it (traces, error
// messages) must not fail either. Any other exception, or a broken round trip, aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <thespis/codec.hpp>
#include <thespis/error.hpp>
#include <thespis/message_type.hpp>

namespace {

using thespis::MessageType;

[[noreturn]] void finding(const MessageType& type, const char* what, const std::string& detail) {
  std::fprintf(stderr, "message_decoder_fuzz: %s: %s: %s\n", type.name.c_str(), what,
               detail.c_str());
  std::abort();
}

const std::vector<const MessageType*>& all_types() {
  static const std::vector<const MessageType*> types = [] {
    auto found = thespis::registered_message_types();
    // The harness is only as good as what is linked: the protocol and the apps must be there.
    std::vector<const char*> expected = {"NetCreate", "NetRelay", "Ping"};
#ifdef THESPIS_FUZZ_APP_MESSAGES
    expected.insert(expected.end(), {"Increment", "LeaseGranted"});
#endif
    for (const char* name : expected) {
      if (thespis::find_message_type(name) == nullptr) {
        std::fprintf(stderr, "message_decoder_fuzz: %s is not registered\n", name);
        std::abort();
      }
    }
    return found;
  }();
  return types;
}

std::string encode(const MessageType& type, const void* value) {
  thespis::Encoder encoder;
  type.encode(encoder, value);
  return std::string(encoder.bytes());
}

void check_round_trip(const MessageType& type, const void* value) {
  std::string rendered;
  type.render(rendered, value);
  const std::string bytes = encode(type, value);
  std::shared_ptr<const void> again;
  try {
    thespis::ByteDecoder decoder;
    again = type.decode(decoder.parse(bytes));
  } catch (const thespis::Error& e) {
    finding(type, "its own encoding does not decode", rendered + ": " + e.what());
  }
  if (!type.equal(value, again.get())) {
    std::string other;
    type.render(other, again.get());
    finding(type, "decodes to another value", rendered + " != " + other);
  }
  if (encode(type, again.get()) != bytes) finding(type, "encodes differently", rendered);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& types = all_types();
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  static thespis::ByteDecoder decoder;
  thespis::Decoder root(nullptr);
  try {
    root = decoder.parse(body);
  } catch (const thespis::DecodeError&) {
    return 0;  // not one msgpack value within the limits: every type rejects it alike
  }
  for (const MessageType* type : types) {
    std::shared_ptr<const void> value;
    try {
      value = type->decode(root);
    } catch (const thespis::DecodeError&) {
      continue;
    } catch (const thespis::UnknownTypeError&) {
      continue;
    }
    check_round_trip(*type, value.get());
  }
  return 0;
}
