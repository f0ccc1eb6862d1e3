// A user's actor type built as a shared library for `thespis node --load` (tests/netbase/
// load_test.cpp): not linked into any test program. Built without thespis' static libraries:
// it binds to those of the program that loads it.
#include "account.hpp"

#include <thespis/actor.hpp>
#include <thespis/actor_type.hpp>

namespace loadable {

/// Adds each Credit to its total and answers the new Balance.
class Account : public thespis::Actor {
 public:
  Account() {
    on<Credit>([this](const Credit& credit, const thespis::ActorAddress& sender) {
      total_ += credit.amount;
      send(sender, Balance{total_});
    });
  }

 private:
  std::int64_t total_ = 0;
};
THESPIS_ACTOR(Account)

}  // namespace loadable
