// The app's checks judged on real processes (the runner of the tcp and udp bases). A check reads
// actor objects (sim::Simulation::actors<T>(), CheckContext by name); there those objects live in
// other processes. So each sample builds a *mirror*: a Simulation that never runs, holding for
// every live actor of the real system an object of its type (Simulation::adopt_mirror) whose state
// is restored from the ActorInspection the actor's runtime answers (inspect.hpp); the checks
// then run unchanged on it.
//
// Pitfalls it exists to avoid, each turned into what the verdict says:
// * judging on default-constructed state: a live actor of the app's types without
//   THESPIS_INSPECT makes the checks "not judged", naming the types;
// * taking silence for a pass: an actor that does not answer in time (a paused process) makes
//   that sample inconclusive, and a check judged by no conclusive sample is not reached;
// * judging a state that never was: actors are inspected one after another, so a lock handed
//   over between two inspections would show two holders. A sample inspects every actor twice
//   (round 1 for all, then round 2 for all) and is taken only if each answered the same state
//   bytes both times: each then held its state over an interval containing the moment between
//   the rounds, so together they are the global state at that moment. (A state that changed
//   and changed back between an actor's two inspections passes unnoticed.) The rounds are
//   retried a few times; a sample still unstable is inconclusive, naming the actor;
// * pretending to see every state: real time is sampled (every 50 ms during the phases, after
//   each step and at the end), so `always` fails at the first sample that violates it and a
//   violation between two samples can go unseen — the details say so.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <thespis/actor_system.hpp>
#include <thespis/net/admin_control.hpp>
#include <thespis/scenario/app.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/scenario/scenario.hpp>
#include <thespis/system_messages.hpp>

namespace thespis::scenario::detail {

/// A node of a run on real processes as the checks reach it: its system (which asks its actors) and
/// its live actors (where they live and their registered types).
struct NetNode {
  std::string name;
  ActorSystem* system = nullptr;
  std::function<std::vector<net::ActorStatus>()> actors;
};

class NetChecks {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds sample_interval{50};
  /// How long one actor may take to answer InspectActor before the sample is inconclusive.
  static constexpr std::chrono::milliseconds inspect_timeout{1000};
  /// Attempts at a consistent snapshot before a sample is inconclusive.
  static constexpr int snapshot_attempts = 3;

  /// `base`: "tcp" or "udp", for the verdicts' details; `created`: the scenario's actors by name
  /// (filled as they are created); `nodes`: the nodes up now.
  NetChecks(std::string base, const Scenario& s, const App& app,
            const std::map<std::string, ActorAddress>& created,
            std::function<std::vector<NetNode>()> nodes);

  /// Whether the scenario has expectations judged by sampling (always, eventually, sometimes).
  bool any() const { return !sampled_.empty(); }
  /// Time zero of the run (the phases start).
  void start(Clock::time_point zero) { zero_ = zero; }
  /// Waits until `until`, sampling every sample_interval meanwhile.
  void wait_until(Clock::time_point until);
  /// Samples the real system now.
  void sample();
  /// Samples once more, polls every `eventually` still open until it holds or its bound
  /// passes, and writes the verdicts of the sampled expectations into `verdicts`.
  void finish(std::vector<Verdict>& verdicts);
  /// When the sampled `always` expectation at `index` was first seen violated, from time zero.
  std::optional<std::chrono::nanoseconds> violated_at(std::size_t index) const {
    const auto found = sampled_.find(index);
    return found == sampled_.end() ? std::nullopt : found->second.violated;
  }

 private:
  struct Judged {
    std::size_t samples = 0;                           ///< conclusive samples that judged it
    std::optional<std::chrono::nanoseconds> held;      ///< eventually, sometimes: first time
    std::optional<std::chrono::nanoseconds> violated;  ///< always: first violating sample
    std::string error;                                 ///< the check threw
  };
  /// A mirror of the real system, or why none could be built now.
  struct Snapshot;
  /// A live actor and the node it lives on.
  struct Listed {
    const NetNode* node = nullptr;
    net::ActorStatus actor;
  };

  Snapshot snapshot();
  /// Appends every node's live actors to `listed`; "" or why not.
  std::string list_actors(const std::vector<NetNode>& nodes, std::vector<Listed>& listed) const;
  /// Inspects every listed actor once, in order; "" or why not (an actor did not answer).
  std::string inspect_round(const std::vector<Listed>& listed,
                            std::vector<ActorInspection>& round) const;
  /// Lists the actors and inspects them in two rounds, keeping the first round's answers;
  /// "" or why not. `unstable` says why the rounds are no consistent snapshot, or is "".
  std::string consistent_rounds(const std::vector<NetNode>& nodes, std::vector<Listed>& listed,
                                std::vector<ActorInspection>& first, std::string& unstable) const;
  void judge(std::size_t index, CheckContext& context, std::chrono::nanoseconds at);
  std::chrono::nanoseconds elapsed() const;
  Verdict verdict(std::size_t index) const;
  std::string sampling_note() const;

  std::string base_;
  const Scenario& s_;
  const App& app_;
  const std::map<std::string, ActorAddress>& created_;
  std::function<std::vector<NetNode>()> nodes_;
  std::set<std::string, std::less<>> names_;
  std::map<std::size_t, Judged> sampled_;  // expectation index -> what the samples said
  Clock::time_point zero_ = Clock::now();
  Clock::time_point next_sample_ = zero_;
  std::size_t samples_ = 0;
  std::size_t inconclusive_ = 0;
  std::size_t unstable_attempts_ = 0;    // attempts whose two rounds differed (then retried)
  std::string first_inconclusive_;       // why the first inconclusive sample was
  std::set<std::string> uninspectable_;  // app types seen live without THESPIS_INSPECT
};

}  // namespace thespis::scenario::detail
