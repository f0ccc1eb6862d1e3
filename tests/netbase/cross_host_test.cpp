// Conventions across real hosts on one machine: each host is a network namespace of a
// hostlab::Lab with its own address and port space, so every admin listens on port 1900 of its
// own host, as in docs/deployment.md. An admin is either `thespis node`, started in its host with
// the deployment doc's command line, or an admin of this test program (whose actor types it
// runs), started from a thread inside the host. The test program itself stays outside the hosts
// and reaches an admin at the host's address from the bridge's address.
//
// Short heartbeats (200 ms, 3 missed: a 600 ms silence limit) keep losses and failover fast.
// Every wait has a deadline; the Lab kills every process of its hosts and removes its
// namespaces also when an assertion fails, after the admins still reachable were shut down.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/hostlab/lab.hpp>
#include <thespis/hostlab/leftovers.hpp>
#include <thespis/net/admin_control.hpp>
#include <thespis/thespis.hpp>

#include "echo/echo.hpp"
#include "support/convention_actors.hpp"

using namespace std::chrono_literals;

namespace thespis::net {
namespace {

using hostlab::Lab;
using Clock = std::chrono::steady_clock;

constexpr std::uint16_t port = 1900;  // the same on every host: each has its own port space
constexpr auto heartbeat = 200ms;
constexpr int missed = 3;
constexpr auto silence_limit = heartbeat * missed;

// --- actors -----------------------------------------------------------------------------------

using thespis::testing::Backend;
using thespis::testing::Frontend;
using thespis::testing::HostWatcher;

/// "make" creates a Backend (wherever "Back" is) and answers its address; any other string is
/// answered with the children it has heard exit.
struct Parent : Actor {
  Parent() {
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      if (text == "make") return send(from, create_actor<Backend>());
      send(from, exited);
    });
    on<ChildActorExited>([this](const ChildActorExited& e, const ActorAddress&) {
      exited.push_back(e.child.to_string());
    });
  }
  std::vector<std::string> exited;
};
THESPIS_ACTOR(Parent)

// --- hosts and admins ---------------------------------------------------------------------------

std::string at(const Lab& lab, const std::string& host) {
  return lab.address(host) + ":" + std::to_string(port);
}

std::vector<std::string> leaders_at(const Lab& lab, const std::vector<std::string>& hosts) {
  std::vector<std::string> leaders;
  for (const std::string& host : hosts) leaders.push_back(at(lab, host));
  return leaders;
}

AdminStatus status_of(const Lab& lab, const std::string& host) {
  return admin_status(port, {.timeout = 3s, .secret_file = {}, .host = lab.address(host)});
}

/// Polls until `done()` or the deadline; returns whether it became true.
template <class F>
bool eventually(F done, std::chrono::milliseconds within = 10s) {
  const auto until = Clock::now() + within;
  while (Clock::now() < until) {
    if (done()) return true;
    usleep(10'000);  // bounded polling of other processes' state
  }
  return done();
}

bool answers(const Lab& lab, const std::string& host) {
  try {
    status_of(lab, host);
    return true;
  } catch (const TransportError&) {
    return false;
  }
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

/// The admins of a Lab's hosts, shut down (those still reachable) before the Lab goes, so that
/// they stop their actors as in production; the Lab then kills whatever is left.
class Admins {
 public:
  /// Admins of `base` ("tcp" or "udp").
  explicit Admins(Lab& lab, std::string base = "tcp") : lab_(lab), base_(std::move(base)) {}
  ~Admins() {
    for (const std::string& host : live_) {
      try {
        shutdown_admin(port, {.timeout = 3s, .secret_file = {}, .host = lab_.address(host)});
      } catch (const std::exception&) {
      }
    }
  }
  Admins(const Admins&) = delete;
  Admins& operator=(const Admins&) = delete;

  /// `thespis node` in `host`, with the command line of docs/deployment.md; returns once it
  /// answers.
  void node(const std::string& host, const std::vector<std::string>& leaders,
            const std::vector<std::string>& capabilities = {}) {
    std::vector<std::string> argv{THESPIS_CLI_PATH, "node",
                                  "--base",         base_,
                                  "--bind",         lab_.address(host),
                                  "--port",         std::to_string(port),
                                  "--heartbeat-ms", std::to_string(heartbeat.count()),
                                  "--missed",       std::to_string(missed)};
    for (const std::string& leader : leaders) argv.insert(argv.end(), {"--convention", leader});
    for (const std::string& c : capabilities) argv.insert(argv.end(), {"--capability", c});
    lab_.spawn(host, argv);
    live_.insert(host);
    ASSERT_TRUE(eventually([&] { return answers(lab_, host); }))
        << "thespis node did not answer at " << at(lab_, host);
  }

  /// An admin of this program in `host` (it runs this program's actor types): a system started
  /// from a thread inside the host starts it there as a daemon, and is then closed.
  void own(const std::string& host, const std::vector<std::string>& leaders,
           Capabilities capabilities = {}) {
    SystemOptions options = host_options(leaders);
    options.bind_host = lab_.address(host);
    options.capabilities = std::move(capabilities);
    live_.insert(host);
    lab_.in_host(host, [&] { ActorSystem starter(base_, options); });
  }

  /// Options of this program, outside the hosts, for attaching to the admin in `host`.
  SystemOptions outside(const std::string& host) const {
    SystemOptions options = host_options({});
    options.admin_host = lab_.address(host);
    options.bind_host = lab_.outside_address();
    return options;
  }

  /// The admin in `host` is gone (killed or cut off): not to be shut down.
  void lost(const std::string& host) { live_.erase(host); }

  static SystemOptions host_options(std::vector<std::string> leaders) {
    SystemOptions options;
    options.admin_port = port;
    options.convention_leaders = std::move(leaders);
    options.heartbeat_interval = heartbeat;
    options.missed_heartbeats = missed;
    options.log_level = LogLevel::error;
    return options;
  }

  const std::string& base() const { return base_; }

 private:
  Lab& lab_;
  std::string base_;
  std::set<std::string> live_;
};

/// A system of this program, shut down (with its admin) when the test ends, whatever happened.
struct Live {
  explicit Live(const SystemOptions& options, const std::string& base = "tcp")
      : system(base, options) {}
  ~Live() {
    try {
      system.shutdown();
    } catch (const std::exception&) {
    }
  }
  ActorSystem system;
};

std::string answer_of(ActorSystem& system, const ActorAddress& to, Message message) {
  const auto answer = system.ask(to, std::move(message), 5s);
  return answer ? answer->get<std::string>() : "(no answer)";
}

std::vector<std::string> strings_of(ActorSystem& system, const ActorAddress& actor) {
  const auto answer = system.ask(actor, std::string("what?"), 5s);
  return answer ? answer->get<std::vector<std::string>>() : std::vector<std::string>{"(no answer)"};
}

/// The event a watcher records when the admin with process id `pid` leaves.
bool is_loss_of(const std::string& event, std::int64_t pid) {
  return event[0] == '-' &&
         (std::stoull(event.substr(1)) & 0xffffffffu) == static_cast<std::uint64_t>(pid);
}

CreateOptions named(const std::string& name) {
  CreateOptions options;
  options.global_name = name;
  return options;
}

#define THESPIS_NEEDS_HOSTS()                                               \
  if (auto reason = hostlab::unavailable_reason()) GTEST_SKIP() << *reason; \
  hostlab::sweep_leftovers()

/// The tests that hold on both production bases: actor messages over streams (tcp) or
/// datagrams (udp); requests and heartbeats use TCP on either.
class CrossHostOn : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Bases, CrossHostOn, ::testing::Values("tcp", "udp"),
                         [](const auto& base) { return base.param; });

// --- three hosts ------------------------------------------------------------------------------

TEST_P(CrossHostOn, ThreeHostsPlaceByCapabilityTalkBothWaysAndShareGlobalNames) {
  THESPIS_NEEDS_HOSTS();
  Lab lab({"a", "b", "c"});
  Admins admins(lab, GetParam());
  const std::vector<std::string> leader = leaders_at(lab, {"a"});
  admins.node("a", leader);  // the leader is the bundled `thespis node`
  admins.own("b", leader, {{"Front", true}});
  admins.own("c", leader, {{"Back", true}});
  ASSERT_TRUE(eventually([&] {
    return status_of(lab, "b").members.size() == 2 && status_of(lab, "c").members.size() == 2;
  })) << "b and c know each other and the leader";
  EXPECT_TRUE(has(status_of(lab, "a").members, at(lab, "b")));

  EXPECT_EQ(status_of(lab, "a").transport, GetParam());

  // Created through b, placed by capability on c; each actor reports its own host.
  Live on_b(admins.outside("b"), GetParam());
  const ActorAddress backend = on_b.system.create_actor<Backend>();
  const ActorAddress front = on_b.system.create_actor<Frontend>(named("front"));
  const AdminStatus c = status_of(lab, "c");
  ASSERT_EQ(c.actors.size(), 1u);
  EXPECT_EQ(c.actors[0].address, backend);
  EXPECT_EQ(c.actors[0].host, lab.address("c"));
  ASSERT_EQ(status_of(lab, "b").actors.size(), 1u);
  EXPECT_EQ(status_of(lab, "b").actors[0].host, lab.address("b"));

  // outside -> front on b -> backend on c -> front on b -> outside.
  ASSERT_EQ(answer_of(on_b.system, front, backend), "ok");
  EXPECT_EQ(answer_of(on_b.system, front, std::string("hi")), "front:back:hi");
  EXPECT_EQ(answer_of(on_b.system, backend, std::string("direct")), "back:direct");

  // A program attached to c finds the same actor by its global name, and reaches it.
  Live on_c(admins.outside("c"), GetParam());
  EXPECT_EQ(on_c.system.create_actor<Frontend>(named("front")), front);
  EXPECT_EQ(answer_of(on_c.system, front, std::string("again")), "front:back:again");
}

// --- a host cut off -----------------------------------------------------------------------------

TEST_P(CrossHostOn, AHostCutOffIsLostWithinTheHeartbeatBound) {
  THESPIS_NEEDS_HOSTS();
  Lab lab({"a", "b", "c"});
  Admins admins(lab, GetParam());
  const std::vector<std::string> leader = leaders_at(lab, {"a"});
  admins.own("a", leader);
  admins.own("b", leader);
  admins.own("c", leader, {{"Back", true}});
  ASSERT_TRUE(eventually([&] {
    return status_of(lab, "b").members.size() == 2 && status_of(lab, "c").members.size() == 2;
  }));
  Live on_b(admins.outside("b"), GetParam());
  const ActorAddress watcher = on_b.system.create_actor<HostWatcher>();
  const ActorAddress parent = on_b.system.create_actor<Parent>();
  const auto child = on_b.system.ask(parent, std::string("make"), 5s);
  ASSERT_TRUE(child.has_value());
  ASSERT_EQ(status_of(lab, "c").actors.size(), 1u);
  EXPECT_EQ(status_of(lab, "c").actors[0].address, child->get<ActorAddress>());
  const std::int64_t c_pid = status_of(lab, "c").pid;
  const std::size_t seen_before = strings_of(on_b.system, watcher).size();

  const auto cut = Clock::now();
  lab.link_down("c");  // no reset reaches anyone: only the missing heartbeats tell
  admins.lost("c");
  const auto lost = [&] {
    const auto seen = strings_of(on_b.system, watcher);
    return seen.size() > seen_before && is_loss_of(seen.back(), c_pid) &&
           strings_of(on_b.system, parent).size() == 1;
  };
  ASSERT_TRUE(eventually(lost, 5s));
  // The leader misses c for the silence limit, b hears it at its next heartbeat: with room for
  // a loaded machine, well under three silence limits.
  EXPECT_LT(Clock::now() - cut, 2 * silence_limit + 300ms);
  EXPECT_EQ(strings_of(on_b.system, parent),
            std::vector<std::string>{child->get<ActorAddress>().to_string()});
  EXPECT_EQ(strings_of(on_b.system, watcher).size(), seen_before + 1) << "lost once";
}

// --- leader failover ----------------------------------------------------------------------------

TEST(CrossHost, MembersFollowTheNextLeaderWhenTheFirstLeadersHostDies) {
  THESPIS_NEEDS_HOSTS();
  Lab lab({"a", "b", "c", "d"});
  Admins admins(lab);
  const std::vector<std::string> leaders = leaders_at(lab, {"a", "b"});
  admins.node("a", leaders);
  admins.node("b", leaders);
  admins.node("c", leaders, {"Server=true"});
  admins.own("d", leaders);
  ASSERT_TRUE(eventually([&] { return status_of(lab, "d").members.size() == 3; }));
  Live on_d(admins.outside("d"));
  const ActorAddress watcher = on_d.system.create_actor<HostWatcher>();
  const auto ping = [&](const ActorAddress& server) {
    const auto pong = on_d.system.ask(server, echo::Ping{7, "across"}, 5s);
    return pong && pong->is<echo::Pong>() && pong->get<echo::Pong>().payload == "across";
  };
  const ActorAddress before = on_d.system.create_actor<echo::EchoServer>();
  ASSERT_EQ(status_of(lab, "c").actors.size(), 1u) << "placed on the one host with Server";
  ASSERT_TRUE(ping(before));
  const std::int64_t a_pid = status_of(lab, "a").pid;

  lab.kill_all("a");  // the first leader's host crashes: its connections are reset
  admins.lost("a");
  ASSERT_TRUE(eventually([&] {
    const auto seen = strings_of(on_d.system, watcher);
    return !seen.empty() && is_loss_of(seen.back(), a_pid);
  })) << "d's watcher hears that the first leader is gone";
  EXPECT_TRUE(eventually([&] {
    const auto members = status_of(lab, "b").members;
    return members.size() == 2 && has(members, at(lab, "c")) && has(members, at(lab, "d"));
  })) << "c and d joined b";
  EXPECT_FALSE(has(status_of(lab, "c").members, at(lab, "a")));
  EXPECT_FALSE(has(status_of(lab, "d").members, at(lab, "a")));

  // Placement and messages still work, under the second leader.
  const ActorAddress after = on_d.system.create_actor<echo::EchoServer>();
  EXPECT_NE(after, before);
  EXPECT_EQ(status_of(lab, "c").actors.size(), 2u);
  EXPECT_TRUE(ping(after));
  EXPECT_TRUE(ping(before));
}

// --- the distributed echo -----------------------------------------------------------------------

std::string read_file(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

/// Runs `argv` in `host` with its output in a file; its exit status and output.
[[maybe_unused]] std::pair<int, std::string> run_in(Lab& lab, const std::string& host,
                                                    const std::vector<std::string>& argv) {
  char path[] = "/tmp/thespis-cross-host-XXXXXX";
  const int fd = mkstemp(path);
  close(fd);
  std::string command = "exec";
  for (const std::string& arg : argv) command += " '" + arg + "'";
  const pid_t pid = lab.spawn(host, {"/bin/sh", "-c", command + " >" + path + " 2>&1"});
  const auto status = lab.wait(pid, 30s);
  std::string output = read_file(path);
  std::remove(path);
  if (!status) return {-1, output + "(still running after 30 s)"};
  return {WIFEXITED(*status) ? WEXITSTATUS(*status) : 128 + WTERMSIG(*status), output};
}

TEST(CrossHost, TheDistributedEchoRunsAcrossTwoHosts) {
#ifndef THESPIS_ECHO_PATH
  GTEST_SKIP() << "the echo example is not built (THESPIS_BUILD_EXAMPLES=OFF)";
#else
  THESPIS_NEEDS_HOSTS();
  // The server is the bundled `thespis node` (which runs the echo actors) or the example's own
  // `echo server`; the client, `echo client`, has only the capability Client, so every pong
  // came from the server's host.
  for (const bool bundled : {true, false}) {
    SCOPED_TRACE(bundled ? "server: thespis node" : "server: echo server");
    Lab lab({"server", "client"});
    Admins admins(lab);
    if (bundled) {
      admins.node("server", {at(lab, "server")}, {"Server=true"});
    } else {
      const auto [status, output] =
          run_in(lab, "server", {THESPIS_ECHO_PATH, "server", at(lab, "server")});
      admins.lost("server");  // shut down below with the doc's command
      ASSERT_EQ(status, 0) << output;
    }
    const auto [status, output] = run_in(
        lab, "client", {THESPIS_ECHO_PATH, "client", at(lab, "client"), at(lab, "server"), "1000"});
    EXPECT_EQ(status, 0) << output;
    EXPECT_NE(output.find("echo_done: 1000/1000 pongs"), std::string::npos) << output;
    if (!bundled) {
      const auto [stopped, said] =
          run_in(lab, "server",
                 {THESPIS_CLI_PATH, "shutdown", "--host", lab.address("server"), "--port", "1900"});
      EXPECT_EQ(stopped, 0) << said;
    }
  }
#endif
}

}  // namespace
}  // namespace thespis::net
