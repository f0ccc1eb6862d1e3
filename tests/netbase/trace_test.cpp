// Tracing a tcp or udp system (trace_control.hpp): once its admin traces, what its actors do is
// recorded in their own processes and gathered by the admin, so that a run on real processes
// reads like a simulated one.
#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/net/secret.hpp>
#include <thespis/net/trace_control.hpp>
#include <thespis/thespis.hpp>

#include "support/processes.hpp"
#include "support/raw_peer.hpp"

using namespace std::chrono_literals;

namespace thespis::net {
namespace {

/// "go": creates a partner and sends it 4; each side sends the count less one back until 0, then
/// the one that got 0 logs and says "over", and the starter waits 10 ms (a timer) and answers
/// "done" to whoever said "go".
class Rally : public Actor {
 public:
  Rally() {
    on<std::string>([this](const std::string& word, const ActorAddress& from) {
      if (word == "over") return wakeup_after(10ms);
      asker_ = from;
      send(create_actor<Rally>(), std::int64_t{4});
    });
    on<std::int64_t>([this](std::int64_t count, const ActorAddress& from) {
      if (count > 0) return send(from, count - 1);
      log(LogLevel::warning, "rally over");
      send(from, std::string("over"));
    });
    on<WakeupMessage>([this](const WakeupMessage&) { send(asker_, std::string("done")); });
  }

 private:
  ActorAddress asker_;
};
THESPIS_ACTOR(Rally)

/// "go" with a count: sends itself the count, less one each time, and says "done" at 0.
class Countdown : public Actor {
 public:
  Countdown() {
    on<std::int64_t>([this](std::int64_t count, const ActorAddress& from) {
      if (count == 0) return send(asker_, std::string("done"));
      if (from != my_address()) asker_ = from;
      send(my_address(), count - 1);
    });
  }

 private:
  ActorAddress asker_;
};
THESPIS_ACTOR(Countdown)

/// The admin's trace once it holds an event `last` accepts; what it holds after 10 s otherwise.
template <typename Last>
std::vector<TracedEvent> collect_trace_until(std::uint16_t port, Last last) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  std::vector<TracedEvent> events = collect_trace(port);
  while (std::none_of(events.begin(), events.end(), last) &&
         std::chrono::steady_clock::now() < deadline) {
    events = collect_trace(port);
  }
  return events;
}

class Tracing : public ::testing::TestWithParam<std::string> {
 protected:
  /// A system of the base under test on a port of its own.
  ActorSystem start(std::uint16_t port) {
    SystemOptions options;
    options.admin_port = port;
    options.log_level = LogLevel::error;
    return ActorSystem(GetParam(), options);
  }
};

TEST_P(Tracing, RecordsWhatEachActorProcessDidAndMergesItInTimeOrder) {
  const std::uint16_t port = free_local_port();
  ActorSystem system = start(port);
  EXPECT_TRUE(start_tracing(port).enabled);
  const ActorAddress starter = system.create_actor<Rally>();
  ASSERT_TRUE(system.ask(starter, std::string("go"), 10s));

  // A turn's events go to the admin on the process's admin connection as the turn ends, while
  // the reply takes the actors' own transport: the reply may arrive first. So the trace is read
  // until it holds the run's last event, the starter's "done".
  const std::vector<TracedEvent> events = collect_trace_until(port, [](const TracedEvent& e) {
    return e.kind == "send" && e.message.find("done") != std::string::npos;
  });
  std::map<std::string, int> kinds;
  ActorAddress partner;
  for (const TracedEvent& e : events) {
    ++kinds[e.kind];
    EXPECT_EQ(e.node, "127.0.0.1:" + std::to_string(port)) << "stamped by its admin";
    if (e.kind == "create") {
      EXPECT_EQ(e.other, starter);
      EXPECT_EQ(e.text, "Rally");
      partner = e.actor;
    }
  }
  EXPECT_EQ(kinds["start"], 2) << "the starter and its partner";
  EXPECT_EQ(kinds["create"], 1);
  EXPECT_EQ(kinds["timer_set"], 1);
  EXPECT_EQ(kinds["timer_fire"], 1);
  EXPECT_EQ(kinds["log"], 1);
  // Every message between the two actors was sent once and delivered once: 4,3,2,1,0, "over".
  std::multiset<std::tuple<std::string, std::string, std::string>> sent, delivered;
  for (const TracedEvent& e : events) {
    const bool between =
        (e.actor == starter && e.other == partner) || (e.actor == partner && e.other == starter);
    if (!between) continue;
    if (e.kind == "send") sent.insert({e.actor.to_string(), e.other.to_string(), e.message});
    if (e.kind == "deliver")
      delivered.insert({e.other.to_string(), e.actor.to_string(), e.message});
  }
  EXPECT_EQ(sent.size(), 6u);
  EXPECT_EQ(sent, delivered);

  // Merged: one line per event, indexed from 0, in time order counted from the first.
  const std::string jsonl = trace_jsonl(events);
  std::int64_t last = -1;
  std::size_t lines = 0;
  for (std::size_t at = 0; at < jsonl.size();) {
    const std::size_t end = jsonl.find('\n', at);
    ASSERT_NE(end, std::string::npos);
    const std::string line = jsonl.substr(at, end - at);
    EXPECT_EQ(line.rfind("{\"index\":" + std::to_string(lines) + ",", 0), 0u) << line;
    const auto time_at = line.find("\"time_ns\":") + 10;
    const std::int64_t time = std::stoll(line.substr(time_at));
    if (lines == 0) {
      EXPECT_EQ(time, 0);
    }
    EXPECT_GE(time, last) << line;
    last = time;
    ++lines;
    at = end + 1;
  }
  EXPECT_EQ(lines, events.size());

  const auto processes = testing::processes_of(port);
  system.shutdown();
  testing::expect_all_ended(processes);
}

TEST_P(Tracing, AFetchAsksForNoMoreThanOneChunkWhateverItSays) {
  const std::uint16_t port = free_local_port();
  ActorSystem system = start(port);
  EXPECT_TRUE(start_tracing(port).enabled);
  const ActorAddress counter = system.create_actor<Countdown>();
  ASSERT_TRUE(system.ask(counter, std::int64_t{1500}, 10s));
  const std::size_t kept = collect_trace_until(port, [](const TracedEvent& e) {
                             return e.kind == "send" && e.message.find("done") != std::string::npos;
                           }).size();
  ASSERT_GT(kept, 3000u) << "a send and a delivery for each count";

  // A peer that asks for every event at once, and one that asks from past the end.
  for (const auto& [from, expected] :
       {std::pair{std::uint64_t{0}, std::size_t{2000}}, std::pair{UINT64_MAX, std::size_t{0}}}) {
    testing::RawPeer peer(port);
    ASSERT_TRUE(peer.authenticate(Secret::load()));
    ASSERT_TRUE(peer.write(testing::raw_frame("NetTraceFetch", [&](Encoder& e) {
      e.begin_array(2);
      e.write_uint(from);
      e.write_uint(UINT64_MAX);
    })));
    peer.shutdown_sending();
    const std::string answer = peer.read_to_end(std::size_t{64} << 20);
    ASSERT_GT(answer.size(), 4u);
    ByteDecoder decoder;
    // [length][version, "NetTraceChunk", sender, recipient, [events, total]]
    const Decoder frame = decoder.parse(std::string_view(answer).substr(4));
    EXPECT_EQ(frame.element(1).read_string(), "NetTraceChunk");
    EXPECT_EQ(frame.element(4).element(0).array_size(), expected) << "from " << from;
    EXPECT_EQ(frame.element(4).element(1).read_uint(), kept);
  }
  system.shutdown();
}

TEST_P(Tracing, AnAdminThatIsNotTracingRecordsNothing) {
  const std::uint16_t port = free_local_port();
  ActorSystem system = start(port);
  const ActorAddress starter = system.create_actor<Rally>();
  ASSERT_TRUE(system.ask(starter, std::string("go"), 10s));
  EXPECT_TRUE(collect_trace(port).empty());
  system.shutdown();
}

INSTANTIATE_TEST_SUITE_P(Bases, Tracing, ::testing::Values("tcp", "udp"),
                         [](const auto& param) { return param.param; });

}  // namespace
}  // namespace thespis::net
