// A counter actor: Add{amount} adds to its total and answers Total{value}. A program that
// includes this header registers Tally; tally_cli does not include it, so only linking the
// library whole registers Tally and the tally app there.
#pragma once

#include <cstdint>

#include <thespis/thespis.hpp>

namespace tally {

struct Add {
  std::int64_t amount = 0;
};
THESPIS_MESSAGE(Add, amount)

struct Total {
  std::int64_t value = 0;
};
THESPIS_MESSAGE(Total, value)

class Tally : public thespis::Actor {
 public:
  Tally();
  std::int64_t total() const { return total_; }

 private:
  std::int64_t total_ = 0;
};
THESPIS_ACTOR(Tally)

}  // namespace tally
