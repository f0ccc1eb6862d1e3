#include <thespis/scenario/scenario.hpp>

#include "units.hpp"

namespace thespis::scenario {

std::string Expectation::describe() const {
  switch (kind) {
    case Kind::always:
      return "always " + check;
    case Kind::eventually:
      return "eventually " + check;
    case Kind::reply:
      return "reply from " + to + " to " + message.type;
    case Kind::no_dead_letters:
      return "no_dead_letters";
    case Kind::quiescent_by:
      return "quiescent_by";
    case Kind::answered:
      return "eventually every " + request + " answered_by " + answer;
    case Kind::leads_to:
      return "eventually every " + check + " leads_to " + response;
    case Kind::sometimes:
      return "sometimes " + check;
  }
  return "?";
}

std::size_t Scenario::step_count() const {
  std::size_t count = 0;
  for (const Phase& phase : phases) count += phase.steps.size();
  return count;
}

std::size_t Scenario::fault_count() const {
  std::size_t count = 0;
  for (const Phase& phase : phases) {
    for (const Step& step : phase.steps) count += step.kind == Step::Kind::fault ? 1 : 0;
    const sim::RandomFaults& f = phase.faults;
    if (f.interval.count() == 0) continue;
    for (double rate : {f.crash, f.partition, f.one_way, f.kill, f.pause, f.clock_skew}) {
      count += rate > 0 ? 1 : 0;
    }
  }
  return count;
}

Nanos Scenario::duration() const {
  Nanos total{0};
  for (const Phase& phase : phases) total += phase.duration;
  return total;
}

std::string format_duration(Nanos value) { return detail::format_duration(value); }

}  // namespace thespis::scenario
