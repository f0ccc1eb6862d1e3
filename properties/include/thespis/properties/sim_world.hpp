// SimWorld: the system under test of a stateful property — a sim::Simulation of named nodes, an
// ActorSystem per node, and the actors the test made, by name. It owns all three; a property
// builds one per case (inside the property, from generated values: the network, the ChoiceTape)
// and drops it at the end. Used from the property's thread only, like the Simulation.
//
//   SimWorld world({.nodes = {{.name = "server"}, {.name = "client"}},
//                   .network = network_options(*gen::network(bounds)),
//                   .tape = *gen::choice_tape()});
//   world.create("store", "KvPrimary", "server");
//   auto reply = world.ask("client", "store", Get{"x"}, 100ms);   // virtual time
//   world.inject(sim::fault::Pause{"server"});
//
// Faults go through inject() (the fault commands of stateful.hpp call it), which keeps
// faults(): what is in force, tracked by the same FaultModel::apply as the property's model, so
// calm() can undo it all before the property's final check. A restart brings the node back
// empty, as the kernel does; SimWorld then creates again, under the same names, the actors that
// lived there (a host restarting its services) and calls the on_restart hooks, which may tell
// the new actors what they need (configuration is the app's business, not the world's).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <thespis/actor_system.hpp>
#include <thespis/log.hpp>
#include <thespis/properties/choice_tape.hpp>
#include <thespis/properties/fault_model.hpp>
#include <thespis/properties/fault_plan.hpp>
#include <thespis/scenario/scenario.hpp>
#include <thespis/sim/simulation.hpp>

namespace thespis::properties {

struct SimWorldOptions {
  /// The nodes, in order (at least one); the first leads the convention.
  std::vector<sim::NodeOptions> nodes;
  sim::NetworkOptions network;
  /// The run's luck: its seed and calm choices (gen::choice_tape() draws and shrinks it).
  ChoiceTape tape;
  sim::ConventionOptions convention;
  LogLevel log_level = LogLevel::error;
};

/// A scenario's network (what gen::network draws) as the simulation takes it.
sim::NetworkOptions network_options(const scenario::NetworkSpec& network);

class SimWorld {
 public:
  explicit SimWorld(SimWorldOptions options);
  SimWorld(const SimWorld&) = delete;
  SimWorld& operator=(const SimWorld&) = delete;

  // --- actors --------------------------------------------------------------------------------
  /// Creates an actor of `type` from `node`'s system (placement may put it elsewhere) and
  /// names it `name` (unique).
  ActorAddress create(const std::string& name, std::string_view type, const std::string& node,
                      const CreateOptions& options = {});
  /// The current address of the actor named `name` (a new one after its node restarted).
  const ActorAddress& address(const std::string& name) const;
  /// The node the actor named `name` lives on.
  const std::string& node_of(const std::string& name) const;

  /// Tells the named actor `message` from `from_node`'s system; does not run the simulation.
  /// `from_node` must be up (else Error): keep the test's clients on spare nodes.
  void tell(const std::string& from_node, const std::string& actor, Message message);
  /// Asks the named actor from a fresh endpoint of `from_node` (up, as for tell) and runs the
  /// simulation until the answer or `timeout` of virtual time. A fresh endpoint per ask, so that
  /// the late answer to an earlier ask that timed out is never taken for this one's.
  std::optional<Message> ask(const std::string& from_node, const std::string& actor,
                             Message message, std::chrono::nanoseconds timeout);
  /// Runs the simulation for `duration` of virtual time.
  void advance(std::chrono::nanoseconds duration);

  // --- faults --------------------------------------------------------------------------------
  /// Applies `fault` now (Kill: use kill()). A restart also creates the node's actors again and
  /// calls the on_restart hooks.
  void inject(const sim::Fault& fault);
  /// Kills the named actor (permanent).
  void kill(const std::string& actor);
  /// Runs for `duration`, applying the plan's faults (and what undoes them) at their times from
  /// now; a plan's kill names an actor of this world.
  void run(const FaultPlan& plan, std::chrono::nanoseconds duration);
  /// Undoes every fault in force: heals the cuts, resumes the paused nodes, restarts the crashed
  /// ones, sets the clocks right. Does not run the simulation.
  void calm();
  /// What is in force, from the faults injected through this world.
  const FaultModel& faults() const { return faults_; }
  /// Called after a node restarted and its actors were created again.
  void on_restart(std::function<void(SimWorld&, const std::string& node)> hook);

  // --- the simulation ------------------------------------------------------------------------
  sim::Simulation& simulation() { return sim_; }
  /// The system of `node` (a new one after the node restarted). Throws Error for an unknown
  /// node.
  ActorSystem& system(const std::string& node);
  std::chrono::nanoseconds now() const { return sim_.now(); }

 private:
  struct NamedActor {
    std::string type;
    std::string node;  ///< where it lives (placement decided)
    CreateOptions options;
    ActorAddress address;
  };
  const NamedActor& named(const std::string& name) const;
  void restarted(const std::string& node);

  sim::Simulation sim_;
  std::map<std::string, ActorSystem> systems_;
  std::map<std::string, NamedActor> actors_;
  std::vector<std::string> order_;  ///< actor names in creation order, to recreate them so
  FaultModel faults_;
  std::vector<std::function<void(SimWorld&, const std::string&)>> restart_hooks_;
};

}  // namespace thespis::properties
