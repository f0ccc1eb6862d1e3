// ActorAddress: the opaque name of an actor (or of an external endpoint). A plain value:
// copy it, compare it, hash it, print it, put it in messages. Only the base that issued an
// address interprets its two numbers: `system` says which actor system (a simulated node, an
// admin or actor process) and `local` which actor there. The null address names nobody.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

namespace thespis {

class ActorAddress {
 public:
  constexpr ActorAddress() = default;
  constexpr ActorAddress(std::uint64_t system, std::uint64_t local)
      : system_(system), local_(local) {}

  constexpr std::uint64_t system() const { return system_; }
  constexpr std::uint64_t local() const { return local_; }
  constexpr bool is_null() const { return system_ == 0 && local_ == 0; }
  constexpr explicit operator bool() const { return !is_null(); }

  /// "@system.local", or "@null".
  std::string to_string() const;

  friend constexpr auto operator<=>(const ActorAddress&, const ActorAddress&) = default;

 private:
  std::uint64_t system_ = 0;
  std::uint64_t local_ = 0;
};

std::ostream& operator<<(std::ostream& out, const ActorAddress& address);

}  // namespace thespis

template <>
struct std::hash<thespis::ActorAddress> {
  std::size_t operator()(const thespis::ActorAddress& a) const noexcept {
    return std::hash<std::uint64_t>{}(a.system() * 0x9e3779b97f4a7c15ULL ^ a.local());
  }
};
