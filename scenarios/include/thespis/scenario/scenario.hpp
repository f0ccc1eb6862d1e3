// Scenario: a failure scenario as plain data — the world (app, nodes, network), the actors to
// create, timed steps and random faults grouped in phases, and the expectations to verify.
// load_scenario() reads one from YAML (docs/scenario-reference.md), to_yaml() writes one back;
// run_scenario() runs it on the simulation.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <thespis/capabilities.hpp>
#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/value.hpp>
#include <thespis/sim/fault.hpp>
#include <thespis/sim/network.hpp>

namespace thespis::scenario {

using Nanos = std::chrono::nanoseconds;

struct NodeSpec {
  std::string name;
  Capabilities capabilities;
  std::string leader;
  Mark mark;
};

struct LinkSpec {
  std::string from;
  std::string to;
  sim::LinkOptions options;
  Mark mark;
};

struct NetworkSpec {
  sim::NetworkProfile profile = sim::NetworkProfile::tcp;
  /// The scenario names its profile (`profile:` written). `thespis run --base sim,udp`
  /// simulates it under that profile, and under udp when it names none.
  bool profile_named = false;
  sim::LinkOptions defaults;
  std::vector<LinkSpec> links;
  std::size_t datagram_limit = 65507;
};

struct ActorSpec {
  std::string name;  ///< how steps and expectations refer to it
  std::string type;
  std::string node;  ///< the node whose system creates it (placement may move it)
  std::optional<std::string> global_name;
  Mark mark;
};

/// A message written in a scenario: a registered type name and its fields by name. A field of
/// type ActorAddress may name an actor of the scenario.
struct MessageSpec {
  std::string type;
  Value fields;  ///< a map (may be empty)
  Mark mark;
};

struct Step {
  enum class Kind { send, fault };
  Kind kind = Kind::send;
  Nanos at{0};  ///< from the start of its phase
  // send
  std::string to;    ///< an actor name
  std::string from;  ///< the node sending (empty: the target actor's node)
  MessageSpec message;
  // fault; Kill names an actor in `to` (its address is known only when running)
  sim::Fault fault;
  Mark mark;
};

struct Phase {
  std::string name;
  Nanos duration{0};
  std::vector<Step> steps;
  sim::RandomFaults faults;  ///< drawn while the phase runs
  Mark mark;
  Mark duration_mark;  ///< where `duration` was written (errors about the run's length point there)
};

struct Expectation {
  /// answered: `eventually: {every: REQUEST, answered_by: ANSWER, within: T}` (message types);
  /// leads_to: `eventually: {every: CHECK, leads_to: CHECK, within: T}`; sometimes: coverage.
  enum class Kind {
    always,
    eventually,
    reply,
    no_dead_letters,
    quiescent_by,
    answered,
    leads_to,
    sometimes
  };
  Kind kind = Kind::always;
  std::string check;     ///< always, eventually, sometimes: an app check; leads_to: the trigger
  std::string response;  ///< leads_to: the app check that must follow
  std::string request;   ///< answered: the message type each of which must be answered
  std::string answer;    ///< answered: the message type that answers it
  Nanos within{0};       ///< eventually, reply, answered, leads_to
  Nanos by{0};           ///< quiescent_by: virtual time from the start
  // reply
  std::string to;
  std::string from;
  MessageSpec message;
  MessageSpec equals;
  Mark mark;

  /// e.g. "always no_double_apply", "reply from store to Get",
  /// "eventually every AcquireLease answered_by LeaseGranted".
  std::string describe() const;
  /// A liveness expectation judged over time (eventually, answered, leads_to): it can fail
  /// vacuously.
  bool liveness() const {
    return kind == Kind::eventually || kind == Kind::answered || kind == Kind::leads_to;
  }
};

struct Scenario {
  std::string file;  ///< where it was read from ("" if built in code)
  std::string name;
  std::string description;
  std::string app;
  std::uint64_t seed = 1;
  /// A recorded choice tape (text form, see thespis/sim/choice_source.hpp). When present the
  /// run replays it and the seed is not used; `thespis shrink` writes one.
  std::string tape;
  std::vector<NodeSpec> nodes;
  NetworkSpec network;
  sim::ConventionOptions convention;
  Nanos timer_jitter{0};
  std::vector<ActorSpec> actors;
  std::vector<Phase> phases;
  std::vector<Expectation> expectations;

  std::size_t step_count() const;
  /// Steps that are faults, plus the random fault kinds switched on in phases.
  std::size_t fault_count() const;
  Nanos duration() const;
};

/// Reads a scenario; a malformed file throws ScenarioError naming the file, line, column, the
/// field and what was expected. Checks names across the file (nodes, actors, message types and
/// fields, actor types, app checks), and the limits: a file over a limit is refused before it is
/// expanded, a missing file, a directory or an empty file says so.
Scenario load_scenario(const std::string& path, const LoadLimits& limits = {});
Scenario parse_scenario(const std::string& text, const std::string& origin,
                        const LoadLimits& limits = {});

/// The scenario as YAML that load_scenario reads back to an equal scenario.
std::string to_yaml(const Scenario& scenario);

/// A duration as a scenario writes it, in its shortest exact unit: `1500us`, `2s`.
std::string format_duration(Nanos value);

}  // namespace thespis::scenario
