#include "tally/tally.hpp"

namespace tally {

Tally::Tally() {
  on<Add>([this](const Add& add, const thespis::ActorAddress& from) {
    total_ += add.amount;
    send(from, Total{total_});
  });
}

}  // namespace tally
