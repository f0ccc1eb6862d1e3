// A run's report speaks the scenario's language: its actors by the names the scenario gives
// them (`store`), not by their addresses (`@1.2`), which the reader would have to look up.
#pragma once

#include <map>
#include <string>

namespace thespis::scenario::detail {

/// `text` with every address of `names` ("@1.2" -> "store") replaced by its name. An address
/// is matched whole: "@1.2" is not found in "@1.23". Other addresses (actors made by actors,
/// endpoints) stay as they are.
std::string with_actor_names(const std::string& text,
                             const std::map<std::string, std::string>& names);

/// `addresses` (name -> "@s.l", as RunResult::actor_addresses) turned around.
std::map<std::string, std::string> names_by_address(
    const std::map<std::string, std::string>& addresses);

}  // namespace thespis::scenario::detail
