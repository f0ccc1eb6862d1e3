// The only place that reads YAML: text to a Value tree with line and column marks.
#pragma once

#include <string>

#include <thespis/scenario/value.hpp>

namespace thespis::scenario::detail {

/// Parses YAML text; a syntax error throws ScenarioError naming `origin`, line and column.
Value parse_yaml(const std::string& text, const std::string& origin);

}  // namespace thespis::scenario::detail
