// The tcp base against hostile and careless peers, and under threads: what any local process
// can send, what a kill -9 storm does, what a stopped admin does to its tools. Everything on
// 127.0.0.1, on free ports; each test shuts down what it started, and no process outlives it.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/net/secret.hpp>
#include <thespis/thespis.hpp>

#include "echo/echo.hpp"
#include "support/processes.hpp"
#include "support/raw_peer.hpp"
#include "support/secret_file.hpp"
#include "support/threaded_asks.hpp"

using namespace std::chrono_literals;

namespace thespis::net {
namespace {

using testing::expect_all_ended;
using testing::processes_of;
using testing::RawPeer;

SystemOptions options_on(std::uint16_t port, std::string secret_file = {}) {
  SystemOptions options;
  options.admin_port = port;
  options.log_level = LogLevel::error;
  options.capabilities = {{"Server", true}};
  options.secret_file = std::move(secret_file);
  return options;
}

/// A system on a free port that is shut down (and checked) at the end of the test.
struct LiveSystem {
  explicit LiveSystem(std::string secret = {})
      : port(free_local_port()), secret_file(secret), system("tcp", options_on(port, secret)) {}
  ~LiveSystem() {
    const auto pids = processes_of(port, secret_file);
    system.shutdown();
    for (const auto& pid : pids) EXPECT_TRUE(testing::ended(pid)) << "process " << pid;
  }
  std::uint16_t actor_port(const ActorAddress& address) {
    for (const auto& actor : admin_status(port).actors) {
      if (actor.address == address) return actor.port;
    }
    return 0;
  }
  std::uint16_t port;
  std::string secret_file;
  ActorSystem system;
};

using testing::SecretFile;

// Requests of the processes' own protocol, written by hand (its types are netbase's own).
std::string status_frame() {
  return testing::raw_frame("NetStatus", [](Encoder& e) { e.begin_array(0); });
}
std::string create_frame() {
  return testing::raw_frame("NetCreate", [](Encoder& e) {
    e.begin_array(4);
    e.write_string("EchoServer");
    e.write_string("");
    e.begin_array(2);
    e.write_uint(0);
    e.write_uint(0);
    e.begin_array(0);  // no requirements
  });
}
std::string shutdown_frame() {
  return testing::raw_frame("NetShutdown", [](Encoder& e) { e.begin_array(0); });
}
std::string join_frame() {
  return testing::raw_frame("NetJoin", [](Encoder& e) {
    e.begin_array(1);
    e.begin_array(5);
    e.write_uint(999);
    e.write_string("127.0.0.1");
    e.write_uint(1);
    e.begin_map(1);
    e.write_string("Everything");
    e.begin_array(2);
    e.write_uint(0);
    e.write_bool(true);
    e.begin_array(0);  // the actor types it can run
  });
}
std::string exited_frame(const ActorAddress& actor) {
  return testing::raw_frame("NetExited", [&](Encoder& e) {
    e.begin_array(1);
    e.begin_array(2);
    e.write_uint(actor.system());
    e.write_uint(actor.local());
  });
}

/// Bounded polling until no actor of the admin on `port` is still waiting for its process.
void wait_until_every_actor_has_a_process(std::uint16_t port) {
  for (int i = 0; i < 300; ++i) {
    const auto actors = admin_status(port).actors;
    if (std::none_of(actors.begin(), actors.end(), [](const auto& a) { return a.pid == 0; })) {
      return;
    }
    std::this_thread::sleep_for(10ms);
  }
  ADD_FAILURE() << "an actor's process was not forked within 3 s";
}

std::string pong_of(ActorSystem& system, const ActorAddress& server, const std::string& text) {
  const auto reply = system.ask(server, echo::Ping{1, text}, 5s);
  return reply ? reply->get<echo::Pong>().payload : "(no reply)";
}

// --- the write/close race -------------------------------------------------------------------

TEST(HostilePeer, HalfClosingAfterTenRequestsFiveHundredTimesHarmsNeitherAdminNorActor) {
  LiveSystem live;
  const ActorAddress server = live.system.create_actor<echo::EchoServer>();
  ASSERT_EQ(pong_of(live.system, server, "before"), "before");
  const std::uint16_t actor_port = live.actor_port(server);
  ASSERT_NE(actor_port, 0);
  const Secret secret = Secret::load();
  for (int round = 0; round < 500; ++round) {
    for (const std::uint16_t port : {live.port, actor_port}) {
      RawPeer peer(port);
      ASSERT_TRUE(peer.authenticate(secret));
      for (int request = 0; request < 10; ++request) {
        if (port == live.port) {
          peer.write(status_frame());
        } else {
          peer.send({ActorAddress(), server, echo::Ping{static_cast<std::uint64_t>(request), "x"}});
        }
      }
      peer.shutdown_sending();
      peer.close();
    }
  }
  EXPECT_EQ(pong_of(live.system, server, "after"), "after") << "the actor process answers";
  EXPECT_NO_THROW(admin_status(live.port)) << "the admin answers";
}

TEST(HostilePeer, ConnectionsComeBackToTheirBaselineAfterThousandsOfCycles) {
  LiveSystem live;
  const auto baseline = admin_status(live.port).connections;
  const Secret secret = Secret::load();
  for (int round = 0; round < 2000; ++round) {
    RawPeer peer(live.port);
    if (round % 2 == 0) {
      ASSERT_TRUE(peer.authenticate(secret));
    }
    peer.close();
  }
  // Closing is the peer's; the admin notices on its next read: bounded polling of its count.
  std::uint64_t now = 0;
  for (int i = 0; i < 200; ++i) {
    now = admin_status(live.port).connections;
    if (now <= baseline + 1) break;  // + the status request's own connection
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_LE(now, baseline + 1);
}

// --- authentication -------------------------------------------------------------------------

TEST(HostilePeer, FramesFromAnUnauthenticatedPeerChangeNothingAndAreCounted) {
  LiveSystem live;
  const ActorAddress server = live.system.create_actor<echo::EchoServer>();
  ASSERT_EQ(pong_of(live.system, server, "before"), "before");
  {
    // The create frame is well-formed: after authenticating, it creates an actor.
    RawPeer peer(live.port);
    ASSERT_TRUE(peer.authenticate(Secret::load()));
    const std::size_t actors = admin_status(live.port).actors.size();
    peer.write(create_frame());
    peer.shutdown_sending();
    peer.read_to_end();
    EXPECT_EQ(admin_status(live.port).actors.size(), actors + 1);
    // Its process is forked a moment after the answer; the teardown lists it by pid.
    wait_until_every_actor_has_a_process(live.port);
  }
  const auto before = admin_status(live.port);
  // Well-formed requests written straight away, without answering the challenge.
  const std::vector<std::string> requests = {create_frame(), exited_frame(server), join_frame(),
                                             shutdown_frame()};
  for (const std::string& request : requests) {
    RawPeer peer(live.port);
    peer.write(request);
    peer.shutdown_sending();
    peer.read_to_end();  // the admin closes it
  }
  {
    RawPeer impostor(live.port);  // answers the challenge, with another secret
    EXPECT_FALSE(impostor.authenticate(Secret::from_text("not the secret")));
  }
  const auto after = admin_status(live.port);
  EXPECT_EQ(after.actors.size(), before.actors.size()) << "nothing created, nothing stopped";
  EXPECT_EQ(after.pid, before.pid) << "the admin is up";
  EXPECT_TRUE(after.members.empty()) << "no made-up member joined";
  EXPECT_GE(after.auth_failures, before.auth_failures + requests.size() + 1);
  EXPECT_EQ(pong_of(live.system, server, "after"), "after");
}

/// Writes `frame` then a status request on one authenticated request connection; returns how
/// many more bad frames the admin counts, once the status request has been answered.
std::uint64_t bad_frames_counted_for(LiveSystem& live, const std::string& frame) {
  const std::uint64_t before = admin_status(live.port).bad_frames;
  RawPeer peer(live.port);
  EXPECT_TRUE(peer.authenticate(Secret::load()));
  EXPECT_TRUE(peer.write(frame + status_frame()));
  peer.shutdown_sending();
  EXPECT_FALSE(peer.read_to_end().empty()) << "the request after it is answered";
  return admin_status(live.port).bad_frames - before;
}

TEST(HostilePeer, AMessageThatIsNoRequestIsCountedAndDroppedAndTheConnectionStillServed) {
  LiveSystem live;
  // Well-formed and of a registered type, but not one the admin takes on a request connection.
  std::string ping;
  Encoder scratch;
  append_frame(ping, {ActorAddress(), ActorAddress(), echo::Ping{1, "not a request"}}, scratch);
  EXPECT_EQ(bad_frames_counted_for(live, ping), 1u);
}

TEST(HostilePeer, AKindNoEnumeratorHasIsABadFrame) {
  LiveSystem live;
  const std::string registration = testing::raw_frame("NetRegistration", [](Encoder& e) {
    e.begin_array(3);
    e.begin_array(2);
    e.write_uint(0);
    e.write_uint(0);
    e.write_uint(7);  // RegistrationKind lists two
    e.write_bool(true);
  });
  EXPECT_EQ(bad_frames_counted_for(live, registration), 1u);
}

TEST(HostilePeer, AProgramWithAnotherSecretCannotAttach) {
  SecretFile ours("ours");
  SecretFile theirs("theirs");
  LiveSystem live(ours.path);
  try {
    ActorSystem intruder("tcp", options_on(live.port, theirs.path));
    FAIL() << "attached with the wrong secret";
  } catch (const TransportError& e) {
    EXPECT_NE(std::string(e.what()).find("secret"), std::string::npos) << e.what();
  }
  EXPECT_GE(admin_status(live.port, {.timeout = 5s, .secret_file = ours.path}).auth_failures, 1u);
  EXPECT_THROW(admin_status(live.port, {.timeout = 5s, .secret_file = theirs.path}),
               TransportError);
  // The same secret attaches: a second program of the same system.
  ActorSystem friendly("tcp", options_on(live.port, ours.path));
  EXPECT_EQ(friendly.create_actor<echo::EchoServer>().system(),
            live.system.create_actor<echo::EchoServer>().system());
}

// --- bounded waits --------------------------------------------------------------------------

TEST(HostilePeer, StatusOfAStoppedAdminFailsWithinItsTimeout) {
  LiveSystem live;
  const auto admin_pid = static_cast<pid_t>(admin_status(live.port).pid);
  ASSERT_EQ(kill(admin_pid, SIGSTOP), 0);
  struct Continue {
    pid_t pid;
    ~Continue() { kill(pid, SIGCONT); }
  } resume{admin_pid};
  const auto started = std::chrono::steady_clock::now();
  try {
    admin_status(live.port, {.timeout = 1s, .secret_file = {}});
    FAIL() << "a stopped admin answered";
  } catch (const TransportError& e) {
    EXPECT_NE(std::string(e.what()).find("no answer within 1000 ms"), std::string::npos)
        << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  // The command line says so in one line and exits with 2.
  const std::string out = ::testing::TempDir() + "thespis-status-stopped.txt";
  const std::string command = std::string(THESPIS_CLI_PATH) + " status --timeout 1 --port " +
                              std::to_string(live.port) + " > " + out + " 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  std::ifstream printed(out);
  std::string line;
  std::getline(printed, line);
  EXPECT_NE(line.find("no answer within 1000 ms"), std::string::npos) << line;
  std::remove(out.c_str());
}

TEST(HostilePeer, OverTheConnectionLimitConnectionsAreRefusedAndCounted) {
  SystemOptions options = options_on(free_local_port());
  options.max_connections = 16;
  ActorSystem system("tcp", options);
  const auto pids = processes_of(options.admin_port);
  {
    std::vector<std::unique_ptr<RawPeer>> crowd;
    for (int i = 0; i < 40; ++i) crowd.push_back(std::make_unique<RawPeer>(options.admin_port));
    // The last ones are closed at once by the admin: reading them ends without a challenge.
    EXPECT_EQ(crowd.back()->read_to_end(), "");
  }
  // The crowd is gone; the admin notices on its next reads (bounded polling).
  std::optional<AdminStatus> status;
  for (int i = 0; i < 200 && !status; ++i) {
    try {
      status = admin_status(options.admin_port, {.timeout = 1s, .secret_file = {}});
    } catch (const TransportError&) {
      std::this_thread::sleep_for(10ms);
    }
  }
  ASSERT_TRUE(status);
  EXPECT_GE(status->refused_connections, 20u);
  system.shutdown();
  for (const auto& pid : pids) EXPECT_TRUE(testing::ended(pid));
}

TEST(HostilePeer, OutOfDescriptorsTheAdminBacksOffInsteadOfSpinning) {
  rlimit saved{};
  getrlimit(RLIMIT_NOFILE, &saved);
  rlimit low = saved;
  low.rlim_cur = 64;  // the admin inherits this limit when it starts
  setrlimit(RLIMIT_NOFILE, &low);
  const std::uint16_t port = free_local_port();
  std::unique_ptr<ActorSystem> system;
  try {
    system = std::make_unique<ActorSystem>("tcp", options_on(port));
  } catch (...) {
    setrlimit(RLIMIT_NOFILE, &saved);
    throw;
  }
  setrlimit(RLIMIT_NOFILE, &saved);
  const auto pids = processes_of(port);
  const auto admin = pids.front().pid();
  const auto cpu_ticks = [&] {
    std::ifstream stat("/proc/" + std::to_string(admin) + "/stat");
    std::string field;
    long ticks = 0;
    for (int i = 1; i <= 15 && stat >> field; ++i) {
      if (i == 14 || i == 15) ticks += std::stol(field);
    }
    return ticks;
  };
  {
    std::vector<std::unique_ptr<RawPeer>> crowd;
    for (int i = 0; i < 100; ++i) crowd.push_back(std::make_unique<RawPeer>(port));
    const long before = cpu_ticks();
    std::this_thread::sleep_for(1s);  // measuring the admin's CPU over a second, not waiting
    EXPECT_LT(cpu_ticks() - before, 30) << "the accept loop spins (ticks of 10 ms)";
  }
  std::optional<AdminStatus> status;
  for (int i = 0; i < 300 && !status; ++i) {
    try {
      status = admin_status(port, {.timeout = 1s, .secret_file = {}});
    } catch (const TransportError&) {
      std::this_thread::sleep_for(10ms);
    }
  }
  EXPECT_TRUE(status) << "the admin answers once descriptors are free again";
  system->shutdown();
  for (const auto& pid : pids) EXPECT_TRUE(testing::ended(pid));
}

TEST(HostilePeer, APeerThatNeverReadsItsAnswersIsDisconnectedNotBuffered) {
  SystemOptions options = options_on(free_local_port());
  options.max_queued_bytes = 64 * 1024;
  ActorSystem system("tcp", options);
  const auto pids = processes_of(options.admin_port);
  RawPeer greedy(options.admin_port);
  ASSERT_TRUE(greedy.authenticate(Secret::load()));
  std::string requests;
  // More answers than the kernel's socket buffers on both sides can absorb (megabytes on
  // loopback), so that they must pile up at the admin.
  constexpr std::size_t asked = 400'000;
  for (std::size_t i = 0; i < asked; ++i) requests += status_frame();
  greedy.write(requests);  // and reads nothing: the answers pile up at the admin
  const auto status = admin_status(options.admin_port);
  EXPECT_EQ(status.pid, pids.front().pid()) << "the admin is up and answers others";
  const std::string answers = greedy.read_to_end(std::size_t{1} << 30);
  std::size_t frames = 0;
  for (std::size_t at = 0; at + 4 <= answers.size(); ++frames) {
    const auto* p = reinterpret_cast<const unsigned char*>(answers.data() + at);
    at += 4 + ((std::size_t{p[0]} << 24) | (std::size_t{p[1]} << 16) | (std::size_t{p[2]} << 8) |
               std::size_t{p[3]});
  }
  EXPECT_LT(frames, asked) << "the admin closed it rather than hold every answer";
  system.shutdown();
  for (const auto& pid : pids) EXPECT_TRUE(testing::ended(pid));
}

// --- threads --------------------------------------------------------------------------------

TEST(Threads, EightThreadsAskingAtOnceThroughPrivateEndpointsEachGetExactlyTheirReplies) {
  LiveSystem live;
  const ActorAddress server = live.system.create_actor<echo::EchoServer>();
  EXPECT_EQ(testing::wrong_replies_to_threads(live.system, server), 0);
}

// --- a kill -9 storm ------------------------------------------------------------------------

struct Rally {
  ActorAddress partner;
  std::vector<ActorAddress> bystanders;
  std::int64_t rounds = 0;
};
THESPIS_MESSAGE(Rally, partner, bystanders, rounds)
struct RallyResult {
  std::int64_t rounds = 0;
  bool in_order = true;
};
THESPIS_MESSAGE(RallyResult, rounds, in_order)

/// Sends 0, 1, 2, ... to its partner, each once the previous came back, checking that every
/// answer is the next number; also copies each to a bystander (which may be killed any time).
struct Rallier : Actor {
  Rallier() {
    on<Rally>([this](const Rally& r, const ActorAddress& from) {
      rally = r;
      asker = from;
      send(rally.partner, std::int64_t{0});
    });
    on<std::int64_t>([this](std::int64_t n, const ActorAddress&) {
      in_order = in_order && n == next;
      next = n + 1;
      if (!rally.bystanders.empty()) {
        send(rally.bystanders[static_cast<std::size_t>(n) % rally.bystanders.size()], n);
      }
      if (next == rally.rounds) return send(asker, RallyResult{next, in_order});
      send(rally.partner, next);
    });
  }
  Rally rally;
  ActorAddress asker;
  std::int64_t next = 0;
  bool in_order = true;
};
THESPIS_ACTOR(Rallier)

struct Bouncer : Actor {
  Bouncer() {
    on<std::int64_t>([this](std::int64_t n, const ActorAddress& from) { send(from, n); });
  }
};
THESPIS_ACTOR(Bouncer)

/// Takes what it is sent and says nothing: a bystander of the rallies, killed any time.
struct Mute : Actor {};
THESPIS_ACTOR(Mute)

/// Creates `count` victims and reports each ChildActorExited to whoever asked.
struct Guardian : Actor {
  Guardian() {
    on<std::int64_t>([this](std::int64_t count, const ActorAddress& from) {
      asker = from;
      std::vector<ActorAddress> victims;
      for (std::int64_t i = 0; i < count; ++i) victims.push_back(create_actor<Mute>());
      send(from, victims);
    });
    on<ChildActorExited>(
        [this](const ChildActorExited& e, const ActorAddress&) { send(asker, e.child); });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(Guardian)

TEST(KillStorm, ThirtyKillsAreEachReportedOnceAndSurvivingPairsLoseNothing) {
  LiveSystem live;
  const ActorAddress guardian = live.system.create_actor<Guardian>();
  const auto victims =
      live.system.ask(guardian, std::int64_t{30}, 20s)->get<std::vector<ActorAddress>>();
  ASSERT_EQ(victims.size(), 30u);
  constexpr std::int64_t rounds = 3000;
  std::vector<ActorAddress> ralliers;
  for (int pair = 0; pair < 10; ++pair) {
    const ActorAddress rallier = live.system.create_actor<Rallier>();
    live.system.tell(rallier, Rally{live.system.create_actor<Bouncer>(), victims, rounds});
    ralliers.push_back(rallier);
  }
  std::map<ActorAddress, std::int64_t> pids;
  for (const auto& actor : admin_status(live.port).actors) pids[actor.address] = actor.pid;
  for (const ActorAddress& victim : victims) {
    ASSERT_EQ(kill(static_cast<pid_t>(pids.at(victim)), SIGKILL), 0);
  }
  std::set<ActorAddress> reported;
  std::vector<RallyResult> results;
  int duplicates = 0;
  while (reported.size() < victims.size() || results.size() < ralliers.size()) {
    const auto message = live.system.listen(30s);
    ASSERT_TRUE(message) << reported.size() << " exits, " << results.size() << " rallies";
    if (message->is<ActorAddress>()) {
      duplicates += reported.insert(message->get<ActorAddress>()).second ? 0 : 1;
    } else {
      results.push_back(message->get<RallyResult>());
    }
  }
  EXPECT_FALSE(live.system.listen(500ms)) << "nothing more: each exit was reported once";
  EXPECT_EQ(duplicates, 0);
  EXPECT_EQ(reported, std::set<ActorAddress>(victims.begin(), victims.end()));
  for (const RallyResult& result : results) {
    EXPECT_EQ(result.rounds, rounds);
    EXPECT_TRUE(result.in_order) << "no gap and no reorder between surviving pairs";
  }
}

// --- shutdown ---------------------------------------------------------------------------------

TEST(Shutdown, OfAHundredActorsReturnsOnceEveryProcessHasEnded) {
  const std::uint16_t port = free_local_port();
  ActorSystem system("tcp", options_on(port));
  for (int i = 0; i < 100; ++i) system.create_actor<Bouncer>();
  const auto pids = processes_of(port);
  ASSERT_EQ(pids.size(), 102u) << "the admin, the spawner and 100 actors";
  system.shutdown();
  std::size_t left = 0;
  for (const auto& pid : pids) left += testing::ended(pid) ? 0 : 1;
  EXPECT_EQ(left, 0u) << "processes still there when shutdown() returned";
}

TEST(Shutdown, OfAStuckAdminKillsItAndItsProcessesAndSaysSo) {
  const std::uint16_t port = free_local_port();
  ActorSystem system("tcp", options_on(port));
  system.create_actor<Bouncer>();
  const auto pids = processes_of(port);
  ASSERT_EQ(pids.size(), 3u) << "the admin, the spawner and the actor";
  const testing::Process admin(admin_status(port).pid);
  struct KillLeftovers {  // whatever this test finds, it leaves no stopped daemon behind
    const std::vector<testing::Process>& pids;
    ~KillLeftovers() {
      for (const auto& pid : pids) pid.kill(SIGKILL);
    }
  } leftovers{pids};
  admin.kill(SIGSTOP);  // stuck: it will never answer the shutdown
  try {
    system.shutdown();
    FAIL() << "a stopped admin answered the shutdown";
  } catch (const TransportError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("the admin, pid " + std::to_string(admin.pid())), std::string::npos)
        << what;
    EXPECT_NE(what.find("it was killed"), std::string::npos) << what;
  }
  // Nothing of the system is left, not even as a stopped daemon.
  testing::expect_all_ended(pids);
}

// --- bounds reach every process ---------------------------------------------------------------

TEST(Bounds, TheFrameLimitReachesActorProcessesAndAnOversizedMessageComesBackAsPoison) {
  SystemOptions options = options_on(free_local_port());
  options.max_frame_bytes = 64 * 1024;
  ActorSystem system("tcp", options);
  const ActorAddress server = system.create_actor<echo::EchoServer>();
  const auto pids = processes_of(options.admin_port);
  // Semantics 13 on tcp: never sent, never lost silently.
  const auto poison = system.ask(server, echo::Ping{1, std::string(200 * 1024, 'x')}, 5s);
  ASSERT_TRUE(poison);
  ASSERT_TRUE(poison->is<PoisonMessage>());
  EXPECT_NE(poison->get<PoisonMessage>().details.find("limit of 65536 bytes"), std::string::npos);
  EXPECT_EQ(pong_of(system, server, "small"), "small") << "and the connection goes on";
  // The actor's process itself holds the bound: a longer frame closes the stream it came on.
  std::uint16_t actor_port = 0;
  for (const auto& actor : admin_status(options.admin_port).actors) {
    if (actor.address == server) actor_port = actor.port;
  }
  RawPeer peer(actor_port);
  ASSERT_TRUE(peer.authenticate(Secret::load()));
  peer.write(std::string("\x00\x01\x10\x00", 4) + std::string(70 * 1024, 'x'));
  EXPECT_EQ(peer.read_to_end(), "") << "closed by the actor's process";
  system.shutdown();
  for (const auto& pid : pids) EXPECT_TRUE(testing::ended(pid));
}

}  // namespace
}  // namespace thespis::net
