// Logs on every base: what an actor logs is one record of the system's merged log, with its
// level, its actor and its text, in the order logged. On the simulation the merged log is the
// trace (log events stamped with virtual time); on tcp and udp it is what the admin keeps and
// `thespis logs` shows (stamped with the wall clock).
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/net/log_record.hpp>
#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

#include "conformance/conformance_fixture.hpp"

using namespace std::chrono_literals;

namespace thespis::conformance {
namespace {

/// Logs an info line at once and a warning when its wakeup, 2 s later, fires; then tells the
/// one who asked.
class Diarist : public Actor {
 public:
  Diarist() {
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      asker_ = from;
      log(LogLevel::info, "starting " + text);
      wakeup_after(2s);
    });
    on<WakeupMessage>([this](const WakeupMessage&) {
      log(LogLevel::warning, "late by two seconds");
      send(asker_, std::string("done"));
    });
  }

 private:
  ActorAddress asker_;
};
THESPIS_ACTOR(Diarist)

struct Line {
  LogLevel level;
  ActorAddress source;
  std::string text;
  std::int64_t time_ns;  ///< virtual on the simulation, wall clock on tcp and udp
};

class LogsConformance : public Conformance {
 protected:
  void configure_sim(sim::SimOptions& options) override { options.record_trace = true; }

  /// The merged log's lines of `source`, oldest first.
  std::vector<Line> lines_of(const ActorAddress& source) {
    std::vector<Line> lines;
    if (simulated()) {
      for (const sim::TraceEvent& e : sim::Simulation::of(system()).trace().events()) {
        if (e.kind == sim::TraceKind::log && e.actor == source) {
          lines.push_back({e.level, e.actor, e.text, e.time.count()});
        }
      }
      return lines;
    }
    net::admin_logs(port_, {}, [&](const net::LogRecord& r) {
      if (r.source == source) lines.push_back({r.level, r.source, r.text, r.time_ns});
    });
    return lines;
  }
};

TEST_P(LogsConformance, AnActorsLinesAreRecordsWithLevelSourceAndTimeInOrder) {
  const ActorAddress diarist = system().create_actor<Diarist>();
  ASSERT_EQ(ask<std::string>(diarist, std::string("the day"), 30s), "done");
  const std::vector<Line> lines = lines_of(diarist);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].level, LogLevel::info);
  EXPECT_EQ(lines[0].text, "starting the day");
  EXPECT_EQ(lines[1].level, LogLevel::warning);
  EXPECT_EQ(lines[1].text, "late by two seconds");
  // Stamped when logged: two seconds apart (exactly, in virtual time).
  const std::int64_t apart = lines[1].time_ns - lines[0].time_ns;
  if (simulated()) {
    EXPECT_EQ(apart, std::chrono::nanoseconds(2s).count());
  } else {
    EXPECT_GE(apart, std::chrono::nanoseconds(2s).count());
    EXPECT_LT(apart, std::chrono::nanoseconds(20s).count());
  }
}

INSTANTIATE_TEST_SUITE_P(Bases, LogsConformance, configurations, configuration_name);

}  // namespace
}  // namespace thespis::conformance
