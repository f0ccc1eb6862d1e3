// The limit on simulated time: what a run of a scenario may reach, computed from what the file
// writes, so that a scenario that would run past it is refused before it starts.
#include <thespis/error.hpp>
#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/scenario.hpp>

#include "scenario_error.hpp"
#include "units.hpp"

namespace thespis::scenario {
namespace {

using std::chrono::nanoseconds;

/// a + b, held at the largest value instead of wrapping (a scenario built in code has no
/// loader to bound its durations).
nanoseconds add(nanoseconds a, nanoseconds b) {
  return b > nanoseconds::max() - a ? nanoseconds::max() : a + b;
}

}  // namespace

nanoseconds max_time_from_text(std::string_view text, std::string_view option) {
  const std::string name(option);
  const auto read = detail::read_duration(text);
  if (read.problem == detail::NumberProblem::too_large) {
    throw Error(name + " " + std::string(text) + " is too large (the most is " +
                detail::format_duration(longest_duration) + ")");
  }
  if (!read.ok()) {
    throw Error(name + " expects a duration with a unit (ns, us, ms, s, min, h), e.g. 2h, got '" +
                std::string(text) + "'");
  }
  if (read.value <= nanoseconds(0))
    throw Error(name + " must be more than 0, got " + std::string(text));
  return read.value;
}

void check_max_time(const Scenario& s, nanoseconds max_time) {
  const std::string file = s.file.empty() ? "(scenario)" : s.file;
  const auto refuse = [&](const Mark& at, const std::string& field, nanoseconds reached) {
    detail::throw_scenario_error(file, at, field,
                                 "the run would reach " + detail::format_span(reached) +
                                     " of virtual time, past the maximum of " +
                                     detail::format_duration(max_time) +
                                     " (raise it with --max-time)");
  };
  // The same field names as the loader's: a lone unnamed phase came from the top level.
  const bool top_level = s.phases.size() == 1 && s.phases[0].name.empty();
  nanoseconds end{0};
  for (std::size_t i = 0; i < s.phases.size(); ++i) {
    end = add(end, s.phases[i].duration);
    const std::string field = top_level ? "duration" : "phases[" + std::to_string(i) + "].duration";
    if (end > max_time) refuse(s.phases[i].duration_mark, field, end);
  }
  // Then the run waits for the `eventually` checks (their deadlines count from the start) and
  // judges the expectations in order: a reply waits up to its `within`, quiescence until `by`.
  // A leads-to waits `within` past the phases for a request made at their very end.
  const nanoseconds phases_end = end;
  for (std::size_t i = 0; i < s.expectations.size(); ++i) {
    const Expectation& e = s.expectations[i];
    const std::string field = "expect[" + std::to_string(i) + "].eventually.within";
    if (e.kind == Expectation::Kind::eventually) {
      if (e.within > max_time) refuse(e.mark, field, e.within);
      end = std::max(end, e.within);
    } else if (e.kind == Expectation::Kind::answered || e.kind == Expectation::Kind::leads_to) {
      const nanoseconds reached = add(phases_end, e.within);
      if (reached > max_time) refuse(e.mark, field, reached);
      end = std::max(end, reached);
    }
  }
  for (std::size_t i = 0; i < s.expectations.size(); ++i) {
    const Expectation& e = s.expectations[i];
    const std::string field = "expect[" + std::to_string(i) + "]";
    if (e.kind == Expectation::Kind::reply) {
      end = add(end, e.within);
      if (end > max_time) refuse(e.mark, field + ".reply.within", end);
    } else if (e.kind == Expectation::Kind::quiescent_by) {
      if (e.by > max_time) refuse(e.mark, field + ".quiescent_by", e.by);
      end = std::max(end, e.by);
    }
  }
}

}  // namespace thespis::scenario
