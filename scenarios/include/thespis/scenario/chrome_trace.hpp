// A recorded trace in the Trace Event Format of chrome://tracing and Perfetto (ui.perfetto.dev
// opens the file as it is).
#pragma once

#include <ostream>
#include <vector>

#include <thespis/scenario/trace_file.hpp>

namespace thespis::scenario {

/// The category of the events write_chrome_trace writes one per trace event.
inline constexpr const char* chrome_event_category = "thespis";
/// The category of the flow arrows (send -> its delivery, drop, ...).
inline constexpr const char* chrome_flow_category = "thespis.flow";

/// Writes one JSON object {"displayTimeUnit":"ns","traceEvents":[...]} holding:
///  * one instant event ("ph":"i", "s":"t", "cat":"thespis") per trace event, in trace order:
///    pid = the node of the event's actor (1, 2, ... in order of appearance; 0 "run" for
///    events of no node: faults, checks, actors whose node is unknown), tid = the actor (1, 2,
///    ... per process; faults and checks have tids 1 and 2 of pid 0), ts = time in
///    microseconds, name = "kind Type" (or "kind text"), args = the event's fields;
///  * in addition, metadata events ("ph":"M", process_name and thread_name) naming each pid
///    and tid;
///  * in addition, for each event whose cause is a send or a timer_set, a flow start ("ph":"s")
///    at the cause and a flow end ("ph":"f", "bp":"e") at the event, both "cat":"thespis.flow"
///    with the event's index as id.
/// Strings are escaped as JSON; bytes that are not UTF-8 become U+FFFD.
void write_chrome_trace(const std::vector<TraceRecord>& trace, std::ostream& out);

}  // namespace thespis::scenario
