// gen::choice_tape(): the luck of a run as a ChoiceTape. Size 0 (RapidCheck's first case) is the
// calm tape; other sizes draw a seed over the whole 64 bits. Shrinking calms the tape (see
// simpler_tapes): everything, then a tail, then chunks of what is left.
#pragma once

#include <ostream>

#include <rapidcheck.h>

#include <thespis/properties/choice_tape.hpp>

namespace thespis::properties::gen {

inline rc::Gen<ChoiceTape> choice_tape() {
  return [](const rc::Random& random, int size) {
    ChoiceTape tape;
    tape.seed = rc::Random(random).next();
    if (size == 0) tape.calm_from = 0;
    return rc::shrinkable::shrinkRecur(
        tape, [](const ChoiceTape& t) { return rc::seq::fromContainer(simpler_tapes(t)); });
  };
}

}  // namespace thespis::properties::gen

namespace thespis::properties {
inline void showValue(const ChoiceTape& tape, std::ostream& os) { os << to_string(tape); }
}  // namespace thespis::properties
