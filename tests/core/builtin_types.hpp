// The built-in message types (those the registry always holds) and the round-trip property
// run over them; shared by the property test files, split so that they compile in parallel.
#pragma once

#include <set>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <thespis/actor_status.hpp>
#include <thespis/properties/gen/values.hpp>

namespace builtin_types {

using namespace std::chrono;

template <class... T>
struct TypeList {};

template <class T>
using Vectors = TypeList<std::vector<T>>;
template <class T>
using Maps = TypeList<std::map<std::string, T>>;

// Every type the registry pre-registers (see core/src/message_type_registry.cpp).
using Scalars = TypeList<bool, std::int8_t, std::int16_t, std::int32_t, std::int64_t, std::uint8_t,
                         std::uint16_t, std::uint32_t, std::uint64_t, float, double, std::string,
                         thespis::ActorAddress, thespis::Capabilities, nanoseconds, microseconds,
                         milliseconds, seconds, minutes, hours>;
using VectorTypes =
    TypeList<std::vector<bool>, std::vector<std::int32_t>, std::vector<std::int64_t>,
             std::vector<std::uint64_t>, std::vector<double>, std::vector<std::string>,
             std::vector<thespis::ActorAddress>>;
using MapTypes = TypeList<std::map<std::string, bool>, std::map<std::string, std::int32_t>,
                          std::map<std::string, std::int64_t>, std::map<std::string, std::uint64_t>,
                          std::map<std::string, double>, std::map<std::string, std::string>,
                          std::map<std::string, thespis::ActorAddress>>;
using SystemMessages =
    TypeList<thespis::ActorExitRequest, thespis::ChildActorExited, thespis::PoisonMessage,
             thespis::WakeupMessage, thespis::DeadEnvelope, thespis::ActorSystemConventionUpdate,
             thespis::InspectActor, thespis::ActorInspection, thespis::ActorStatusRequest,
             thespis::ActorStatusReport>;

template <class T>
void check_round_trip(const T& value) {
  const thespis::Message original(value);
  const thespis::Message decoded = thespis::decode_from_bytes(thespis::encode_to_bytes(original));
  RC_ASSERT(decoded.type() == original.type());
  RC_ASSERT(decoded == original);
}

template <class T>
void property_for() {
  const bool passed = rc::check(thespis::type_name<T>() + " round-trips through the codec", [] {
    check_round_trip(*thespis::properties::gen::arbitrary<T>());
  });
  EXPECT_TRUE(passed) << thespis::type_name<T>();
}

template <class... T>
void properties_for(TypeList<T...>) {
  (property_for<T>(), ...);
}

template <class... T>
std::set<std::string> names_of(TypeList<T...>) {
  return {thespis::type_name<T>()...};
}

}  // namespace builtin_types
