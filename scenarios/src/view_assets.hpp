// The page's template, style and script (scenarios/src/view/), embedded at build time by
// cmake/ThespisEmbedView.cmake into a generated source: the command never looks for files.
#pragma once

#include <string_view>

namespace thespis::scenario::detail {

extern const std::string_view view_template;  ///< template.html, with {{title}} {{style}} ...
extern const std::string_view view_style;     ///< view.css
extern const std::string_view view_script;    ///< view.js

}  // namespace thespis::scenario::detail
