#include <algorithm>

#include <thespis/sim/choice_source.hpp>

namespace thespis::sim {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

ChoiceSource::ChoiceSource(std::uint64_t seed) : seed_(seed) {
  std::uint64_t s = seed;
  for (auto& word : state_) word = splitmix64(s);
}

ChoiceSource::ChoiceSource(std::uint64_t seed, std::vector<ChoiceRange> calm) : ChoiceSource(seed) {
  std::sort(calm.begin(), calm.end(),
            [](const ChoiceRange& a, const ChoiceRange& b) { return a.begin < b.begin; });
  calm_ = std::move(calm);
}

ChoiceSource ChoiceSource::replay(std::vector<std::uint64_t> tape) {
  ChoiceSource source;
  source.replay_ = std::move(tape);
  return source;
}

std::uint64_t ChoiceSource::next_generated() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

bool ChoiceSource::calm_now() {
  const std::uint64_t index = tape_.size();  // choices are numbered in order, so one pass suffices
  while (calm_cursor_ < calm_.size() && calm_[calm_cursor_].end <= index) ++calm_cursor_;
  for (std::size_t i = calm_cursor_; i < calm_.size() && calm_[i].begin <= index; ++i) {
    if (index < calm_[i].end) return true;  // ranges may overlap: look at each that has begun
  }
  return false;
}

std::uint64_t ChoiceSource::next(std::uint64_t options) {
  std::uint64_t value = 0;
  if (seed_) {
    const std::uint64_t bits = next_generated();
    __extension__ using Wide = unsigned __int128;  // multiply-shift: unbiased enough, no modulo
    value =
        options == 0 ? bits : static_cast<std::uint64_t>((static_cast<Wide>(bits) * options) >> 64);
    if (!calm_.empty() && calm_now()) value = 0;
  } else if (tape_.size() < replay_.size()) {
    value = replay_[tape_.size()];
    if (options != 0 && value >= options) value %= options;
  }
  tape_.push_back(value);
  return value;
}

std::uint64_t ChoiceSource::choose(std::uint64_t options) {
  return options < 2 ? 0 : next(options);
}

std::uint64_t ChoiceSource::bits() { return next(0); }

std::uint64_t ChoiceSource::choose_as(std::uint64_t options, std::uint64_t preferred) {
  if (options < 2) return 0;
  if (replaying()) return next(options);
  tape_.push_back(preferred);
  return preferred;
}

}  // namespace thespis::sim
