// The messages of the loadable test library's Account actor. The test program links these (it
// sends and receives them) but not the actor, which only `thespis node --load` runs.
#pragma once

#include <cstdint>

#include <thespis/message_type.hpp>

namespace loadable {

struct Credit {
  std::int64_t amount = 0;
};
THESPIS_MESSAGE(Credit, amount)

struct Balance {
  std::int64_t total = 0;
};
THESPIS_MESSAGE(Balance, total)

}  // namespace loadable
