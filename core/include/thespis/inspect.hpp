// Inspection: an actor declares the state its app's checks read, so that a runtime can answer
// "what is your state?" for it and a checker elsewhere can rebuild an object of its type with
// that state (the tcp scenario runner judges the app's checks on such mirrors of real
// processes). Inside the class:
//
//   class KvBackup : public thespis::Actor {
//     ...
//    private:
//     std::map<std::string, std::int64_t> data_;
//     std::uint64_t version_ = 0;
//     THESPIS_INSPECT(data_, version_)
//   };
//
// Each listed member must have a value kind (value_codec.hpp); the state is one msgpack array
// of them, in the listed order. The runtime answers InspectActor with ActorInspection
// (system_messages.hpp) without calling receive() (delivery_rules.hpp: inspection_answer), so
// an actor's handlers never see it. A type without THESPIS_INSPECT answers inspectable=false.
// A derived class inherits its base's declaration; declaring its own replaces it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <thespis/codec.hpp>
#include <thespis/detail/for_each.hpp>
#include <thespis/error.hpp>
#include <thespis/value_codec.hpp>

namespace thespis::detail {

template <class M>
struct InspectedMember {
  std::string_view name;
  M& value;
};

template <class M>
InspectedMember<M> inspected_member(std::string_view name, M& value) {
  return {name, value};
}

template <class... M>
void encode_members(Encoder& out, const InspectedMember<M>&... members) {
  out.begin_array(sizeof...(M));
  (encode_value(out, members.value), ...);
}

/// Throws DecodeError naming the member that does not decode, or the count that is wrong.
template <class... M>
void decode_members(const Decoder& in, const InspectedMember<M>&... members) {
  const std::size_t got = in.array_size();
  if (got != sizeof...(M)) {
    Decoder::fail("expected a state of " + std::to_string(sizeof...(M)) + " members, found " +
                  std::to_string(got));
  }
  std::size_t index = 0;
  const auto decode_one = [&](const auto& member) {
    try {
      decode_value(in.element(index++), member.value);
    } catch (const DecodeError& e) {
      Decoder::fail("member " + std::string(member.name) + ": " + e.what());
    }
  };
  (decode_one(members), ...);
  (void)decode_one;  // no members: nothing to decode
}

}  // namespace thespis::detail

#define THESPIS_DETAIL_INSPECTED(self, name) ::thespis::detail::inspected_member(#name, self->name)

/// Declares the members of an actor class that its app's checks read (see the top of this
/// file). Place it inside the class; it does not change the access of what follows.
/// `THESPIS_INSPECT()` declares an actor whose checks read no state (it is still inspectable).
#define THESPIS_INSPECT(...)                                                      \
  bool inspect_state(::thespis::Encoder& thespis_out) const override {            \
    ::thespis::detail::encode_members(thespis_out __VA_OPT__(                     \
        , THESPIS_DETAIL_FOR_EACH(THESPIS_DETAIL_INSPECTED, this, __VA_ARGS__))); \
    return true;                                                                  \
  }                                                                               \
  void restore_state(const ::thespis::Decoder& thespis_in) override {             \
    ::thespis::detail::decode_members(thespis_in __VA_OPT__(                      \
        , THESPIS_DETAIL_FOR_EACH(THESPIS_DETAIL_INSPECTED, this, __VA_ARGS__))); \
  }
