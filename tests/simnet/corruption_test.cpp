// Corruption on a link damages the bytes of the frame it travels in, and only those: a frame
// never carries the bytes of another message encoded before it.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

#include "support/sim_support.hpp"

using namespace std::chrono_literals;
using thespis::sim::Simulation;

namespace thespis::testing {
namespace {

/// Counts what reaches it, empty messages included; answers "count" with the tally.
struct Tally : Actor {
  void receive(const Message& message, const ActorAddress& sender) override {
    if (message.is<std::string>() && message.get<std::string>() == "count") {
      send(sender, std::vector<std::int64_t>{empty, typed});
    } else if (message.empty()) {
      ++empty;
    } else {
      ++typed;
    }
  }
  std::int64_t empty = 0;
  std::int64_t typed = 0;
};
THESPIS_ACTOR(Tally, requires_capability("Tally"))

sim::SimOptions corrupting_link(sim::NetworkProfile profile) {
  sim::SimOptions options;
  options.log_level = LogLevel::error;
  options.record_trace = true;
  options.nodes = {{"a", {}, {}}, {"b", {{"Tally", true}}, {}}};
  options.network.profile = profile;
  options.network.links[{"a", "b"}] = {.latency = sim::Latency::fixed_at(1ms), .corrupt = 1.0};
  return options;
}

/// Sends a message with a body, then an empty one, from node a to a Tally on node b.
std::vector<std::int64_t> body_then_empty(Simulation& sim) {
  ActorSystem a(sim.system("a"));
  const ActorAddress tally = a.create_actor<Tally>();
  a.tell(tally, std::string("a body to damage"));
  sim.run_for(10ms);
  a.tell(tally, Message{});
  sim.run_for(10ms);
  ActorSystem b(sim.system("b"));  // asked on its own node, so the answer crosses no link
  return ask_for<std::vector<std::int64_t>>(b, tally, std::string("count"));
}

std::vector<std::string> corrupt_events(const Simulation& sim) {
  std::vector<std::string> found;
  for (const sim::TraceEvent& event : sim.trace().events()) {
    if (event.kind == sim::TraceKind::corrupt) found.push_back(event.to_string());
  }
  return found;
}

TEST(Corruption, AnEmptyMessageNeverCarriesTheBytesOfTheMessageBeforeIt) {
  for (const auto profile : {sim::NetworkProfile::udp, sim::NetworkProfile::tcp}) {
    Simulation sim(corrupting_link(profile));
    const std::vector<std::int64_t> tally = body_then_empty(sim);
    // The body was damaged and rejected; the empty message has no bytes to damage and arrives.
    EXPECT_EQ(sim.frames_corrupted(), 1u);
    ASSERT_EQ(corrupt_events(sim).size(), 1u);
    EXPECT_NE(corrupt_events(sim)[0].find("a body to damage"), std::string::npos);
    EXPECT_EQ(tally, (std::vector<std::int64_t>{1, 0}));
  }
}

}  // namespace
}  // namespace thespis::testing
