// explore's progress line, for a person at a terminal: seeds done, failures, seeds per second
// and the time left, redrawn in place on stderr at most ten times a second. Not shown at all
// when stderr is not a terminal (a log gets the summary only). It reads the wall clock, which
// only this line ever sees: the summary and the runs do not depend on it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <thespis/scenario/explorer.hpp>

namespace thespis::cli {

class ProgressLine {
 public:
  /// Shown only if `on` (explore passes: stderr is a terminal and --quiet was not given).
  explicit ProgressLine(bool on);

  bool on() const { return on_; }
  /// Redraws the line if the last drawing is old enough (or this is the last seed).
  void update(const scenario::ExploreSummary& summary);
  /// Draws the line a last time and ends it, so that what follows starts on a new line.
  void finish(const scenario::ExploreSummary& summary);

 private:
  void draw(const scenario::ExploreSummary& summary);

  bool on_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point drawn_{};
};

/// "2h 05min", "3min 07s", "12s": a wall-clock span rounded to what a person reads.
std::string format_eta(double seconds);

/// The progress line's text, e.g. "explore: 1200/5000 seeds (24%), 3 failed, 850 seeds/s,
/// ETA 4s".
std::string progress_text(std::uint64_t done, std::uint64_t total, std::uint64_t failed,
                          double elapsed_s);

}  // namespace thespis::cli
