// Scenario files: Value tree to Scenario, then the checks that span the file (names of nodes,
// actors, types, checks; messages built once so their fields are checked where written).
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include <thespis/actor_type.hpp>
#include <thespis/error.hpp>
#include <thespis/message_type.hpp>
#include <thespis/scenario/app.hpp>
#include <thespis/scenario/scenario.hpp>

#include "message_builder.hpp"
#include "reader.hpp"
#include "scenario_error.hpp"
#include "units.hpp"
#include "yaml_value.hpp"

namespace thespis::scenario {
namespace {

using detail::Reader;

// A clock that drifts by a million ppm or more would stand still or run backwards.
constexpr std::int64_t max_drift_ppm = 999'999;

std::string at_index(const std::string& field, std::size_t i) {
  return field + "[" + std::to_string(i) + "]";
}

MessageSpec read_message(const Reader& r, const Value& value, const std::string& field) {
  r.expect_map(value, field);
  MessageSpec spec;
  spec.type = r.name(r.required(value, field, "type"), field + ".type");
  spec.fields = value;
  spec.mark = value.mark;
  return spec;
}

std::vector<std::string> read_names(const Reader& r, const Value& value, const std::string& field) {
  r.expect_list(value, field);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < value.items.size(); ++i) {
    names.push_back(r.name(value.items[i], at_index(field, i)));
  }
  return names;
}

NodeSpec read_node(const Reader& r, const Value& value, const std::string& field) {
  r.only_keys(value, field, {"name", "capabilities", "leader"});
  NodeSpec node;
  node.name = r.name(r.required(value, field, "name"), field + ".name");
  if (const Value* caps = value.find("capabilities")) {
    node.capabilities = r.capabilities(*caps, field + ".capabilities");
  }
  if (const Value* leader = value.find("leader")) node.leader = r.name(*leader, field + ".leader");
  node.mark = value.mark;
  return node;
}

NetworkSpec read_network(const Reader& r, const Value& value, const std::string& field) {
  r.only_keys(value, field,
              {"profile", "latency", "drop", "duplicate", "reorder", "reorder_window", "corrupt",
               "links", "datagram_limit"});
  NetworkSpec network;
  if (const Value* profile = value.find("profile")) {
    const std::string name = r.text(*profile, field + ".profile");
    network.profile_named = true;
    if (name == "tcp") {
      network.profile = sim::NetworkProfile::tcp;
    } else if (name == "udp") {
      network.profile = sim::NetworkProfile::udp;
    } else {
      r.fail(*profile, field + ".profile", "expected tcp or udp, got '" + name + "'");
    }
  }
  r.link_options(value, field, network.defaults);
  if (const Value* limit = value.find("datagram_limit")) {
    network.datagram_limit = r.count(*limit, field + ".datagram_limit");
  }
  if (const Value* links = value.find("links")) {
    r.expect_list(*links, field + ".links");
    for (std::size_t i = 0; i < links->items.size(); ++i) {
      const Value& item = links->items[i];
      const std::string path = at_index(field + ".links", i);
      r.only_keys(
          item, path,
          {"from", "to", "latency", "drop", "duplicate", "reorder", "reorder_window", "corrupt"});
      LinkSpec link;
      link.from = r.name(r.required(item, path, "from"), path + ".from");
      link.to = r.name(r.required(item, path, "to"), path + ".to");
      link.options = network.defaults;
      r.link_options(item, path, link.options);
      link.mark = item.mark;
      network.links.push_back(std::move(link));
    }
  }
  return network;
}

sim::ConventionOptions read_convention(const Reader& r, const Value& value,
                                       const std::string& field) {
  r.only_keys(value, field, {"heartbeat", "missed", "remote_create_timeout"});
  sim::ConventionOptions convention;
  const Value* heartbeat = value.find("heartbeat");
  if (heartbeat != nullptr) {
    convention.heartbeat_interval = r.non_negative_duration(*heartbeat, field + ".heartbeat");
    if (convention.heartbeat_interval.count() == 0)
      r.fail(*heartbeat, field + ".heartbeat", "must be > 0");
  }
  const Value* missed = value.find("missed");
  if (missed != nullptr) {
    // As `thespis node --missed` allows.
    convention.missed_heartbeats = static_cast<int>(r.count(*missed, field + ".missed", 1, 1000));
  }
  // The simulation waits heartbeat times missed before it drops a member: kept in range, that
  // product cannot overflow.
  if (convention.heartbeat_interval > longest_duration / convention.missed_heartbeats) {
    const bool at_missed = missed != nullptr;
    r.fail(at_missed ? *missed : *heartbeat, field + (at_missed ? ".missed" : ".heartbeat"),
           "heartbeat times missed is more than " + detail::format_duration(longest_duration) +
               ", the longest a member may go unheard");
  }
  if (const Value* v = value.find("remote_create_timeout")) {
    convention.remote_create_timeout =
        r.non_negative_duration(*v, field + ".remote_create_timeout");
  }
  return convention;
}

ActorSpec read_actor(const Reader& r, const Value& value, const std::string& field) {
  r.only_keys(value, field, {"name", "type", "node", "global_name"});
  ActorSpec actor;
  actor.name = r.name(r.required(value, field, "name"), field + ".name");
  actor.type = r.name(r.required(value, field, "type"), field + ".type");
  actor.node = r.name(r.required(value, field, "node"), field + ".node");
  if (const Value* v = value.find("global_name")) {
    actor.global_name = r.name(*v, field + ".global_name");
  }
  actor.mark = value.mark;
  return actor;
}

sim::RandomFaults read_random_faults(const Reader& r, const Value& value,
                                     const std::string& field) {
  r.only_keys(value, field,
              {"interval", "crash", "partition", "one_way", "kill", "pause", "clock_skew",
               "max_duration", "max_clock_offset", "max_drift", "spare"});
  sim::RandomFaults faults;
  faults.interval =
      r.non_negative_duration(r.required(value, field, "interval"), field + ".interval");
  const auto rate = [&](std::string_view key, double& out) {
    if (const Value* v = value.find(key)) out = r.percent(*v, field + "." + std::string(key));
  };
  rate("crash", faults.crash);
  rate("partition", faults.partition);
  rate("one_way", faults.one_way);
  rate("kill", faults.kill);
  rate("pause", faults.pause);
  rate("clock_skew", faults.clock_skew);
  if (const Value* v = value.find("max_duration")) {
    faults.max_duration = r.non_negative_duration(*v, field + ".max_duration");
  }
  if (const Value* v = value.find("max_clock_offset")) {
    faults.max_clock_offset = r.non_negative_duration(*v, field + ".max_clock_offset");
  }
  if (const Value* v = value.find("max_drift")) {
    faults.max_drift_ppm = r.ppm(*v, field + ".max_drift", 0, max_drift_ppm);
  }
  if (const Value* v = value.find("spare")) faults.spare = read_names(r, *v, field + ".spare");
  return faults;
}

const std::initializer_list<std::string_view> step_actions = {
    "send",  "partition", "one_way", "isolate", "heal",   "crash",
    "leave", "restart",   "kill",    "pause",   "resume", "skew"};

sim::Fault read_fault(const Reader& r, const std::string& action, const Value& value,
                      const std::string& field, std::string& actor) {
  if (action == "partition") {
    r.expect_list(value, field);
    sim::fault::Partition partition;
    for (std::size_t i = 0; i < value.items.size(); ++i) {
      partition.groups.push_back(read_names(r, value.items[i], at_index(field, i)));
    }
    return partition;
  }
  if (action == "one_way") {
    r.only_keys(value, field, {"from", "to"});
    return sim::fault::OneWay{r.name(r.required(value, field, "from"), field + ".from"),
                              r.name(r.required(value, field, "to"), field + ".to")};
  }
  if (action == "heal") return sim::fault::Heal{};
  if (action == "skew") {
    r.only_keys(value, field, {"node", "offset", "drift"});
    sim::fault::ClockSkew skew;
    skew.node = r.name(r.required(value, field, "node"), field + ".node");
    if (const Value* v = value.find("offset")) skew.offset = r.duration(*v, field + ".offset");
    if (const Value* v = value.find("drift")) {
      skew.drift_ppm = r.ppm(*v, field + ".drift", -max_drift_ppm, max_drift_ppm);
    }
    return skew;
  }
  const std::string name = r.name(value, field);
  if (action == "kill") {
    actor = name;
    return sim::fault::Kill{};
  }
  if (action == "isolate") return sim::fault::Isolate{name};
  if (action == "crash") return sim::fault::Crash{name};
  if (action == "leave") return sim::fault::Leave{name};
  if (action == "restart") return sim::fault::Restart{name};
  if (action == "pause") return sim::fault::Pause{name};
  return sim::fault::Resume{name};
}

Step read_step(const Reader& r, const Value& value, const std::string& field) {
  r.expect_map(value, field);
  Step step;
  step.mark = value.mark;
  std::string action;
  for (const auto& [key, item] : value.fields) {
    if (key == "at") continue;
    bool known = false;
    for (const std::string_view a : step_actions) known = known || a == key;
    if (!known) {
      r.fail(item, field + "." + key,
             "unknown step (expected 'at' and one of: " + detail::join_keys(step_actions) + ")");
    }
    if (!action.empty())
      r.fail(item, field + "." + key, "a step does one thing; '" + action + "' given too");
    action = key;
  }
  if (action.empty())
    r.fail(value, field, "a step needs one of: " + detail::join_keys(step_actions));
  if (const Value* at = value.find("at")) step.at = r.non_negative_duration(*at, field + ".at");
  const Value& body = *value.find(action);
  const std::string path = field + "." + action;
  if (action == "send") {
    r.only_keys(body, path, {"to", "from", "message"});
    step.kind = Step::Kind::send;
    step.to = r.name(r.required(body, path, "to"), path + ".to");
    if (const Value* from = body.find("from")) step.from = r.name(*from, path + ".from");
    step.message = read_message(r, r.required(body, path, "message"), path + ".message");
  } else {
    step.kind = Step::Kind::fault;
    step.fault = read_fault(r, action, body, path, step.to);
  }
  return step;
}

Phase read_phase(const Reader& r, const Value& value, const std::string& field,
                 std::initializer_list<std::string_view> keys) {
  r.only_keys(value, field, keys);
  const std::string prefix = field.empty() ? "" : field + ".";
  Phase phase;
  phase.mark = value.mark;
  if (const Value* name = value.find("name")) phase.name = r.name(*name, prefix + "name");
  const Value& duration = r.required(value, field, "duration");
  phase.duration = r.non_negative_duration(duration, prefix + "duration");
  phase.duration_mark = duration.mark;
  if (const Value* steps = value.find("steps")) {
    r.expect_list(*steps, prefix + "steps");
    for (std::size_t i = 0; i < steps->items.size(); ++i) {
      Step step = read_step(r, steps->items[i], at_index(prefix + "steps", i));
      if (step.at > phase.duration) {
        r.fail(steps->items[i], at_index(prefix + "steps", i) + ".at",
               "after the end of its phase (" + detail::format_duration(phase.duration) + ")");
      }
      phase.steps.push_back(std::move(step));
    }
  }
  if (const Value* faults = value.find("faults")) {
    phase.faults = read_random_faults(r, *faults, prefix + "faults");
  }
  return phase;
}

/// `eventually: {check, within}`, or a leads-to: `{every, answered_by, within}` over message
/// types, `{every, leads_to, within}` over app checks.
void read_eventually(const Reader& r, const Value& body, const std::string& path, Expectation& e) {
  r.expect_map(body, path);
  if (body.find("every") == nullptr) {
    r.only_keys(body, path, {"check", "within"});
    e.kind = Expectation::Kind::eventually;
    e.check = r.name(r.required(body, path, "check"), path + ".check");
  } else if (body.find("answered_by") != nullptr) {
    r.only_keys(body, path, {"every", "answered_by", "within"});
    e.kind = Expectation::Kind::answered;
    e.request = r.name(*body.find("every"), path + ".every");
    e.answer = r.name(*body.find("answered_by"), path + ".answered_by");
  } else if (body.find("leads_to") != nullptr) {
    r.only_keys(body, path, {"every", "leads_to", "within"});
    e.kind = Expectation::Kind::leads_to;
    e.check = r.name(*body.find("every"), path + ".every");
    e.response = r.name(*body.find("leads_to"), path + ".leads_to");
  } else {
    r.fail(body, path,
           "'every' needs 'answered_by: MESSAGE TYPE' (every message of that type is answered) "
           "or 'leads_to: CHECK' (every time the check holds, the other follows)");
  }
  e.within = r.non_negative_duration(r.required(body, path, "within"), path + ".within");
}

Expectation read_expectation(const Reader& r, const Value& value, const std::string& field) {
  Expectation e;
  e.mark = value.mark;
  if (value.kind == Value::Kind::scalar && value.scalar == "no_dead_letters") {
    e.kind = Expectation::Kind::no_dead_letters;
    return e;
  }
  r.expect_map(value, field);
  if (value.fields.size() != 1) {
    r.fail(value, field,
           "an expectation is one of: always, eventually, sometimes, reply, no_dead_letters, "
           "quiescent_by");
  }
  const auto& [kind, body] = value.fields.front();
  const std::string path = field + "." + kind;
  if (kind == "always" || kind == "sometimes") {
    e.kind = kind == "always" ? Expectation::Kind::always : Expectation::Kind::sometimes;
    e.check = r.name(body, path);
  } else if (kind == "eventually") {
    read_eventually(r, body, path, e);
  } else if (kind == "reply") {
    r.only_keys(body, path, {"to", "from", "message", "equals", "within"});
    e.kind = Expectation::Kind::reply;
    e.to = r.name(r.required(body, path, "to"), path + ".to");
    if (const Value* from = body.find("from")) e.from = r.name(*from, path + ".from");
    e.message = read_message(r, r.required(body, path, "message"), path + ".message");
    e.equals = read_message(r, r.required(body, path, "equals"), path + ".equals");
    e.within = r.non_negative_duration(r.required(body, path, "within"), path + ".within");
  } else if (kind == "no_dead_letters") {
    e.kind = Expectation::Kind::no_dead_letters;
  } else if (kind == "quiescent_by") {
    e.kind = Expectation::Kind::quiescent_by;
    e.by = r.non_negative_duration(body, path);
  } else {
    r.fail(body, path,
           "unknown expectation (expected one of: always, eventually, sometimes, reply, "
           "no_dead_letters, quiescent_by)");
  }
  return e;
}

// --- checks across the file -------------------------------------------------------------------

class Validator {
 public:
  Validator(const Reader& r, const Scenario& s) : r_(r), s_(s) {}
  void run();

 private:
  void node(const std::string& name, const Mark& at, const std::string& field) const {
    if (!nodes_.contains(name))
      r_.fail(at, field, "unknown node '" + name + "' (nodes: " + list(nodes_) + ")");
  }
  void actor(const std::string& name, const Mark& at, const std::string& field) const {
    if (!actors_.contains(name)) {
      r_.fail(at, field, "unknown actor '" + name + "' (actors: " + list(actors_) + ")");
    }
  }
  void message(const MessageSpec& spec, const std::string& field) const;
  void check(const App& app, const std::string& name, const Mark& at,
             const std::string& field) const {
    if (app.checks.contains(name)) return;
    std::set<std::string> checks;
    for (const auto& entry : app.checks) checks.insert(entry.first);
    r_.fail(at, field,
            "app " + s_.app + " has no check '" + name + "' (checks: " + list(checks) + ")");
  }
  void message_type(const std::string& name, const Mark& at, const std::string& field) const {
    if (find_message_type(name) == nullptr) {
      r_.fail(at, field, "unknown message type '" + name + "'");
    }
  }
  void fault(const sim::Fault& fault, const Step& step, const std::string& field) const;
  static std::string list(const std::set<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out.empty() ? "none" : out;
  }

  const Reader& r_;
  const Scenario& s_;
  std::set<std::string> nodes_;
  std::set<std::string> actors_;
};

void Validator::message(const MessageSpec& spec, const std::string& field) const {
  // Every actor gets a stand-in address, so the message is built exactly as it will be.
  detail::build_message(
      spec,
      [&](std::string_view name) -> std::optional<ActorAddress> {
        if (!actors_.contains(std::string(name))) return std::nullopt;
        return ActorAddress(1, 1);
      },
      r_.origin(), field);
}

void Validator::fault(const sim::Fault& fault, const Step& step, const std::string& field) const {
  std::visit(
      [&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, sim::fault::Partition>) {
          for (const auto& group : f.groups) {
            for (const auto& name : group) node(name, step.mark, field + ".partition");
          }
        } else if constexpr (std::is_same_v<F, sim::fault::OneWay>) {
          node(f.from, step.mark, field + ".one_way.from");
          node(f.to, step.mark, field + ".one_way.to");
        } else if constexpr (std::is_same_v<F, sim::fault::Kill>) {
          actor(step.to, step.mark, field + ".kill");
        } else if constexpr (std::is_same_v<F, sim::fault::Heal>) {
        } else {
          node(f.node, step.mark,
               field + "." + sim::to_string(fault).substr(0, sim::to_string(fault).find(' ')));
        }
      },
      fault);
}

void Validator::run() {
  const App* app = find_app(s_.app);
  if (app == nullptr) {
    std::string known;
    for (const auto& name : registered_app_names()) known += (known.empty() ? "" : ", ") + name;
    r_.fail(Mark{1, 1}, "app", "unknown app '" + s_.app + "' (apps: " + known + ")");
  }
  for (std::size_t i = 0; i < s_.nodes.size(); ++i) {
    if (!nodes_.insert(s_.nodes[i].name).second) {
      r_.fail(s_.nodes[i].mark, at_index("nodes", i) + ".name",
              "node '" + s_.nodes[i].name + "' given twice");
    }
  }
  for (std::size_t i = 0; i < s_.nodes.size(); ++i) {
    if (!s_.nodes[i].leader.empty())
      node(s_.nodes[i].leader, s_.nodes[i].mark, at_index("nodes", i) + ".leader");
  }
  for (std::size_t i = 0; i < s_.network.links.size(); ++i) {
    const LinkSpec& link = s_.network.links[i];
    node(link.from, link.mark, at_index("network.links", i) + ".from");
    node(link.to, link.mark, at_index("network.links", i) + ".to");
  }
  for (std::size_t i = 0; i < s_.actors.size(); ++i) {
    const ActorSpec& a = s_.actors[i];
    const std::string field = at_index("actors", i);
    if (find_actor_type(a.type) == nullptr) {
      r_.fail(a.mark, field + ".type",
              "unknown actor type '" + a.type + "' (app " + s_.app +
                  " has: " + list({app->actor_types.begin(), app->actor_types.end()}) + ")");
    }
    node(a.node, a.mark, field + ".node");
    if (!actors_.insert(a.name).second)
      r_.fail(a.mark, field + ".name", "actor '" + a.name + "' given twice");
  }
  for (std::size_t p = 0; p < s_.phases.size(); ++p) {
    const std::string phase =
        s_.phases.size() == 1 && s_.phases[p].name.empty() ? "" : at_index("phases", p) + ".";
    for (const std::string& spared : s_.phases[p].faults.spare)
      node(spared, s_.phases[p].mark, phase + "faults.spare");
    for (std::size_t i = 0; i < s_.phases[p].steps.size(); ++i) {
      const Step& step = s_.phases[p].steps[i];
      const std::string field = at_index(phase + "steps", i);
      if (step.kind == Step::Kind::send) {
        actor(step.to, step.mark, field + ".send.to");
        if (!step.from.empty()) node(step.from, step.mark, field + ".send.from");
        message(step.message, field + ".send.message");
      } else {
        fault(step.fault, step, field);
      }
    }
  }
  for (std::size_t i = 0; i < s_.expectations.size(); ++i) {
    const Expectation& e = s_.expectations[i];
    const std::string field = at_index("expect", i);
    using Kind = Expectation::Kind;
    if (e.kind == Kind::always || e.kind == Kind::eventually || e.kind == Kind::sometimes) {
      const char* where = e.kind == Kind::always      ? ".always"
                          : e.kind == Kind::sometimes ? ".sometimes"
                                                      : ".eventually.check";
      check(*app, e.check, e.mark, field + where);
    } else if (e.kind == Kind::leads_to) {
      check(*app, e.check, e.mark, field + ".eventually.every");
      check(*app, e.response, e.mark, field + ".eventually.leads_to");
    } else if (e.kind == Kind::answered) {
      message_type(e.request, e.mark, field + ".eventually.every");
      message_type(e.answer, e.mark, field + ".eventually.answered_by");
    } else if (e.kind == Expectation::Kind::reply) {
      actor(e.to, e.mark, field + ".reply.to");
      if (!e.from.empty()) node(e.from, e.mark, field + ".reply.from");
      message(e.message, field + ".reply.message");
      message(e.equals, field + ".reply.equals");
    }
  }
}

// --- the file and its top level ------------------------------------------------------------

std::string too_large_a_file(std::uint64_t bytes, const LoadLimits& limits) {
  const std::uint64_t mib = 1024 * 1024;
  const std::uint64_t most = limits.max_file_bytes;
  return "is " + std::to_string(bytes) + " bytes, more than a scenario file may have (" +
         (most % mib == 0 ? std::to_string(most / mib) + " MiB" : std::to_string(most) + " bytes") +
         ")";
}

std::string read_scenario_file(const std::string& path, const LoadLimits& limits) {
  namespace fs = std::filesystem;
  const auto fail = [&](const std::string& problem) {
    detail::throw_scenario_error(path, {}, "", problem);
  };
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) fail("does not exist");
  if (ec) fail("cannot be read (" + ec.message() + ")");
  if (status.type() == fs::file_type::directory) fail("is a directory, not a scenario file");
  if (status.type() == fs::file_type::regular) {
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > limits.max_file_bytes) fail(too_large_a_file(size, limits));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(std::string("cannot be read (") + std::strerror(errno) + ")");
  // Read at most one buffer past the limit: a pipe or a device has no size to check first.
  std::string text;
  std::array<char, 64 * 1024> buffer{};
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > limits.max_file_bytes) fail(too_large_a_file(text.size(), limits));
  }
  if (in.bad()) fail("cannot be read");
  return text;
}

void expect_top_level_map(const Reader& r, const Value& root) {
  if (root.kind == Value::Kind::map) return;
  const char* got = root.kind == Value::Kind::list     ? "a list"
                    : root.kind == Value::Kind::scalar ? "a single value"
                                                       : "nothing";
  r.fail(root, "",
         std::string("expected a mapping of scenario fields (app, nodes, ...) at the top level, "
                     "got ") +
             got);
}

/// The phases, or the one unnamed phase of the top-level duration, steps and faults; their
/// durations may add up to at most longest_duration.
std::vector<Phase> read_phases(const Reader& r, const Value& root) {
  std::vector<Phase> phases;
  if (const Value* list = root.find("phases")) {
    for (const char* single : {"duration", "steps", "faults"}) {
      if (const Value* v = root.find(single)) {
        r.fail(*v, single, "give either phases or a top-level duration/steps/faults, not both");
      }
    }
    r.expect_list(*list, "phases");
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      phases.push_back(read_phase(r, list->items[i], at_index("phases", i),
                                  {"name", "duration", "steps", "faults"}));
    }
  } else {
    Value top;
    top.kind = Value::Kind::map;
    top.mark = root.mark;
    for (const auto& field : root.fields) {
      if (field.first == "duration" || field.first == "steps" || field.first == "faults")
        top.fields.push_back(field);
    }
    phases.push_back(read_phase(r, top, "", {"duration", "steps", "faults"}));
  }
  Nanos total{0};
  for (std::size_t i = 0; i < phases.size(); ++i) {
    total += phases[i].duration;  // each at most longest_duration: the sum cannot wrap here
    if (total > longest_duration) {
      r.fail(phases[i].duration_mark, at_index("phases", i) + ".duration",
             "the phases add up to more than " + detail::format_duration(longest_duration) +
                 ", the longest a scenario may run");
    }
  }
  return phases;
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& origin,
                        const LoadLimits& limits) {
  if (text.size() > limits.max_file_bytes) {
    detail::throw_scenario_error(origin, {}, "", too_large_a_file(text.size(), limits));
  }
  const Reader r(origin);
  const Value root = detail::parse_yaml(text, origin, limits);
  expect_top_level_map(r, root);
  r.only_keys(root, "",
              {"name", "description", "app", "seed", "tape", "nodes", "network", "convention",
               "timer_jitter", "actors", "phases", "duration", "steps", "faults", "expect"});
  Scenario s;
  s.file = origin;
  if (const Value* v = root.find("name")) s.name = r.text(*v, "name");
  if (const Value* v = root.find("description")) s.description = r.text(*v, "description");
  s.app = r.name(r.required(root, "", "app"), "app");
  if (const Value* v = root.find("seed")) s.seed = r.count(*v, "seed");
  if (const Value* v = root.find("tape")) s.tape = r.text(*v, "tape");
  const Value& nodes = r.required(root, "", "nodes");
  r.expect_list(nodes, "nodes");
  if (nodes.items.empty()) r.fail(nodes, "nodes", "at least one node is needed");
  for (std::size_t i = 0; i < nodes.items.size(); ++i) {
    s.nodes.push_back(read_node(r, nodes.items[i], at_index("nodes", i)));
  }
  if (const Value* v = root.find("network")) s.network = read_network(r, *v, "network");
  if (const Value* v = root.find("convention")) s.convention = read_convention(r, *v, "convention");
  if (const Value* v = root.find("timer_jitter"))
    s.timer_jitter = r.non_negative_duration(*v, "timer_jitter");
  if (const Value* actors = root.find("actors")) {
    r.expect_list(*actors, "actors");
    for (std::size_t i = 0; i < actors->items.size(); ++i) {
      s.actors.push_back(read_actor(r, actors->items[i], at_index("actors", i)));
    }
  }
  s.phases = read_phases(r, root);
  if (const Value* expect = root.find("expect")) {
    r.expect_list(*expect, "expect");
    for (std::size_t i = 0; i < expect->items.size(); ++i) {
      s.expectations.push_back(read_expectation(r, expect->items[i], at_index("expect", i)));
    }
  }
  Validator(r, s).run();
  return s;
}

Scenario load_scenario(const std::string& path, const LoadLimits& limits) {
  return parse_scenario(read_scenario_file(path, limits), path, limits);
}

}  // namespace thespis::scenario
