// Property: every built-in vector and map message type round-trips through the wire codec.
#include "core/builtin_types.hpp"

using namespace builtin_types;

TEST(BuiltinTypes, VectorsRoundTrip) { properties_for(VectorTypes{}); }
