// System status: what a system knows of itself, asked for by a program with
// `system_status(system)`: the actors it runs (who they are, who made them) and the other members
// of its convention. It is the system-level half of status; one actor's runtime answers for the
// actor itself (actor_status.hpp). Include this header to use it; thespis.hpp does not.
//
//   system_status(system) -> SystemStatusReport{base: "tcp", node: "127.0.0.1:1900",
//       actors: [{@2.3 "Parent" parent @2.1}, {@2.4 "Leaf" parent @2.3},
//                {@2.5 "Registry" name "registry"}],
//       members: ["127.0.0.1:1901"]}
//
// The rule of what a report contains is written once, here (make_system_status): the live actors
// of the system, endpoints and exited actors left out, ordered by address; the other members of
// its convention, sorted. A base supplies only its raw facts (SystemFacts) by implementing
// SystemStatusSource next to SystemBase; the sim base reads its kernel's records (the state at
// the current virtual time: reading runs nothing), the tcp and udp bases ask their admin.
//
// Members are named as the base names a node of a convention: on sim the node's name
// ("node0"), on tcp and udp the admin's advertised "host:port". `node` is this system's own
// name in the same form, so that reports of several members can be matched up.
//
// Called from the thread that drives the system (like tell and ask).
#pragma once

#include <string>
#include <vector>

#include <thespis/actor_address.hpp>
#include <thespis/fwd.hpp>

namespace thespis {

/// One actor of a system, as its status report lists it.
struct ActorSummary {
  ActorAddress address;
  std::string type_name;    ///< the registered actor type
  std::string global_name;  ///< empty: created without one
  /// Its creator (an actor, or an endpoint for one a program created); none for a named actor,
  /// which belongs to the system rather than to whoever created it first (semantics 9).
  ActorAddress parent;

  bool operator==(const ActorSummary&) const = default;
};

/// What a system knows of itself when asked (system_status()).
struct SystemStatusReport {
  std::string base;  ///< the base's registered name: "sim", "tcp" or "udp"
  std::string node;  ///< this system among members: a sim node's name, or the admin's host:port
  /// Its live actors (not endpoints, not exited), ordered by address.
  std::vector<ActorSummary> actors;
  /// The other members of its convention (not itself), sorted; empty without a convention.
  std::vector<std::string> members;
};

/// One actor record as a base keeps it, before the rule picks what a report lists.
struct ActorRecordFacts {
  ActorSummary summary;
  bool endpoint = false;  ///< an endpoint of a program, not an actor
  bool exited = false;    ///< stopped, or its creation failed
};

/// What a base knows of one system: its records (in any order) and the members of its
/// convention as it names them (itself may be among them).
struct SystemFacts {
  std::string base;
  std::string node;
  std::vector<ActorRecordFacts> records;
  std::vector<std::string> members;
};

/// Whether a system status report lists the record: a live actor, not an endpoint.
bool listed_in_system_status(const ActorRecordFacts& record);

/// The report made of a base's facts: the rule applied, actors ordered by address, members
/// sorted without duplicates and without the system's own node.
SystemStatusReport make_system_status(SystemFacts facts);

/// Implemented, next to SystemBase, by each base that can report on its system.
class SystemStatusSource {
 public:
  virtual ~SystemStatusSource() = default;
  /// The raw facts of the system now; throws SystemShutDown once it is shut down, or
  /// TransportError if a networked base cannot reach its admin.
  virtual SystemFacts system_facts() = 0;
};

/// The status of `system`. Throws Error if its base does not report system status.
SystemStatusReport system_status(ActorSystem& system);

}  // namespace thespis
