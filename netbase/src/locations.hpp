// Locations: a router's memory of where recipients live, shared by both transports. An address
// is asked of the Directory once and cached until its process goes; an address known to have no
// live actor (addresses are never reused) is remembered too, so that sending to it again costs
// no round trip to the admin. A process that refused a datagram (udp: its port answered for
// another incarnation) is remembered as gone too, so that until the admin learns it has ended,
// what the admin still places there is taken as gone at once, not sent to be refused again.
#pragma once

#include <map>
#include <optional>
#include <set>

#include <thespis/actor_address.hpp>

#include "directory.hpp"

namespace thespis::net::detail {

class Locations {
 public:
  /// Where `address` lives, asking `directory` if not known; nullopt if no live actor does.
  std::optional<Location> find(const ActorAddress& address, Directory& directory);
  void forget(const ActorAddress& address) { at_.erase(address); }
  /// Forgets every address that lived at `where` (its process went away).
  void forget_all_at(const Location& where);
  /// The process at `where` is gone for good (an incarnation is never reused): forgets every
  /// address that lived there and takes any the Directory still places there as gone.
  void refused(const Location& where);

 private:
  std::map<ActorAddress, Location> at_;
  std::set<ActorAddress> gone_;  // bounded; forgotten wholesale when full
  std::set<Location> refused_;   // likewise
};

}  // namespace thespis::net::detail
