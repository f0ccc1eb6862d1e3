// Each traced event names the event it follows from (TraceEvent::cause): a message's arrival its
// send, a timer's firing its setting. The cause is for reading the run; it stays out of the hash.
#include <chrono>
#include <map>

#include <gtest/gtest.h>

#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

#include "support/protocol_fixture.hpp"

using namespace std::chrono_literals;

namespace thespis::testing {
namespace {

struct CauseSink : Actor {};
THESPIS_ACTOR(CauseSink, requires_capability("Sink"))

/// Sends 0..199 to the address it is given.
struct CauseSource : Actor {
  CauseSource() {
    on<ActorAddress>([this](const ActorAddress& to, const ActorAddress&) {
      for (std::int64_t i = 0; i < 200; ++i) send(to, i);
    });
  }
};
THESPIS_ACTOR(CauseSource)

/// Sets a 1 s timer when told "wake".
struct Sleeper : Actor {
  Sleeper() {
    on<std::string>([this](const std::string&, const ActorAddress&) { wakeup_after(1s, 7); });
  }
};
THESPIS_ACTOR(Sleeper)

/// Asks to be told of convention changes.
struct CauseWatcher : Actor {
  CauseWatcher() { notify_on_system_registration_changes(true); }
};
THESPIS_ACTOR(CauseWatcher)

sim::SimOptions lossy_udp() {
  sim::SimOptions options;
  options.seed = 3;
  options.log_level = LogLevel::error;
  options.nodes = {{"a", {}, {}}, {"b", {{"Sink", true}}, {}}};
  options.network.profile = sim::NetworkProfile::udp;
  options.network.defaults.latency = sim::Latency::uniform_in(1ms, 20ms);
  options.network.defaults.duplicate = 0.2;
  options.network.defaults.drop = 0.1;
  return options;
}

/// Runs the lossy exchange; its simulation, with the trace recorded.
void run_lossy(ProtocolTrace& trace) {
  ActorSystem& a = trace.system("a");
  const ActorAddress sink = a.create_actor<CauseSink>();
  const ActorAddress source = a.create_actor<CauseSource>();
  a.tell(source, sink);
  trace.sim().run_for(2s);
}

TEST(TraceCause, EveryArrivalNamesItsSendAndDuplicatesShareIt) {
  ProtocolTrace trace(lossy_udp());
  run_lossy(trace);
  const std::vector<sim::TraceEvent>& events = trace.sim().trace().events();
  std::map<std::uint64_t, int> arrivals;  // send index -> deliveries naming it
  std::size_t delivered = 0;
  std::size_t dropped = 0;
  for (const sim::TraceEvent& event : events) {
    if (event.kind == sim::TraceKind::send) {
      EXPECT_FALSE(event.cause) << event.to_string();
      EXPECT_EQ(event.to_json().find("\"cause\""), std::string::npos);
      continue;
    }
    const bool arrival = event.kind == sim::TraceKind::deliver ||
                         event.kind == sim::TraceKind::drop ||
                         event.kind == sim::TraceKind::duplicate;
    if (!arrival || !event.message.is<std::int64_t>()) continue;
    ASSERT_TRUE(event.cause) << event.to_string();
    ASSERT_LT(*event.cause, event.index);
    const sim::TraceEvent& send = events[*event.cause];
    EXPECT_EQ(send.kind, sim::TraceKind::send) << event.to_string();
    EXPECT_EQ(send.actor, event.other) << event.to_string();
    EXPECT_EQ(send.other, event.actor) << event.to_string();
    EXPECT_EQ(send.message.get<std::int64_t>(), event.message.get<std::int64_t>());
    EXPECT_NE(event.to_json().find(",\"cause\":" + std::to_string(*event.cause) + "}"),
              std::string::npos)
        << event.to_json();
    if (event.kind == sim::TraceKind::deliver) {
      ++arrivals[*event.cause];
      ++delivered;
    }
    if (event.kind == sim::TraceKind::drop) ++dropped;
  }
  EXPECT_EQ(delivered, 200 - trace.sim().frames_lost() + trace.sim().frames_duplicated());
  EXPECT_GT(dropped, 5u);
  std::size_t twice = 0;
  for (const auto& [send, count] : arrivals) {
    EXPECT_LE(count, 2) << "send #" << send;
    if (count == 2) ++twice;
  }
  EXPECT_GT(twice, 10u) << "both deliveries of a duplicated frame name the one send";
}

TEST(TraceCause, ATimersFiringNamesItsSettingAndItsDeliveryTheFiring) {
  ProtocolTrace trace;
  ActorSystem& system = trace.system();
  const ActorAddress sleeper = system.create_actor<Sleeper>();
  system.tell(sleeper, std::string("wake"));
  trace.sim().run_for(2s);
  const std::vector<sim::TraceEvent>& events = trace.sim().trace().events();
  std::size_t fired = 0;
  for (const sim::TraceEvent& event : events) {
    if (event.kind != sim::TraceKind::timer_fire) continue;
    ++fired;
    ASSERT_TRUE(event.cause);
    EXPECT_EQ(events[*event.cause].kind, sim::TraceKind::timer_set);
    EXPECT_EQ(events[*event.cause].actor, sleeper);
    const auto delivery =
        std::find_if(events.begin() + static_cast<std::ptrdiff_t>(event.index), events.end(),
                     [&](const sim::TraceEvent& e) {
                       return e.kind == sim::TraceKind::deliver && e.message.is<WakeupMessage>();
                     });
    ASSERT_NE(delivery, events.end());
    EXPECT_EQ(delivery->cause, event.index);
  }
  EXPECT_EQ(fired, 1u);
}

TEST(TraceCause, AConventionUpdateNamesTheConventionEventItReports) {
  sim::SimOptions options;
  options.log_level = LogLevel::error;
  options.nodes = {{"a", {}, {}}, {"b", {}, {}}, {"c", {}, {}}};
  ProtocolTrace trace(options);
  const ActorAddress watcher = trace.system("a").create_actor<CauseWatcher>();
  trace.sim().crash("c");
  trace.sim().run_for(5s);
  const std::vector<sim::TraceEvent>& events = trace.sim().trace().events();
  std::vector<std::string> reported;
  for (const sim::TraceEvent& event : events) {
    if (event.kind != sim::TraceKind::deliver || event.actor != watcher ||
        !event.message.is<ActorSystemConventionUpdate>())
      continue;
    ASSERT_TRUE(event.cause) << event.to_string();
    const sim::TraceEvent& seen = events[*event.cause];
    EXPECT_EQ(seen.kind, sim::TraceKind::convention);
    EXPECT_EQ(seen.actor.system(), watcher.system()) << "the watcher's node saw it";
    reported.push_back(seen.text);
  }
  EXPECT_EQ(reported, std::vector<std::string>{"lost c"});
}

// That the cause stays out of the hash: tests/scenarios/trace_file_test.cpp compares a bundled
// scenario's hash with the one recorded before causes existed.

}  // namespace
}  // namespace thespis::testing
