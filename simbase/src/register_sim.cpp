// Registers the "sim" base (alias "simpleSystemBase"). CMake adds this object to every program
// that links thespis::simbase, so ActorSystem("sim") works without naming simbase in code; and the
// simulation's launcher of RunCommand's commands and its watcher of simulated descriptors.
#include <thespis/sim/simulation.hpp>

#include "command_stubs.hpp"
#include "sim_base.hpp"
#include "watch_sources.hpp"

namespace thespis::sim::detail {
namespace {

std::unique_ptr<SystemBase> make_sim_base(const SystemOptions& options) {
  SimOptions sim;
  sim.seed = options.seed.value_or(default_seed);
  sim.wire_codec = options.wire_codec;
  sim.capabilities = options.capabilities;
  sim.log_sink = options.log_sink;
  sim.log_level = options.log_level;
  LogSink sink = sim.log_sink ? sim.log_sink : stderr_log_sink(sim.log_level);
  sink(LogLevel::info, "sim",
       "seed " + std::to_string(sim.seed) +
           (options.seed ? "" : " (the default; set SystemOptions::seed to change it)"));
  return Simulation(std::move(sim)).system();
}

const bool registered = [] {
  register_base("sim", &make_sim_base, {"simpleSystemBase"});
  thespis::detail::register_command_launcher(&stub_launcher_for);
  thespis::detail::register_descriptor_watcher(&source_watcher_for);
  return true;
}();

}  // namespace
}  // namespace thespis::sim::detail
