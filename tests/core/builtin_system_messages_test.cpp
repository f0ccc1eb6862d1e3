// Property: every system message round-trips through the wire codec, nested messages included.
#include "core/builtin_types.hpp"

using namespace builtin_types;

TEST(BuiltinTypes, SystemMessagesRoundTrip) { properties_for(SystemMessages{}); }

RC_GTEST_PROP(BuiltinTypes, PoisonMessageWithNestedMessageRoundTrips,
              (const std::string& details, std::int64_t payload)) {
  check_round_trip(thespis::PoisonMessage{thespis::Message(payload), details});
}
