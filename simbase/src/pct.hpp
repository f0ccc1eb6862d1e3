// PCT (probabilistic concurrency testing, Burckhardt et al., ASPLOS 2010) over ready actors:
// every actor gets a random priority when first seen, the highest-priority ready actor runs,
// and at d - 1 randomly chosen steps the running actor drops below every initial priority.
// Its random numbers come from its own generator seeded from the run's seed; only its picks go
// on the choice tape, so a tape replays a PCT run without PCT.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include <thespis/sim/choice_source.hpp>

namespace thespis::sim::detail {

class PctScheduler {
 public:
  PctScheduler(std::uint64_t seed, int depth, std::uint64_t steps);
  /// The index in `ready` (actor ids) of the actor to run.
  std::uint64_t pick(const std::deque<std::uint64_t>& ready);

 private:
  std::uint64_t priority_of(std::uint64_t actor);

  ChoiceSource random_;
  std::map<std::uint64_t, std::uint64_t> priorities_;
  std::vector<std::uint64_t> change_points_;  // ascending step numbers
  std::size_t next_change_ = 0;
  std::uint64_t step_ = 0;
};

}  // namespace thespis::sim::detail
