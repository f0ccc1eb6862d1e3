// ChoiceSource: the single point through which every nondeterministic decision of a
// simulation passes (which ready actor runs next, each random() an actor draws, and later
// every delay, drop and fault). The sequence of decisions is the *choice tape*. A seed
// generates a tape; a recorded tape replays the run exactly, with or without the seed. A
// choice of 0 always means "calm" (the first ready actor, no fault), and a replayed tape that
// runs out continues calm, so shortening a tape moves toward a calm world.
//
// Owned by one Simulation; single-threaded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace thespis::sim {

/// The choices numbered [begin, end) of a run (0 is its first choice).
struct ChoiceRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

class ChoiceSource {
 public:
  /// Generates choices from `seed` (xoshiro256** seeded through splitmix64).
  explicit ChoiceSource(std::uint64_t seed);
  /// Generates choices from `seed`, except that a choice numbered inside one of `calm` is 0.
  /// The calmed choice still draws its random bits, so every other choice keeps the value the
  /// seed gives it: calming part of a run changes only what depends on that part. This is how
  /// a property's generated tape shrinks toward the calm world without losing its failure.
  ChoiceSource(std::uint64_t seed, std::vector<ChoiceRange> calm);
  /// Replays `tape`; past its end every choice is 0.
  static ChoiceSource replay(std::vector<std::uint64_t> tape);

  /// A choice in [0, options). A choice among fewer than two options is no choice: it returns
  /// 0 and is neither drawn nor recorded.
  std::uint64_t choose(std::uint64_t options);
  /// 64 random bits, drawn as one choice.
  std::uint64_t bits();
  /// A choice in [0, options) that a strategy has already made (`preferred`): recorded as is
  /// when generating; read from the tape when replaying, like any other choice.
  std::uint64_t choose_as(std::uint64_t options, std::uint64_t preferred);

  bool replaying() const { return !seed_.has_value(); }

  /// The seed, if this source generates rather than replays.
  std::optional<std::uint64_t> seed() const { return seed_; }
  /// Every choice made so far, in order (the tape of this run).
  const std::vector<std::uint64_t>& tape() const { return tape_; }
  std::uint64_t choices_made() const { return tape_.size(); }

 private:
  ChoiceSource() = default;
  std::uint64_t next_generated();
  std::uint64_t next(std::uint64_t options);
  bool calm_now();

  std::optional<std::uint64_t> seed_;
  std::vector<ChoiceRange> calm_;  // sorted by begin
  std::size_t calm_cursor_ = 0;    // the first range that does not end before the next choice
  std::uint64_t state_[4] = {0, 0, 0, 0};
  std::vector<std::uint64_t> replay_;
  std::vector<std::uint64_t> tape_;
};

/// The longest tape the text form is read back with (8 bytes a choice in memory: 32 MiB). The
/// bundled scenarios' runs make under two thousand choices; the bound is for what a hostile
/// tape could make the reader allocate.
inline constexpr std::size_t max_tape_choices = std::size_t{1} << 22;

/// Writes a tape as compact text: a header line, then the choices in decimal with runs of zeros
/// written `0*N`. Throws Error if the file cannot be written.
void save_tape(const std::string& path, const std::vector<std::uint64_t>& tape,
               std::optional<std::uint64_t> seed = std::nullopt);
std::string tape_to_text(const std::vector<std::uint64_t>& tape,
                         std::optional<std::uint64_t> seed = std::nullopt);
/// Reads a tape written by save_tape; throws ScenarioError naming the file, line and the bad
/// token (also for a tape of more than max_tape_choices choices).
std::vector<std::uint64_t> load_tape(const std::string& path);
/// The same from the text itself; `origin` names it in errors.
std::vector<std::uint64_t> tape_from_text(std::string_view text, const std::string& origin);

}  // namespace thespis::sim
