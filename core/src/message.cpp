#include <ostream>

#include <thespis/codec.hpp>
#include <thespis/message.hpp>
#include <thespis/message_type.hpp>

namespace thespis {

Message::Message(const char* text) : Message(std::string(text)) {}

std::string_view Message::type_name() const { return type_ ? std::string_view(type_->name) : ""; }

std::string Message::to_string() const {
  if (type_ == nullptr) return "<empty>";
  std::string out;
  type_->render(out, value_.get());
  return out;
}

bool Message::equal(const Message& a, const Message& b) {
  if (a.type_ != b.type_) return false;
  if (a.type_ == nullptr || a.value_ == b.value_) return true;
  return a.type_->equal(a.value_.get(), b.value_.get());
}

std::ostream& Message::print(std::ostream& out, const Message& message) {
  return out << message.to_string();
}

void encode_message(Encoder& encoder, const Message& message) {
  if (message.empty()) {
    encoder.write_nil();
    return;
  }
  encoder.begin_array(2);
  encoder.write_string(message.type()->name);
  message.type()->encode(encoder, message.value());
}

Message decode_message(const Decoder& decoder) {
  if (decoder.is_nil()) return {};
  if (decoder.array_size() != 2) Decoder::fail("a message is [type name, body]");
  const std::string_view name = decoder.element(0).read_string_view();
  const MessageType& type = message_type_named(name);
  try {
    return Message(type, type.decode(decoder.element(1)));
  } catch (const DecodeError& e) {
    throw DecodeError(type.name + ": " + e.what());
  }
}

std::string encode_to_bytes(const Message& message) {
  Encoder encoder;
  encode_message(encoder, message);
  return std::string(encoder.bytes());
}

Message decode_from_bytes(std::string_view bytes) {
  ByteDecoder decoder;
  return decode_message(decoder.parse(bytes));
}

namespace detail {

std::string_view message_type_name(const MessageType& type) { return type.name; }

void throw_bad_cast(const MessageType* held, const MessageType& wanted) {
  throw BadMessageCast(held ? held->name : "<empty>", wanted.name);
}

}  // namespace detail
}  // namespace thespis
