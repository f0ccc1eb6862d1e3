// view: a recorded trace as a picture (one self-contained HTML file), or in the Trace Event
// format for Perfetto and chrome://tracing.
#include <fstream>
#include <iostream>

#include <thespis/error.hpp>
#include <thespis/scenario/chrome_trace.hpp>
#include <thespis/scenario/trace_file.hpp>
#include <thespis/scenario/trace_view.hpp>

#include "commands.hpp"

namespace thespis::cli {
namespace {

/// Writes `path` with `write`; a file that cannot be written is an error naming it.
template <class Write>
void write_output(const std::string& path, Write write) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error("cannot write '" + path + "'");
  write(out);
  out.flush();
  if (!out) throw Error("cannot write '" + path + "'");
}

}  // namespace

void write_html_file(const std::vector<scenario::TraceRecord>& trace, const std::string& title,
                     const std::string& path, std::map<std::string, std::string> actor_names) {
  scenario::HtmlViewOptions options;
  options.title = title;
  options.actor_names = std::move(actor_names);
  // The causal story: what happened before the violation is highlighted, the rest dimmed.
  if (const auto violated = scenario::violation(trace)) {
    options.highlighted = scenario::happens_before(trace, *violated);
  }
  write_output(path, [&](std::ostream& out) { scenario::write_html_view(trace, options, out); });
}

int view_command(const ViewArgs& args) {
  const std::vector<scenario::TraceRecord> trace =
      scenario::read_trace(std::filesystem::path(args.trace));
  if (args.format == "chrome") {
    write_output(args.output, [&](std::ostream& out) { scenario::write_chrome_trace(trace, out); });
  } else {
    write_html_file(trace, std::filesystem::path(args.trace).filename().string(), args.output);
  }
  std::cout << "wrote " << args.output << " (" << trace.size() << " events)\n";
  return 0;
}

}  // namespace thespis::cli
