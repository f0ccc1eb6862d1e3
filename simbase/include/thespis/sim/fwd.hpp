// Forward declarations of the simulation types.
#pragma once

namespace thespis::sim {
class ChoiceSource;
class Simulation;
class Trace;
struct NodeOptions;
struct PctOptions;
struct SimOptions;
struct TraceEvent;
}  // namespace thespis::sim
