#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <thespis/actor_system.hpp>
#include <thespis/error.hpp>
#include <thespis/scenario/app.hpp>
#include <thespis/scenario/program_name.hpp>
#include <thespis/scenario/runner.hpp>

#include "actor_names.hpp"
#include "actors_by_name.hpp"
#include "failure_story.hpp"
#include "units.hpp"

namespace thespis::scenario {
namespace {

using Outcome = Verdict::Outcome;

sim::SimOptions simulation_options(const Scenario& s, const RunOptions& options) {
  sim::SimOptions o;
  o.seed = options.seed.value_or(s.seed);
  if (!options.tape.empty()) {
    o.replay_tape = options.tape;
  } else if (!s.tape.empty() && !options.seed) {
    o.replay_tape = sim::tape_from_text(s.tape, s.file);
    if (o.replay_tape.empty()) o.replay_tape = {0};  // a tape of no choices: the calm run
  }
  o.calm_choices = options.calm_choices;
  o.log_level = options.log_level;
  o.record_trace = options.record_trace;
  o.keep_recent_events = true;
  for (const NodeSpec& node : s.nodes)
    o.nodes.push_back({node.name, node.capabilities, node.leader});
  o.network.profile = s.network.profile;
  o.network.defaults = s.network.defaults;
  o.network.datagram_limit = s.network.datagram_limit;
  for (const LinkSpec& link : s.network.links) o.network.links[{link.from, link.to}] = link.options;
  o.convention = s.convention;
  o.timer_jitter = s.timer_jitter;
  if (options.strategy != nullptr && o.replay_tape.empty()) {
    o = options.strategy->options_for(o.seed, o);
  }
  return o;
}

std::set<std::string, std::less<>> declared_names(const Scenario& s) {
  std::set<std::string, std::less<>> names;
  for (const ActorSpec& a : s.actors) names.insert(a.name);
  return names;
}

/// One run: the simulation, a system per node, and the actors' addresses by name.
class Run {
 public:
  Run(const Scenario& s, const RunOptions& options)
      : s_(s),
        app_(*find_app(s.app)),
        sim_(simulation_options(s, options)),
        max_time_(options.max_time) {}

  RunResult execute();

 private:
  /// The system that sends and asks from `node`. A handle belongs to one incarnation of its
  /// node, so after a crash and a restart the node gets a new one; while the node is down the
  /// old one stays, and its calls say the node crashed.
  ActorSystem& system(const std::string& node) {
    auto it = systems_.find(node);
    if (it == systems_.end()) return systems_.emplace(node, sim_.system(node)).first->second;
    if (!sim_.incarnation_running(it->second.address()) && sim_.node_up(node)) {
      it->second = ActorSystem(sim_.system(node));
    }
    return it->second;
  }
  std::function<bool()> holds(const std::string& check);
  void install_checks();
  void create_actors();
  void run_phases();
  void run_to(std::chrono::nanoseconds time);
  void apply(const Step& step);
  Verdict judge(std::size_t index);
  void record_violation(const sim::CheckFailure& failure, RunResult& result);
  void sign(RunResult& result);
  void fill(RunResult& result);
  /// Virtual time left before max_time: every wait of the run is cut to it.
  std::chrono::nanoseconds left() const {
    return std::max(max_time_ - sim_.now(), std::chrono::nanoseconds(0));
  }

  const Scenario& s_;
  const App& app_;
  sim::Simulation sim_;
  std::map<std::string, ActorSystem> systems_;
  detail::ActorsByName actors_{s_};
  CheckContext context_{sim_, declared_names(s_), actors_.addresses()};
  std::chrono::nanoseconds max_time_;
  std::optional<sim::CheckFailure> failure_;  // the violated check that stopped the run
  std::vector<std::string> culprits_ = std::vector<std::string>(s_.expectations.size());
};

std::function<bool()> Run::holds(const std::string& name) {
  const Check& check = app_.checks.find(name)->second;
  return [this, &check] { return check.holds(context_); };
}

void Run::install_checks() {
  using Kind = Expectation::Kind;
  for (const Expectation& e : s_.expectations) {
    switch (e.kind) {
      case Kind::always:
        sim_.always(e.check, holds(e.check));
        break;
      case Kind::eventually:
        sim_.eventually(e.check, holds(e.check), e.within);
        break;
      case Kind::answered:
        sim_.leads_to(e.describe(), e.request, e.answer, e.within);
        break;
      case Kind::leads_to:
        sim_.leads_to(e.describe(), holds(e.check), holds(e.response), e.within);
        break;
      case Kind::sometimes:
        sim_.sometimes(e.check, holds(e.check));
        break;
      case Kind::reply:
      case Kind::no_dead_letters:
      case Kind::quiescent_by:
        break;  // judged after the phases
    }
  }
}

void Run::create_actors() {
  for (const ActorSpec& a : s_.actors) {
    CreateOptions options;
    options.global_name = a.global_name;
    actors_.created(a.name, system(a.node).create_actor(a.type, options));
  }
}

void Run::run_to(std::chrono::nanoseconds time) {
  time = std::min(time, max_time_);
  if (time > sim_.now()) sim_.run_for(time - sim_.now());
}

void Run::apply(const Step& step) {
  if (step.kind == Step::Kind::send) {
    const std::string& from = step.from.empty() ? actors_.spec(step.to).node : step.from;
    system(from).tell(actors_.address(step.to), actors_.message(step.message, "send.message"));
  } else if (std::holds_alternative<sim::fault::Kill>(step.fault)) {
    sim_.inject(sim::fault::Kill{actors_.address(step.to)});
  } else {
    sim_.inject(step.fault);
  }
}

void Run::run_phases() {
  std::chrono::nanoseconds start{0};
  for (const Phase& phase : s_.phases) {
    sim_.set_random_faults(phase.faults);
    std::vector<const Step*> steps;
    for (const Step& step : phase.steps) steps.push_back(&step);
    std::stable_sort(steps.begin(), steps.end(),
                     [](const Step* a, const Step* b) { return a->at < b->at; });
    for (const Step* step : steps) {
      run_to(start + step->at);
      apply(*step);
    }
    start += phase.duration;
    run_to(start);
  }
  sim_.set_random_faults({});
}

Verdict Run::judge(std::size_t index) {
  const Expectation& e = s_.expectations[index];
  Verdict v{e.describe(), Outcome::passed, {}};
  switch (e.kind) {
    case Expectation::Kind::always:
    case Expectation::Kind::eventually:
    case Expectation::Kind::answered:
    case Expectation::Kind::leads_to:
      break;  // a violation would have stopped the run
    case Expectation::Kind::sometimes: {
      v.coverage = true;
      const auto reached = sim_.sometimes_reached();
      if (std::find(reached.begin(), reached.end(), e.check) == reached.end()) {
        v.outcome = Outcome::failed;
        v.details = "never held in this run";
      }
      break;
    }
    case Expectation::Kind::no_dead_letters:
      if (sim_.dead_letters() > 0) {
        v.outcome = Outcome::failed;
        v.details = std::to_string(sim_.dead_letters()) + " dead letters";
        culprits_[index] = "dead letters";
      }
      break;
    case Expectation::Kind::quiescent_by: {
      const auto until_by = std::max(e.by - sim_.now(), std::chrono::nanoseconds(0));
      if (!sim_.run_until_quiescent(std::min(until_by, left()))) {
        v.outcome = Outcome::failed;
        v.details = "still busy at t=" + detail::format_time(sim_.now());
        culprits_[index] = "still busy";
      }
      break;
    }
    case Expectation::Kind::reply: {
      const std::string& from = e.from.empty() ? actors_.spec(e.to).node : e.from;
      const Message expected = actors_.message(e.equals, "reply.equals");
      if (!sim_.node_up(from)) {
        v.outcome = Outcome::failed;
        v.details = "node '" + from + "' is down, so nothing asks " + e.to + " (expected " +
                    expected.to_string() + ")";
        culprits_[index] = "no reply";
        break;
      }
      const ActorAddress to = actors_.address(e.to);
      const auto reply = system(from).ask(to, actors_.message(e.message, "reply.message"),
                                          std::min(e.within, left()));
      if (!reply) {
        v.outcome = Outcome::failed;
        v.details = "no reply within " + detail::format_duration(e.within) + " (expected " +
                    expected.to_string() + ")";
        // A restarted node comes back empty: say so rather than leave the reader guessing.
        if (!sim_.incarnation_running(to))
          v.details += "; " + e.to + " is gone: its node '" + sim_.node_of(to) + "' went down";
        culprits_[index] = "no reply";
      } else if (!(*reply == expected)) {
        v.outcome = Outcome::failed;
        v.details = "got " + reply->to_string() + ", expected " + expected.to_string();
        culprits_[index] = "got " + std::string(reply->type_name());
      }
      break;
    }
  }
  return v;
}

void Run::fill(RunResult& result) {
  result.time = sim_.now();
  result.events = sim_.trace().event_count();
  result.faults = sim_.faults_applied();
  result.trace_hash = sim_.trace_hash();
  result.scheduling_steps = sim_.scheduling_steps();
  result.tape = sim_.choices().tape();
  result.seed = sim_.seed();
  result.sometimes_reached = sim_.sometimes_reached();
  for (const auto& [name, address] : actors_.addresses()) {
    result.actor_addresses[name] = address.to_string();
  }
  if (result.last_events.empty() && !result.passed) {
    for (const auto& event : sim_.trace().tail()) result.last_events.push_back(event.to_string());
    result.event_at_failure = result.events == 0 ? 0 : result.events - 1;
  }
  if (sim_.trace().recording()) {
    std::ostringstream out;
    sim_.trace().write_jsonl(out);
    result.trace_jsonl = out.str();
    for (const auto& event : sim_.trace().events()) {
      if (event.kind == sim::TraceKind::fault)
        result.applied_faults.push_back({event.time, event.text});
    }
  }
}

RunResult Run::execute() {
  RunResult result;
  result.file = s_.file;
  for (const Expectation& e : s_.expectations)
    result.verdicts.push_back({e.describe(), Outcome::not_reached, {}});
  try {
    install_checks();
    create_actors();
    run_phases();
    sim_.run_until_checks_settle();
    for (std::size_t i = 0; i < s_.expectations.size(); ++i) result.verdicts[i] = judge(i);
  } catch (const sim::CheckFailed& failed) {
    record_violation(failed.failure(), result);
  } catch (const Error& e) {
    result.error = e.what();
  }
  // A bug before missing coverage: a `sometimes` check is the violation only if nothing else is.
  for (const bool coverage : {false, true}) {
    const auto failed = std::find_if(
        result.verdicts.begin(), result.verdicts.end(),
        [&](const Verdict& v) { return v.outcome == Outcome::failed && v.coverage == coverage; });
    if (failed != result.verdicts.end() && !result.violated) result.violated = failed->expectation;
  }
  result.passed = result.error.empty() && !result.violated;
  fill(result);
  if (result.violated) sign(result);
  return result;
}

/// Keeps the app's description of each check the scenario expects, for the report.
void describe_checks(const Scenario& s, RunResult& result) {
  const App* app = find_app(s.app);
  if (app == nullptr) return;
  for (const Expectation& e : s.expectations) {
    const auto check = app->checks.find(e.check);
    if (e.check.empty() || check == app->checks.end()) continue;
    result.check_descriptions[e.describe()] = check->second.description;
  }
}

/// How to see a failed run again: the commands, naming the program that has the app linked in.
std::string reproduce_lines(const RunResult& r) {
  std::string out = "  reproduce:\n";
  const std::string& program = program_name();
  // The seed reproduces the run only under the strategy (and parameters) that made it.
  const std::string seed_option =
      r.seed ? " --seed " + std::to_string(*r.seed) + strategy_flags(r.strategy) : "";
  if (r.file.empty()) {
    // Built in memory: there is no file to name yet.
    out +=
        "    (a scenario built in code: set RunOptions::failing_scenario_dir to have it "
        "written, or write it with scenario::to_yaml() to FILE; then)\n";
    return out + "    " + program + " run FILE" + seed_option + "\n";
  }
  if (r.seed) out += "    " + program + " run " + r.file + seed_option + "\n";
  const std::string trace = trace_file_name(r);
  const std::string record = trace.substr(0, trace.size() - std::string(".jsonl").size()) + ".tape";
  out += "    " + program + " run " + r.file + seed_option + " --trace " + trace +
         "   (then: " + program + " replay " + record + ")\n";
  // A vacuous failure or a sometimes check never reached is no bug to shrink.
  if (r.seed && r.signature && r.vacuous.empty()) {
    out += "    " + program + " shrink " + r.file + seed_option + " -o min.yaml\n";
  }
  return out;
}

/// Whether `e` is the expectation whose check raised `f`.
bool raised(const Expectation& e, const sim::CheckFailure& f) {
  switch (e.kind) {
    case Expectation::Kind::always:
      return f.kind == "always" && f.check == e.check;
    case Expectation::Kind::eventually:
      return f.kind == "eventually" && f.check == e.check;
    case Expectation::Kind::answered:
    case Expectation::Kind::leads_to:
      return f.kind == "leads_to" && f.check == e.describe();
    default:
      return false;
  }
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

void Run::record_violation(const sim::CheckFailure& f, RunResult& result) {
  std::string details =
      "violated at t=" + detail::format_time(f.time) + ", event #" + std::to_string(f.event);
  if (f.culprit && f.details.empty()) {
    details += ", after " + detail::culprit_in_names(*f.culprit, actors_.addresses());
  }
  if (!f.details.empty()) details += "; " + detail::with_names(f.details, actors_.addresses());
  if (!f.subjects.empty()) details += "; it looked at " + joined(f.subjects);
  if (!f.vacuous.empty()) details += " (vacuous: " + f.vacuous + ")";
  for (std::size_t i = 0; i < s_.expectations.size(); ++i) {
    if (raised(s_.expectations[i], f)) {
      result.verdicts[i] = {s_.expectations[i].describe(), Outcome::failed, details};
    }
  }
  result.last_events = f.last_events;
  result.event_at_failure = f.event;
  failure_ = f;
}

void Run::sign(RunResult& result) {
  const auto index = static_cast<std::size_t>(
      std::find_if(result.verdicts.begin(), result.verdicts.end(),
                   [&](const Verdict& v) { return v.expectation == *result.violated; }) -
      result.verdicts.begin());
  if (index >= result.verdicts.size() || result.verdicts[index].coverage) return;
  const Expectation& e = s_.expectations[index];
  FailureSignature signature;
  signature.expectation = e.describe();
  std::string culprit_named;
  std::string fault = sim_.last_fault();
  if (failure_ && raised(e, *failure_)) {
    const sim::CheckFailure& f = *failure_;
    fault = f.last_fault;
    result.vacuous = f.vacuous;
    if (f.culprit) {
      signature.culprit = detail::culprit_in_types(*f.culprit);
      culprit_named = detail::culprit_in_names(*f.culprit, actors_.addresses());
    } else {
      signature.culprit =
          "looked at " + (f.subjects.empty() ? "no live actor" : joined(f.subjects));
      culprit_named = signature.culprit;
    }
  } else {
    signature.culprit = culprit_named = culprits_[index];
  }
  signature.fault = detail::fault_in_types(fault, s_, actors_.addresses(), sim_);
  result.story = signature.expectation + " — " + culprit_named + "; last fault: " +
                 (fault.empty() ? "none" : detail::with_names(fault, actors_.addresses()));
  result.signature = std::move(signature);
}

}  // namespace

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  if (options.max_time <= std::chrono::nanoseconds(0) || options.max_time > longest_duration) {
    throw Error("RunOptions::max_time must be more than 0 and at most " +
                detail::format_duration(longest_duration) + ", got " +
                detail::format_duration(options.max_time));
  }
  check_max_time(scenario, options.max_time);
  if (options.base == "tcp" || options.base == "udp") {
    RunResult result = run_scenario_on_processes(scenario, options);
    describe_checks(scenario, result);
    return result;
  }
  if (options.base != "sim") throw UnknownBaseError(options.base, "sim, tcp, udp");
  RunResult result = Run(scenario, options).execute();
  if (!options.calm_choices.empty()) result.seed.reset();  // the seed alone would not replay it
  if (options.strategy != nullptr && result.seed) result.strategy = options.strategy->spec();
  describe_checks(scenario, result);
  if (!result.passed && scenario.file.empty() && !options.failing_scenario_dir.empty()) {
    result.file = write_failing_scenario(scenario, result, options.failing_scenario_dir);
  }
  return result;
}

std::uint64_t estimate_pct_steps(const Scenario& scenario, std::chrono::nanoseconds max_time) {
  RunOptions calm;
  calm.tape = {0};  // a replayed tape that runs out continues calm
  calm.max_time = max_time;
  return std::max<std::uint64_t>(run_scenario(scenario, calm).scheduling_steps, 1);
}

std::string strategy_flags(const sim::StrategySpec& strategy) {
  if (strategy.name == "random") return "";
  std::string flags = " --strategy " + strategy.name;
  if (strategy.name == "pct") {
    flags += " --pct-depth " + std::to_string(strategy.pct_depth) + " --pct-steps " +
             std::to_string(strategy.pct_steps);
  }
  return flags;
}

std::string RunResult::report() const {
  const auto names = detail::names_by_address(actor_addresses);
  std::string out;
  for (const Verdict& v : verdicts) {
    const char* mark = v.outcome == Outcome::passed   ? "pass"
                       : v.outcome == Outcome::failed ? "FAIL"
                                                      : "----";
    out += "  " + std::string(mark) + "  " + v.expectation;
    if (!v.details.empty()) out += ": " + detail::with_actor_names(v.details, names);
    out += "\n";
    const auto description = check_descriptions.find(v.expectation);
    if (v.outcome == Outcome::failed && description != check_descriptions.end())
      out += "        " + description->second + "\n";
  }
  if (!error.empty()) out += "  ERROR " + error + "\n";
  for (const std::string& note : approximations) out += "  note  " + note + "\n";
  if (passed) return out;
  if (base != "sim") {
    if (violated) out += "  violated: " + *violated + "\n";
    return out + "  (on " + base +
           ": real time and real processes, so a rerun may differ; run it on sim "
           "to reproduce exactly)\n";
  }
  out += "  failed at t=" + detail::format_time(time) + ", event #" +
         std::to_string(event_at_failure) + ", " +
         (seed ? "seed " + std::to_string(*seed) : std::string("replayed tape")) + ", trace hash " +
         std::to_string(trace_hash) + "\n";
  if (violated) out += "  violated: " + *violated + "\n";
  if (!story.empty()) out += "  failure: " + story + "\n";
  if (!vacuous.empty()) {
    out += "  vacuous: " + vacuous + " — the failure says nothing about the app\n";
  }
  if (!last_events.empty()) {
    out += "  last events:\n";
    for (const std::string& line : last_events)
      out += "    " + detail::with_actor_names(line, names) + "\n";
  }
  if (!actor_addresses.empty()) {
    out += "  actors:";
    for (const auto& [name, address] : actor_addresses) out += " " + name + "=" + address;
    out += "\n";
  }
  return out + reproduce_lines(*this);
}

std::string trace_file_name(const RunResult& result) {
  std::string stem = std::filesystem::path(result.file).stem().string();
  if (stem.empty()) stem = "scenario";
  if (result.seed) stem += ".seed-" + std::to_string(*result.seed);
  return stem + ".trace.jsonl";
}

}  // namespace thespis::scenario
