// Faults a simulation can inject. Each is applied at a virtual time (at once, or scheduled with
// Simulation::schedule) and recorded in the trace as a `fault` event.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <thespis/actor_address.hpp>

namespace thespis::sim {

namespace fault {

/// Frames between different groups are lost in both directions; nodes not named form one more
/// group. Replaces any partition in force.
struct Partition {
  std::vector<std::vector<std::string>> groups;
};
/// Frames from `from` to `to` are lost; the other direction still works. Adds to what is in force.
struct OneWay {
  std::string from;
  std::string to;
};
/// The node can neither send to nor receive from any other node.
struct Isolate {
  std::string node;
};
/// Removes every partition.
struct Heal {};
/// The host dies: its actors stop without running handlers, their state is lost, its timers and
/// the frames in flight to and from it vanish. Peers notice through missed heartbeats.
struct Crash {
  std::string node;
};
/// The node shuts down cleanly: its actors stop with their exit handlers (parents elsewhere get
/// ChildActorExited), what it sent is still delivered, and its members are told it left at
/// once instead of waiting for missed heartbeats.
struct Leave {
  std::string node;
};
/// A crashed or departed node comes back empty (a new incarnation, new addresses) and rejoins its
/// convention.
struct Restart {
  std::string node;
};
/// One actor's process dies (SIGKILL): no exit handler; its parent gets ChildActorExited.
struct Kill {
  ActorAddress actor;
};
/// The node stops running actors, timers and heartbeats; frames to it wait.
struct Pause {
  std::string node;
};
struct Resume {
  std::string node;
};
/// The node's clock reads `offset` ahead of virtual time and runs `drift_ppm` parts per million
/// fast (negative: slow). Actors see it through now() and wakeup_after().
struct ClockSkew {
  std::string node;
  std::chrono::nanoseconds offset{0};
  std::int64_t drift_ppm = 0;
};

}  // namespace fault

using Fault = std::variant<fault::Partition, fault::OneWay, fault::Isolate, fault::Heal,
                           fault::Crash, fault::Leave, fault::Restart, fault::Kill, fault::Pause,
                           fault::Resume, fault::ClockSkew>;

/// One line, e.g. `crash server` or `partition [a b] [c]`.
std::string to_string(const Fault& fault);

/// Faults drawn at random while the simulation runs. Every `interval` each kind with a non-zero
/// probability is drawn once (one choice each); a fault that lasts (crash, partition, pause) is
/// undone after a drawn duration up to `max_duration`.
struct RandomFaults {
  std::chrono::nanoseconds interval{0};  ///< 0: no random faults
  double crash = 0;
  double partition = 0;  ///< isolates one node, or splits the nodes in two groups
  double one_way = 0;
  double kill = 0;
  double pause = 0;
  double clock_skew = 0;
  std::chrono::nanoseconds max_duration{std::chrono::seconds(3)};
  std::chrono::nanoseconds max_clock_offset{std::chrono::seconds(1)};
  std::int64_t max_drift_ppm = 1000;
  /// Nodes that random crashes, kills and pauses spare (e.g. where the test's observers live).
  std::vector<std::string> spare;
};

}  // namespace thespis::sim
