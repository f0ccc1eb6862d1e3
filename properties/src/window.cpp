// Narrowing a non-linearizable partition to its evidence: bisect the cut time, then relax
// completed operations of the cut to unknown while it stays non-linearizable (check_result.hpp says
// why each step is sound and what the result is minimal in).
#include <algorithm>
#include <numeric>

#include <thespis/properties/detail/window.hpp>

namespace thespis::properties::detail {

namespace {

/// The history as it stood at `cut`: operations invoked by then, those still pending unknown.
/// `origin` receives the index in `history` of each operation kept.
History cut_at(const History& history, std::chrono::nanoseconds cut,
               std::vector<std::size_t>& origin) {
  History kept;
  origin.clear();
  for (std::size_t i = 0; i < history.size(); ++i) {
    const Operation& op = history[i];
    if (op.outcome == Outcome::fail || op.invoked > cut) continue;
    kept.push_back(op);
    origin.push_back(i);
    if (op.completed <= cut) continue;
    kept.back().outcome = Outcome::unknown;
    kept.back().completed = never;
    kept.back().output = Message();
  }
  return kept;
}

std::vector<std::chrono::nanoseconds> event_times(const History& history) {
  std::vector<std::chrono::nanoseconds> times;
  for (const Operation& op : history) {
    if (op.outcome == Outcome::fail) continue;
    times.push_back(op.invoked);
    if (op.completed != never) times.push_back(op.completed);
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  return times;
}

/// Wraps a SubCheck: true only for `illegal`, remembering whether a budget ever ran out.
struct Evidence {
  const SubCheck& check;
  bool exhausted = false;
  bool illegal(const History& history) {
    const Verdict verdict = check(history);
    if (verdict == Verdict::unknown) exhausted = true;
    return verdict == Verdict::illegal;
  }
};

/// The earliest event time at which `history` is already illegal (its last time is).
std::chrono::nanoseconds earliest_cut(const History& history, Evidence& evidence) {
  const std::vector<std::chrono::nanoseconds> times = event_times(history);
  std::size_t low = 0;
  std::size_t high = times.size() - 1;  // illegal
  std::vector<std::size_t> origin;
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if (evidence.illegal(cut_at(history, times[middle], origin))) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return times[high];
}

/// `cut` with every completed operation not in `kept` relaxed to unknown before its completion
/// (it may have taken effect within its interval, with any output, or not at all).
History relax(const History& cut, const std::vector<std::size_t>& kept) {
  History relaxed = cut;
  std::vector<bool> keep(cut.size(), false);
  for (std::size_t i : kept) keep[i] = true;
  for (std::size_t i = 0; i < relaxed.size(); ++i) {
    if (keep[i] || relaxed[i].outcome != Outcome::ok) continue;
    relaxed[i].outcome = Outcome::unknown;
    relaxed[i].output = Message();
  }
  return relaxed;
}

/// Relaxes chunks of the cut's completed operations, halving their size, while the cut stays
/// illegal; then single operations until none can be relaxed: 1-minimal.
std::vector<std::size_t> minimise(const History& cut, Evidence& evidence) {
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < cut.size(); ++i) {
    if (cut[i].outcome == Outcome::ok) kept.push_back(i);
  }
  for (std::size_t chunk = std::max<std::size_t>(kept.size() / 2, 1);;
       chunk = std::max<std::size_t>(chunk / 2, 1)) {
    bool relaxed = false;
    for (std::size_t start = 0; start < kept.size();) {
      std::vector<std::size_t> candidate = kept;
      const auto from = candidate.begin() + static_cast<std::ptrdiff_t>(start);
      candidate.erase(
          from, from + static_cast<std::ptrdiff_t>(std::min(chunk, candidate.size() - start)));
      if (evidence.illegal(relax(cut, candidate))) {
        kept = std::move(candidate);
        relaxed = true;
      } else {
        start += chunk;
      }
    }
    if (chunk == 1 && !relaxed) break;
  }
  return kept;
}

/// The operation completing at `cut` (the lowest index if several): the failing point.
std::size_t failing_at(const History& cut_history, std::chrono::nanoseconds cut) {
  std::size_t latest = 0;
  for (std::size_t i = 0; i < cut_history.size(); ++i) {
    const Operation& op = cut_history[i];
    if (op.outcome == Outcome::ok && op.completed == cut) return i;
    if (op.invoked >= cut_history[latest].invoked) latest = i;
  }
  return latest;  // only for a model whose unknown steps are not a relaxation of known ones
}

std::vector<std::size_t> by_invocation(const History& cut, std::vector<std::size_t> indices) {
  std::stable_sort(indices.begin(), indices.end(),
                   [&](std::size_t a, std::size_t b) { return cut[a].invoked < cut[b].invoked; });
  return indices;
}

std::vector<std::size_t> concurrent_with(const History& cut, std::size_t failing) {
  std::vector<std::size_t> window;
  for (std::size_t i = 0; i < cut.size(); ++i) {
    if (cut[i].invoked <= cut[failing].completed && cut[i].completed >= cut[failing].invoked) {
      window.push_back(i);
    }
  }
  return by_invocation(cut, std::move(window));
}

std::vector<std::size_t> translate(const std::vector<std::size_t>& indices,
                                   const std::vector<std::size_t>& origin) {
  std::vector<std::size_t> translated;
  for (std::size_t i : indices) translated.push_back(origin[i]);
  return translated;
}

}  // namespace

std::vector<std::vector<std::size_t>> partitions_of(const Partitioner& partition,
                                                    const History& history) {
  if (partition) return partition(history);
  std::vector<std::size_t> all(history.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  return {all};
}

History select(const History& history, const std::vector<std::size_t>& indices) {
  History selected;
  selected.reserve(indices.size());
  for (std::size_t i : indices) selected.push_back(history[i]);
  return selected;
}

Violation find_violation(const History& history, const std::vector<std::size_t>& part,
                         const SubCheck& check) {
  const History sub = select(history, part);
  Evidence evidence{check};
  Violation violation;
  violation.partition = part;
  violation.cut = earliest_cut(sub, evidence);
  std::vector<std::size_t> in_sub;  // cut index -> sub index
  const History cut = cut_at(sub, violation.cut, in_sub);
  const std::vector<std::size_t> origin = translate(in_sub, part);
  const std::size_t failing = failing_at(cut, violation.cut);
  violation.failing = origin[failing];
  violation.window = translate(concurrent_with(cut, failing), origin);
  const std::vector<std::size_t> core = by_invocation(cut, minimise(cut, evidence));
  violation.core = translate(core, origin);
  violation.core_operations = select(cut, core);
  violation.minimal = !evidence.exhausted;
  return violation;
}

}  // namespace thespis::properties::detail
