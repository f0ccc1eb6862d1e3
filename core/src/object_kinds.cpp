// The bodies of the kinds for thespis' own value types (object_kinds.hpp).
#include <thespis/value_codec.hpp>

namespace thespis {

std::string ValueKind<ActorAddress>::name() { return "ActorAddress"; }
void ValueKind<ActorAddress>::encode(Encoder& out, const ActorAddress& value) {
  out.begin_array(2);
  out.write_uint(value.system());
  out.write_uint(value.local());
}
void ValueKind<ActorAddress>::decode(const Decoder& in, ActorAddress& value) {
  if (in.array_size() != 2) Decoder::fail("ActorAddress needs 2 numbers");
  value = ActorAddress(in.element(0).read_uint(), in.element(1).read_uint());
}
void ValueKind<ActorAddress>::render(std::string& out, const ActorAddress& value) {
  out += value.to_string();
}
void ValueKind<ActorAddress>::describe(Schema& schema) { schema.kind = Schema::Kind::address; }

std::string ValueKind<Capabilities>::name() { return "Capabilities"; }
void ValueKind<Capabilities>::encode(Encoder& out, const Capabilities& value) {
  encode_value(out, value.values());
}
void ValueKind<Capabilities>::decode(const Decoder& in, Capabilities& value) {
  decode_value(in, value.values());
}
void ValueKind<Capabilities>::render(std::string& out, const Capabilities& value) {
  out += value.to_string();
}
bool ValueKind<Capabilities>::equal(const Capabilities& a, const Capabilities& b) {
  return values_equal(a.values(), b.values());
}
void ValueKind<Capabilities>::describe(Schema& schema) {
  schema.kind = Schema::Kind::capabilities;
  schema.elements = {&schema_of<Capabilities::Map>()};
}

std::string ValueKind<Message>::name() { return "Message"; }
void ValueKind<Message>::encode(Encoder& out, const Message& value) { encode_message(out, value); }
void ValueKind<Message>::decode(const Decoder& in, Message& value) { value = decode_message(in); }
void ValueKind<Message>::render(std::string& out, const Message& value) {
  out += value.to_string();
}
void ValueKind<Message>::describe(Schema& schema) { schema.kind = Schema::Kind::message; }

}  // namespace thespis
