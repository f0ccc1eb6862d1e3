// The tcp base beyond the conformance suite: frames, garbage on live sockets, conventions of
// two admins, and admins of another build. Everything on 127.0.0.1, on free ports; every admin
// a test starts is shut down by the test, and no process may outlive it.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>

// clang-format off
#include <utility>  // first: Boost 1.74's Asio does not compile under GCC 12 without it
#include <boost/asio.hpp>
// clang-format on

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/net/frame.hpp>
#include <thespis/thespis.hpp>

#include "echo/echo.hpp"
#include "support/processes.hpp"
#include "support/raw_peer.hpp"
#include "support/secret_file.hpp"

using namespace std::chrono_literals;

namespace thespis::net {
namespace {

using testing::expect_all_ended;
using testing::processes_of;

// --- frames --------------------------------------------------------------------------------

struct Note {
  std::string text;
  std::vector<std::int64_t> numbers;
};
THESPIS_MESSAGE(Note, text, numbers)

TEST(Frame, RoundTripsAnEnvelope) {
  std::string bytes;
  Encoder scratch;
  append_frame(bytes, {ActorAddress(7, 8), ActorAddress(9, 10), Note{"hi", {1, 2, 3}}}, scratch);
  FrameReader reader;
  reader.feed(bytes.substr(0, 3));
  EXPECT_FALSE(reader.next()) << "a partial length is not a frame";
  reader.feed(bytes.substr(3));
  auto frame = reader.next();
  ASSERT_TRUE(frame);
  const auto& envelope = std::get<Envelope>(*frame);
  EXPECT_EQ(envelope.sender, ActorAddress(7, 8));
  EXPECT_EQ(envelope.recipient, ActorAddress(9, 10));
  EXPECT_EQ(envelope.message.get<Note>().numbers, (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(Frame, AnUnknownTypeIsRejectedAndTheStreamGoesOn) {
  std::string bytes;
  Encoder scratch;
  append_frame(bytes, {{}, {}, Note{"first", {}}}, scratch);
  std::string bad = bytes;
  const auto at = bad.find("Note");
  bad.replace(at, 4, "Nope");
  FrameReader reader;
  reader.feed(bad + bytes);
  auto first = reader.next();
  ASSERT_TRUE(first);
  ASSERT_TRUE(std::holds_alternative<std::string>(*first));
  EXPECT_NE(std::get<std::string>(*first).find("Nope"), std::string::npos);
  auto second = reader.next();
  ASSERT_TRUE(second);
  EXPECT_EQ(std::get<Envelope>(*second).message.get<Note>().text, "first");
}

TEST(Frame, AnOversizedLengthBreaksTheStream) {
  FrameReader reader(1024);
  reader.feed(std::string("\x7f\xff\xff\xff", 4));
  EXPECT_THROW(reader.next(), FrameStreamError);
}

RC_GTEST_PROP(Frame, ArbitraryBytesNeverCrashTheReader, (const std::string& garbage)) {
  FrameReader reader(1 << 16);
  reader.feed(garbage);
  try {
    for (int i = 0; i < 1000 && reader.next(); ++i) {
    }
  } catch (const FrameStreamError&) {
    // the connection would be closed: fine
  }
}

RC_GTEST_PROP(Frame, TruncatedOrFlippedFramesAreRejectedNotFatal, ()) {
  std::string bytes;
  Encoder scratch;
  const auto numbers =
      *rc::gen::container<std::vector<std::int64_t>>(rc::gen::arbitrary<std::int64_t>());
  append_frame(bytes, {ActorAddress(1, 2), ActorAddress(3, 4), Note{"x", numbers}}, scratch);
  const auto at = *rc::gen::inRange<std::size_t>(4, bytes.size());
  bytes[at] = static_cast<char>(bytes[at] ^ *rc::gen::inRange(1, 256));
  FrameReader reader;
  reader.feed(bytes);
  const auto frame = reader.next();  // either a (possibly different) envelope or an error
  RC_ASSERT(frame.has_value());
}

// --- helpers for live systems ---------------------------------------------------------------

SystemOptions options_on(std::uint16_t port, Capabilities capabilities = {},
                         std::uint16_t leader = 0) {
  SystemOptions options;
  options.admin_port = port;
  options.capabilities = std::move(capabilities);
  options.log_level = LogLevel::error;
  if (leader != 0) options.convention_leader = "127.0.0.1:" + std::to_string(leader);
  return options;
}

/// Writes `bytes` on a connection that has authenticated with the user's secret.
void send_raw(std::uint16_t port, const std::string& bytes) {
  testing::RawPeer peer(port);
  ASSERT_TRUE(peer.authenticate(Secret::load()));
  peer.write(bytes);
  peer.close();
}

// --- garbage on live sockets ----------------------------------------------------------------

TEST(Fuzz, AdminAndActorKeepAnsweringAfterGarbage) {
  const std::uint16_t port = free_local_port();
  ActorSystem system("tcp", options_on(port, {{"Server", true}}));
  const ActorAddress server = system.create_actor<echo::EchoServer>();
  ASSERT_TRUE(system.ask(server, echo::Ping{1, "before"}, 5s));
  std::uint16_t actor_port = 0;
  for (const auto& actor : admin_status(port).actors) {
    if (actor.address == server) actor_port = actor.port;
  }
  ASSERT_NE(actor_port, 0);

  std::mt19937_64 random(42);
  std::string valid;
  Encoder scratch;
  append_frame(valid, {ActorAddress(), server, echo::Ping{2, "lost in the noise"}}, scratch);
  for (int round = 0; round < 50; ++round) {
    std::string garbage(static_cast<std::size_t>(random() % 300), '\0');
    for (char& c : garbage) c = static_cast<char>(random());
    send_raw(port, garbage);
    send_raw(actor_port, garbage);
    const std::string truncated =
        valid.substr(0, static_cast<std::size_t>(random() % valid.size()));
    send_raw(port, truncated);
    send_raw(actor_port, truncated);
    send_raw(actor_port, std::string("\x7f\xff\xff\xff", 4));  // a length over the limit
  }
  const auto reply = system.ask(server, echo::Ping{3, "after"}, 5s);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->get<echo::Pong>().payload, "after");
  EXPECT_GT(admin_status(port).bad_frames, 0u) << "the admin counted what it could not decode";
  const auto pids = processes_of(port);
  system.shutdown();
  expect_all_ended(pids);
}

// --- back-pressure ----------------------------------------------------------------------------

struct Flood {
  ActorAddress to;
  std::int64_t count = 0;
};
THESPIS_MESSAGE(Flood, to, count)

/// Sends `count` numbered messages as fast as it can, then says how long it was held up.
struct Flooder : Actor {
  Flooder() {
    on<Flood>([this](const Flood& f, const ActorAddress& from) {
      for (std::int64_t i = 0; i < f.count; ++i) send(f.to, i);
      send(from, std::string("sent"));
    });
  }
};
THESPIS_ACTOR(Flooder)

/// Handles each message slowly (a few microseconds of work) and checks they come in order.
struct SlowCounter : Actor {
  SlowCounter() {
    on<std::int64_t>([this](std::int64_t n, const ActorAddress&) {
      in_order = in_order && n == count;
      ++count;
      const auto until = std::chrono::steady_clock::now() + 2us;
      while (std::chrono::steady_clock::now() < until) {
      }
    });
    on<std::string>([this](const std::string&, const ActorAddress& from) {
      send(from, in_order ? count : -count);
    });
  }
  std::int64_t count = 0;
  bool in_order = true;
};
THESPIS_ACTOR(SlowCounter)

TEST(BackPressure, ASlowReceiverLosesNothing) {
  const std::uint16_t port = free_local_port();
  ActorSystem system("tcp", options_on(port));
  const ActorAddress counter = system.create_actor<SlowCounter>();
  const ActorAddress flooder = system.create_actor<Flooder>();
  // 200,000 messages: three times what a sender may have waiting before it is held up.
  const auto sent = system.ask(flooder, Flood{counter, 200'000}, 60s);
  ASSERT_TRUE(sent);
  // FIFO from the flooder: asking the counter after "sent" from the flooder does not order the
  // two senders, so ask until it has them all (each answer is a fresh count).
  std::int64_t counted = 0;
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (counted != 200'000 && std::chrono::steady_clock::now() < until) {
    counted = system.ask(counter, std::string("count?"), 10s)->get<std::int64_t>();
    ASSERT_GE(counted, 0) << "out of order";
  }
  EXPECT_EQ(counted, 200'000);
  const auto pids = processes_of(port);
  system.shutdown();
  expect_all_ended(pids);
}

// --- conventions ------------------------------------------------------------------------------

struct ConventionWatcher : Actor {
  ConventionWatcher() {
    notify_on_system_registration_changes(true);
    on<ActorSystemConventionUpdate>(
        [this](const ActorSystemConventionUpdate& u, const ActorAddress&) {
          seen.push_back(u.added ? "joined" : "lost");
          if (asker) send(asker, seen);
        });
    on<std::string>([this](const std::string&, const ActorAddress& from) {
      asker = from;
      send(from, seen);
    });
  }
  std::vector<std::string> seen;
  ActorAddress asker;
};
THESPIS_ACTOR(ConventionWatcher)

using testing::SecretFile;

TEST(Convention, AdminsWithDifferentSecretsCannotFormOne) {
  SecretFile leader_secret("the leader's");
  SecretFile member_secret("another");
  const std::uint16_t leader_port = free_local_port();
  const std::uint16_t member_port = free_local_port();
  SystemOptions leader_options = options_on(leader_port, {{"Server", true}});
  leader_options.secret_file = leader_secret.path;
  leader_options.heartbeat_interval = 100ms;
  ActorSystem leader("tcp", leader_options);
  const ActorAddress watcher = leader.create_actor<ConventionWatcher>();
  ASSERT_TRUE(leader.ask(watcher, std::string("hello"), 5s));
  SystemOptions member_options = options_on(member_port, {{"Client", true}}, leader_port);
  member_options.secret_file = member_secret.path;
  member_options.heartbeat_interval = 100ms;
  ActorSystem member("tcp", member_options);
  EXPECT_FALSE(leader.listen(1s)) << "no member joined";
  const ControlOptions as_leader{.timeout = 5s, .secret_file = leader_secret.path};
  const ControlOptions as_member{.timeout = 5s, .secret_file = member_secret.path};
  EXPECT_TRUE(admin_status(leader_port, as_leader).members.empty());
  EXPECT_TRUE(admin_status(member_port, as_member).members.empty());
  EXPECT_GE(admin_status(leader_port, as_leader).auth_failures, 1u);
  EXPECT_THROW(member.create_actor<echo::EchoServer>(), NoCompatibleSystemForActor)
      << "the leader's capabilities are out of reach";
  const auto member_pids = processes_of(member_port, member_secret.path);
  const auto leader_pids = processes_of(leader_port, leader_secret.path);
  member.shutdown();
  leader.shutdown();
  for (const auto& pid : member_pids) EXPECT_TRUE(testing::ended(pid));
  for (const auto& pid : leader_pids) EXPECT_TRUE(testing::ended(pid));
}

TEST(Convention, AMemberThatShutsDownIsHeardLeavingAtOnce) {
  const std::uint16_t leader_port = free_local_port();
  ActorSystem leader("tcp", options_on(leader_port, {{"Server", true}}));
  const ActorAddress watcher = leader.create_actor<ConventionWatcher>();
  ASSERT_TRUE(leader.ask(watcher, std::string("hello"), 5s));
  for (int round = 0; round < 3; ++round) {
    ActorSystem member("tcp", options_on(free_local_port(), {{"Client", true}}, leader_port));
    const auto joined = leader.listen(5s);
    ASSERT_TRUE(joined);
    ASSERT_EQ(joined->get<std::vector<std::string>>().back(), "joined");
    // Timed to the leader hearing of it, not to the end of the shutdown, which also waits for
    // the member's processes to end (seconds under ASan on a loaded machine).
    const auto started = std::chrono::steady_clock::now();
    auto leaving = std::async(std::launch::async, [&] { member.shutdown(); });
    const auto left = leader.listen(5s);
    const auto heard = std::chrono::steady_clock::now();
    leaving.get();
    ASSERT_TRUE(left);
    EXPECT_EQ(left->get<std::vector<std::string>>().back(), "lost");
    // Three missed heartbeats would take 3 s: the leaving note is what tells it.
    EXPECT_LT(heard - started, 1500ms) << "round " << round;
  }
  const auto pids = processes_of(leader_port);
  leader.shutdown();
  for (const auto& pid : pids) EXPECT_TRUE(testing::ended(pid));
}

TEST(Convention, EchoRunsAcrossTwoAdminsAndLossIsReported) {
  const std::uint16_t server_port = free_local_port();
  const std::uint16_t client_port = free_local_port();
  ActorSystem server("tcp", options_on(server_port, {{"Server", true}}));
  const ActorAddress watcher = server.create_actor<ConventionWatcher>();
  ASSERT_TRUE(server.ask(watcher, std::string("hello"), 5s));
  const auto server_pids = processes_of(server_port);

  ActorSystem client("tcp", options_on(client_port, {{"Client", true}}, server_port));
  const auto joined = server.listen(5s);
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->get<std::vector<std::string>>(), std::vector<std::string>{"joined"});

  const ActorAddress requestor = client.create_actor<echo::EchoRequestor>();
  client.tell(requestor, std::int64_t{200});
  const auto done = client.ask(requestor, std::string("payload"), 10s);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->get<std::string>(), "echo_done");
  const auto report = client.ask(requestor, echo::EchoStatus{}, 5s)->get<echo::EchoReport>();
  EXPECT_EQ(report.received, 200u);
  EXPECT_EQ((report.server.system() >> 32) & 0xffff, server_port) << "placed on the server's admin";

  // The server's admin dies with its actors: the client's admin loses it after 3 missed
  // heartbeats, its watchers hear it, and the requestor hears that its EchoServer exited, once.
  const ActorAddress client_watcher = client.create_actor<ConventionWatcher>();
  ASSERT_TRUE(client.ask(client_watcher, std::string("hello"), 5s));
  for (const auto& pid : server_pids) pid.kill(SIGKILL);
  const auto lost = client.listen(10s);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->get<std::vector<std::string>>().back(), "lost");
  const auto until = std::chrono::steady_clock::now() + 5s;
  std::uint64_t exits = 0;
  while (exits == 0 && std::chrono::steady_clock::now() < until) {
    exits = client.ask(requestor, echo::EchoStatus{}, 5s)->get<echo::EchoReport>().server_exits;
  }
  EXPECT_EQ(exits, 1u);
  EXPECT_TRUE(admin_status(client_port).members.empty());
  const auto client_pids = processes_of(client_port);
  client.shutdown();
  expect_all_ended(client_pids);
  expect_all_ended(server_pids);
}

TEST(Convention, AnActorAnswersAMemberThatJoinedAfterItsAdmin) {
  // Members A, then B join the leader; A learns of B only from the leader's next list (a
  // heartbeat, here far away). An actor on A that answers an actor on B must not take B's
  // unknown system for a gone actor: A's admin asks the leader, which knows B.
  const auto slow_heartbeat = [](SystemOptions options) {
    options.heartbeat_interval = 30s;
    return options;
  };
  const std::uint16_t leader_port = free_local_port();
  const std::uint16_t a_port = free_local_port();
  const std::uint16_t b_port = free_local_port();
  ActorSystem leader("tcp", slow_heartbeat(options_on(leader_port)));
  ActorSystem a("tcp", slow_heartbeat(options_on(a_port, {{"Server", true}}, leader_port)));
  ActorSystem b("tcp", slow_heartbeat(options_on(b_port, {{"Client", true}}, leader_port)));
  const auto pids = [&] {
    std::vector<testing::Process> all;
    for (const std::uint16_t port : {leader_port, a_port, b_port}) {
      for (auto& pid : processes_of(port)) all.push_back(std::move(pid));
    }
    return all;
  };

  const ActorAddress requestor = b.create_actor<echo::EchoRequestor>();
  b.tell(requestor, std::int64_t{5});
  const auto done = b.ask(requestor, std::string("payload"), 10s);
  const auto report = b.ask(requestor, echo::EchoStatus{}, 5s);
  ASSERT_TRUE(report);
  EXPECT_EQ((report->get<echo::EchoReport>().server.system() >> 32) & 0xffff, a_port)
      << "the EchoServer is placed on A";
  EXPECT_TRUE(done) << "the EchoServer on A answered none of the requestor's pings on B";
  EXPECT_EQ(report->get<echo::EchoReport>().received, 5u);

  const auto all = pids();
  // B's requestor stops its child on A first; the child's exit reaches it (relayed by the
  // leader), else it would wait its 5 s bound for it.
  const auto stopping = std::chrono::steady_clock::now();
  b.shutdown();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 2500ms) << "ChildActorExited was lost";
  a.shutdown();
  leader.shutdown();
  expect_all_ended(all);
}

// --- another build ----------------------------------------------------------------------------

/// The admin daemon of a program of another build (tests/netbase/start_daemon.cpp), which
/// refuses programs of other builds (an admin `thespis node` runs serves them: load_test.cpp).
void start_other_build_daemon(std::uint16_t port) {
  const std::string command = std::string(THESPIS_START_DAEMON_PATH) + " " + std::to_string(port);
  // It returns once its admin listens, or after at most 10 s with an error.
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(StaleAdmin, AnotherBuildIsRefusedByNameAndCanBeReplaced) {
  const std::uint16_t port = free_local_port();
  ASSERT_NO_FATAL_FAILURE(start_other_build_daemon(port));
  const AdminStatus stale = admin_status(port);
  try {
    ActorSystem system("tcp", options_on(port));
    ADD_FAILURE() << "attached to an admin of another build";
    system.shutdown();
  } catch (const TransportError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("pid " + std::to_string(stale.pid)), std::string::npos) << what;
    EXPECT_NE(what.find("port " + std::to_string(port)), std::string::npos) << what;
    EXPECT_NE(what.find(stale.build), std::string::npos) << what;
  }
  SystemOptions replace = options_on(port);
  replace.replace_stale_admin = true;
  ActorSystem system("tcp", replace);
  expect_all_ended({stale.pid, stale.spawner_pid});  // the stale admin went away
  EXPECT_NE(admin_status(port).build, stale.build);
  const ActorAddress watcher = system.create_actor<ConventionWatcher>();
  EXPECT_TRUE(system.ask(watcher, std::string("hello"), 5s));
  const auto pids = processes_of(port);
  system.shutdown();
  expect_all_ended(pids);
}

}  // namespace
}  // namespace thespis::net

namespace thespis::net {
namespace {

// --- another base -----------------------------------------------------------------------------

TEST(OtherBase, AUdpProgramNeverTakesOverATcpAdmin) {
  const std::uint16_t port = free_local_port();
  ActorSystem tcp_system("tcp", options_on(port));
  const ActorAddress watcher = tcp_system.create_actor<ConventionWatcher>();
  const AdminStatus before = admin_status(port);
  SystemOptions udp_options = options_on(port);
  udp_options.replace_stale_admin = true;  // even so: it is not stale, it is another base
  try {
    ActorSystem udp_system("udp", udp_options);
    ADD_FAILURE() << "a udp program attached to a tcp admin";
    udp_system.shutdown();
  } catch (const TransportError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("runs the tcp base"), std::string::npos) << what;
    EXPECT_NE(what.find("admin_port"), std::string::npos) << what;
  }
  EXPECT_EQ(admin_status(port).pid, before.pid) << "the tcp admin was replaced";
  EXPECT_TRUE(tcp_system.ask(watcher, std::string("still here?"), 5s));
  const auto pids = processes_of(port);
  tcp_system.shutdown();
  expect_all_ended(pids);
}

}  // namespace
}  // namespace thespis::net
