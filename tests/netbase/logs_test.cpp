// The merged log of the tcp and udp bases: what actors log reaches their admin (kept, filtered,
// followed), and their warnings and errors also reach the convention's leader, so that
// `thespis logs` on the leader shows what went wrong on any member.
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/net/log_record.hpp>
#include <thespis/thespis.hpp>

#include "log_stream.hpp"
#include "support/processes.hpp"
#include "support/run_cli.hpp"

using namespace std::chrono_literals;

namespace thespis::net {
namespace {

/// Logs each order "LEVEL:text" at that level (info if the level is none), then answers "logged".
class Chronicler : public Actor {
 public:
  Chronicler() {
    on<std::string>([this](const std::string& order, const ActorAddress& from) {
      const auto colon = order.find(':');
      const std::string level = order.substr(0, colon);
      std::string text = order.substr(colon + 1);
      // "long:N": N bytes of text, made here (an order that long would not fit a datagram).
      if (level == "long") text = std::string(std::stoul(text), 'x');
      log(level == "debug"     ? LogLevel::debug
          : level == "warning" ? LogLevel::warning
          : level == "error"   ? LogLevel::error
                               : LogLevel::info,
          text);
      send(from, std::string("logged"));
    });
  }
};
THESPIS_ACTOR(Chronicler)

SystemOptions options_on(std::uint16_t port, std::uint16_t leader = 0) {
  SystemOptions options;
  options.admin_port = port;
  options.log_level = LogLevel::error;
  options.heartbeat_interval = 100ms;
  if (leader != 0) options.convention_leader = "127.0.0.1:" + std::to_string(leader);
  return options;
}

std::vector<LogRecord> logs_of(std::uint16_t port, LogsRequest request = {}) {
  std::vector<LogRecord> records;
  admin_logs(port, request, [&](const LogRecord& r) { records.push_back(r); });
  return records;
}

/// The records of `port` whose text is `text`.
std::vector<LogRecord> with_text(std::uint16_t port, const std::string& text) {
  std::vector<LogRecord> found;
  for (LogRecord& r : logs_of(port)) {
    if (r.text == text) found.push_back(std::move(r));
  }
  return found;
}

/// Polls (bounded, 10 s) until the admin at `port` keeps a record with `text`.
std::vector<LogRecord> eventually_with_text(std::uint16_t port, const std::string& text) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  auto found = with_text(port, text);
  while (found.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);  // bounded polling of the admin, not synchronisation
    found = with_text(port, text);
  }
  return found;
}

std::int64_t wall_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class MergedLog : public ::testing::TestWithParam<std::string> {
 protected:
  void log_through(ActorSystem& system, const ActorAddress& actor, const std::string& order) {
    ASSERT_TRUE(system.ask(actor, order, 10s)) << "the actor did not answer " << order;
  }
};

TEST_P(MergedLog, AMembersWarningReachesTheLeadersLogButItsInfoStaysHome) {
  const std::uint16_t leader_port = free_local_port();
  const std::uint16_t member_port = free_local_port();
  ActorSystem leader(GetParam(), options_on(leader_port));
  ActorSystem member(GetParam(), options_on(member_port, leader_port));
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (admin_status(leader_port).members.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);  // bounded polling for the join
  }
  ASSERT_EQ(admin_status(leader_port).members.size(), 1u) << "the member joined";

  const ActorAddress chronicler = member.create_actor<Chronicler>();
  const std::int64_t before = wall_now_ns();
  log_through(member, chronicler, "info:routine work on the member");
  log_through(member, chronicler, "warning:disk nearly full on the member");
  const std::int64_t after = wall_now_ns();

  const auto at_leader = eventually_with_text(leader_port, "disk nearly full on the member");
  ASSERT_EQ(at_leader.size(), 1u) << "the warning reached the leader once";
  const LogRecord& warning = at_leader.front();
  EXPECT_EQ(warning.level, LogLevel::warning);
  EXPECT_EQ(warning.source, chronicler);
  EXPECT_EQ(warning.type, "Chronicler");
  EXPECT_EQ(warning.node, "127.0.0.1:" + std::to_string(member_port)) << "where it was logged";
  EXPECT_GE(warning.time_ns, before);
  EXPECT_LE(warning.time_ns, after);
  EXPECT_TRUE(with_text(leader_port, "routine work on the member").empty())
      << "info stays with the member's admin";

  const auto at_member = logs_of(member_port);
  std::vector<std::string> texts;
  for (const LogRecord& r : at_member) {
    if (r.source == chronicler) texts.push_back(r.text);
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"routine work on the member",
                                             "disk nearly full on the member"}));

  // What a user types: `thespis logs --port LEADER --level warning`.
  const auto [code, shown] =
      testing::run_cli("logs --port " + std::to_string(leader_port) + " --level warning");
  EXPECT_EQ(code, 0) << shown;
  EXPECT_NE(shown.find(" warning " + chronicler.to_string() + " Chronicler 127.0.0.1:" +
                       std::to_string(member_port) + " disk nearly full on the member"),
            std::string::npos)
      << shown;
  EXPECT_EQ(shown.find("routine work"), std::string::npos) << shown;

  const auto processes = testing::processes_of(member_port);
  const auto leader_processes = testing::processes_of(leader_port);
  member.shutdown();
  leader.shutdown();
  testing::expect_all_ended(processes);
  testing::expect_all_ended(leader_processes);
}

TEST_P(MergedLog, LevelTailAndFollowChooseWhatIsShown) {
  const std::uint16_t port = free_local_port();
  ActorSystem system(GetParam(), options_on(port));
  const ActorAddress chronicler = system.create_actor<Chronicler>();
  for (const char* order : {"debug:d1", "info:i1", "warning:w1", "error:e1", "warning:w2"}) {
    log_through(system, chronicler, order);
  }
  // An admin keeps lines of its own too (source: its address 0); only the actor's count here.
  const auto texts = [&](LogsRequest request) {
    std::vector<std::string> out;
    for (const LogRecord& r : logs_of(port, std::move(request))) {
      if (r.source == chronicler) out.push_back(r.text);
    }
    return out;
  };
  EXPECT_EQ(texts({}), (std::vector<std::string>{"d1", "i1", "w1", "e1", "w2"}));
  EXPECT_EQ(texts({.minimum = LogLevel::warning}), (std::vector<std::string>{"w1", "e1", "w2"}));
  EXPECT_EQ(texts({.minimum = LogLevel::error}), (std::vector<std::string>{"e1"}));
  EXPECT_EQ(texts({.minimum = LogLevel::warning, .tail = 2}),
            (std::vector<std::string>{"e1", "w2"}));

  // A follower gets the kept lines, then each new one at its level, as it is logged.
  std::atomic<bool> stop{false};
  std::vector<std::string> followed;
  std::atomic<std::size_t> seen{0};
  std::thread follower([&] {
    admin_logs(port,
               {.minimum = LogLevel::warning,
                .follow = true,
                .keep_following = [&] { return !stop.load(); }},
               [&](const LogRecord& r) {
                 if (r.source != chronicler) return;
                 followed.push_back(r.text);
                 seen.store(followed.size());
               });
  });
  const auto until = [&](std::size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (seen.load() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);  // bounded wait for the follower thread
    }
  };
  until(3);
  log_through(system, chronicler, "info:not followed");
  log_through(system, chronicler, "error:late trouble");
  until(4);
  stop = true;
  follower.join();
  EXPECT_EQ(followed, (std::vector<std::string>{"w1", "e1", "w2", "late trouble"}));
  system.shutdown();
}

TEST_P(MergedLog, ATextCannotForgeALineAndALongOneIsCut) {
  const std::uint16_t port = free_local_port();
  ActorSystem system(GetParam(), options_on(port));
  const ActorAddress chronicler = system.create_actor<Chronicler>();
  log_through(system, chronicler, "warning:one\nerror forged line\x1b[31m");
  log_through(system, chronicler, "long:100000");
  std::vector<LogRecord> mine;
  for (LogRecord& r : logs_of(port)) {
    if (r.source == chronicler) mine.push_back(std::move(r));
  }
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].text, "one\nerror forged line\x1b[31m") << "kept as logged";
  const std::string line = log_line(mine[0]);
  EXPECT_EQ(line.find('\n'), std::string::npos) << "shown as one line: " << line;
  EXPECT_NE(line.find("one\\nerror forged line\\x1b[31m"), std::string::npos) << line;
  EXPECT_LE(mine[1].text.size(), max_log_text_bytes);
  EXPECT_NE(mine[1].text.find("(100000 bytes, cut)"), std::string::npos);
  system.shutdown();
}

INSTANTIATE_TEST_SUITE_P(Bases, MergedLog, ::testing::Values("tcp", "udp"),
                         [](const auto& param) { return param.param; });

TEST(LogStream, KeepsTheLatestRecordsWithinItsBoundsAndTailsThem) {
  detail::LogStream stream(
      {.records = 100, .bytes = 1 << 20, .followers = 1, .follower_backlog_bytes = 1024});
  for (int i = 0; i < 250; ++i) {
    stream.add({.time_ns = i,
                .level = i % 2 == 0 ? LogLevel::info : LogLevel::error,
                .source = {},
                .type = "T",
                .node = "n",
                .text = std::to_string(i)});
  }
  const auto all = stream.recent(LogLevel::debug, 0).records;
  ASSERT_EQ(all.size(), 100u);
  EXPECT_EQ(all.front().text, "150");
  EXPECT_EQ(all.back().text, "249");
  const auto errors = stream.recent(LogLevel::error, 3).records;
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].text, "245");
  EXPECT_EQ(errors[2].text, "249");

  detail::LogStream by_bytes({.records = 1000,
                              .bytes = 10 * (sizeof(LogRecord) + 1000),
                              .followers = 1,
                              .follower_backlog_bytes = 1024});
  for (int i = 0; i < 50; ++i)
    by_bytes.add({.time_ns = 0,
                  .level = LogLevel::info,
                  .source = {},
                  .type = {},
                  .node = {},
                  .text = std::string(1000, 'y')});
  EXPECT_EQ(by_bytes.recent(LogLevel::debug, 0).records.size(), 10u) << "bounded by bytes";
}

TEST(LogLine, IsOneEscapedLineInUtc) {
  const LogRecord record{.time_ns = 1'780'000'000'123'456'789,
                         .level = LogLevel::error,
                         .source = ActorAddress(3, 4),
                         .type = "Worker",
                         .node = "127.0.0.1:1900",
                         .text = "a\tb"};
  EXPECT_EQ(log_line(record), "2026-05-28T20:26:40.123456Z error @3.4 Worker 127.0.0.1:1900 a\\tb");
  EXPECT_EQ(cut_log_text("short"), "short");
  EXPECT_EQ(cut_log_text(std::string(max_log_text_bytes, 'z')).size(), max_log_text_bytes);
  EXPECT_LE(cut_log_text(std::string(max_log_text_bytes + 1, 'z')).size(), max_log_text_bytes);
}

}  // namespace
}  // namespace thespis::net
