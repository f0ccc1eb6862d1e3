// The choice tape's text form and the trace's JSON lines on a multi-node run.
#include <sstream>

#include <gtest/gtest.h>

#include <thespis/sim/choice_source.hpp>

#include "support/echo_world.hpp"

using namespace std::chrono_literals;
using thespis::sim::Simulation;

namespace thespis::testing {
namespace {

TEST(Tape, TextFormRunLengthEncodesZeros) {
  const std::vector<std::uint64_t> tape{3, 0, 0, 0, 0, 17, 0, 5};
  const std::string text = sim::tape_to_text(tape, 42);
  EXPECT_EQ(text, "thespis-tape 2 seed=42 choices=8\n3 0*4 17 0 5\n");
  EXPECT_EQ(sim::tape_from_text(text, "t.tape"), tape);
}

// Version 1 tapes were written before every run began with its swarm choice: read with a 0 (no
// swarm mix) in front, they replay the run they recorded.
TEST(Tape, AVersionOneTapeIsReadWithoutASwarmMix) {
  EXPECT_EQ(sim::tape_from_text("thespis-tape 1 choices=3\n3 0 5\n", "old.tape"),
            (std::vector<std::uint64_t>{0, 3, 0, 5}));
}

TEST(Tape, LongTapesWrapAndRoundTrip) {
  std::vector<std::uint64_t> tape;
  for (std::uint64_t i = 0; i < 5000; ++i) tape.push_back(i % 7 == 0 ? 0 : i * 7919);
  const std::string text = sim::tape_to_text(tape);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 100u);
  EXPECT_EQ(sim::tape_from_text(text, "t.tape"), tape);
}

void expect_tape_error(const std::string& text, const std::string& expected) {
  try {
    sim::tape_from_text(text, "bad.tape");
    FAIL() << "accepted: " << text;
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), expected);
  }
}

TEST(Tape, MalformedTapesNameFileLineAndToken) {
  expect_tape_error("hello\n", "bad.tape:1: header: expected a line starting with 'thespis-tape'");
  expect_tape_error("thespis-tape 1\n1 2\n3 x 4\n",
                    "bad.tape:3: tape: 'x' is not a choice (a number or 0*COUNT)");
  expect_tape_error("thespis-tape 1\n2*3\n",
                    "bad.tape:2: tape: '2*3': only zeros are run-length encoded (0*COUNT)");
  expect_tape_error("thespis-tape 1 choices=3\n1 2\n",
                    "bad.tape:2: choices: header declares 3 choices, found 2");
  expect_tape_error("thespis-tape 9\n", "bad.tape:1: version: unsupported tape version 9");
}

// Runs of zeros are cheap to write and eight bytes a choice to hold: the reader bounds the sum
// (the tape fuzzer asked for 10 GB with a few runs).
TEST(Tape, ATapeLongerThanTheBoundIsRefused) {
  const std::string bound = std::to_string(sim::max_tape_choices);
  expect_tape_error(
      "thespis-tape 1\n0*4294967296\n",
      "bad.tape:2: tape: '0*4294967296': the tape is longer than " + bound + " choices");
  expect_tape_error("thespis-tape 1\n0*" + std::to_string(sim::max_tape_choices - 1) + " 0*2\n",
                    "bad.tape:2: tape: '0*2': the tape is longer than " + bound + " choices");
  expect_tape_error("thespis-tape 1\n0*" + bound + " 7\n",
                    "bad.tape:2: tape: '7': the tape is longer than " + bound + " choices");
}

TEST(Tape, MissingFileIsAnError) { EXPECT_THROW(sim::load_tape("/nonexistent/x.tape"), Error); }

TEST(TraceLines, MultiNodeRunWritesNodesKindsAndMessages) {
  sim::SimOptions options = echo_options(2, sim::NetworkProfile::udp);
  options.record_trace = true;
  options.network.defaults.drop = 0.2;
  Simulation sim(options);
  ActorSystem client(sim.system("client"));
  start_echo<echo::RetryingEchoRequestor>(client, 20);
  ASSERT_TRUE(client.listen(10s));
  std::ostringstream out;
  sim.trace().write_jsonl(out);
  const std::string jsonl = out.str();
  EXPECT_NE(jsonl.find("\"node\":\"client\""), std::string::npos);
  EXPECT_NE(jsonl.find("\"node\":\"server\""), std::string::npos);
  EXPECT_NE(jsonl.find("\"kind\":\"drop\""), std::string::npos);
  EXPECT_NE(jsonl.find("\"text\":\"lost\""), std::string::npos);
  EXPECT_NE(jsonl.find("\"type\":\"Ping\""), std::string::npos);
  std::size_t lines = 0;
  for (char c : jsonl) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, sim.trace().event_count());
  const auto& last = sim.trace().events().back();
  EXPECT_EQ(last.hash, sim.trace_hash());
}

}  // namespace
}  // namespace thespis::testing
