// Happens-before over a recorded trace (trace_file.hpp says which edges, and why).
#include <algorithm>
#include <array>
#include <deque>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <thespis/error.hpp>
#include <thespis/scenario/trace_file.hpp>

namespace thespis::scenario {
namespace {

constexpr std::size_t none = ~std::size_t{0};

/// The direct predecessors of one event, by position; few enough to keep inline.
struct Predecessors {
  std::array<std::size_t, 4> at{none, none, none, none};
  void add(std::size_t position) {
    if (position == none) return;
    for (std::size_t& slot : at) {
      if (slot == position) return;
      if (slot == none) {
        slot = position;
        return;
      }
    }
  }
};

bool is(const TraceRecord& r, std::string_view kind) { return r.kind == kind; }

bool is_address(std::string_view actor) { return !actor.empty() && actor != "@null"; }

/// The system id of "@S.L" ("" if it is not an address).
std::string_view system_of(std::string_view actor) {
  if (actor.size() < 2 || actor[0] != '@') return {};
  return actor.substr(1, actor.find('.') == std::string_view::npos ? 0 : actor.find('.') - 1);
}

/// The actor whose program an event is part of (empty for events of the network, the fault
/// injector and the checks).
std::string_view lane_of(const TraceRecord& r) {
  if (is(r, "create")) return is_address(r.other) ? std::string_view(r.other) : std::string_view();
  if (is(r, "drop") || is(r, "duplicate") || is(r, "corrupt") || is(r, "dead_letter") ||
      is(r, "fault") || is(r, "check"))
    return {};
  return is_address(r.actor) ? std::string_view(r.actor) : std::string_view();
}

/// A fault's verb and its object (a node name, an actor) from its text ("crash n2").
std::pair<std::string_view, std::string_view> fault_parts(std::string_view text) {
  const std::size_t space = text.find(' ');
  if (space == std::string_view::npos) return {text, {}};
  const std::string_view rest = text.substr(space + 1);
  return {text.substr(0, space), rest.substr(0, rest.find(' '))};
}

bool is_node_fault(std::string_view verb) {
  return verb == "crash" || verb == "leave" || verb == "restart" || verb == "pause" ||
         verb == "resume" || verb == "clock_skew";
}

bool is_blocking_fault(std::string_view verb) {
  return verb == "partition" || verb == "one_way" || verb == "isolate";
}

bool is_step(const TraceRecord& r) {
  // What kernel_checks.cpp names as the culprit of a violation: the step that changed the world.
  return is(r, "deliver") || is(r, "exit") || is(r, "fault") || is(r, "start") ||
         is(r, "convention") || is(r, "poison");
}

/// Positions of indices: the identity for a trace read whole, a search otherwise.
class Positions {
 public:
  explicit Positions(const std::vector<TraceRecord>& trace) : trace_(trace) {
    for (std::size_t i = 0; i < trace.size() && dense_; ++i) dense_ = trace[i].index == i;
  }
  std::size_t of(std::uint64_t index) const {
    if (dense_) return index < trace_.size() ? static_cast<std::size_t>(index) : none;
    const auto it =
        std::lower_bound(trace_.begin(), trace_.end(), index,
                         [](const TraceRecord& r, std::uint64_t i) { return r.index < i; });
    return it != trace_.end() && it->index == index ? static_cast<std::size_t>(it - trace_.begin())
                                                    : none;
  }

 private:
  const std::vector<TraceRecord>& trace_;
  bool dense_ = true;
};

/// The key matching a message's send with its arrival in a trace without causes.
std::string message_key(std::string_view from, std::string_view to, const TraceRecord& r) {
  std::string key;
  key.reserve(from.size() + to.size() + r.type.size() + r.message.size() + 3);
  key.append(from).append(1, '\x1f').append(to).append(1, '\x1f');
  key.append(r.type).append(1, '\x1f').append(r.message);
  return key;
}

class GraphBuilder {
 public:
  explicit GraphBuilder(const std::vector<TraceRecord>& trace)
      : trace_(trace), positions_(trace), preds_(trace.size()) {
    for (const TraceRecord& r : trace) {
      if (!r.node.empty() && is_address(r.actor))
        node_of_system_.emplace(system_of(r.actor), r.node);
      with_causes_ = with_causes_ || r.cause.has_value();
    }
  }

  std::vector<Predecessors> build() {
    for (std::size_t p = 0; p < trace_.size(); ++p) add_edges(p);
    return std::move(preds_);
  }

 private:
  std::string_view node_of(std::string_view actor) const {
    const auto it = node_of_system_.find(system_of(actor));
    return it == node_of_system_.end() ? std::string_view() : std::string_view(it->second);
  }

  template <class Map>
  static std::size_t get(const Map& map, std::string_view key) {
    const auto it = map.find(key);
    return it == map.end() ? none : it->second;
  }

  void add_edges(std::size_t p) {
    const TraceRecord& r = trace_[p];
    Predecessors& preds = preds_[p];
    const std::string_view lane = lane_of(r);
    if (!lane.empty()) program_order(p, lane, preds);
    if (r.cause) {
      const std::size_t cause = positions_.of(*r.cause);
      if (cause < p) preds.add(cause);
    } else if (!with_causes_) {
      match_without_causes(p, preds);
    }
    if (is(r, "create")) created_.insert_or_assign(r.actor, p);
    if (is(r, "start")) preds.add(get(created_, r.actor));
    if (is(r, "exit")) exited_.insert_or_assign(r.actor, p);
    if (is(r, "dead_letter")) preds.add(get(exited_, r.actor));
    if (is(r, "drop")) network_causes(r, preds);
    if (is(r, "convention")) convention(r, preds);
    if (is(r, "fault")) fault(p, r, preds);
    if (is(r, "check")) preds.add(last_step_);
    if (is_step(r)) last_step_ = p;
  }

  void program_order(std::size_t p, std::string_view lane, Predecessors& preds) {
    auto [it, first] = last_of_actor_.try_emplace(lane, none);
    const std::size_t previous = it->second;
    preds.add(previous);
    it->second = p;
    // A fault on the actor's node (or on the actor) since its previous event changed it.
    for (const std::size_t fault : {get(node_faults_, node_of(lane)), get(actor_faults_, lane)}) {
      if (fault != none && (previous == none || fault > previous)) preds.add(fault);
    }
  }

  void network_causes(const TraceRecord& r, Predecessors& preds) {
    if (r.text == "partitioned" || r.text.starts_with("connection reset"))
      preds.add(last_blocking_);
    if (r.text == "host down") preds.add(get(node_faults_, node_of(r.actor)));
  }

  /// "joined NODE" follows from NODE's latest node fault (a restart); "lost NODE" from it (a
  /// crash, a leave) and from the latest partition (missed heartbeats).
  void convention(const TraceRecord& r, Predecessors& preds) {
    const auto [verb, node] = fault_parts(r.text);
    preds.add(get(node_faults_, node));
    if (verb == "lost") preds.add(last_blocking_);
  }

  void fault(std::size_t p, const TraceRecord& r, Predecessors& preds) {
    const auto [verb, object] = fault_parts(r.text);
    if (is_node_fault(verb)) {
      // Faults on one node are ordered: a restart follows from the crash before it.
      auto [it, first] = node_faults_.try_emplace(object, p);
      if (!first) preds.add(std::exchange(it->second, p));
    } else if (verb == "kill") {
      actor_faults_.insert_or_assign(object, p);
    } else {
      // Partitions, one-way blocks, isolations and heals change one network, in turn.
      preds.add(last_network_);
      last_network_ = p;
      if (is_blocking_fault(verb)) last_blocking_ = p;
    }
  }

  /// A trace written before events named their causes: a message's arrival is matched with the
  /// oldest unmatched send of the same sender, recipient and contents, a timer's firing with
  /// the oldest unfired setting of the same timer.
  void match_without_causes(std::size_t p, Predecessors& preds) {
    const TraceRecord& r = trace_[p];
    if (is(r, "send")) {
      unmatched_[message_key(r.actor, r.other, r)].push_back(p);
    } else if (is(r, "timer_set")) {
      unmatched_[message_key(r.actor, r.actor, r)].push_back(p);
    } else if (is(r, "duplicate")) {
      // One more arrival of the latest such send.
      auto& sends = unmatched_[message_key(r.other, r.actor, r)];
      if (!sends.empty()) {
        preds.add(sends.back());
        sends.push_back(sends.back());
      }
    } else if (is(r, "deliver") || is(r, "drop") || is(r, "dead_letter") || is(r, "corrupt") ||
               is(r, "timer_fire")) {
      const bool timer = is(r, "timer_fire");
      auto& sends = unmatched_[message_key(timer ? r.actor : r.other, r.actor, r)];
      if (sends.empty()) return;
      preds.add(sends.front());
      sends.pop_front();
    }
  }

  const std::vector<TraceRecord>& trace_;
  Positions positions_;
  std::vector<Predecessors> preds_;
  bool with_causes_ = false;
  std::unordered_map<std::string_view, std::string> node_of_system_;
  std::unordered_map<std::string_view, std::size_t> last_of_actor_;
  std::unordered_map<std::string_view, std::size_t> created_;
  std::unordered_map<std::string_view, std::size_t> exited_;
  std::unordered_map<std::string_view, std::size_t> node_faults_;   // latest per node
  std::unordered_map<std::string_view, std::size_t> actor_faults_;  // latest kill per actor
  std::unordered_map<std::string, std::deque<std::size_t>> unmatched_;
  std::size_t last_network_ = none;
  std::size_t last_blocking_ = none;
  std::size_t last_step_ = none;
};

std::size_t position_of(const std::vector<TraceRecord>& trace, std::uint64_t index) {
  const std::size_t p = Positions(trace).of(index);
  if (p == none) throw Error("the trace has no event #" + std::to_string(index));
  return p;
}

/// The ancestors of `target` (positions, `target` included), marked.
std::vector<bool> ancestors(const std::vector<Predecessors>& preds, std::size_t target) {
  std::vector<bool> seen(preds.size(), false);
  std::vector<std::size_t> stack{target};
  seen[target] = true;
  while (!stack.empty()) {
    const std::size_t p = stack.back();
    stack.pop_back();
    for (const std::size_t q : preds[p].at) {
      if (q == none || seen[q]) continue;
      seen[q] = true;
      stack.push_back(q);
    }
  }
  return seen;
}

}  // namespace

std::vector<std::vector<std::uint64_t>> direct_causes(const std::vector<TraceRecord>& trace) {
  const std::vector<Predecessors> preds = GraphBuilder(trace).build();
  std::vector<std::vector<std::uint64_t>> out(trace.size());
  for (std::size_t p = 0; p < trace.size(); ++p) {
    for (const std::size_t q : preds[p].at) {
      if (q != none) out[p].push_back(trace[q].index);
    }
    std::sort(out[p].begin(), out[p].end());
  }
  return out;
}

std::vector<std::uint64_t> happens_before(const std::vector<TraceRecord>& trace,
                                          std::uint64_t target) {
  const std::size_t at = position_of(trace, target);
  const std::vector<bool> seen = ancestors(GraphBuilder(trace).build(), at);
  std::vector<std::uint64_t> out;
  for (std::size_t p = 0; p <= at; ++p) {
    if (seen[p]) out.push_back(trace[p].index);
  }
  return out;
}

std::optional<std::uint64_t> violation(const std::vector<TraceRecord>& trace) {
  for (const TraceRecord& r : trace) {
    if (is(r, "check") && r.text.starts_with("violated: ")) return r.index;
  }
  return std::nullopt;
}

std::vector<std::uint64_t> causal_chain(const std::vector<TraceRecord>& trace,
                                        std::uint64_t target) {
  const std::size_t at = position_of(trace, target);
  const std::vector<Predecessors> preds = GraphBuilder(trace).build();
  const std::vector<bool> seen = ancestors(preds, at);
  // The root: the earliest fault among the ancestors, else the earliest start, else the
  // earliest ancestor.
  std::size_t root = none;
  for (const std::string_view kind : {"fault", "start"}) {
    for (std::size_t p = 0; p <= at && root == none; ++p) {
      if (seen[p] && trace[p].kind == kind) root = p;
    }
  }
  if (root == none)
    root = static_cast<std::size_t>(std::find(seen.begin(), seen.end(), true) - seen.begin());
  // The fewest steps from the root to the target: a breadth-first search back from the target.
  std::vector<std::size_t> next(trace.size(), none);
  std::deque<std::size_t> queue{at};
  next[at] = at;
  while (!queue.empty() && next[root] == none) {
    const std::size_t p = queue.front();
    queue.pop_front();
    for (const std::size_t q : preds[p].at) {
      if (q == none || next[q] != none) continue;
      next[q] = p;
      queue.push_back(q);
    }
  }
  std::vector<std::uint64_t> chain;
  for (std::size_t p = root;; p = next[p]) {
    chain.push_back(trace[p].index);
    if (p == at) break;
  }
  return chain;
}

}  // namespace thespis::scenario
