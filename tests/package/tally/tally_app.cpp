// The tally app for scenarios: nothing else in a program refers to this file, so it registers
// only when its library is linked whole.
#include <thespis/scenario/app.hpp>

#include "tally/tally.hpp"

namespace tally {
namespace {

bool total_is_ten(thespis::sim::Simulation& sim) {
  const auto tallies = sim.actors<Tally>();
  return !tallies.empty() && tallies.front()->total() == 10;
}

thespis::scenario::App make_app() {
  thespis::scenario::App app;
  app.name = "tally";
  app.description = "a counter";
  app.actor_types = {"Tally"};
  app.checks["total_is_ten"] = {"the counter reached 10", total_is_ten};
  return app;
}

}  // namespace
}  // namespace tally

THESPIS_APP(tally, tally::make_app);
