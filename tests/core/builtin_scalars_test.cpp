// Property: every built-in scalar message type round-trips through the wire codec; and the
// property files together cover every type the registry pre-registers.
#include "core/builtin_types.hpp"

using namespace builtin_types;

TEST(BuiltinTypes, ThePropertiesCoverEveryPreRegisteredType) {
  // This binary defines no message type of its own: what is registered is the built-ins.
  std::set<std::string> registered;
  for (const thespis::MessageType* type : thespis::registered_message_types())
    registered.insert(type->name);
  std::set<std::string> covered = names_of(Scalars{});
  covered.merge(names_of(VectorTypes{}));
  covered.merge(names_of(MapTypes{}));
  covered.merge(names_of(SystemMessages{}));
  EXPECT_EQ(registered, covered);
}

TEST(BuiltinTypes, ScalarsRoundTrip) { properties_for(Scalars{}); }
