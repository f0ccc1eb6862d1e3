// Telling a failure two ways for the runner: in types (the FailureSignature that shrinking must
// keep) and in the scenario's names (the story a person reads). Private to the scenarios
// component.
#pragma once

#include <map>
#include <string>

#include <thespis/actor_address.hpp>
#include <thespis/scenario/scenario.hpp>
#include <thespis/sim/check.hpp>
#include <thespis/sim/simulation.hpp>

namespace thespis::scenario::detail {

/// The scenario's actors as created: name -> address.
using ActorAddresses = std::map<std::string, ActorAddress>;

/// "deliver GetReply to CacheReader from CacheFront"; an endpoint is "outside".
std::string culprit_in_types(const sim::Culprit& culprit);
/// The same with the scenario's names for its actors: "deliver GetReply to reader from front".
std::string culprit_in_names(const sim::Culprit& culprit, const ActorAddresses& actors);
/// The fault part of a signature: the kind of `fault` (sim::to_string of it) and the types of
/// the scenario's actors on what it hit: "crash (LockClient)", "partition"; "" for no fault.
std::string fault_in_types(const std::string& fault, const Scenario& scenario,
                           const ActorAddresses& actors, sim::Simulation& simulation);
/// `text` with each address of a scenario actor ("@2.5") replaced by the actor's name.
std::string with_names(std::string text, const ActorAddresses& actors);

}  // namespace thespis::scenario::detail
