#include <thespis/actor_system.hpp>
#include <thespis/sim/simulation.hpp>

#include "kernel.hpp"
#include "sim_base.hpp"

namespace thespis::sim {

Simulation::Simulation(SimOptions options)
    : kernel_(std::make_shared<detail::Kernel>(std::move(options))) {}

Simulation::~Simulation() = default;

std::unique_ptr<SystemBase> Simulation::system() {
  return std::make_unique<detail::SimBase>(kernel_);
}

std::chrono::nanoseconds Simulation::now() const { return kernel_->now(); }

bool Simulation::run_until_quiescent(std::chrono::nanoseconds limit) {
  const auto deadline = kernel_->now() + limit;
  return kernel_->run_until([this] { return kernel_->quiescent(); }, deadline);
}

void Simulation::run_for(std::chrono::nanoseconds duration) {
  kernel_->run_until([] { return false; }, kernel_->now() + duration);
}

std::uint64_t Simulation::seed() const { return kernel_->options().seed; }
std::uint64_t Simulation::trace_hash() const { return kernel_->trace().hash(); }
const Trace& Simulation::trace() const { return kernel_->trace(); }
const ChoiceSource& Simulation::choices() const { return kernel_->choices(); }
std::uint64_t Simulation::deliveries() const { return kernel_->deliveries(); }
std::uint64_t Simulation::dropped() const { return kernel_->dropped(); }
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
