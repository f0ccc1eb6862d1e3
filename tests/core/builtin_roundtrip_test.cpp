// Property: every built-in message type round-trips through the wire codec.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>

#include "support/arbitrary.hpp"

namespace {

using namespace std::chrono;

template <class T>
void check_round_trip(const T& value) {
  const thespis::Message original(value);
  const thespis::Message decoded = thespis::decode_from_bytes(thespis::encode_to_bytes(original));
  RC_ASSERT(decoded.type() == original.type());
  RC_ASSERT(decoded == original);
}

template <class... T>
struct TypeList {};

template <class T>
using Both = TypeList<std::vector<T>, std::map<std::string, T>>;

// Every type the registry pre-registers (see message_type_registry.cpp).
using Scalars = TypeList<bool, std::int8_t, std::int16_t, std::int32_t, std::int64_t, std::uint8_t,
                         std::uint16_t, std::uint32_t, std::uint64_t, float, double, std::string,
                         thespis::ActorAddress, thespis::Capabilities, nanoseconds, microseconds,
                         milliseconds, seconds, minutes, hours>;
using SystemMessages =
    TypeList<thespis::ActorExitRequest, thespis::ChildActorExited, thespis::PoisonMessage,
             thespis::WakeupMessage, thespis::DeadEnvelope, thespis::ActorSystemConventionUpdate>;

template <class... T>
std::set<std::string> names_of(TypeList<T...>) {
  return {thespis::type_name<T>()...};
}

template <class T>
void property_for() {
  const auto result = rc::check(thespis::type_name<T>() + " round-trips",
                                [] { check_round_trip(*thespis::testing::arbitrary<T>()); });
  EXPECT_TRUE(result) << thespis::type_name<T>();
}

template <class... T>
void properties_for(TypeList<T...>) {
  (property_for<T>(), ...);
}

template <class... L>
std::set<std::string> union_of(L... lists) {
  std::set<std::string> all;
  (all.merge(names_of(lists)), ...);
  return all;
}

const auto covered = [] {
  return union_of(Scalars{}, Both<bool>{}, Both<std::int32_t>{}, Both<std::int64_t>{},
                  Both<std::uint64_t>{}, Both<double>{}, Both<std::string>{},
                  Both<thespis::ActorAddress>{}, SystemMessages{});
};

}  // namespace

TEST(BuiltinTypes, EveryPreRegisteredTypeIsCoveredByTheProperty) {
  // This binary defines no message type of its own: what is registered is the built-ins.
  std::set<std::string> registered;
  for (const thespis::MessageType* type : thespis::registered_message_types()) registered.insert(type->name);
  EXPECT_EQ(registered, covered());
}

TEST(BuiltinTypes, RoundTripThroughTheCodec) {
  properties_for(Scalars{});
  properties_for(Both<bool>{});
  properties_for(Both<std::int32_t>{});
  properties_for(Both<std::int64_t>{});
  properties_for(Both<std::uint64_t>{});
  properties_for(Both<double>{});
  properties_for(Both<std::string>{});
  properties_for(Both<thespis::ActorAddress>{});
  properties_for(SystemMessages{});
}

RC_GTEST_PROP(BuiltinTypes, PoisonMessageWithNestedMessageRoundTrips,
              (const std::string& details, std::int64_t payload)) {
  check_round_trip(thespis::PoisonMessage{thespis::Message(payload), details});
}
