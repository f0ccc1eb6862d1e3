// Conventions across hosts on one machine: each "host" is an address of 127.0.0.0/8 that its
// system binds alone (127.0.0.2 and 127.0.0.3 need no setup on Linux), so an actor that some
// process dialed at 127.0.0.1 instead of its own host would be unreachable. Short heartbeats
// (100 ms, 3 missed) keep failover fast; every wait has a deadline, and every system and node a
// test starts is shut down (or killed) also when an assertion fails.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/net/runtime_dir.hpp>
#include <thespis/thespis.hpp>

#include "support/convention_actors.hpp"
#include "support/processes.hpp"

using namespace std::chrono_literals;

namespace thespis::net {
namespace {

using testing::expect_all_ended;
using testing::processes_of;
using Clock = std::chrono::steady_clock;

// --- actors -----------------------------------------------------------------------------------

using thespis::testing::Backend;
using thespis::testing::Frontend;
using thespis::testing::HostWatcher;

// --- helpers ----------------------------------------------------------------------------------

SystemOptions on_host(const std::string& host, std::uint16_t port, Capabilities capabilities,
                      std::vector<std::string> leaders, std::chrono::milliseconds heartbeat = 100ms,
                      int missed = 3) {
  SystemOptions options;
  options.bind_host = host;
  options.admin_port = port;
  options.capabilities = std::move(capabilities);
  options.convention_leaders = std::move(leaders);
  options.heartbeat_interval = heartbeat;
  options.missed_heartbeats = missed;
  options.log_level = LogLevel::error;
  return options;
}

CreateOptions named(const std::string& name) {
  CreateOptions options;
  options.global_name = name;
  return options;
}

std::string at(const std::string& host, std::uint16_t port) {
  return host + ":" + std::to_string(port);
}

/// A system that is shut down when the test ends, whatever happened.
struct Live {
  explicit Live(const SystemOptions& options) : system("tcp", options) {}
  ~Live() {
    try {
      system.shutdown();
    } catch (const std::exception&) {
    }
  }
  ActorSystem system;
};

/// `thespis node` in a child process, killed when the test ends if it still runs.
struct Node {
  Node(const std::string& bind, std::uint16_t admin_port, const std::vector<std::string>& leaders,
       int missed = 3)
      : host(bind), port(admin_port) {
    std::vector<std::string> args{
        THESPIS_CLI_PATH,     "node",           "--bind", host,       "--port",
        std::to_string(port), "--heartbeat-ms", "100",    "--missed", std::to_string(missed)};
    for (const std::string& leader : leaders) {
      args.push_back("--convention");
      args.push_back(leader);
    }
    pid = fork();
    if (pid == 0) {
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, 1);
      execv(THESPIS_CLI_PATH, argv.data());
      _exit(127);
    }
    for (int i = 0; i < 500; ++i) {
      try {
        status();
        return;
      } catch (const TransportError&) {
        usleep(10'000);  // the node is starting: bounded polling
      }
    }
    ADD_FAILURE() << "thespis node did not start at " << at(host, port);
  }
  ~Node() { kill_now(); }
  AdminStatus status() const {
    return admin_status(port, {.timeout = 2s, .secret_file = {}, .host = host});
  }
  void kill_now() {
    if (pid <= 0) return;
    kill(pid, SIGKILL);  // its spawner and actors die with it (PR_SET_PDEATHSIG)
    waitpid(pid, nullptr, 0);
    pid = -1;
  }
  std::string host;
  std::uint16_t port;
  pid_t pid = -1;
};

AdminStatus status_at(const std::string& host, std::uint16_t port) {
  return admin_status(port, {.timeout = 5s, .secret_file = {}, .host = host});
}

/// Polls until `done()` or the deadline; returns whether it became true.
template <class F>
bool eventually(F done, std::chrono::milliseconds within = 5s) {
  const auto until = Clock::now() + within;
  while (Clock::now() < until) {
    if (done()) return true;
    usleep(10'000);  // bounded polling of another process's state
  }
  return done();
}

/// The string answer to `message`, or "(no answer)".
std::string answer_of(ActorSystem& system, const ActorAddress& to, Message message) {
  const auto answer = system.ask(to, std::move(message), 5s);
  return answer ? answer->get<std::string>() : "(no answer)";
}

std::vector<std::string> seen_by(ActorSystem& system, const ActorAddress& watcher) {
  const auto seen = system.ask(watcher, std::string("seen?"), 5s);
  return seen ? seen->get<std::vector<std::string>>() : std::vector<std::string>{"(no answer)"};
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::size_t count_prefix(const std::vector<std::string>& list, char prefix) {
  return static_cast<std::size_t>(std::count_if(
      list.begin(), list.end(), [&](const std::string& s) { return s[0] == prefix; }));
}

/// The system id of an admin, as watchers see it: its pid in the low 32 bits.
bool is_admin(const std::string& event, std::int64_t pid) {
  return (std::stoull(event.substr(1)) & 0xffffffffu) == static_cast<std::uint64_t>(pid);
}

std::string admin_log(const std::string& host, std::uint16_t port) {
  const std::string name = host == "127.0.0.1" ? "admin-" + std::to_string(port)
                                               : "admin-" + host + "-" + std::to_string(port);
  std::ifstream file(runtime_dir() / (name + ".log"));
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// --- options ----------------------------------------------------------------------------------

TEST(Hosts, BadAddressesAreRefusedByName) {
  SystemOptions any = on_host("0.0.0.0", free_local_port(), {}, {});
  try {
    ActorSystem system("tcp", any);
    ADD_FAILURE() << "0.0.0.0 without an advertise address was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("0.0.0.0 needs an advertise address"), std::string::npos)
        << e.what();
  }
  SystemOptions bad_leader = on_host("127.0.0.1", free_local_port(), {}, {"127.0.0.1:99999"});
  try {
    ActorSystem system("tcp", bad_leader);
    ADD_FAILURE() << "a leader with port 99999 was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'127.0.0.1:99999'"), std::string::npos) << e.what();
  }
  SystemOptions remote = on_host("127.0.0.1", free_local_port(), {}, {});
  remote.admin_host = "127.0.0.9";
  try {
    ActorSystem system("tcp", remote);
    ADD_FAILURE() << "a program started an admin for another host";
  } catch (const TransportError& e) {
    EXPECT_NE(std::string(e.what()).find("no admin answers at 127.0.0.9:"), std::string::npos)
        << e.what();
  }
}

// --- three hosts ------------------------------------------------------------------------------

TEST(Hosts, ThreeHostsPlaceByCapabilityTalkBothWaysAndShareGlobalNames) {
  const std::uint16_t port = free_local_port();  // the same port on every host
  const std::string leader = at("127.0.0.1", port);
  Live a(on_host("127.0.0.1", port, {}, {leader}));
  Live b(on_host("127.0.0.2", port, {{"Front", true}}, {leader}));
  Live c(on_host("127.0.0.3", port, {{"Back", true}}, {leader}));
  ASSERT_TRUE(eventually([&] { return status_at("127.0.0.1", port).members.size() == 2; }));
  EXPECT_TRUE(has(status_at("127.0.0.1", port).members, at("127.0.0.2", port)));
  EXPECT_TRUE(eventually([&] {  // .2 and .3 hear of each other from the leader
    return has(status_at("127.0.0.2", port).members, at("127.0.0.3", port)) &&
           has(status_at("127.0.0.3", port).members, at("127.0.0.2", port));
  }));

  // Created from 127.0.0.1, placed by capability on .3 and .2, which report their own host.
  const ActorAddress backend = a.system.create_actor<Backend>();
  const ActorAddress front = a.system.create_actor<Frontend>(named("front"));
  const AdminStatus on_c = status_at("127.0.0.3", port);
  ASSERT_EQ(on_c.actors.size(), 1u);
  EXPECT_EQ(on_c.actors[0].address, backend);
  EXPECT_EQ(on_c.actors[0].host, "127.0.0.3");
  EXPECT_EQ(on_c.host, "127.0.0.3");
  EXPECT_EQ(status_at("127.0.0.2", port).actors.at(0).host, "127.0.0.2");

  // The program on .1 -> front on .2 -> backend on .3 and back: every process binds its own
  // host only, so each hop reached the host the directory gave.
  ASSERT_EQ(answer_of(a.system, front, backend), "ok");
  EXPECT_EQ(answer_of(a.system, front, std::string("hi")), "front:back:hi");
  // And from the program on .3 straight to the backend beside it and to the front on .2.
  EXPECT_EQ(answer_of(c.system, backend, std::string("near")), "back:near");

  // The global name is the one actor, whoever asks.
  EXPECT_EQ(a.system.create_actor<Frontend>(named("front")), front);
  EXPECT_EQ(b.system.create_actor<Frontend>(named("front")), front);

  std::vector<testing::Process> pids;
  for (const char* host : {"127.0.0.1", "127.0.0.2", "127.0.0.3"}) {
    const auto some = processes_of(port, {}, host);
    pids.insert(pids.end(), some.begin(), some.end());
  }
  a.system.shutdown();
  b.system.shutdown();
  c.system.shutdown();
  expect_all_ended(pids);
}

// --- a member not heard of yet
// --------------------------------------------------------------------

TEST(Hosts, AnActorAnswersAMemberItsAdminHasNotHeardOfYet) {
  const std::uint16_t port = free_local_port();
  const std::string leader = at("127.0.0.1", port);
  // 3 s heartbeats: c joined just now, so it asks the leader who else is there only in about
  // 3 s; d joins meanwhile and at once creates a Backend on c and talks to it.
  Live l(on_host("127.0.0.1", port, {}, {leader}, 3s));
  Live c(on_host("127.0.0.3", port, {{"Back", true}}, {leader}, 3s));
  Live d(on_host("127.0.0.4", port, {}, {leader}, 3s));
  ASSERT_TRUE(has(status_at("127.0.0.4", port).members, at("127.0.0.3", port)));
  const auto asked = Clock::now();
  const ActorAddress backend = d.system.create_actor<Backend>();
  ASSERT_FALSE(has(status_at("127.0.0.3", port).members, at("127.0.0.4", port)))
      << "c already knew d: this run does not exercise a resolve held for a member unheard of";
  // The Backend on c answers d's endpoint: c's admin has d resolved by the leader, which knows
  // d (instead of answering "gone", which made the answer a dead letter).
  const auto answer = d.system.ask(backend, std::string("early"), 10s);
  ASSERT_TRUE(answer.has_value()) << "the answer to a member c had not heard of was lost";
  EXPECT_EQ(answer->get<std::string>(), "back:early");
  EXPECT_LT(Clock::now() - asked, 4s) << "no longer than until c heard of d";
}

// --- several potential leaders ------------------------------------------------------------------

TEST(Hosts, MembersFailOverToTheNextLeaderAndReturnWhenTheFirstComesBack) {
  // A killed leader is heard at once (its connections reset), not by silence: a silence limit
  // of 1 s keeps a starved process (a loaded CI machine under ASan) from being taken for lost,
  // which made spurious removes once in a hundred runs with 300 ms.
  constexpr int missed = 10;
  const std::uint16_t port = free_local_port();
  const std::vector<std::string> leaders{at("127.0.0.1", port), at("127.0.0.2", port)};
  auto first = std::make_unique<Node>("127.0.0.1", port, leaders, missed);
  Node second("127.0.0.2", port, leaders, missed);
  Live c(on_host("127.0.0.3", port, {{"Back", true}}, leaders, 100ms, missed));
  Live d(on_host("127.0.0.4", port, {}, leaders, 100ms, missed));
  const ActorAddress watcher = d.system.create_actor<HostWatcher>();
  ASSERT_TRUE(eventually([&] {
    return status_at("127.0.0.4", port).members.size() == 3 &&
           status_at("127.0.0.3", port).members.size() == 3;
  })) << "d and c know everyone (c must know d to answer it)";
  ASSERT_EQ(answer_of(d.system, d.system.create_actor<Backend>(), std::string("x")), "back:x");
  const std::size_t seen_before = seen_by(d.system, watcher).size();

  // The first leader dies: its members hear it within the heartbeat bound, follow the second,
  // and keep knowing each other (nobody else lists c to d but a live leader).
  const std::int64_t first_pid = first->status().pid;
  const auto killed = Clock::now();
  first->kill_now();
  ASSERT_TRUE(eventually(
      [&] {
        const auto seen = seen_by(d.system, watcher);
        return seen.size() > seen_before && seen.back()[0] == '-';
      },
      3s));
  EXPECT_LT(Clock::now() - killed, 1s) << "heard from the reset, well before the silence limit";
  auto seen = seen_by(d.system, watcher);
  ASSERT_EQ(seen.size(), seen_before + 1) << "only the dead leader left";
  EXPECT_TRUE(is_admin(seen.back(), first_pid));
  EXPECT_TRUE(eventually([&] {
    return admin_log("127.0.0.4", port).find("convention leader " + leaders[1]) !=
           std::string::npos;
  }));
  // Well past the silence limit: c is still a member of d's, and of nobody's watcher a loss.
  const auto steady_until = Clock::now() + 1500ms;
  while (Clock::now() < steady_until) {
    ASSERT_TRUE(has(status_at("127.0.0.4", port).members, at("127.0.0.3", port)));
    usleep(50'000);
  }
  EXPECT_EQ(seen_by(d.system, watcher).size(), seen_before + 1) << "no spurious remove or add";
  const ActorAddress after = d.system.create_actor<Backend>();
  EXPECT_EQ(answer_of(d.system, after, std::string("y")), "back:y");

  // The first comes back: everyone joins it again.
  first = std::make_unique<Node>("127.0.0.1", port, leaders, missed);
  EXPECT_TRUE(eventually([&] { return first->status().members.size() == 3; }))
      << "b, c and d joined the first leader again";
  EXPECT_TRUE(eventually([&] {
    const std::string log = admin_log("127.0.0.4", port);
    return log.rfind("convention leader " + leaders[0]) >
           log.rfind("convention leader " + leaders[1]);
  }));
  EXPECT_TRUE(eventually([&] {
    return admin_log("127.0.0.2", port).find("convention leader " + leaders[0]) !=
           std::string::npos;
  })) << "the second leader follows the first again";
  seen = seen_by(d.system, watcher);
  EXPECT_EQ(count_prefix(seen, '-'), 1u);
  EXPECT_TRUE(is_admin(seen.back(), first->status().pid) && seen.back()[0] == '+');

  const auto pids_c = processes_of(port, {}, "127.0.0.3");
  const auto pids_d = processes_of(port, {}, "127.0.0.4");
  c.system.shutdown();
  d.system.shutdown();
  expect_all_ended(pids_c);
  expect_all_ended(pids_d);
}

// --- leaving ----------------------------------------------------------------------------------

TEST(Hosts, EveryMemberHearsALeavingMemberAndALeavingLeaderAtOnce) {
  const std::uint16_t port = free_local_port();
  const std::string leader = at("127.0.0.1", port);
  // 1 s heartbeats: losing a member by silence would take 3 s.
  Live l(on_host("127.0.0.1", port, {}, {leader}, 1s));
  Live m1(on_host("127.0.0.2", port, {}, {leader}, 1s));
  Live m2(on_host("127.0.0.3", port, {}, {leader}, 1s));
  auto m3 = std::make_unique<Live>(on_host("127.0.0.4", port, {}, {leader}, 1s));
  ASSERT_TRUE(eventually([&] { return status_at("127.0.0.2", port).members.size() == 3; }));
  ASSERT_TRUE(eventually([&] { return status_at("127.0.0.3", port).members.size() == 3; }));
  std::vector<std::pair<ActorSystem*, ActorAddress>> watchers;
  for (Live* live : {&l, &m1, &m2}) {
    watchers.emplace_back(&live->system, live->system.create_actor<HostWatcher>());
  }
  const auto lost_count = [&](ActorSystem& system, const ActorAddress& watcher) {
    return count_prefix(seen_by(system, watcher), '-');
  };

  // Timed from the start of the shutdown to the last member hearing of it, not to the end of
  // the shutdown, which also waits for the node's processes to end (seconds under ASan).
  const auto started = Clock::now();
  auto leaving_member = std::async(std::launch::async, [&] { m3->system.shutdown(); });
  for (auto& [system, watcher] : watchers) {
    EXPECT_TRUE(eventually([&] { return lost_count(*system, watcher) == 1; }, 3s));
  }
  EXPECT_LT(Clock::now() - started, 1500ms) << "the leaving note, not 3 missed heartbeats";
  leaving_member.get();
  m3.reset();

  const auto leader_pids = processes_of(port);
  const auto leaving = Clock::now();
  auto leaving_leader = std::async(std::launch::async, [&] { l.system.shutdown(); });
  for (std::size_t i = 1; i < watchers.size(); ++i) {
    auto& [system, watcher] = watchers[i];
    EXPECT_TRUE(eventually([&] { return lost_count(*system, watcher) == 2; }, 3s));
  }
  EXPECT_LT(Clock::now() - leaving, 1500ms);
  leaving_leader.get();
  expect_all_ended(leader_pids);
  EXPECT_EQ(status_at("127.0.0.2", port).members, std::vector<std::string>{at("127.0.0.3", port)});
  m1.system.shutdown();
  m2.system.shutdown();
}

// --- orphans ----------------------------------------------------------------------------------

TEST(Hosts, ActorsCreatedForASystemThatLeavesAreStopped) {
  const std::uint16_t port = free_local_port();
  const std::string leader = at("127.0.0.1", port);
  Live l(on_host("127.0.0.1", port, {{"Back", true}}, {leader}));
  const ActorAddress own = l.system.create_actor<Backend>();  // not an orphan: its parent stays
  for (const bool clean : {true, false}) {
    Live m(on_host("127.0.0.2", port, {}, {leader}));
    ASSERT_TRUE(eventually([&] { return status_at("127.0.0.1", port).members.size() == 1; }));
    const ActorAddress remote = m.system.create_actor<Backend>();
    ASSERT_EQ(status_at("127.0.0.1", port).actors.size(), 2u);
    const auto m_pids = processes_of(port, {}, "127.0.0.2");
    if (clean) {
      m.system.shutdown();
    } else {
      for (const auto& pid : m_pids) pid.kill(SIGKILL);
    }
    EXPECT_TRUE(eventually([&] {
      const auto actors = status_at("127.0.0.1", port).actors;
      return actors.size() == 1 && actors[0].address == own;
    })) << (clean ? "after a clean shutdown" : "after the system was lost");
    EXPECT_NE(remote, own);
    expect_all_ended(m_pids);
  }
  l.system.shutdown();
}

}  // namespace
}  // namespace thespis::net
