// The echo example as a scenario app (`app: echo`), with its checks.
#include <algorithm>

#include <thespis/scenario/app.hpp>

#include "echo/echo.hpp"

namespace echo {
namespace {

template <class Visit>
void for_each_requestor(thespis::sim::Simulation& sim, Visit visit) {
  for (EchoRequestor* r : sim.actors<EchoRequestor>()) visit(*r);
  for (RetryingEchoRequestor* r : sim.actors<RetryingEchoRequestor>()) visit(*r);
}

thespis::scenario::App make_app() {
  thespis::scenario::App app;
  app.name = "echo";
  app.description = "Thespian's distributed echo: requestors ping an echo server";
  app.actor_types = {"EchoServer", "EchoRequestor", "RetryingEchoRequestor"};
  app.checks["all_pongs"] = {"every requestor has all its pongs",
                             [](thespis::sim::Simulation& sim) {
                               bool done = true;
                               int seen = 0;
                               for_each_requestor(sim, [&](const EchoRequestor& r) {
                                 done = done && r.done();
                                 ++seen;
                               });
                               return seen > 0 && done;
                             }};
  app.checks["no_extra_pongs"] = {
      "no requestor counts more pongs than it sent pings", [](thespis::sim::Simulation& sim) {
        bool ok = true;
        for_each_requestor(sim,
                           [&](const EchoRequestor& r) { ok = ok && r.received() <= r.wanted(); });
        return ok;
      }};
  return app;
}

}  // namespace

THESPIS_APP(echo, make_app);

}  // namespace echo
