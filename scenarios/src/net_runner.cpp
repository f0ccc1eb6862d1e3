// A scenario against real processes of a networked base (tcp or udp; the runner is the same, the
// base only changes what carries the actors' messages): one admin per scenario node (the first
// leads the convention), each node a host of its own where network namespaces can be made
// (net_hosts.hpp), actors created by their node's system, steps at their times in real time,
// faults applied for real where they have a counterpart, and the expectations that can be judged
// from outside. What has no real counterpart is approximated or skipped, and the result says so:
// the network model (latency and frame faults), clock skews, random faults. The app's checks are
// sampled on mirrors of the real actors (net_checks.hpp); what is judged over deliveries
// (leads_to, answered) or the whole system (dead letters, quiescence) is not. On udp the
// transport itself may lose messages: the run reports what the admins counted lost.
// A run leaves no process behind: each node's processes are known (node_processes.hpp), and
// what a node's clean shutdown (or a leave) does not end is killed, and the run says so.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <thread>

#include <signal.h>

#include <thespis/actor_system.hpp>
#include <thespis/error.hpp>
#include <thespis/net/admin_control.hpp>
#include <thespis/net/trace_control.hpp>
#include <thespis/scenario/runner.hpp>

#include "actors_by_name.hpp"
#include "net_checks.hpp"
#include "net_hosts.hpp"
#include "node_processes.hpp"
#include "units.hpp"

namespace thespis::scenario {
namespace {

using Clock = std::chrono::steady_clock;
using Outcome = Verdict::Outcome;
using namespace std::chrono_literals;

/// After a node's shutdown returned (or gave up), how long a process of it may take to finish
/// exiting before it is killed, and how long a killed one may take to be gone (under
/// AddressSanitizer on a loaded machine, unmapping a process's shadow memory took over 5 s).
constexpr auto exit_grace = 1s;
constexpr auto kill_bound = 15s;

std::vector<std::string> node_names(const Scenario& s) {
  std::vector<std::string> names;
  for (const NodeSpec& node : s.nodes) names.push_back(node.name);
  return names;
}

class NetRun {
 public:
  /// `base`: "tcp" or "udp".
  /// `trace`: the actors of every node record their events, and the runner its steps
  /// (RunResult::trace_jsonl once finish_trace() ran).
  NetRun(std::string base, const Scenario& s, RunResult& result, bool trace)
      : base_(std::move(base)), s_(s), result_(result), tracing_(trace) {}
  ~NetRun() { stop(); }

  void start_nodes();
  void create_actors();
  void run_phases();
  void judge();
  /// Gathers what every node recorded, adds the runner's steps and violations, and merges
  /// them into RunResult::trace_jsonl.
  void finish_trace();
  /// Ends every node and whatever is left of its processes. Never throws: a part that fails is
  /// noted and the others still run, so that no admin outlives the run.
  void stop() noexcept;

 private:
  ActorSystem& system(const std::string& node) { return *systems_.at(node); }
  /// Runs one part of stop(); what it throws is noted, and stop() goes on.
  void stop_part(const std::string& what, const std::function<void()>& part) noexcept;
  void note(std::string text) {
    if (std::find(result_.approximations.begin(), result_.approximations.end(), text) ==
        result_.approximations.end()) {
      result_.approximations.push_back(std::move(text));
    }
  }
  void start_node(const NodeSpec& node);
  /// Fetches what `node`'s admin gathered (before it goes: a crash takes it along).
  void gather_trace(const std::string& node);
  /// An event of the runner itself: a step's send or fault, a violated expectation.
  void runner_event(std::string kind, std::string text, const ActorAddress& actor = {},
                    const ActorAddress& other = {}, const Message* message = nullptr,
                    std::int64_t time_ns = wall_clock_ns());
  static std::int64_t wall_clock_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  bool running(const std::string& node) const {
    return std::find(started_.begin(), started_.end(), node) != started_.end();
  }
  net::ControlOptions control(const std::string& node,
                              std::chrono::milliseconds timeout = 2s) const {
    return {.timeout = timeout, .secret_file = {}, .host = hosts_.address(node)};
  }
  /// Asked from inside the node's host, so that cutting the node off (isolate) leaves the
  /// runner's view of it alone, as on sim.
  net::AdminStatus status(const std::string& node) {
    return hosts_.in_node(node, [&] { return net::admin_status(ports_.at(node), control(node)); });
  }
  std::vector<detail::NetNode> live_nodes();
  void apply(const Step& step);
  void apply_network(const sim::Fault& fault);
  void crash(const std::string& node);
  void restart(const std::string& node);
  void leave(const std::string& node);
  /// Shuts the node down cleanly if it can, then ends whatever is left of its processes.
  void stop_node(const std::string& node);
  /// Waits a moment for `processes` to end, SIGKILLs what is left and waits for that; returns
  /// how many it killed and how many still run after kill_bound.
  std::pair<std::size_t, std::size_t> end_processes(const detail::NodeProcesses& processes);
  bool lossy() const { return base_ == "udp"; }
  void count_lost(const std::string& node);
  void note_losses();
  void kill_processes(const std::vector<std::int64_t>& pids) {
    for (const std::int64_t pid : pids) {
      if (pid > 0) ::kill(static_cast<pid_t>(pid), SIGKILL);
    }
  }

  std::string base_;
  const Scenario& s_;
  RunResult& result_;
  detail::NetHosts hosts_{node_names(s_)};  // outlives the systems that live in its hosts
  std::map<std::string, std::uint16_t> ports_;
  std::map<std::string, std::unique_ptr<ActorSystem>> systems_;
  /// The processes of each running node, known from its start on.
  std::map<std::string, detail::NodeProcesses> processes_;
  /// Those of nodes crashed meanwhile (killed then; checked at the end to be gone).
  std::vector<std::pair<std::string, detail::NodeProcesses>> crashed_;
  std::vector<std::string> started_;  // running node names in start order
  detail::ActorsByName actors_{s_};
  detail::NetChecks checks_{base_, s_, *find_app(s_.app), actors_.addresses(),
                            [this] { return live_nodes(); }};
  Clock::time_point zero_;
  bool tracing_;
  std::int64_t zero_wall_ns_ = 0;         // zero_ on the wall clock (traced events' clock)
  std::vector<net::TracedEvent> traced_;  // gathered from admins and recorded by the runner
  /// udp: what the admins of nodes that went away counted lost (their counts go with them).
  std::int64_t lost_before_ = 0;
  bool stopped_ = false;
};

std::vector<detail::NetNode> NetRun::live_nodes() {
  std::vector<detail::NetNode> nodes;
  for (const std::string& name : started_) {
    nodes.push_back({name, systems_.at(name).get(), [this, name] {
                       // A stopped node answers nothing: the sample cannot judge.
                       if (hosts_.paused(name)) throw Error("it is paused");
                       return status(name).actors;
                     }});
  }
  return nodes;
}

void NetRun::start_nodes() {
  // The real base honours the profile that stands for it and nothing else of the model.
  NetworkSpec calm;
  if (lossy()) calm.profile = sim::NetworkProfile::udp;
  if (s_.network.profile != calm.profile || s_.network.defaults.drop > 0 ||
      s_.network.defaults.duplicate > 0 || s_.network.defaults.reorder > 0 ||
      s_.network.defaults.corrupt > 0 || s_.network.defaults.latency.max.count() > 0 ||
      !s_.network.links.empty() || (lossy() && s_.network.datagram_limit != calm.datagram_limit)) {
    note(
        "network: the profile, latency and per-frame drop/duplicate/reorder/corrupt are not "
        "simulated; the network is real " +
        base_);
  }
  if (s_.timer_jitter.count() > 0) note("timer_jitter: not applied");
  if (hosts_.separate()) {
    note("hosts: each node a network namespace of its own on " + hosts_.network() +
         "; partitions by nftables, isolate by link down, pause by SIGSTOP, crash by SIGKILL");
  } else {
    note("hosts: every node on 127.0.0.1, " + hosts_.why_shared() +
         "; partitions, isolate and pause have no real counterpart and are skipped");
  }
  for (const NodeSpec& node : s_.nodes) ports_[node.name] = net::free_local_port();
  for (const NodeSpec& node : s_.nodes) start_node(node);
}

void NetRun::start_node(const NodeSpec& node) {
  SystemOptions options;
  options.admin_port = ports_.at(node.name);
  options.bind_host = hosts_.address(node.name);
  options.capabilities = node.capabilities;
  options.log_level = LogLevel::error;
  options.heartbeat_interval = s_.convention.heartbeat_interval;
  options.missed_heartbeats = s_.convention.missed_heartbeats;
  const std::string& leader = node.leader.empty() ? s_.nodes.front().name : node.leader;
  if (leader != node.name) {
    options.convention_leader = hosts_.address(leader) + ":" + std::to_string(ports_.at(leader));
  }
  // Started from inside the node's host: the admin it starts and the endpoint it opens are
  // there, so the runner's sends for this node come from the node, as on sim.
  systems_[node.name] =
      hosts_.in_node(node.name, [&] { return std::make_unique<ActorSystem>(base_, options); });
  started_.push_back(node.name);
  // Known from the start: whatever the admin does later, its processes can be found and ended.
  const net::AdminStatus admin = hosts_.in_node(
      node.name, [&] { return net::admin_status(ports_.at(node.name), control(node.name, 10s)); });
  processes_.erase(node.name);
  processes_.try_emplace(node.name, static_cast<pid_t>(admin.pid));
  if (tracing_) {
    hosts_.in_node(node.name, [&] {
      return net::start_tracing(ports_.at(node.name), control(node.name, 10s));
    });
  }
}

void NetRun::gather_trace(const std::string& node) {
  if (!tracing_ || !running(node)) return;
  try {
    auto events = hosts_.in_node(
        node, [&] { return net::collect_trace(ports_.at(node), control(node, 10s)); });
    std::move(events.begin(), events.end(), std::back_inserter(traced_));
  } catch (const Error& e) {
    note("trace: node '" + node + "' gave none of its events (" + e.what() + ")");
  }
}

void NetRun::runner_event(std::string kind, std::string text, const ActorAddress& actor,
                          const ActorAddress& other, const Message* message, std::int64_t time_ns) {
  if (!tracing_) return;
  net::TracedEvent event{
      .time_ns = time_ns,
      .kind = std::move(kind),
      .actor = actor,
      .other = other,
      .type = message != nullptr ? std::string(message->type_name()) : std::string(),
      .message = message != nullptr ? message->to_string() : std::string(),
      .text = std::move(text),
      .node = "runner",
      .sequence = traced_.size()};
  traced_.push_back(std::move(event));
}

void NetRun::finish_trace() {
  if (!tracing_) return;
  for (std::size_t i = 0; i < result_.verdicts.size(); ++i) {
    const Verdict& v = result_.verdicts[i];
    if (v.outcome != Outcome::failed) continue;
    // A sampled check is placed where the sample saw it broken; the others when judged.
    const auto seen = checks_.violated_at(i);
    runner_event("check", "violated: " + v.expectation, {}, {}, nullptr,
                 seen ? zero_wall_ns_ + seen->count() : wall_clock_ns());
  }
  for (const std::string& node : started_) gather_trace(node);
  result_.trace_jsonl = net::trace_jsonl(std::move(traced_));
  traced_.clear();
}

void NetRun::create_actors() {
  for (const ActorSpec& a : s_.actors) {
    CreateOptions options;
    options.global_name = a.global_name;
    actors_.created(a.name, system(a.node).create_actor(a.type, options));
  }
  zero_ = Clock::now();
  zero_wall_ns_ = wall_clock_ns();
  checks_.start(zero_);
}

void NetRun::apply(const Step& step) {
  if (step.kind == Step::Kind::send) {
    const std::string& from = step.from.empty() ? actors_.spec(step.to).node : step.from;
    if (!running(from)) return;  // as on sim: a node that is down sends nothing
    Message message = actors_.message(step.message, "send.message");
    runner_event("send", {}, system(from).address(), actors_.address(step.to), &message);
    system(from).tell(actors_.address(step.to), std::move(message));
    return;
  }
  runner_event("fault", sim::to_string(step.fault));
  std::visit(
      [&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, sim::fault::Kill>) {
          const ActorAddress target = actors_.address(step.to);
          const std::string& node = actors_.spec(step.to).node;
          if (!running(node)) return;
          for (const auto& actor : status(node).actors) {
            if (actor.address == target) kill_processes({actor.pid});
          }
        } else if constexpr (std::is_same_v<F, sim::fault::Crash>) {
          crash(f.node);
        } else if constexpr (std::is_same_v<F, sim::fault::Restart>) {
          restart(f.node);
        } else if constexpr (std::is_same_v<F, sim::fault::Leave>) {
          leave(f.node);
        } else if constexpr (std::is_same_v<F, sim::fault::ClockSkew>) {
          note("clock_skew: real clocks cannot be skewed per process; skipped");
        } else {
          apply_network(step.fault);
        }
      },
      step.fault);
}

void NetRun::apply_network(const sim::Fault& fault) {
  const bool real = std::visit(
      [&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, sim::fault::Partition>) return hosts_.partition(f.groups);
        if constexpr (std::is_same_v<F, sim::fault::OneWay>) return hosts_.one_way(f.from, f.to);
        if constexpr (std::is_same_v<F, sim::fault::Isolate>) return hosts_.isolate(f.node);
        if constexpr (std::is_same_v<F, sim::fault::Heal>) return hosts_.heal();
        // A node that is down has nothing to pause or resume (as on sim).
        if constexpr (std::is_same_v<F, sim::fault::Pause>) {
          return !running(f.node) || hosts_.pause(f.node);
        }
        if constexpr (std::is_same_v<F, sim::fault::Resume>) {
          return !running(f.node) || hosts_.resume(f.node);
        }
        return false;
      },
      fault);
  if (!real) {
    const std::string text = sim::to_string(fault);
    note(text.substr(0, text.find(' ')) + ": no real counterpart here; skipped");
  }
}

void NetRun::count_lost(const std::string& node) {
  // A paused admin answers nothing; what it counted is not known.
  if (!lossy() || hosts_.paused(node)) return;
  try {
    lost_before_ += status(node).lost_messages;
  } catch (const Error&) {
  }
}

void NetRun::note_losses() {
  if (!lossy()) return;
  std::int64_t lost = lost_before_;
  for (const std::string& node : started_) {
    if (hosts_.paused(node)) continue;
    try {
      lost += status(node).lost_messages;
    } catch (const Error&) {
    }
  }
  result_.lost_messages = lost;
  note(
      "transport: udp datagrams may be lost, duplicated or reordered between processes (the "
      "base counts gaps, drops duplicates and retries nothing); the admins counted " +
      std::to_string(lost) + " lost messages");
}

void NetRun::crash(const std::string& node) {
  // The host dies: SIGKILL to its admin, spawner and actors (found without asking the admin,
  // which may not answer), and with separate hosts to every process in the node's host.
  if (!running(node)) return;
  count_lost(node);
  gather_trace(node);  // what its actors did up to the crash
  if (auto found = processes_.find(node); found != processes_.end()) {
    found->second.collect();
    found->second.kill();
    crashed_.emplace_back(node, std::move(found->second));
    processes_.erase(found);
  }
  hosts_.kill_all(node);
  std::erase(started_, node);
}

void NetRun::restart(const std::string& node) {
  // Comes back empty, as a new incarnation that rejoins its convention (as on sim).
  if (running(node)) return;
  systems_.erase(node);
  for (const NodeSpec& spec : s_.nodes) {
    if (spec.name == node) start_node(spec);
  }
}

void NetRun::leave(const std::string& node) {
  // A clean shutdown: exit handlers run and the members hear at once.
  if (!running(node)) return;
  count_lost(node);
  gather_trace(node);
  std::erase(started_, node);
  stop_node(node);
}

void NetRun::stop_node(const std::string& node) {
  auto found = processes_.find(node);
  // Taken in while the admin runs: once it has gone, its descendants are no longer its own.
  if (found != processes_.end()) found->second.collect();
  const auto began = Clock::now();
  std::string failure;
  try {
    system(node).shutdown();  // bounded: it gives up when the admin does not answer in time
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (found == processes_.end()) return;
  const auto [killed, left] = end_processes(found->second);
  processes_.erase(found);
  // A shutdown that failed may have ended a stuck admin itself (and said so): still noted.
  if (killed == 0 && left == 0 && failure.empty()) return;
  const auto took =
      std::chrono::round<std::chrono::duration<std::int64_t, std::deci>>(Clock::now() - began);
  std::string text =
      "stop: node '" + node + "' did not stop cleanly within " + detail::format_duration(took);
  if (!failure.empty()) text += " (" + failure + ")";
  if (killed > 0) text += ": killed " + std::to_string(killed) + " processes";
  if (left > 0) {
    text += ", " + std::to_string(left) + " still running " + detail::format_duration(kill_bound) +
            " later";
  }
  note(text);
}

std::pair<std::size_t, std::size_t> NetRun::end_processes(const detail::NodeProcesses& processes) {
  processes.wait_ended(Clock::now() + exit_grace);
  const std::size_t killed = processes.kill();
  if (killed > 0) processes.wait_ended(Clock::now() + kill_bound);
  return {killed, processes.running()};
}

void NetRun::run_phases() {
  Clock::duration start{0};
  for (const Phase& phase : s_.phases) {
    if (phase.faults.interval.count() > 0) note("random faults: not drawn on " + base_);
    std::vector<const Step*> steps;
    for (const Step& step : phase.steps) steps.push_back(&step);
    std::stable_sort(steps.begin(), steps.end(),
                     [](const Step* a, const Step* b) { return a->at < b->at; });
    for (const Step* step : steps) {
      // Real time: the step happens when its moment comes; the checks are sampled meanwhile.
      checks_.wait_until(zero_ + start + step->at);
      apply(*step);
      checks_.sample();
    }
    start += phase.duration;
    checks_.wait_until(zero_ + start);
  }
}

void NetRun::judge() {
  checks_.finish(result_.verdicts);
  for (std::size_t i = 0; i < s_.expectations.size(); ++i) {
    const Expectation& e = s_.expectations[i];
    Verdict& v = result_.verdicts[i];
    switch (e.kind) {
      case Expectation::Kind::always:
      case Expectation::Kind::eventually:
      case Expectation::Kind::sometimes:
        break;  // sampled (NetChecks::finish)
      case Expectation::Kind::leads_to:
        v = {e.describe(), Outcome::not_reached,
             "not checked on " + base_ +
                 " (each moment the trigger holds must be seen; samples miss moments)"};
        break;
      case Expectation::Kind::answered:
        v = {e.describe(), Outcome::not_reached,
             "not checked on " + base_ + " (deliveries are seen inside the simulation)"};
        break;
      case Expectation::Kind::no_dead_letters:
      case Expectation::Kind::quiescent_by:
        v = {e.describe(), Outcome::not_reached, "not observable from outside on " + base_};
        break;
      case Expectation::Kind::reply: {
        const std::string& from = e.from.empty() ? actors_.spec(e.to).node : e.from;
        const Message expected = actors_.message(e.equals, "reply.equals");
        const auto reply = system(from).ask(actors_.address(e.to),
                                            actors_.message(e.message, "reply.message"), e.within);
        v = {e.describe(), Outcome::passed, {}};
        if (!reply) {
          v.outcome = Outcome::failed;
          v.details = "no reply within " + detail::format_duration(e.within);
        } else if (!(*reply == expected)) {
          v.outcome = Outcome::failed;
          v.details = "got " + reply->to_string() + ", expected " + expected.to_string();
        }
        break;
      }
    }
  }
}

void NetRun::stop_part(const std::string& what, const std::function<void()>& part) noexcept {
  try {
    try {
      part();
    } catch (const std::exception& e) {
      note("stop: " + what + " failed (" + e.what() + ")");
    }
  } catch (...) {
    // Not even the note could be made (out of memory): the other parts still run.
  }
}

void NetRun::stop() noexcept {
  if (stopped_) return;
  stopped_ = true;
  // A stopped process cannot stop cleanly: everything runs again first.
  stop_part("healing the network", [&] { hosts_.heal(); });
  for (const std::string& node : started_) {
    stop_part("resuming node '" + node + "'", [&] { hosts_.resume(node); });
  }
  stop_part("counting lost messages", [&] { note_losses(); });
  // Members first, the leader last.
  for (auto it = started_.rbegin(); it != started_.rend(); ++it) {
    stop_part("stopping node '" + *it + "'", [&] { stop_node(*it); });
  }
  // A node whose stop failed part way still has its processes held here: they end now.
  for (const auto& entry : processes_) {
    stop_part("ending node '" + entry.first + "'", [&] { end_processes(entry.second); });
  }
  processes_.clear();
  started_.clear();
  // A crashed node's processes were killed when it crashed: by now they must be gone.
  for (const auto& entry : crashed_) {
    stop_part("ending crashed node '" + entry.first + "'", [&] {
      const auto& [node, processes] = entry;
      if (processes.wait_ended(Clock::now() + kill_bound)) return;
      note("crash: node '" + node + "': " + std::to_string(processes.kill()) +
           " of its processes still ran " + detail::format_duration(kill_bound) +
           " after SIGKILL, at the end of the run");
    });
  }
  crashed_.clear();
}

}  // namespace

RunResult run_scenario_on_processes(const Scenario& scenario, const RunOptions& options) {
  if (options.base != "tcp" && options.base != "udp") {
    throw UnknownBaseError(options.base, "tcp, udp");
  }
  RunResult result;
  result.file = scenario.file;
  result.base = options.base;
  for (const Expectation& e : scenario.expectations) {
    result.verdicts.push_back({e.describe(), Outcome::not_reached, {}});
  }
  const auto started = Clock::now();
  try {
    NetRun run(options.base, scenario, result, options.record_trace);
    run.start_nodes();
    run.create_actors();
    run.run_phases();
    run.judge();
    run.finish_trace();
  } catch (const Error& e) {
    result.error = e.what();
  }
  result.time = Clock::now() - started;
  const auto failed = std::find_if(result.verdicts.begin(), result.verdicts.end(),
                                   [](const Verdict& v) { return v.outcome == Outcome::failed; });
  if (failed != result.verdicts.end()) result.violated = failed->expectation;
  result.passed = result.error.empty() && !result.violated;
  return result;
}

}  // namespace thespis::scenario
