// Non-template helpers of schema.hpp, for the code that writes values by schema.
#include <thespis/codec.hpp>
#include <thespis/schema.hpp>

namespace thespis {

void encode_enumerator(Encoder& out, const Schema& schema, std::size_t index) {
  const std::int64_t value = schema.enumerators.at(index).value;
  if (schema.elements.at(0)->kind == Schema::Kind::integer) {
    out.write_int(value);
  } else {
    out.write_uint(static_cast<std::uint64_t>(value));
  }
}

}  // namespace thespis
