#include <algorithm>
#include <utility>

#include <thespis/error.hpp>
#include <thespis/properties/sim_world.hpp>

namespace thespis::properties {
namespace {

sim::SimOptions simulation_options(const SimWorldOptions& o) {
  if (o.nodes.empty()) throw Error("sim world: no nodes");
  sim::SimOptions options;
  options.seed = o.tape.seed;
  options.calm_choices = o.tape.calm_ranges();
  options.nodes = o.nodes;
  options.network = o.network;
  options.convention = o.convention;
  options.log_level = o.log_level;
  return options;
}

FaultModel fault_model_of(const SimWorldOptions& o) {
  FaultModel model;
  for (const sim::NodeOptions& node : o.nodes) model.nodes.push_back(node.name);
  return model;
}

}  // namespace

sim::NetworkOptions network_options(const scenario::NetworkSpec& network) {
  sim::NetworkOptions options;
  options.profile = network.profile;
  options.defaults = network.defaults;
  options.datagram_limit = network.datagram_limit;
  for (const scenario::LinkSpec& link : network.links) {
    options.links[{link.from, link.to}] = link.options;
  }
  return options;
}

SimWorld::SimWorld(SimWorldOptions options)
    : sim_(simulation_options(options)), faults_(fault_model_of(options)) {}

ActorSystem& SimWorld::system(const std::string& node) {
  auto it = systems_.find(node);
  if (it == systems_.end()) it = systems_.emplace(node, ActorSystem(sim_.system(node))).first;
  return it->second;
}

ActorAddress SimWorld::create(const std::string& name, std::string_view type,
                              const std::string& node, const CreateOptions& options) {
  if (actors_.count(name) != 0) throw Error("sim world: an actor is already named '" + name + "'");
  const ActorAddress address = system(node).create_actor(type, options);
  actors_[name] = NamedActor{std::string(type), sim_.node_of(address), options, address};
  order_.push_back(name);
  return address;
}

const SimWorld::NamedActor& SimWorld::named(const std::string& name) const {
  auto it = actors_.find(name);
  if (it == actors_.end()) throw Error("sim world: no actor named '" + name + "'");
  return it->second;
}

const ActorAddress& SimWorld::address(const std::string& name) const { return named(name).address; }

const std::string& SimWorld::node_of(const std::string& name) const { return named(name).node; }

void SimWorld::tell(const std::string& from_node, const std::string& actor, Message message) {
  system(from_node).tell(address(actor), std::move(message));
}

std::optional<Message> SimWorld::ask(const std::string& from_node, const std::string& actor,
                                     Message message, std::chrono::nanoseconds timeout) {
  return system(from_node).private_endpoint().ask(address(actor), std::move(message), timeout);
}

void SimWorld::advance(std::chrono::nanoseconds duration) {
  if (duration > std::chrono::nanoseconds(0)) sim_.run_for(duration);
}

void SimWorld::inject(const sim::Fault& fault) {
  if (std::holds_alternative<sim::fault::Kill>(fault)) {
    sim_.inject(fault);
    return;
  }
  const bool restart = std::holds_alternative<sim::fault::Restart>(fault);
  const std::string node = restart ? std::get<sim::fault::Restart>(fault).node : std::string();
  const bool was_down = restart && !sim_.node_up(node);
  sim_.inject(fault);
  faults_.apply(fault);
  if (was_down) restarted(node);
}

void SimWorld::restarted(const std::string& node) {
  systems_.erase(node);  // the old handle belonged to the previous incarnation
  for (const std::string& name : order_) {
    NamedActor& actor = actors_.at(name);
    if (actor.node == node) actor.address = system(node).create_actor(actor.type, actor.options);
  }
  for (const auto& hook : restart_hooks_) hook(*this, node);
}

void SimWorld::kill(const std::string& actor) { sim_.kill(address(actor)); }

void SimWorld::run(const FaultPlan& plan, std::chrono::nanoseconds duration) {
  const std::chrono::nanoseconds start = now();
  for (const scenario::Step& step : to_steps(plan)) {
    if (step.at > duration) break;
    advance(start + step.at - now());
    if (std::holds_alternative<sim::fault::Kill>(step.fault)) {
      kill(step.to);
    } else {
      inject(step.fault);
    }
  }
  advance(start + duration - now());
}

void SimWorld::calm() {
  const FaultModel in_force = faults_;
  if (in_force.cut()) inject(sim::fault::Heal{});
  for (const std::string& node : in_force.paused) inject(sim::fault::Resume{node});
  for (const std::string& node : in_force.crashed) inject(sim::fault::Restart{node});
  for (const auto& [node, clock] : in_force.skewed) inject(sim::fault::ClockSkew{node, {}, 0});
}

void SimWorld::on_restart(std::function<void(SimWorld&, const std::string& node)> hook) {
  restart_hooks_.push_back(std::move(hook));
}

}  // namespace thespis::properties
