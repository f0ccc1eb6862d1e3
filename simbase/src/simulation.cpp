#include <thespis/actor_system.hpp>
#include <thespis/message_type.hpp>
#include <thespis/sim/simulation.hpp>

#include "kernel.hpp"
#include "sim_base.hpp"

namespace thespis::sim {

Simulation::Simulation(SimOptions options)
    : kernel_(std::make_shared<detail::Kernel>(std::move(options))) {}

Simulation::~Simulation() = default;

std::unique_ptr<SystemBase> Simulation::system() {
  return std::make_unique<detail::SimBase>(kernel_, 0);
}

std::unique_ptr<SystemBase> Simulation::system(std::string_view node) {
  return std::make_unique<detail::SimBase>(kernel_, kernel_->node_named(node));
}

void Simulation::send(const ActorAddress& from, const ActorAddress& to, Message message) {
  const auto node = kernel_->node_of_system(from.system());
  if (!node) throw Error("sim: no node that is up has the sender " + from.to_string());
  kernel_->send(*node, from, to, std::move(message));
}

void Simulation::add_node(NodeOptions node) { kernel_->add_node(std::move(node)); }

std::vector<std::string> Simulation::node_names() const {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < kernel_->node_count(); ++i) {
    names.push_back(kernel_->node(static_cast<detail::NodeIndex>(i)).name);
  }
  return names;
}

std::string Simulation::node_of(const ActorAddress& address) const {
  const auto node = kernel_->node_that_had(address.system());
  return node ? kernel_->node(*node).name : std::string();
}

bool Simulation::node_up(std::string_view node) const {
  return kernel_->node(kernel_->node_named(node)).up;
}

bool Simulation::incarnation_running(const ActorAddress& address) const {
  return kernel_->node_of_system(address.system()).has_value();
}

std::vector<std::string> Simulation::convention_members(std::string_view node) const {
  std::vector<std::string> names;
  for (const auto member : kernel_->members_seen_by(kernel_->node_named(node))) {
    names.push_back(kernel_->node(member).name);
  }
  return names;
}

void Simulation::set_link(std::string_view from, std::string_view to, LinkOptions options) {
  kernel_->set_link(kernel_->node_named(from), kernel_->node_named(to), std::move(options));
}

void Simulation::inject(const Fault& fault) { kernel_->inject(fault); }
void Simulation::schedule(std::chrono::nanoseconds at, Fault fault) {
  kernel_->schedule(at, std::move(fault));
}
void Simulation::partition(std::vector<std::vector<std::string>> groups) {
  inject(fault::Partition{std::move(groups)});
}
void Simulation::heal() { inject(fault::Heal{}); }
void Simulation::crash(std::string_view node) { inject(fault::Crash{std::string(node)}); }
void Simulation::restart(std::string_view node) { inject(fault::Restart{std::string(node)}); }
void Simulation::leave(std::string_view node) { inject(fault::Leave{std::string(node)}); }
void Simulation::stub_command(std::string name, CommandScript script) {
  stub_command(std::move(name), [script](const CommandInvocation&) { return script; });
}

void Simulation::stub_command(std::string name, CommandStub stub) {
  kernel_->command_stubs()[std::move(name)] = std::move(stub);
}

WatchSource Simulation::watch_source() { return {kernel_, kernel_->watch_sources().add()}; }

void Simulation::kill(const ActorAddress& actor) { inject(fault::Kill{actor}); }

void Simulation::set_random_faults(RandomFaults faults) {
  kernel_->set_random_faults(std::move(faults));
}

void Simulation::run_until_checks_settle() { kernel_->run_until_checks_settle(); }

void Simulation::for_each_actor(std::string_view type_name,
                                const std::function<void(const ActorAddress&, Actor&)>& visit) {
  kernel_->for_each_actor(type_name, visit);
}

std::uint64_t Simulation::dead_letters() const { return kernel_->dead_letters(); }
std::uint64_t Simulation::faults_applied() const { return kernel_->faults_applied(); }

void Simulation::always(std::string name, std::function<bool()> predicate) {
  kernel_->add_always(std::move(name), std::move(predicate));
}
void Simulation::eventually(std::string name, std::function<bool()> predicate,
                            std::chrono::nanoseconds within) {
  kernel_->add_eventually(std::move(name), std::move(predicate), within);
}
void Simulation::leads_to(std::string name, std::string_view request, std::string_view answer,
                          std::chrono::nanoseconds within) {
  detail::LeadsToCheck check;
  check.name = std::move(name);
  check.within = within;
  check.request = &message_type_named(request);
  check.answer = &message_type_named(answer);
  kernel_->add_leads_to(std::move(check));
}
void Simulation::leads_to(std::string name, std::function<bool()> trigger,
                          std::function<bool()> response, std::chrono::nanoseconds within) {
  detail::LeadsToCheck check;
  check.name = std::move(name);
  check.within = within;
  check.trigger = std::move(trigger);
  check.response = std::move(response);
  kernel_->add_leads_to(std::move(check));
}
void Simulation::sometimes(std::string name, std::function<bool()> predicate) {
  kernel_->add_sometimes(std::move(name), std::move(predicate));
}
std::vector<std::string> Simulation::sometimes_reached() const {
  return kernel_->sometimes_reached();
}
const std::optional<CheckFailure>& Simulation::failure() const { return kernel_->failure(); }
Actor* Simulation::actor_at(const ActorAddress& address) { return kernel_->actor_at(address); }
Actor& Simulation::adopt_mirror(const ActorAddress& address, std::string_view type_name,
                                std::chrono::nanoseconds clock) {
  return kernel_->adopt_mirror(address, type_name, clock);
}
const std::string& Simulation::last_fault() const { return kernel_->last_fault(); }

std::chrono::nanoseconds Simulation::now() const { return kernel_->now(); }

bool Simulation::run_until_quiescent(std::chrono::nanoseconds limit) {
  const auto deadline = kernel_->now() + limit;
  return kernel_->run_until([this] { return kernel_->quiescent(); }, deadline);
}

void Simulation::run_for(std::chrono::nanoseconds duration) {
  kernel_->run_until([] { return false; }, kernel_->now() + duration);
}

std::optional<std::uint64_t> Simulation::seed() const { return kernel_->choices().seed(); }
std::uint64_t Simulation::trace_hash() const { return kernel_->trace().hash(); }
const Trace& Simulation::trace() const { return kernel_->trace(); }
const ChoiceSource& Simulation::choices() const { return kernel_->choices(); }
std::uint64_t Simulation::deliveries() const { return kernel_->deliveries(); }
std::uint64_t Simulation::scheduling_steps() const { return kernel_->scheduling_steps(); }
std::uint64_t Simulation::dropped() const { return kernel_->dropped(); }
std::uint64_t Simulation::frames_lost() const { return kernel_->frames_lost(); }
std::uint64_t Simulation::frames_duplicated() const { return kernel_->frames_duplicated(); }
std::uint64_t Simulation::frames_corrupted() const { return kernel_->frames_corrupted(); }
std::uint64_t Simulation::live_actors() const { return kernel_->live_actors(); }
void Simulation::shutdown() { kernel_->shutdown(); }

Simulation Simulation::of(ActorSystem& system) {
  auto* base = dynamic_cast<detail::SimBase*>(&system.base());
  if (base == nullptr) {
    throw Error("Simulation::of: this ActorSystem runs on the '" +
                std::string(system.base().base_name()) + "' base, not 'sim'");
  }
  return Simulation(base->kernel());
}

}  // namespace thespis::sim
