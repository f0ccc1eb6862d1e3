// always / eventually checks, evaluated after every event of the run loop.
#include <algorithm>

#include "kernel.hpp"

namespace thespis::sim::detail {

void Kernel::add_always(std::string name, std::function<bool()> predicate) {
  trace_.keep_tail(options_.report_events);
  always_.push_back({std::move(name), std::move(predicate)});
}

void Kernel::add_eventually(std::string name, std::function<bool()> predicate, Nanos within) {
  trace_.keep_tail(options_.report_events);
  eventually_.push_back({std::move(name), std::move(predicate), now_ + within, false});
  push_event(now_ + within, event::Deadline{.check = eventually_.size() - 1});
}

void Kernel::run_until_checks_settle() {
  Nanos last = now_;
  for (const EventuallyCheck& check : eventually_) {
    if (!check.settled) last = std::max(last, check.deadline);
  }
  const auto settled = [&] {
    return std::all_of(eventually_.begin(), eventually_.end(),
                       [](const EventuallyCheck& c) { return c.settled; });
  };
  run_until(settled, last);
}

void Kernel::evaluate_checks() {
  for (const AlwaysCheck& check : always_) {
    if (!check.predicate()) fail_check(check.name, "always");
  }
  for (std::size_t i = 0; i < eventually_.size(); ++i) {
    EventuallyCheck& check = eventually_[i];
    if (check.settled || !check.predicate()) continue;
    check.settled = true;
    trace_.record(TraceKind::check, now_, {}, {}, nullptr, "held: " + check.name);
    // Its deadline no longer keeps the simulation from being quiescent.
    for (Event& event : events_) {
      const auto* deadline = std::get_if<event::Deadline>(&event.body);
      if (deadline != nullptr && deadline->check == i && event.foreground) {
        event.foreground = false;
        --foreground_events_;
      }
    }
  }
}

void Kernel::deadline_passed(std::uint64_t index) {
  EventuallyCheck& check = eventually_[index];
  if (check.settled) return;
  if (check.predicate()) {
    check.settled = true;
    trace_.record(TraceKind::check, now_, {}, {}, nullptr, "held: " + check.name);
    return;
  }
  fail_check(check.name, "eventually");
}

void Kernel::fail_check(const std::string& name, std::string_view kind) {
  trace_.record(TraceKind::check, now_, {}, {}, nullptr, "violated: " + name);
  CheckFailure failure;
  failure.check = name;
  failure.kind = std::string(kind);
  failure.seed = choices_.seed();
  failure.time = now_;
  failure.event = trace_.event_count() - 1;
  failure.trace_hash = trace_.hash();
  failure.choices = choices_.choices_made();
  for (const TraceEvent& event : trace_.tail()) failure.last_events.push_back(event.to_string());
  failure_ = failure;
  throw CheckFailed(std::move(failure));
}

}  // namespace thespis::sim::detail
