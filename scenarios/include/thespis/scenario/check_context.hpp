// CheckContext: what an app check sees while a scenario runs — the simulation, and the
// scenario's actors by the names the scenario gives them. A check written against the context
// can say "the lock server named `lock`" rather than "every LockServer":
//
//   app.checks["lock_is_free"] = {"the lock ends up free", [](scenario::CheckContext& c) {
//     const auto* lock = c.actor<LockServer>("lock");
//     return lock != nullptr && !lock->held();
//   }};
//
// The runner owns the context (one per run) and hands it to every check; it is valid only during
// the call. Checks also run while the scenario's actors are being created: an actor not created
// yet is simply not there. The actors a check reaches through it (or through
// Simulation::actors<T>()) are what the check looked at: a liveness check that reached no live
// actor when it was judged fails vacuously (see thespis/sim/check.hpp).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <thespis/actor_address.hpp>
#include <thespis/error.hpp>
#include <thespis/sim/simulation.hpp>

namespace thespis::scenario {

class CheckContext {
 public:
  /// `names`: every actor the scenario declares; `created`: those created so far, by name.
  CheckContext(sim::Simulation& simulation, std::set<std::string, std::less<>> names,
               const std::map<std::string, ActorAddress>& created)
      : simulation_(simulation), names_(std::move(names)), created_(created) {}

  sim::Simulation& simulation() const { return simulation_; }

  /// The live actor the scenario calls `name`, as a T; nullptr while it is not created yet,
  /// once it is gone (killed, its node crashed) or if it is not a T. Throws Error if the
  /// scenario declares no actor of that name: the check was written for other scenarios.
  template <class T>
  T* actor(std::string_view name) const {
    const std::optional<ActorAddress> at = address(name);
    return at ? simulation_.actor_at<T>(*at) : nullptr;
  }
  /// Every live actor of type T, in creation order (Simulation::actors<T>()).
  template <class T>
  std::vector<T*> actors() const {
    return simulation_.actors<T>();
  }
  /// The address the scenario's actor `name` was created at, or nothing before it is created
  /// (checks run while the scenario's actors are being created, one after another). Throws
  /// Error for a name the scenario does not declare.
  std::optional<ActorAddress> address(std::string_view name) const {
    if (!names_.contains(name)) {
      throw Error("check: the scenario has no actor named '" + std::string(name) + "'");
    }
    const auto it = created_.find(std::string(name));
    if (it == created_.end()) return std::nullopt;
    return it->second;
  }
  /// The scenario's name for `address`, or nothing.
  std::optional<std::string> name_of(const ActorAddress& address) const {
    for (const auto& [name, at] : created_) {
      if (at == address) return name;
    }
    return std::nullopt;
  }

 private:
  sim::Simulation& simulation_;
  std::set<std::string, std::less<>> names_;
  const std::map<std::string, ActorAddress>& created_;
};

}  // namespace thespis::scenario
