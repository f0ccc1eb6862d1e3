// App: a registered bundle of actor types and named checks that scenarios refer to by name
// (`app: kvstore`). A check looks at the running simulation — at the state of the app's live
// actors through Simulation::actors<T>(), or at the scenario's actors by name through a
// CheckContext — and says whether an invariant holds. The app registry is filled during static
// initialisation (THESPIS_APP) and read-only afterwards.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <thespis/scenario/check_context.hpp>
#include <thespis/sim/simulation.hpp>

namespace thespis::scenario {

/// A named invariant of an app: `{"description", holds}` where `holds` takes the simulation
/// (`bool(sim::Simulation&)`) or the scenario's context (`bool(CheckContext&)`, for actors by
/// the scenario's names).
struct Check {
  Check() = default;
  template <class F>
  requires(std::is_invocable_r_v<bool, F&, CheckContext&>) Check(std::string what, F check)
      : description(std::move(what)), holds(std::move(check)) {}
  template <class F>
  requires(std::is_invocable_r_v<bool, F&, sim::Simulation&> &&
           !std::is_invocable_v<F&, CheckContext&>) Check(std::string what, F check)
      : description(std::move(what)),
        holds([check = std::move(check)](CheckContext& context) mutable {
          return check(context.simulation());
        }) {}

  std::string description;
  std::function<bool(CheckContext&)> holds;
};

struct App {
  std::string name;
  std::string description;
  std::vector<std::string> actor_types;  ///< for error messages and docs
  std::map<std::string, Check, std::less<>> checks;
};

/// Registers an app; asserts its name is new. Returns the stored app.
const App& register_app(App app);
/// The app named `name`, or nullptr.
const App* find_app(std::string_view name);
std::vector<std::string> registered_app_names();

}  // namespace thespis::scenario

/// Registers the App returned by `make` (a function) at static initialisation.
#define THESPIS_APP(id, make)                                                \
  [[maybe_unused]] inline const ::thespis::scenario::App& thespis_app_##id = \
      ::thespis::scenario::register_app(make())
