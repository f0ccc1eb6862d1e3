// The same seed gives the same trace hash; a recorded choice tape replays the run.
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include <thespis/sim/explore.hpp>

#include "support/sim_support.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using thespis::testing::sim_options;

namespace determinism_test {

struct Gossip {
  std::vector<ActorAddress> peers;
  std::int64_t hops = 0;
};
THESPIS_MESSAGE(Gossip, peers, hops)

/// Forwards gossip to a randomly drawn peer, sometimes after a random delay, until hops run
/// out: a workload whose schedule depends on every choice the simulation makes.
class Gossiper : public thespis::Actor {
 public:
  Gossiper() {
    on<Gossip>([this](Gossip g) {
      if (g.hops-- <= 0) return;
      const ActorAddress next = g.peers[random_below(g.peers.size())];
      if (random_below(4) == 0) {
        wakeup_after(std::chrono::microseconds(random_below(1000)), std::move(g));
      } else {
        send(next, std::move(g));
      }
    });
    on<thespis::WakeupMessage>([this](const thespis::WakeupMessage& w) {
      const Gossip& g = w.payload.get<Gossip>();
      send(g.peers[random_below(g.peers.size())], g);
    });
  }
};
THESPIS_ACTOR(Gossiper)

/// Runs the gossip workload; returns the simulation for inspection.
thespis::sim::Simulation run_workload(thespis::sim::SimOptions options) {
  options.log_level = thespis::LogLevel::error;
  thespis::sim::Simulation sim(options);
  thespis::ActorSystem system(sim.system());
  std::vector<ActorAddress> peers;
  for (int i = 0; i < 8; ++i) peers.push_back(system.create_actor<Gossiper>());
  for (const ActorAddress& p : peers) system.tell(p, Gossip{peers, 50});
  sim.run_until_quiescent();
  return sim;
}

thespis::sim::SimOptions seeded(std::uint64_t seed) {
  thespis::sim::SimOptions options;
  options.seed = seed;
  return options;
}

struct Note {
  std::string text;
  std::int64_t amount = 0;
};
THESPIS_MESSAGE(Note, text, amount)

/// Reads nothing of what it is sent: only the trace hash can tell two notes apart.
class Sink : public thespis::Actor {
 public:
  Sink() {
    on<Note>([](const Note&) {});
  }
};
THESPIS_ACTOR(Sink)

thespis::sim::Simulation run_note(Note note, bool codec) {
  thespis::sim::SimOptions options = seeded(1);
  options.record_trace = true;
  options.wire_codec = codec;
  thespis::sim::Simulation sim(options);
  thespis::ActorSystem system(sim.system());
  system.tell(system.create_actor<Sink>(), std::move(note));
  sim.run_until_quiescent();
  return sim;
}

}  // namespace determinism_test

using namespace determinism_test;

TEST(Determinism, SameSeedGivesTheSameTraceHash) {
  for (std::uint64_t seed : {1u, 2u, 99u}) {
    const auto first = run_workload(seeded(seed));
    const auto second = run_workload(seeded(seed));
    EXPECT_EQ(first.trace_hash(), second.trace_hash()) << "seed " << seed;
    EXPECT_EQ(first.trace().event_count(), second.trace().event_count());
    EXPECT_EQ(first.choices().tape(), second.choices().tape());
  }
}

TEST(Determinism, DifferentSeedsGiveDifferentTraceHashes) {
  std::set<std::uint64_t> hashes;
  for (std::uint64_t seed = 1; seed <= 20; ++seed)
    hashes.insert(run_workload(seeded(seed)).trace_hash());
  EXPECT_EQ(hashes.size(), 20u);
}

TEST(Determinism, ARecordedTapeReplaysTheRunWithoutTheSeed) {
  const auto original = run_workload(seeded(77));
  thespis::sim::SimOptions replay;
  replay.seed = 0;  // ignored: the tape decides
  replay.replay_tape = original.choices().tape();
  const auto replayed = run_workload(replay);
  EXPECT_EQ(replayed.trace_hash(), original.trace_hash());
  EXPECT_GT(original.choices().choices_made(), 100u) << "the workload should make many choices";
}

TEST(Determinism, AnAllZeroTapeIsCalmFifoScheduling) {
  thespis::sim::SimOptions calm;
  calm.replay_tape = {0};
  const auto first = run_workload(calm);
  const auto second = run_workload(calm);
  EXPECT_EQ(first.trace_hash(), second.trace_hash());
  for (const std::uint64_t choice : first.choices().tape()) EXPECT_EQ(choice, 0u);
}

TEST(Trace, RecordsStructuredEventsAndWritesJsonLines) {
  thespis::sim::SimOptions options = seeded(3);
  options.record_trace = true;
  const auto sim = run_workload(options);
  const auto& events = sim.trace().events();
  ASSERT_EQ(events.size(), sim.trace().event_count());
  std::set<thespis::sim::TraceKind> kinds;
  for (const auto& e : events) kinds.insert(e.kind);
  for (auto kind : {thespis::sim::TraceKind::create, thespis::sim::TraceKind::start,
                    thespis::sim::TraceKind::send, thespis::sim::TraceKind::deliver,
                    thespis::sim::TraceKind::timer_set, thespis::sim::TraceKind::timer_fire}) {
    EXPECT_TRUE(kinds.count(kind)) << to_string(kind);
  }
  std::ostringstream out;
  sim.trace().write_jsonl(out);
  const std::string text = out.str();
  EXPECT_EQ(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')), events.size());
  EXPECT_NE(text.find("\"kind\":\"deliver\""), std::string::npos);
  EXPECT_NE(text.find("Gossip{peers: ["), std::string::npos);
  // Recording does not change the run.
  EXPECT_EQ(sim.trace_hash(), run_workload(seeded(3)).trace_hash());
}

namespace determinism_test {

// Editing one field of one message must show in the hash, at the send that carries it, with the
// codec on or off (a replay of an edited scenario diverges there).
TEST(Trace, HashFoldsWhatEachMessageSays) {
  for (const bool codec : {true, false}) {
    const auto one = run_note({"x", 1}, codec);
    const auto two = run_note({"x", 2}, codec);
    EXPECT_EQ(one.trace_hash(), run_note({"x", 1}, codec).trace_hash());
    EXPECT_NE(one.trace_hash(), two.trace_hash()) << "codec " << codec;
    EXPECT_NE(one.trace_hash(), run_note({"y", 1}, codec).trace_hash()) << "codec " << codec;
    const auto at = thespis::sim::first_divergence(one.trace(), two.trace());
    ASSERT_TRUE(at);
    const auto& expected = one.trace().events()[*at];
    const auto& got = two.trace().events()[*at];
    EXPECT_EQ(expected.kind, thespis::sim::TraceKind::send);
    EXPECT_NE(expected.to_string().find("amount: 1"), std::string::npos) << expected.to_string();
    EXPECT_NE(got.to_string().find("amount: 2"), std::string::npos) << got.to_string();
  }
}

}  // namespace determinism_test
