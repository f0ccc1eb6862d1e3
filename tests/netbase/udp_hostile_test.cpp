// The udp base against hostile and careless peers: any local process can send datagrams to the
// UDP ports of an actor process, of the program's endpoint and of the admin's router. Garbage,
// forgeries, cut frames, the largest datagram and a flood must be counted and dropped: the
// process survives, keeps answering, and no actor receives anything from them. A datagram sealed
// with the real secret is delivered once however often it is replayed. An actor that is gone
// (SIGKILL, ActorExitRequest) turns what is sent to it into dead letters, none silently lost.
// Everything on 127.0.0.1, on free ports; each test shuts down what it started.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/net/frame.hpp>
#include <thespis/net/secret.hpp>
#include <thespis/thespis.hpp>

#include "datagram.hpp"
#include "echo/echo.hpp"
#include "support/processes.hpp"
#include "support/secret_file.hpp"
#include "support/threaded_asks.hpp"
#include "support/udp_peer.hpp"

using namespace std::chrono_literals;

namespace thespis::net {
namespace {

using detail::datagram_header_bytes;
using detail::DatagramHeader;
using detail::DatagramKey;
using detail::DatagramKind;
using testing::SecretFile;
using testing::udp_ports_of;
using testing::UdpPeer;

/// Counts the strings it receives; answers an integer with that count, and echoes a string
/// that starts with "echo:" to its sender.
struct Tally : Actor {
  Tally() {
    on<std::string>([this](const std::string& text, const ActorAddress& from) {
      ++seen;
      if (text.rfind("echo:", 0) == 0) send(from, text);
    });
    on<std::int64_t>([this](std::int64_t, const ActorAddress& from) { send(from, seen); });
  }
  std::int64_t seen = 0;
};
THESPIS_ACTOR(Tally)

struct Forward {
  ActorAddress to;
  std::string text;
};
THESPIS_MESSAGE(Forward, to, text)

/// Sends on what it is told to: another actor that keeps sending to a gone one.
struct Forwarder : Actor {
  Forwarder() {
    on<Forward>([this](const Forward& f, const ActorAddress&) { send(f.to, f.text); });
    on<std::int64_t>([this](std::int64_t n, const ActorAddress& from) { send(from, n); });
  }
};
THESPIS_ACTOR(Forwarder)

/// Tells whoever said "watch" of every dead letter.
struct LetterWatcher : Actor {
  LetterWatcher() {
    handle_dead_letters();
    on<std::string>([this](const std::string&, const ActorAddress& from) {
      asker = from;
      send(from, std::string("watching"));
    });
    on<DeadEnvelope>([this](const DeadEnvelope& d, const ActorAddress&) {
      send(asker, "dead letter for " + d.intended.to_string() + ": " + d.message.to_string());
    });
  }
  ActorAddress asker;
};
THESPIS_ACTOR(LetterWatcher)

/// A udp system on a free port with a secret file of its own (so that the test can seal
/// datagrams with it), shut down and checked at the end of the test.
struct LiveUdp {
  LiveUdp() : secret_file("udp hostile test secret"), port(free_local_port()), system(make()) {}
  ~LiveUdp() {
    const auto pids = testing::processes_of(port, secret_file.path);
    system.shutdown();
    testing::expect_all_ended(pids);
  }
  ActorSystem make() {
    SystemOptions options;
    options.admin_port = port;
    options.log_level = LogLevel::error;
    options.secret_file = secret_file.path;
    options.capabilities = {{"Server", true}};  // echo::EchoServer requires it
    return ActorSystem("udp", options);
  }
  AdminStatus status() {
    return admin_status(port, {.timeout = 10s, .secret_file = secret_file.path});
  }
  ActorStatus actor(const ActorAddress& address) {
    for (const auto& a : status().actors) {
      if (a.address == address) return a;
    }
    throw std::runtime_error("no such actor " + address.to_string());
  }
  std::int64_t seen_by(const ActorAddress& tally) {
    const auto reply = system.ask(tally, std::int64_t{0}, 10s);
    return reply ? reply->get<std::int64_t>() : -1;
  }

  SecretFile secret_file;
  std::uint16_t port;
  ActorSystem system;
};

/// A datagram sealed with `key`: the header, then `frames`.
std::string sealed(const DatagramKey& key, const DatagramHeader& header,
                   const std::string& frames = {}) {
  std::string datagram(datagram_header_bytes, '\0');
  datagram += frames;
  key.seal(datagram, header);
  return datagram;
}

std::string frame_of(const Envelope& envelope) {
  std::string bytes;
  Encoder scratch;
  append_frame(bytes, envelope, scratch);
  return bytes;
}

/// The incarnation of the process receiving on `port`: a datagram for nobody in particular
/// (incarnation 0 is never one) makes it answer `refused`, naming itself.
std::uint64_t incarnation_at(const DatagramKey& key, std::uint16_t port) {
  UdpPeer peer;
  const std::uint64_t me = detail::random_incarnation();
  peer.send(
      port,
      sealed(key,
             {.kind = DatagramKind::data, .count = 1, .recipient = 0, .sender = me, .first = 5}));
  const auto answer = peer.receive(5s);
  if (!answer) {
    ADD_FAILURE() << "no `refused` from port " << port << " within 5 s";
    return 0;
  }
  std::string why;
  const auto header = key.open(*answer, why);
  if (!header) {
    ADD_FAILURE() << "the answer does not open: " << why;
    return 0;
  }
  EXPECT_EQ(header->kind, DatagramKind::refused);
  EXPECT_EQ(header->recipient, me) << "addressed to the sender";
  EXPECT_EQ(header->first, 5u) << "names the refused datagram";
  return header->sender;
}

/// One datagram of an attack. `real`: sealed with the convention's secret, so that it opens and
/// its frames are read (and found broken: one bad frame); otherwise it does not open (one
/// authentication failure).
struct Hostile {
  std::string bytes;
  bool real = false;
};

/// What a hostile peer sends in one attack, at a receiver of incarnation `target`.
struct Attack {
  std::string name;
  std::vector<Hostile> datagrams;
};

std::vector<Attack> attacks(const DatagramKey& real, std::uint64_t target,
                            const ActorAddress& recipient, const ActorAddress& reply_to) {
  std::mt19937 random(20261207);
  const std::string frame = frame_of({reply_to, recipient, std::string("echo:forged")});
  const std::uint64_t me = detail::random_incarnation();
  // Datagrams that open are numbered one after the other, so that no gap is counted lost.
  std::uint64_t next = 0;
  const auto opens = [&](const std::string& frames) {
    return Hostile{sealed(real,
                          {.kind = DatagramKind::data,
                           .count = 1,
                           .recipient = target,
                           .sender = me,
                           .first = next++},
                          frames),
                   true};
  };
  const DatagramHeader forged_header{
      .kind = DatagramKind::data, .count = 1, .recipient = target, .sender = me, .first = 1000};
  const DatagramKey other(Secret::from_text("another convention's secret"));

  std::vector<Attack> all;
  Attack garbage{"random garbage", {{""}, {"THSU"}}};
  for (int i = 0; i < 200; ++i) {
    std::string bytes(random() % 1000, '\0');
    for (char& c : bytes) c = static_cast<char>(random());
    garbage.datagrams.push_back({bytes});
  }
  all.push_back(garbage);

  Attack wrong_tag{"a header with a wrong tag", {}};
  for (std::size_t i = 0; i < 16; ++i) {
    std::string datagram = sealed(real, forged_header, frame);
    datagram[32 + i] = static_cast<char>(datagram[32 + i] ^ 1);  // the tag's bytes
    wrong_tag.datagrams.push_back({datagram});
  }
  all.push_back(wrong_tag);

  all.push_back(
      {"a datagram sealed with another secret",
       {{sealed(other, forged_header, frame)},
        {sealed(other, forged_header, frame + frame)},
        {sealed(other, {.kind = DatagramKind::mark, .recipient = target, .first = 99})}}});

  Attack cut{"frames cut short (sealed with the real secret)", {}};
  for (const std::size_t keep :
       {std::size_t{1}, std::size_t{3}, std::size_t{4}, frame.size() / 2, frame.size() - 1}) {
    cut.datagrams.push_back(opens(frame.substr(0, keep)));
  }
  // A length over any frame's limit, and a length within the datagram over a body that is no
  // message.
  cut.datagrams.push_back(opens(std::string("\xff\xff\xff\xff", 4) + "xyz"));
  cut.datagrams.push_back(opens(std::string("\0\0\0\x05", 4) + "junk!"));
  all.push_back(cut);

  // A frame whose length runs past the end of the largest datagram.
  std::string big_frame = std::string("\0\0\xff\xd6", 4);
  big_frame.resize(max_udp_payload_bytes - datagram_header_bytes, '\x7f');
  all.push_back({"65507-byte datagrams",
                 {{std::string(max_udp_payload_bytes, 'x')},
                  {sealed(other, forged_header, big_frame)},
                  opens(big_frame)}});
  return all;
}

/// Each attack at `port`: the process answers after it and `tally` received nothing.
void survives_every_attack(LiveUdp& live, std::uint16_t port, std::uint64_t incarnation,
                           const ActorAddress& tally, const std::string& what) {
  const DatagramKey real(Secret::load(live.secret_file.path));
  UdpPeer hostile;
  for (const Attack& attack : attacks(real, incarnation, tally, live.system.address())) {
    for (const Hostile& datagram : attack.datagrams) hostile.send(port, datagram.bytes);
    EXPECT_EQ(live.seen_by(tally), 0) << what << ", " << attack.name << ": delivered or no answer";
  }
  EXPECT_FALSE(live.system.listen(0ms)) << "nothing forged was echoed back";
}

TEST(UdpHostilePeer, AnActorProcessSurvivesGarbageForgeriesAndCutFramesAndReceivesNothing) {
  LiveUdp live;
  const ActorAddress tally = live.system.create_actor<Tally>();
  ASSERT_EQ(live.seen_by(tally), 0);
  const ActorStatus status = live.actor(tally);
  const std::int64_t pid = status.pid;
  const std::uint16_t port = status.port;
  EXPECT_EQ(udp_ports_of(pid), std::set<std::uint16_t>{port})
      << "the status names the actor's one UDP socket";
  const DatagramKey real(Secret::load(live.secret_file.path));
  survives_every_attack(live, port, incarnation_at(real, port), tally, "actor");
  EXPECT_EQ(live.actor(tally).pid, pid) << "the same process";
}

TEST(UdpHostilePeer, TheAdminsRouterCountsEveryForgeryAndEveryBadFrame) {
  LiveUdp live;
  const ActorAddress tally = live.system.create_actor<Tally>();
  ASSERT_EQ(live.seen_by(tally), 0);
  const AdminStatus before = live.status();
  const auto ports = udp_ports_of(before.pid);
  ASSERT_EQ(ports.size(), 1u) << "the admin has one UDP socket, its router";
  const std::uint16_t port = *ports.begin();
  const DatagramKey real(Secret::load(live.secret_file.path));
  const std::uint64_t incarnation = incarnation_at(real, port);
  std::uint64_t forgeries = 0;
  std::uint64_t bad = 0;
  UdpPeer hostile;
  for (const Attack& attack : attacks(real, incarnation, tally, live.system.address())) {
    for (const Hostile& datagram : attack.datagrams) {
      hostile.send(port, datagram.bytes);
      ++(datagram.real ? bad : forgeries);
    }
    // Reading them takes the admin a moment: bounded polling of its counts.
    AdminStatus now;
    for (int i = 0; i < 500; ++i) {
      now = live.status();
      if (now.auth_failures >= before.auth_failures + forgeries &&
          now.bad_frames >= before.bad_frames + bad) {
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    EXPECT_EQ(now.auth_failures, before.auth_failures + forgeries) << attack.name;
    EXPECT_EQ(now.bad_frames, before.bad_frames + bad) << attack.name;
    EXPECT_EQ(now.pid, before.pid) << attack.name;
    EXPECT_EQ(live.seen_by(tally), 0) << attack.name;
  }
  EXPECT_EQ(live.status().lost_messages, 0) << "no datagram of ours reached a window";
}

TEST(UdpHostilePeer, TheProgramsEndpointSurvivesEveryAttackAndKeepsAsking) {
  LiveUdp live;
  const ActorAddress tally = live.system.create_actor<Tally>();
  ASSERT_EQ(live.seen_by(tally), 0);
  const auto ports = udp_ports_of(getpid());
  ASSERT_FALSE(ports.empty()) << "the program receives on a UDP socket";
  const DatagramKey real(Secret::load(live.secret_file.path));
  for (const std::uint16_t port : ports) {
    survives_every_attack(live, port, incarnation_at(real, port), tally, "program");
  }
}

TEST(UdpHostilePeer, AFloodOfJunkLeavesEveryProcessAnswering) {
  LiveUdp live;
  const ActorAddress tally = live.system.create_actor<Tally>();
  ASSERT_EQ(live.seen_by(tally), 0);
  const AdminStatus before = live.status();
  std::set<std::uint16_t> ports = udp_ports_of(before.pid);
  ports.insert(live.actor(tally).port);
  for (const std::uint16_t port : udp_ports_of(getpid())) ports.insert(port);
  UdpPeer flood;
  std::string junk(64, 'j');
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 100'000; ++i) {
    junk[static_cast<std::size_t>(i % 64)] = static_cast<char>(i);
    for (const std::uint16_t port : ports) flood.send(port, junk);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 60s);
  EXPECT_EQ(live.seen_by(tally), 0) << "the actor and the program answer";
  const AdminStatus after = live.status();
  EXPECT_EQ(after.pid, before.pid);
  EXPECT_GT(after.auth_failures, before.auth_failures) << "the admin counted the flood";
  EXPECT_LE(after.auth_failures, before.auth_failures + 100'000);
  std::string message = "echo:after the flood";
  const auto reply = live.system.ask(tally, message, 10s);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->get<std::string>(), message);
}

TEST(UdpHostilePeer, ADatagramSealedWithTheRealSecretIsDeliveredOnceHoweverOftenReplayed) {
  LiveUdp live;
  const ActorAddress tally = live.system.create_actor<Tally>();
  ASSERT_EQ(live.seen_by(tally), 0);
  const std::uint16_t port = live.actor(tally).port;
  const DatagramKey real(Secret::load(live.secret_file.path));
  const std::uint64_t incarnation = incarnation_at(real, port);
  const std::string datagram =
      sealed(real,
             {.kind = DatagramKind::data,
              .count = 1,
              .recipient = incarnation,
              .sender = detail::random_incarnation(),
              .first = 0},
             frame_of({live.system.address(), tally, std::string("echo:replayed")}));
  UdpPeer first;
  UdpPeer second;  // a replay from another port
  ASSERT_TRUE(first.send(port, datagram));
  const auto echoed = live.system.listen(10s);
  ASSERT_TRUE(echoed) << "the sealed datagram was not delivered";
  EXPECT_EQ(echoed->get<std::string>(), "echo:replayed");
  for (int i = 0; i < 3; ++i) {
    first.send(port, datagram);
    second.send(port, datagram);
  }
  // Asked after the replays were sent: the count includes any of them that was delivered.
  EXPECT_EQ(live.seen_by(tally), 1);
  EXPECT_FALSE(live.system.listen(0ms)) << "no second echo";
  EXPECT_EQ(live.status().lost_messages, 0);
}

// --- dead letters ---------------------------------------------------------------------------

/// After `victim` is gone, 10 messages from the program and 10 from another actor: each comes
/// back as a dead letter, once, within 15 s.
void everything_sent_becomes_a_dead_letter(LiveUdp& live, const ActorAddress& forwarder,
                                           const ActorAddress& victim, const std::string& round) {
  std::set<std::string> expected;
  for (int i = 0; i < 10; ++i) {
    const std::string from_program = round + " program " + std::to_string(i);
    const std::string from_actor = round + " actor " + std::to_string(i);
    live.system.tell(victim, from_program);
    live.system.tell(forwarder, Forward{victim, from_actor});
    for (const std::string& text : {from_program, from_actor}) {
      expected.insert("dead letter for " + victim.to_string() + ": \"" + text + "\"");
    }
  }
  std::multiset<std::string> dead;
  const auto until = std::chrono::steady_clock::now() + 15s;
  while (dead.size() < expected.size() && std::chrono::steady_clock::now() < until) {
    if (auto message = live.system.listen(1s)) dead.insert(message->get<std::string>());
  }
  EXPECT_EQ(std::set<std::string>(dead.begin(), dead.end()), expected) << round;
  EXPECT_EQ(dead.size(), expected.size()) << round << ": each once";
  EXPECT_FALSE(live.system.listen(200ms)) << round << ": nothing more";
}

TEST(UdpDeadLetters, EverythingSentToAKilledActorBecomesADeadLetter) {
  LiveUdp live;
  const ActorAddress watcher = live.system.create_actor<LetterWatcher>();
  ASSERT_EQ(live.system.ask(watcher, std::string("watch"), 10s)->get<std::string>(), "watching");
  const ActorAddress forwarder = live.system.create_actor<Forwarder>();
  const ActorAddress victim = live.system.create_actor<Tally>();
  // Both senders know where it lives before it dies.
  live.system.tell(forwarder, Forward{victim, std::string("hello")});
  ASSERT_EQ(live.system.ask(forwarder, std::int64_t{1}, 10s)->get<std::int64_t>(), 1);
  ASSERT_EQ(live.seen_by(victim), 1);
  const std::int64_t pid = live.actor(victim).pid;
  ASSERT_EQ(kill(static_cast<pid_t>(pid), SIGKILL), 0);
  testing::expect_all_ended({pid});
  everything_sent_becomes_a_dead_letter(live, forwarder, victim, "killed");
  // Later still, once the admin surely knows: the same.
  everything_sent_becomes_a_dead_letter(live, forwarder, victim, "long dead");
}

TEST(UdpDeadLetters, EverythingSentToAnActorThatExitedBecomesADeadLetter) {
  LiveUdp live;
  const ActorAddress watcher = live.system.create_actor<LetterWatcher>();
  ASSERT_EQ(live.system.ask(watcher, std::string("watch"), 10s)->get<std::string>(), "watching");
  const ActorAddress forwarder = live.system.create_actor<Forwarder>();
  const ActorAddress victim = live.system.create_actor<Tally>();
  live.system.tell(forwarder, Forward{victim, std::string("hello")});
  ASSERT_EQ(live.system.ask(forwarder, std::int64_t{1}, 10s)->get<std::int64_t>(), 1);
  ASSERT_EQ(live.seen_by(victim), 1);
  const std::int64_t pid = live.actor(victim).pid;
  live.system.tell(victim, ActorExitRequest{false});
  // Once the admin no longer lists it, its process is in its afterlife or gone.
  bool listed = true;
  for (int i = 0; i < 500 && listed; ++i) {
    const auto actors = live.status().actors;
    listed = std::any_of(actors.begin(), actors.end(),
                         [&](const ActorStatus& a) { return a.address == victim; });
    if (listed) std::this_thread::sleep_for(10ms);
  }
  ASSERT_FALSE(listed) << "the exited actor is still listed after 5 s";
  everything_sent_becomes_a_dead_letter(live, forwarder, victim, "exiting");
  testing::expect_all_ended({pid});
  everything_sent_becomes_a_dead_letter(live, forwarder, victim, "exited");
}

/// A system with a dead-letter watcher, a forwarder and a victim that both know where it lives.
struct VictimSetup {
  explicit VictimSetup(LiveUdp& live)
      : watcher(live.system.create_actor<LetterWatcher>()),
        forwarder(live.system.create_actor<Forwarder>()),
        victim(live.system.create_actor<Tally>()) {
    EXPECT_EQ(live.system.ask(watcher, std::string("watch"), 10s)->get<std::string>(), "watching");
    live.system.tell(forwarder, Forward{victim, std::string("hello")});
    EXPECT_EQ(live.system.ask(forwarder, std::int64_t{1}, 10s)->get<std::int64_t>(), 1);
    EXPECT_EQ(live.seen_by(victim), 1);
    const ActorStatus status = live.actor(victim);
    pid = static_cast<pid_t>(status.pid);
    port = status.port;
  }
  ActorAddress watcher;
  ActorAddress forwarder;
  ActorAddress victim;
  pid_t pid = 0;
  std::uint16_t port = 0;
};

// A process that dies with datagrams queued unread in its socket gets no ICMP for them (its
// socket discards them when it closes): the spawner, which holds the socket, answers for it.
TEST(UdpDeadLetters, MessagesQueuedUnreadInAKilledActorsSocketBecomeDeadLettersOnce) {
  LiveUdp live;
  VictimSetup setup(live);
  ASSERT_EQ(kill(setup.pid, SIGSTOP), 0);
  std::set<std::string> expected;
  for (int i = 0; i < 10; ++i) {
    const std::string from_program = "queued program " + std::to_string(i);
    const std::string from_actor = "queued actor " + std::to_string(i);
    live.system.tell(setup.victim, from_program);
    live.system.tell(setup.forwarder, Forward{setup.victim, from_actor});
    for (const std::string& text : {from_program, from_actor}) {
      expected.insert("dead letter for " + setup.victim.to_string() + ": \"" + text + "\"");
    }
  }
  // The forwarder answers after it has sent on every Forward, and the program's datagrams to the
  // victim went out before its ask: all of them wait in the stopped victim's socket.
  ASSERT_EQ(live.system.ask(setup.forwarder, std::int64_t{2}, 10s)->get<std::int64_t>(), 2);
  EXPECT_FALSE(live.system.listen(100ms)) << "no dead letter while the victim lives";
  ASSERT_EQ(kill(setup.pid, SIGKILL), 0);
  testing::expect_all_ended({setup.pid});
  std::multiset<std::string> dead;
  const auto until = std::chrono::steady_clock::now() + 15s;
  while (dead.size() < expected.size() && std::chrono::steady_clock::now() < until) {
    if (auto message = live.system.listen(1s)) dead.insert(message->get<std::string>());
  }
  EXPECT_EQ(std::set<std::string>(dead.begin(), dead.end()), expected);
  EXPECT_EQ(dead.size(), expected.size()) << "each once";
  EXPECT_FALSE(live.system.listen(1500ms)) << "nothing more (the marks that followed included)";
  everything_sent_becomes_a_dead_letter(live, setup.forwarder, setup.victim, "after");
}

// The spawner answers only datagrams sealed with the convention's secret, and only `data`:
// garbage sent to an ended actor's port is never amplified into an answer.
TEST(UdpDeadLetters, AnEndedActorsPortAnswersOnlyRealDataAndNamesAnotherIncarnation) {
  LiveUdp live;
  VictimSetup setup(live);
  const DatagramKey real(Secret::load(live.secret_file.path));
  const std::uint64_t victim_incarnation = incarnation_at(real, setup.port);
  ASSERT_EQ(kill(setup.pid, SIGKILL), 0);
  testing::expect_all_ended({setup.pid});
  const std::uint64_t me = detail::random_incarnation();
  const DatagramHeader to_victim{.kind = DatagramKind::data,
                                 .count = 1,
                                 .recipient = victim_incarnation,
                                 .sender = me,
                                 .first = 7};
  const std::string frame = frame_of({live.system.address(), setup.victim, std::string("x")});
  std::vector<std::string> hostile = {
      "",
      "THSU",
      std::string(100, 'g'),
      std::string(max_udp_payload_bytes, 'x'),
      sealed(DatagramKey(Secret::from_text("another secret")), to_victim, frame),
      sealed(real, {.kind = DatagramKind::mark, .recipient = victim_incarnation, .sender = me}),
      sealed(real, {.kind = DatagramKind::refused, .recipient = victim_incarnation, .sender = me}),
  };
  std::string altered = sealed(real, to_victim, frame);
  altered.back() = static_cast<char>(altered.back() ^ 1);
  hostile.push_back(altered);
  UdpPeer peer;
  for (const std::string& datagram : hostile) peer.send(setup.port, datagram);
  // Last, one real datagram: the port reads in order, so its answer comes after any other.
  ASSERT_TRUE(peer.send(setup.port, sealed(real, to_victim, frame)));
  const auto answer = peer.receive(5s);
  ASSERT_TRUE(answer) << "no `refused` from the ended actor's port";
  std::string why;
  const auto header = real.open(*answer, why);
  ASSERT_TRUE(header) << why;
  EXPECT_EQ(header->kind, DatagramKind::refused) << "the first answer is to the real datagram";
  EXPECT_EQ(header->recipient, me);
  EXPECT_EQ(header->first, 7u);
  EXPECT_NE(header->sender, victim_incarnation) << "never in the dead process's name";
  EXPECT_FALSE(peer.receive(500ms)) << "nothing else was answered";
}

// --- threads --------------------------------------------------------------------------------

TEST(UdpThreads, EightThreadsAskingAtOnceThroughPrivateEndpointsEachGetExactlyTheirReplies) {
  LiveUdp live;
  const ActorAddress server = live.system.create_actor<echo::EchoServer>();
  EXPECT_EQ(testing::wrong_replies_to_threads(live.system, server), 0);
  EXPECT_EQ(live.status().lost_messages, 0) << "nothing lost on loopback at this rate";
}

}  // namespace
}  // namespace thespis::net
