// Property: every built-in map message type round-trips through the wire codec.
#include "core/builtin_types.hpp"

using namespace builtin_types;

TEST(BuiltinTypes, MapsRoundTrip) { properties_for(MapTypes{}); }
