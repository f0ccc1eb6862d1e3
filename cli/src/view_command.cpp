// view: a recorded trace as a picture (one self-contained HTML file), or in the Trace Event
// format for Perfetto and chrome://tracing.
#include <fstream>
#include <iostream>

#include <thespis/error.hpp>
#include <thespis/scenario/trace_file.hpp>
#include <thespis/scenario/trace_view.hpp>

#include "commands.hpp"

namespace thespis::cli {

void write_html_file(const std::vector<scenario::TraceRecord>& trace, const std::string& title,
                     const std::string& path, std::map<std::string, std::string> actor_names) {
  scenario::HtmlViewOptions options;
  options.title = title;
  options.actor_names = std::move(actor_names);
  // The causal story: what happened before the violation is highlighted, the rest dimmed.
  if (const auto violated = scenario::violation(trace)) {
    options.highlighted = scenario::happens_before(trace, *violated);
  }
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error("cannot write '" + path + "'");
  scenario::write_html_view(trace, options, out);
  out.flush();
  if (!out) throw Error("cannot write '" + path + "'");
}

int view_command(const ViewArgs& args) {
  const std::vector<scenario::TraceRecord> trace =
      scenario::read_trace(std::filesystem::path(args.trace));
  if (args.format == "chrome") {
    // TODO(issue 14, integrator): with the "why" branch merged, write
    // scenario::write_chrome_trace(trace, out) (<thespis/scenario/chrome_trace.hpp>) to
    // args.output here and return 0.
    std::cerr << "thespis view --format chrome: not built yet\n";
    return 2;
  }
  write_html_file(trace, std::filesystem::path(args.trace).filename().string(), args.output);
  std::cout << "wrote " << args.output << " (" << trace.size() << " events)\n";
  return 0;
}

}  // namespace thespis::cli
