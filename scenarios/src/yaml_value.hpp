// The only place that reads YAML: text to a Value tree with line and column marks, within the
// load limits (thespis/scenario/limits.hpp).
#pragma once

#include <string>

#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/value.hpp>

namespace thespis::scenario::detail {

/// Parses YAML text; a syntax error, an empty file, a second document or a file past `limits`
/// throws ScenarioError naming `origin`, line, column and (past a limit) the field.
Value parse_yaml(const std::string& text, const std::string& origin, const LoadLimits& limits);

}  // namespace thespis::scenario::detail
