// Forward declarations of the simulation types.
#pragma once

namespace thespis::sim {
class ChoiceSource;
class Simulation;
class Trace;
struct SimOptions;
struct TraceEvent;
}  // namespace thespis::sim
