// Calm choices: a calmed choice is 0 and every other keeps what the seed gives it; the tapes a
// ChoiceTape shrinks to are calmer, most drastic first.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/properties/choice_tape.hpp>
#include <thespis/sim/choice_source.hpp>

namespace {

using thespis::properties::ChoiceTape;
using thespis::properties::simpler_tapes;
using thespis::sim::ChoiceSource;

std::vector<std::uint64_t> draw(ChoiceSource source, int count) {
  for (int i = 0; i < count; ++i) source.choose(1000);
  return source.tape();
}

TEST(CalmChoices, AreZeroWhileEveryOtherChoiceKeepsItsValue) {
  const auto free = draw(ChoiceSource(42), 100);
  const auto calmed = draw(ChoiceSource(42, {{90, 200}, {10, 20}, {15, 30}}), 100);
  ASSERT_EQ(calmed.size(), 100u);
  for (std::size_t i = 0; i < 100; ++i) {
    const bool calm = (i >= 10 && i < 30) || i >= 90;
    EXPECT_EQ(calmed[i], calm ? 0 : free[i]) << "choice " << i;
  }
  EXPECT_NE(std::count(free.begin(), free.end(), 0), 100) << "the seed draws something";
}

TEST(CalmChoices, ATapeThatIsAllCalmHasNothingSimpler) {
  ChoiceTape tape;
  tape.calm_from = 0;
  EXPECT_TRUE(simpler_tapes(tape).empty());
}

TEST(CalmChoices, AnUnboundedTapeFirstTriesAllCalmThenCalmTailsFromShortPrefixes) {
  ChoiceTape tape;
  tape.seed = 5;
  const auto simpler = simpler_tapes(tape);
  ASSERT_GE(simpler.size(), 3u);
  EXPECT_TRUE(simpler[0].all_calm());
  for (std::size_t i = 2; i < simpler.size(); ++i) {
    EXPECT_LT(simpler[i - 1].calm_from, simpler[i].calm_from);
  }
  for (const ChoiceTape& t : simpler) EXPECT_EQ(t.seed, 5u);
}

TEST(CalmChoices, ABoundedTapeCalmsLongerTailsThenChunksItHasNotCalmedYet) {
  ChoiceTape tape;
  tape.calm_from = 256;
  tape.calm = {{0, 64}};
  for (const ChoiceTape& t : simpler_tapes(tape)) {
    const bool calmer_tail = t.calm_from < 256;
    const bool more_chunks =
        t.calm_from == 256 && t.calm.size() >= 1 && (t.calm.size() > 1 || t.calm[0].end > 64);
    EXPECT_TRUE(calmer_tail || more_chunks) << to_string(t);
    for (const auto& r : t.calm) EXPECT_LE(r.end, t.calm_from) << to_string(t);
  }
}

}  // namespace
