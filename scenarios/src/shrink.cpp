#include <algorithm>
#include <functional>
#include <sstream>
#include <vector>

#include <thespis/error.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/scenario/shrink.hpp>

#include "units.hpp"

namespace thespis::scenario {
namespace {

std::size_t non_zero(const std::vector<std::uint64_t>& tape) {
  return static_cast<std::size_t>(
      std::count_if(tape.begin(), tape.end(), [](std::uint64_t c) { return c != 0; }));
}

/// A fault as sim::to_string wrote it, back as a step (nothing for a kill of an unnamed actor).
std::optional<Step> step_from_text(const std::string& text,
                                   const std::map<std::string, std::string>& actor_by_address) {
  std::istringstream in(text);
  std::string kind;
  in >> kind;
  Step step;
  step.kind = Step::Kind::fault;
  std::string a;
  std::string b;
  if (kind == "heal") {
    step.fault = sim::fault::Heal{};
  } else if (kind == "partition") {
    sim::fault::Partition partition;
    std::string word;
    while (in >> word) {
      if (word.front() == '[') partition.groups.emplace_back();
      std::string name = word;
      std::erase(name, '[');
      std::erase(name, ']');
      if (!name.empty()) partition.groups.back().push_back(name);
    }
    step.fault = partition;
  } else if (kind == "one_way") {
    std::string arrow;
    in >> a >> arrow >> b;
    step.fault = sim::fault::OneWay{a, b};
  } else if (kind == "clock_skew") {
    std::string offset;
    std::string drift;
    in >> a >> offset >> drift;
    const auto ns = detail::parse_int(offset.substr(7, offset.size() - 9));  // offset=Nns
    const auto ppm = detail::parse_ppm(drift.substr(6));                     // drift=Pppm
    if (!ns || !ppm) return std::nullopt;
    step.fault = sim::fault::ClockSkew{a, std::chrono::nanoseconds(*ns), *ppm};
  } else if (kind == "kill") {
    in >> a;
    auto it = actor_by_address.find(a);
    if (it == actor_by_address.end()) return std::nullopt;
    step.fault = sim::fault::Kill{};
    step.to = it->second;
  } else {
    in >> a;
    if (kind == "crash")
      step.fault = sim::fault::Crash{a};
    else if (kind == "restart")
      step.fault = sim::fault::Restart{a};
    else if (kind == "leave")
      step.fault = sim::fault::Leave{a};
    else if (kind == "isolate")
      step.fault = sim::fault::Isolate{a};
    else if (kind == "pause")
      step.fault = sim::fault::Pause{a};
    else if (kind == "resume")
      step.fault = sim::fault::Resume{a};
    else
      return std::nullopt;
  }
  return step;
}

/// Readable durations, ascending: 0, then 1, 2 and 5 times each power of ten milliseconds (1ms,
/// 2ms, 5ms, 10ms, ... 500s, ...) up past the longest a scenario may write. Nothing between 0
/// and 1ms: a phase of 1ns says nothing a phase of 0ms does not.
const std::vector<Nanos>& readable_durations() {
  static const std::vector<Nanos> values = [] {
    std::vector<Nanos> v{Nanos(0)};
    std::int64_t power = 1'000'000;
    for (int k = 0; k < 12; ++k, power *= 10) {
      for (const std::int64_t m : {1, 2, 5}) v.push_back(Nanos(m * power));
    }
    return v;
  }();
  return values;
}

/// Units to round a time to, coarsest first.
constexpr std::int64_t rounding_units[] = {1'000'000'000, 100'000'000, 10'000'000, 1'000'000,
                                           100'000,       10'000,      1'000};

/// `value` rounded to the nearest multiple of `unit` (halves away from zero).
Nanos rounded(Nanos value, std::int64_t unit) {
  const std::int64_t v = value.count();
  const std::int64_t half = v < 0 ? -unit / 2 : unit / 2;
  return Nanos((v + half) / unit * unit);
}

/// The seed a tape's header names ("thespis-tape 1 seed=9 choices=2"), if it names one.
std::optional<std::uint64_t> seed_of_tape(const std::string& tape) {
  const std::string header = tape.substr(0, tape.find('\n'));
  const auto at = header.find("seed=");
  if (at == std::string::npos) return std::nullopt;
  return detail::parse_uint(header.substr(at + 5, header.find(' ', at) - at - 5));
}

std::string phase_label(const Phase& phase, std::size_t index) {
  return phase.name.empty() ? "phase " + std::to_string(index + 1) : "phase " + phase.name;
}

class Shrinker {
 public:
  Shrinker(const Scenario& s, const ShrinkOptions& options) : current_(s), options_(options) {}

  ShrinkResult run();

 private:
  RunResult attempt(const Scenario& candidate, bool record = false) {
    ++runs_;
    RunOptions options;
    if (candidate.tape.empty()) options.seed = options_.seed;
    options.strategy = options_.strategy;
    options.record_trace = record;
    options.max_time = options_.max_time;
    return run_scenario(candidate, options);
  }
  bool budget_left() const { return runs_ < options_.max_runs; }
  /// Keeps `candidate` if it fails the same way; reports `what` then (unless it is empty).
  bool accept(const Scenario& candidate, const std::string& what);
  /// Tries readable durations in [low, high), 0 first, then by bisection, keeping the smallest
  /// that `set` makes accepted (failing is not monotone in a time, but nearly so); reports the
  /// one kept as `what(value)`. True if one was.
  bool smallest(Nanos low, Nanos high, const std::function<bool(Nanos)>& set,
                const std::function<std::string(Nanos)>& what);

  void keep_target_expectation();
  void materialize_random_faults(const RunResult& failing);
  bool remove_steps();
  bool remove_actors();
  bool remove_nodes();
  bool shorten();
  bool earlier_steps();
  bool calm_network();
  bool smaller_numbers();
  void round_times();
  void drop_empty_phases();
  /// Steps 3 to 6 of the header, until none of them makes progress.
  void simplify();
  void shrink_tape();

  Scenario current_;
  std::string current_yaml_;  // to_yaml(current_): a candidate that writes the same is no change
  ShrinkOptions options_;
  FailureSignature target_;
  std::string story_;               // of the current candidate's failure
  std::uint64_t events_ = 0;        // of the current candidate's run
  std::uint64_t first_events_ = 0;  // of the failing run given
  std::size_t runs_ = 0;
  std::size_t vacuous_ = 0;
};

bool Shrinker::accept(const Scenario& candidate, const std::string& what) {
  if (!budget_left()) return false;
  std::string yaml = to_yaml(candidate);
  if (yaml == current_yaml_) return false;  // changes nothing: neither run nor reported
  const RunResult result = attempt(candidate);
  if (result.passed) return false;
  // A vacuous failure is never the bug: an `eventually` over an empty world fails too.
  if (!result.vacuous.empty()) {
    ++vacuous_;
    return false;
  }
  // The same failure, and a run not much longer than the one it replaces (a little slack lets
  // a simplification through that moves the failure a few events later), nor than the first.
  const auto allowed = [](std::uint64_t events) { return events + events / 10 + 5; };
  if (!result.signature || *result.signature != target_ || result.events > allowed(events_) ||
      result.events > allowed(first_events_)) {
    return false;
  }
  current_ = candidate;
  current_yaml_ = std::move(yaml);
  events_ = result.events;
  story_ = result.story;
  if (options_.progress && !what.empty())
    options_.progress(what + " (" + std::to_string(result.events) + " events)");
  return true;
}

bool Shrinker::smallest(Nanos low, Nanos high, const std::function<bool(Nanos)>& set,
                        const std::function<std::string(Nanos)>& what) {
  const std::vector<Nanos>& values = readable_durations();
  auto first = std::lower_bound(values.begin(), values.end(), low);
  auto last = std::lower_bound(values.begin(), values.end(), high);
  std::optional<Nanos> kept;
  if (first < last && budget_left() && set(*first)) {
    kept = *first;  // the smallest of all: no need to look further
    last = first;
  } else if (first < last) {
    ++first;
  }
  while (first < last && budget_left()) {
    const auto middle = first + (last - first) / 2;
    if (set(*middle)) {
      kept = *middle;
      last = middle;
    } else {
      first = middle + 1;
    }
  }
  if (kept && options_.progress) {
    options_.progress(what(*kept) + " (" + std::to_string(events_) + " events)");
  }
  return kept.has_value();
}

void Shrinker::keep_target_expectation() {
  Scenario candidate = current_;
  std::erase_if(candidate.expectations,
                [&](const Expectation& e) { return e.describe() != target_.expectation; });
  if (candidate.expectations.size() != current_.expectations.size()) {
    accept(candidate, "kept only the violated expectation");
  }
}

void Shrinker::materialize_random_faults(const RunResult& failing) {
  Scenario candidate = current_;
  std::map<std::string, std::string> actor_by_address;
  for (const auto& [name, address] : failing.actor_addresses) actor_by_address[address] = name;
  bool any = false;
  for (Phase& phase : candidate.phases) {
    any = any || phase.faults.interval.count() > 0;
    phase.faults = {};
    std::erase_if(phase.steps, [](const Step& s) { return s.kind == Step::Kind::fault; });
  }
  if (!any) return;
  // Every fault of the run, random or scripted, becomes a step at the time it happened.
  for (const AppliedFault& applied : failing.applied_faults) {
    auto step = step_from_text(applied.text, actor_by_address);
    if (!step) continue;
    std::chrono::nanoseconds start{0};
    for (Phase& phase : candidate.phases) {
      if (applied.time <= start + phase.duration || &phase == &candidate.phases.back()) {
        step->at = std::min(applied.time - start, phase.duration);
        phase.steps.push_back(*step);
        break;
      }
      start += phase.duration;
    }
  }
  accept(candidate, "replaced random faults by the " +
                        std::to_string(failing.applied_faults.size()) + " faults they injected");
}

bool Shrinker::remove_steps() {
  bool progress = false;
  std::size_t chunk = std::max<std::size_t>(current_.step_count() / 2, 1);
  while (chunk >= 1 && budget_left()) {
    bool removed = false;
    for (std::size_t first = 0; first < current_.step_count() && budget_left();) {
      Scenario candidate = current_;
      std::size_t index = 0;
      for (Phase& phase : candidate.phases) {
        std::erase_if(phase.steps, [&](const Step&) {
          const bool drop = index >= first && index < first + chunk;
          ++index;
          return drop;
        });
      }
      if (accept(candidate, "removed " + std::to_string(chunk) + " step(s)")) {
        removed = progress = true;
      } else {
        first += chunk;
      }
    }
    if (!removed) chunk /= 2;
  }
  return progress;
}

bool Shrinker::remove_actors() {
  bool progress = false;
  for (std::size_t i = current_.actors.size(); i-- > 0 && budget_left();) {
    Scenario candidate = current_;
    const std::string name = candidate.actors[i].name;
    candidate.actors.erase(candidate.actors.begin() + static_cast<std::ptrdiff_t>(i));
    progress |= accept(candidate, "removed actor " + name);
  }
  return progress;
}

bool Shrinker::remove_nodes() {
  bool progress = false;
  for (std::size_t i = current_.nodes.size(); i-- > 0 && budget_left();) {
    if (current_.nodes.size() == 1) break;
    Scenario candidate = current_;
    const std::string name = candidate.nodes[i].name;
    candidate.nodes.erase(candidate.nodes.begin() + static_cast<std::ptrdiff_t>(i));
    std::erase_if(candidate.network.links,
                  [&](const LinkSpec& l) { return l.from == name || l.to == name; });
    progress |= accept(candidate, "removed node " + name);
  }
  return progress;
}

bool Shrinker::shorten() {
  bool progress = false;
  for (std::size_t p = 0; p < current_.phases.size() && budget_left(); ++p) {
    Nanos latest{0};
    for (const Step& step : current_.phases[p].steps) latest = std::max(latest, step.at);
    progress |= smallest(
        latest, current_.phases[p].duration,
        [&](Nanos duration) {
          Scenario candidate = current_;
          candidate.phases[p].duration = duration;
          return accept(candidate, "");
        },
        [&](Nanos duration) {
          return "shortened " + phase_label(current_.phases[p], p) + " to " +
                 detail::format_duration(duration);
        });
  }
  return progress;
}

bool Shrinker::earlier_steps() {
  bool progress = false;
  for (std::size_t p = 0; p < current_.phases.size(); ++p) {
    for (std::size_t i = 0; i < current_.phases[p].steps.size() && budget_left(); ++i) {
      progress |= smallest(
          Nanos(0), current_.phases[p].steps[i].at,
          [&](Nanos at) {
            Scenario candidate = current_;
            candidate.phases[p].steps[i].at = at;
            return accept(candidate, "");
          },
          [&](Nanos at) {
            return "moved a step of " + phase_label(current_.phases[p], p) + " to " +
                   detail::format_duration(at);
          });
    }
  }
  return progress;
}

bool Shrinker::calm_network() {
  bool progress = false;
  for (double sim::LinkOptions::*rate : {&sim::LinkOptions::drop, &sim::LinkOptions::duplicate,
                                         &sim::LinkOptions::reorder, &sim::LinkOptions::corrupt}) {
    if (current_.network.defaults.*rate == 0 || !budget_left()) continue;
    Scenario candidate = current_;
    candidate.network.defaults.*rate = 0;
    for (LinkSpec& link : candidate.network.links) link.options.*rate = 0;
    progress |= accept(candidate, "switched a network fault off");
  }
  if (!current_.network.links.empty() && budget_left()) {
    Scenario candidate = current_;
    candidate.network.links.clear();
    progress |= accept(candidate, "removed per-link options");
  }
  return progress;
}

bool Shrinker::smaller_numbers() {
  bool progress = false;
  // Each integer written in a sent message, tried at half and at 1.
  for (std::size_t p = 0; p < current_.phases.size(); ++p) {
    for (std::size_t s = 0; s < current_.phases[p].steps.size(); ++s) {
      const std::size_t fields = current_.phases[p].steps[s].message.fields.fields.size();
      for (std::size_t f = 0; f < fields && budget_left(); ++f) {
        for (bool smaller = true; smaller && budget_left();) {
          smaller = false;
          const Value& value = current_.phases[p].steps[s].message.fields.fields[f].second;
          const auto number =
              value.kind == Value::Kind::scalar ? detail::parse_int(value.scalar) : std::nullopt;
          if (!number || *number <= 1) break;
          for (const std::int64_t next : {std::int64_t{1}, *number / 2}) {
            Scenario candidate = current_;
            candidate.phases[p].steps[s].message.fields.fields[f].second.scalar =
                std::to_string(next);
            if (accept(candidate, "made a message field " + std::to_string(next))) {
              smaller = progress = true;
              break;
            }
          }
        }
      }
    }
  }
  return progress;
}

void Shrinker::round_times() {
  // Faults drawn at random happened at times like 67625151ns: each time (and clock offset) is
  // rounded to the coarsest unit that keeps the failure.
  for (std::size_t p = 0; p < current_.phases.size(); ++p) {
    for (std::size_t i = 0; i < current_.phases[p].steps.size() && budget_left(); ++i) {
      for (const std::int64_t unit : rounding_units) {
        const Step& step = current_.phases[p].steps[i];
        const Nanos at = std::min(rounded(step.at, unit), current_.phases[p].duration);
        if (at == step.at) break;  // already a multiple of this unit: finer ones change nothing
        Scenario candidate = current_;
        candidate.phases[p].steps[i].at = at;
        if (accept(candidate, "rounded a step time to " + detail::format_duration(at))) break;
      }
      for (const std::int64_t unit : rounding_units) {
        const auto* skew = std::get_if<sim::fault::ClockSkew>(&current_.phases[p].steps[i].fault);
        if (skew == nullptr || current_.phases[p].steps[i].kind != Step::Kind::fault) break;
        const Nanos offset = rounded(skew->offset, unit);
        if (offset == skew->offset) break;
        Scenario candidate = current_;
        std::get<sim::fault::ClockSkew>(candidate.phases[p].steps[i].fault).offset = offset;
        if (accept(candidate, "rounded a clock offset to " + detail::format_duration(offset)))
          break;
      }
    }
  }
}

void Shrinker::drop_empty_phases() {
  Scenario candidate = current_;
  std::erase_if(candidate.phases, [](const Phase& phase) {
    return phase.duration.count() == 0 && phase.steps.empty() && phase.faults.interval.count() == 0;
  });
  if (candidate.phases.empty()) return;
  accept(candidate, "removed the empty phases");
}

void Shrinker::shrink_tape() {
  Scenario candidate = current_;
  std::vector<std::uint64_t> tape = attempt(current_).tape;
  // Calm choices at the end say what a replay does past the tape anyway.
  while (!tape.empty() && tape.back() == 0) tape.pop_back();
  candidate.tape = sim::tape_to_text(tape, options_.seed);
  candidate.seed = options_.seed;  // the seed the tape header names
  if (candidate.tape != current_.tape && !accept(candidate, "recorded the choice tape")) return;
  // The shortest prefix that still fails (the rest of the run is calm).
  std::size_t low = 0;
  std::size_t high = tape.size();
  while (low < high && budget_left()) {
    const std::size_t middle = (low + high) / 2;
    candidate.tape = sim::tape_to_text(
        {tape.begin(), tape.begin() + static_cast<std::ptrdiff_t>(middle)}, options_.seed);
    if (accept(candidate, "cut the tape to " + std::to_string(middle) + " choices")) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  tape.resize(high);
  // Then calm chunks of it, largest first.
  for (std::size_t chunk = std::max<std::size_t>(tape.size() / 2, 1); chunk >= 1 && budget_left();
       chunk /= 2) {
    for (std::size_t first = 0; first < tape.size() && budget_left(); first += chunk) {
      std::vector<std::uint64_t> calmer = tape;
      const auto end = std::min(first + chunk, calmer.size());
      if (std::all_of(calmer.begin() + static_cast<std::ptrdiff_t>(first),
                      calmer.begin() + static_cast<std::ptrdiff_t>(end),
                      [](std::uint64_t c) { return c == 0; }))
        continue;
      std::fill(calmer.begin() + static_cast<std::ptrdiff_t>(first),
                calmer.begin() + static_cast<std::ptrdiff_t>(end), 0);
      candidate = current_;
      candidate.tape = sim::tape_to_text(calmer, options_.seed);
      if (accept(candidate, "calmed " + std::to_string(end - first) + " choice(s)")) tape = calmer;
    }
    if (chunk == 1) break;
  }
  // Calm choices at the end say what a replay does past the tape anyway.
  while (!tape.empty() && tape.back() == 0) tape.pop_back();
  candidate = current_;
  candidate.tape = sim::tape_to_text(tape, options_.seed);
  accept(candidate, "");
}

void Shrinker::simplify() {
  for (bool progress = true; progress && budget_left();) {
    progress = remove_steps();
    progress |= remove_actors();
    progress |= remove_nodes();
    progress |= earlier_steps();
    progress |= shorten();
    progress |= calm_network();
    progress |= smaller_numbers();
  }
  round_times();
  drop_empty_phases();
}

ShrinkResult Shrinker::run() {
  ShrinkResult result;
  // A scenario that replays a tape runs without the seed: the one to name is the tape's own.
  if (!current_.tape.empty()) {
    options_.seed = seed_of_tape(current_.tape).value_or(current_.seed);
  }
  const std::string seed = std::to_string(options_.seed);
  const RunResult failing = attempt(current_, true);
  if (failing.passed) {
    throw Error(current_.file + " passes with seed " + seed +
                (options_.strategy ? strategy_flags(options_.strategy->spec()) : "") +
                ": nothing to shrink");
  }
  if (!failing.violated) {
    throw Error(current_.file + " did not run to a verdict with seed " + seed + ": " +
                failing.error);
  }
  if (!failing.signature) {
    throw Error(current_.file + " fails only '" + *failing.violated + "' with seed " + seed +
                ": a sometimes check that never held is missing coverage, not a bug to shrink");
  }
  if (!failing.vacuous.empty()) {
    throw Error(current_.file + " fails '" + *failing.violated + "' vacuously with seed " + seed +
                " (" + failing.vacuous + "): there is no bug to shrink");
  }
  target_ = *failing.signature;
  story_ = failing.story;
  current_yaml_ = to_yaml(current_);
  result.expectation = target_.expectation;
  result.signature = target_;
  result.story_before = failing.story;
  events_ = first_events_ = failing.events;
  result.before = {current_.step_count(), failing.faults, failing.events, non_zero(failing.tape)};
  keep_target_expectation();
  materialize_random_faults(failing);
  simplify();
  // A calmer tape often fails sooner, and a smaller world needs fewer choices: each in turn,
  // until neither changes anything.
  for (std::string before; before != current_yaml_ && budget_left();) {
    before = current_yaml_;
    shrink_tape();
    simplify();
  }
  const RunResult last = attempt(current_);
  result.minimal = current_;
  result.minimal.seed = options_.seed;  // what the tape says, or what the run used
  result.after = {current_.step_count(), last.faults, last.events, non_zero(last.tape)};
  result.story_after = story_;
  result.vacuous_refused = vacuous_;
  result.runs = runs_;
  return result;
}

}  // namespace

ShrinkResult shrink(const Scenario& scenario, const ShrinkOptions& options) {
  return Shrinker(scenario, options).run();
}

}  // namespace thespis::scenario
