#include <map>

#include <thespis/assert.hpp>
#include <thespis/detail/registration_conflicts.hpp>
#include <thespis/scenario/app.hpp>

namespace thespis::scenario {
namespace {

std::map<std::string, App, std::less<>>& apps() {
  static std::map<std::string, App, std::less<>> registry;
  return registry;
}

}  // namespace

const App& register_app(App app) {
  if (apps().count(app.name) != 0 &&
      ::thespis::detail::record_registration_conflict("app", app.name)) {
    // A library being loaded: it is refused once loaded; until then its registrar needs an app.
    static std::map<std::string, App, std::less<>> refused;
    return refused.insert_or_assign(app.name, std::move(app)).first->second;
  }
  auto [it, inserted] = apps().emplace(app.name, std::move(app));
  THESPIS_ASSERT(inserted, "an app of this name is registered already");
  return it->second;
}

const App* find_app(std::string_view name) {
  auto it = apps().find(name);
  return it == apps().end() ? nullptr : &it->second;
}

std::vector<std::string> registered_app_names() {
  std::vector<std::string> names;
  for (const auto& [name, app] : apps()) names.push_back(name);
  return names;
}

}  // namespace thespis::scenario
