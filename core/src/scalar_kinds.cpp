// The out-of-line bodies of the scalar kinds that are not templates (scalar_kinds.hpp).
#include <thespis/value_codec.hpp>

namespace thespis {

std::string ValueKind<bool>::name() { return "bool"; }
void ValueKind<bool>::encode(Encoder& out, bool value) { out.write_bool(value); }
void ValueKind<bool>::decode(const Decoder& in, bool& value) { value = in.read_bool(); }
void ValueKind<bool>::render(std::string& out, bool value) { out += value ? "true" : "false"; }
void ValueKind<bool>::describe(Schema& schema) { schema.kind = Schema::Kind::boolean; }

std::string ValueKind<std::string>::name() { return "string"; }
void ValueKind<std::string>::encode(Encoder& out, const std::string& value) {
  out.write_string(value);
}
void ValueKind<std::string>::decode(const Decoder& in, std::string& value) {
  value = in.read_string();
}
void ValueKind<std::string>::render(std::string& out, const std::string& value) {
  detail::render_string(out, value);
}
void ValueKind<std::string>::describe(Schema& schema) { schema.kind = Schema::Kind::string; }

}  // namespace thespis
