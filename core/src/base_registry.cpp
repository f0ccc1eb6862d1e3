// The registry from base name to factory. Bases register themselves from a registration
// object that CMake adds to every program linking the base's component.
#include <map>

#include <thespis/error.hpp>
#include <thespis/system_base.hpp>

namespace thespis {
namespace {

std::map<std::string, BaseFactory, std::less<>>& factories() {
  static std::map<std::string, BaseFactory, std::less<>> instance;
  return instance;
}

}  // namespace

void register_base(std::string name, BaseFactory factory, std::vector<std::string> aliases) {
  for (auto& alias : aliases) factories()[std::move(alias)] = factory;
  factories()[std::move(name)] = factory;
}

std::unique_ptr<SystemBase> make_base(std::string_view name, const SystemOptions& options) {
  auto it = factories().find(name);
  if (it == factories().end()) {
    std::string known;
    for (const auto& [n, f] : factories()) known += (known.empty() ? "" : ", ") + n;
    throw UnknownBaseError(std::string(name), known.empty() ? "none" : known);
  }
  return it->second(options);
}

std::vector<std::string> registered_base_names() {
  std::vector<std::string> out;
  for (const auto& [name, factory] : factories()) out.push_back(name);
  return out;
}

}  // namespace thespis
