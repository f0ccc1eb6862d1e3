// The picture of a run: a recorded trace drawn as a sequence diagram in one self-contained HTML
// file (`thespis view`, `thespis run --html`). A lane per actor grouped by node, an arrow per
// message from its send to where it ended (delivered, dropped, rejected as corrupt, a dead
// letter), timers, faults as bands over the lanes they hit, the violated check marked, and the
// causal chain the caller names highlighted with everything else dimmed. The page needs no
// network: its script, style and data are inside it, and it draws only the events in view, so a
// trace of 100,000 events scrolls. Text from the trace (actor names, messages) reaches the page
// as data only, never as markup.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <thespis/scenario/trace_file.hpp>

namespace thespis::scenario {

struct HtmlViewOptions {
  std::string title;  ///< the page's heading, e.g. the scenario and seed
  /// Trace indices (TraceRecord::index) to highlight: the happens-before ancestors of the
  /// violation (scenario::happens_before). Empty: nothing is highlighted or dimmed.
  std::vector<std::uint64_t> highlighted;
  /// Names for the lanes, by address ("@1.2" -> "store"): a scenario's actor names
  /// (RunResult::actor_addresses turned around). An actor without one shows its address.
  std::map<std::string, std::string> actor_names;
};

/// Where each message went, as the picture draws it: one link per message end.
enum class LinkKind : std::uint8_t {
  delivered,    ///< send -> deliver
  dropped,      ///< send -> drop (where it died)
  duplicated,   ///< send -> duplicate (the network copied the frame)
  corrupt,      ///< send -> corrupt (arrived damaged, rejected)
  dead_letter,  ///< send -> dead_letter (no such recipient)
  poison,       ///< send -> poison (the handler failed on it twice)
  timer,        ///< timer_set -> timer_fire
  wakeup,       ///< timer_fire -> the deliver of its wakeup
};

/// A link between two events, as positions in the trace vector; `from` is empty when the start
/// is not in the trace (a message from outside it, or a cut trace).
struct TraceLink {
  std::optional<std::size_t> from;
  std::size_t to = 0;
  LinkKind kind = LinkKind::delivered;
};

/// The links of a trace: each end names its start through TraceRecord::cause when the trace
/// carries it; otherwise ends are matched first-in first-out by (sender, recipient, type,
/// message), timers by (actor, message). Every deliver event ends exactly one link. In the order
/// of their ends.
std::vector<TraceLink> trace_links(const std::vector<TraceRecord>& trace);

/// Writes the HTML page of `trace` to `out`.
void write_html_view(const std::vector<TraceRecord>& trace, const HtmlViewOptions& options,
                     std::ostream& out);

}  // namespace thespis::scenario
