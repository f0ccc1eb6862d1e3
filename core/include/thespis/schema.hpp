// Schema: the shape of a message or field type, generated from the same description as its
// codec (its ValueKind: the THESPIS_MESSAGE field list or the built-in kind). Code that does
// not know the C++ type — the scenario loader building a message from YAML field by field,
// the fuzz seeds, the test generators — walks the schema and writes the value with an
// Encoder, then decodes it through the registered type. Schemas are built once per type, on
// first use (schema_of<T>(), in value_codec.hpp), and never change.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace thespis {

class Encoder;

struct Schema {
  enum class Kind : std::uint8_t {
    boolean,
    integer,           ///< signed, `bits` wide
    unsigned_integer,  ///< `bits` wide
    floating,          ///< `bits` wide (32: a float, whose decode refuses larger doubles)
    string,
    address,
    capabilities,  ///< elements[0]: its map of name to variant<bool, int64, double, string>
    message,       ///< any registered message (type name + value)
    duration,      ///< an integer count of `nanos_per_unit` nanoseconds
    list,          ///< elements[0]
    map,           ///< elements[0] keys, elements[1] values
    optional,      ///< elements[0], or nil
    variant,       ///< elements: the alternatives, encoded as [index, value]
    record,        ///< fields, encoded as an array in field order
    enumeration,   ///< one of `enumerators`, encoded as elements[0] (its underlying integer)
  };
  struct Enumerator {
    std::string name;
    std::int64_t value;  ///< for an unsigned underlying type, the same bits as its uint64
  };
  Kind kind = Kind::record;
  std::string type_name;
  int bits = 64;
  std::int64_t nanos_per_unit = 1;
  std::vector<std::pair<std::string, const Schema*>> fields;
  std::vector<const Schema*> elements;
  std::vector<Enumerator> enumerators;
};

/// The schema of T, built on first use. Defined with the kinds: include value_codec.hpp to
/// call it.
template <class T>
const Schema& schema_of();

/// Writes enumerator `index` of an enumeration schema as the wire carries it.
void encode_enumerator(Encoder& out, const Schema& schema, std::size_t index);

}  // namespace thespis
