// Thespian's distributed echo, in thespis: an EchoRequestor on a `Client` system sends pings to
// an EchoServer that the convention places on a `Server` system, and reports "echo_done" to
// whoever asked once every ping has its pong. An integer message adds that many pings (sent at
// once if the server exists); the payload string creates the server and sends the pings.
//
// RetryingEchoRequestor is the same requestor written for a lossy network (udp, partitions): it
// numbers its pings, re-sends those without a pong every `retry_interval`, and counts each
// sequence number once, so lost and duplicated frames do not break it.
#pragma once

#include <chrono>
#include <cstdint>
#include <set>
#include <string>

#include <thespis/thespis.hpp>

namespace echo {

struct Ping {
  std::uint64_t seq = 0;
  std::string payload;
};
THESPIS_MESSAGE(Ping, seq, payload)

struct Pong {
  std::uint64_t seq = 0;
  std::string payload;
};
THESPIS_MESSAGE(Pong, seq, payload)

/// Ask a requestor for its EchoReport.
struct EchoStatus {
  bool unused = false;
};
THESPIS_MESSAGE(EchoStatus, unused)

/// Ask a requestor how far it got: it answers EchoProgress (no addresses, so the answer is the
/// same on every base).
struct EchoHowFar {
  bool unused = false;
};
THESPIS_MESSAGE(EchoHowFar, unused)

struct EchoProgress {
  std::uint64_t wanted = 0;
  std::uint64_t received = 0;
  bool done = false;
};
THESPIS_MESSAGE(EchoProgress, wanted, received, done)

struct EchoReport {
  std::uint64_t wanted = 0;
  std::uint64_t received = 0;  ///< distinct pongs
  std::uint64_t resent = 0;    ///< pings sent again after a timeout
  std::uint64_t server_exits = 0;
  bool done = false;
  thespis::ActorAddress server;
};
THESPIS_MESSAGE(EchoReport, wanted, received, resent, server_exits, done, server)

class EchoServer : public thespis::Actor {
 public:
  EchoServer();

 private:
  THESPIS_INSPECT()  // stateless: nothing a check reads
};

class EchoRequestor : public thespis::Actor {
 public:
  EchoRequestor() : EchoRequestor(false) {}
  bool done() const { return done_; }
  std::uint64_t wanted() const { return wanted_; }
  std::uint64_t received() const { return received_; }

 protected:
  explicit EchoRequestor(bool retries);

 private:
  void start(const std::string& payload, const thespis::ActorAddress& asker);
  void add_pings(std::int64_t count);
  void send_ping(std::uint64_t seq);
  void got_pong(const Pong& pong);
  void retry();
  EchoReport report() const;

  bool retries_;
  std::uint64_t wanted_ = 0;
  std::string payload_;
  thespis::ActorAddress asker_;
  thespis::ActorAddress server_;
  std::set<std::uint64_t> outstanding_;
  std::uint64_t received_ = 0;
  std::uint64_t resent_ = 0;
  std::uint64_t server_exits_ = 0;
  std::chrono::nanoseconds started_{0};
  bool done_ = false;
  THESPIS_INSPECT(wanted_, received_, done_)  // what the echo app's checks read
};

class RetryingEchoRequestor : public EchoRequestor {
 public:
  static constexpr std::chrono::milliseconds retry_interval{100};
  RetryingEchoRequestor() : EchoRequestor(true) {}
};

THESPIS_ACTOR(EchoServer, thespis::requires_capability("Server"))
THESPIS_ACTOR(EchoRequestor, thespis::requires_capability("Client"))
THESPIS_ACTOR(RetryingEchoRequestor, thespis::requires_capability("Client"))

}  // namespace echo
