#include <algorithm>

#include <thespis/properties/choice_tape.hpp>

namespace thespis::properties {
namespace {

/// Whether [begin, end) lies inside one of the calm ranges already.
bool already_calm(const ChoiceTape& tape, std::uint64_t begin, std::uint64_t end) {
  return std::any_of(tape.calm.begin(), tape.calm.end(),
                     [&](const sim::ChoiceRange& r) { return r.begin <= begin && end <= r.end; });
}

/// `tape` with [begin, end) calm, its ranges merged.
ChoiceTape with_calm(ChoiceTape tape, std::uint64_t begin, std::uint64_t end) {
  tape.calm.push_back({begin, end});
  std::sort(tape.calm.begin(), tape.calm.end(),
            [](const sim::ChoiceRange& a, const sim::ChoiceRange& b) { return a.begin < b.begin; });
  std::vector<sim::ChoiceRange> merged;
  for (const sim::ChoiceRange& r : tape.calm) {
    if (!merged.empty() && r.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, r.end);
    } else {
      merged.push_back(r);
    }
  }
  tape.calm = std::move(merged);
  return tape;
}

ChoiceTape calm_from(ChoiceTape tape, std::uint64_t from) {
  tape.calm_from = from;
  std::erase_if(tape.calm, [from](const sim::ChoiceRange& r) { return r.begin >= from; });
  for (sim::ChoiceRange& r : tape.calm) r.end = std::min(r.end, from);
  return tape;
}

}  // namespace

void ChoiceTape::apply_to(scenario::RunOptions& options) const {
  options.seed = seed;
  options.tape.clear();
  options.calm_choices = calm_ranges();
}

std::vector<sim::ChoiceRange> ChoiceTape::calm_ranges() const {
  std::vector<sim::ChoiceRange> ranges = calm;
  if (calm_from != unbounded) ranges.push_back({calm_from, unbounded});
  return ranges;
}

std::string to_string(const ChoiceTape& tape) {
  if (tape.all_calm()) return "calm tape";
  std::string out = "seed " + std::to_string(tape.seed);
  if (tape.calm_from != ChoiceTape::unbounded) {
    out += ", calm from choice " + std::to_string(tape.calm_from);
  }
  for (const sim::ChoiceRange& r : tape.calm) {
    out += ", calm [" + std::to_string(r.begin) + ", " + std::to_string(r.end) + ")";
  }
  return out;
}

std::vector<ChoiceTape> simpler_tapes(const ChoiceTape& tape) {
  std::vector<ChoiceTape> out;
  if (tape.all_calm()) return out;
  out.push_back(calm_from(tape, 0));
  if (tape.calm_from == ChoiceTape::unbounded) {
    // The run's length is not known here: try calm tails from short to long prefixes.
    for (std::uint64_t from = 16; from <= (std::uint64_t{1} << 22); from *= 4) {
      out.push_back(calm_from(tape, from));
    }
    return out;
  }
  const std::uint64_t length = tape.calm_from;
  for (std::uint64_t from = length / 2; from > 0 && from < length;
       from += (length - from + 1) / 2) {
    out.push_back(calm_from(tape, from));
    if (length - from <= 1) break;
  }
  const std::uint64_t smallest = std::max<std::uint64_t>(8, length / 16);
  for (std::uint64_t chunk = length / 2; chunk >= smallest; chunk /= 2) {
    for (std::uint64_t begin = 0; begin < length; begin += chunk) {
      const std::uint64_t end = std::min(begin + chunk, length);
      if (!already_calm(tape, begin, end)) out.push_back(with_calm(tape, begin, end));
    }
  }
  return out;
}

}  // namespace thespis::properties
