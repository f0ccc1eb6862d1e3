// PCT (probabilistic concurrency testing, Burckhardt et al., ASPLOS 2010) over ready actors:
// every actor gets a random priority when first seen, the highest-priority ready actor runs,
// and at d - 1 randomly chosen steps the running actor drops below every initial priority.
// Its random numbers come from its own generator seeded from the run's seed; only its picks go
// on the choice tape, so a tape replays a PCT run without PCT.
//
// The scheduler follows the ready set as it changes (became_ready, became_unready), keeping the
// ready actors whose priority is known ordered by it, so a pick costs O(log n) and not a scan.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include <thespis/sim/choice_source.hpp>

#include "ready_set.hpp"

namespace thespis::sim::detail {

class PctScheduler {
 public:
  PctScheduler(std::uint64_t seed, int depth, std::uint64_t steps);
  /// `actor` joined the ready set with `ticket`.
  void became_ready(std::uint64_t actor, ReadySet::Ticket ticket);
  /// `actor`, a member with `ticket`, left the ready set.
  void became_unready(std::uint64_t actor, ReadySet::Ticket ticket);
  /// The index in `ready` (k-th oldest) of the actor to run; `ready` has two members or more.
  std::uint64_t pick(const ReadySet& ready);

 private:
  /// A ready actor whose priority is known; the first runs (ties: the one ready longest).
  struct Ranked {
    std::uint64_t priority;
    ReadySet::Ticket ticket;
    std::uint64_t actor;
    bool operator<(const Ranked& other) const {
      return priority != other.priority ? priority > other.priority : ticket < other.ticket;
    }
  };
  struct Unseen {
    ReadySet::Ticket ticket;
    std::uint64_t actor;
  };

  void draw_priorities(const ReadySet& ready);

  ChoiceSource random_;
  std::map<std::uint64_t, std::uint64_t> priorities_;  // actor -> priority, once drawn
  std::set<Ranked> ranked_;                            // the ready actors with a priority
  std::vector<Unseen> unseen_;  // joined the ready set without a priority; oldest first
  std::vector<std::uint64_t> change_points_;  // ascending step numbers
  std::size_t next_change_ = 0;
  std::uint64_t step_ = 0;
};

}  // namespace thespis::sim::detail
