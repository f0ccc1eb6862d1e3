#include "progress.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>

namespace thespis::cli {

using Clock = std::chrono::steady_clock;

ProgressLine::ProgressLine(bool on) : on_(on), start_(Clock::now()) {}

void ProgressLine::update(const scenario::ExploreSummary& summary) {
  if (!on_) return;
  const bool last = summary.runs == summary.range.count;
  if (!last && Clock::now() - drawn_ < std::chrono::milliseconds(100)) return;
  draw(summary);
}

void ProgressLine::finish(const scenario::ExploreSummary& summary) {
  if (!on_) return;
  draw(summary);
  std::cerr << '\n' << std::flush;
}

void ProgressLine::draw(const scenario::ExploreSummary& summary) {
  drawn_ = Clock::now();
  const double elapsed = std::chrono::duration<double>(drawn_ - start_).count();
  // "\033[K" clears what a longer line left to the right.
  std::cerr << '\r' << progress_text(summary.runs, summary.range.count, summary.failed, elapsed)
            << "\033[K" << std::flush;
}

std::string format_eta(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::llround(std::max(seconds, 0.0)));
  if (s >= 3600) {
    return std::to_string(s / 3600) + "h " + (s % 3600 / 60 < 10 ? "0" : "") +
           std::to_string(s % 3600 / 60) + "min";
  }
  if (s >= 60) return std::to_string(s / 60) + "min " + std::to_string(s % 60) + "s";
  return std::to_string(s) + "s";
}

std::string progress_text(std::uint64_t done, std::uint64_t total, std::uint64_t failed,
                          double elapsed_s) {
  std::string text = "explore: " + std::to_string(done) + "/" + std::to_string(total) + " seeds";
  if (total > 0) {
    text += " (" + std::to_string(done * 100 / total) + "%)";
  }
  text += ", " + std::to_string(failed) + " failed";
  if (done == 0 || elapsed_s <= 0) return text;
  const double rate = static_cast<double>(done) / elapsed_s;
  text += ", " + std::to_string(std::llround(rate)) + " seeds/s";
  if (done < total) text += ", ETA " + format_eta(static_cast<double>(total - done) / rate);
  return text;
}

}  // namespace thespis::cli
