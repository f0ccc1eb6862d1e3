// App: a registered bundle of actor types and named checks that scenarios refer to by name
// (`app: kvstore`). A check looks at the running simulation — usually at the state of the app's
// live actors through Simulation::actors<T>() — and says whether an invariant holds. The app
// registry is filled during static initialisation (THESPIS_APP) and read-only afterwards.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <thespis/sim/simulation.hpp>

namespace thespis::scenario {

struct Check {
  std::string description;
  std::function<bool(sim::Simulation&)> holds;
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
