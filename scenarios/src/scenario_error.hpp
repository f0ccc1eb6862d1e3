// Throwing ScenarioError from the loader. core formats every ScenarioError as
// "file:line:column: field: problem", which reads "file:0:0: : problem" when no position or
// field is known: for the file as a whole (missing, a directory, too large, empty) and for its
// top level. Such an error is made here with the parts that are known, "file:1:1: problem" or
// "file: problem"; it is still a ScenarioError for callers that catch one.
#pragma once

#include <string>

#include <thespis/scenario/value.hpp>

namespace thespis::scenario::detail {

/// "file:line:column: field: problem"; without "field: " when `field` is empty, and without the
/// position when `at.line` is 0.
[[noreturn]] void throw_scenario_error(const std::string& file, const Mark& at,
                                       const std::string& field, const std::string& problem);

}  // namespace thespis::scenario::detail
