// The udp base on this machine: one admin on a free port of 127.0.0.1, one process per actor.
//   raw_udp_rtt_us              round trip of a datagram of the same size as the actor ping's
//                               (header and frame) between this program and an echo process over
//                               plain blocking UDP sockets on 127.0.0.1
//   udp_pingpong_rtt_us         actor<->actor round trip, the shape of tcp_bench's
//                               tcp_pingpong_rtt_us (a Rallier and a Bouncer)
//   udp_pingpong_ratio          udp_pingpong_rtt_us / raw_udp_rtt_us (target: at most 1.3)
//   asio_udp_rtt_us             the same datagram between this program and an echo process, both
//                               waiting the way every thespis process waits: a Boost.Asio
//                               io_context, async_wait on the socket, then a non-blocking read
//                               and a send. No thespis code runs: this is the floor of any
//                               process built on asio's reactor.
//   asio_udp_ratio              asio_udp_rtt_us / raw_udp_rtt_us
//   udp_pingpong_asio_ratio     udp_pingpong_rtt_us / asio_udp_rtt_us: what thespis adds
//   The round trips are measured in the same run, in alternating blocks of 1,000 (one block
//   each of warm-up, then 10 each), so that a change in the machine's load meets all alike;
//   each figure is the median of its blocks' medians.
//   udp_pipelined_msgs_per_s    5,000 one-way messages from one actor to another: those received
//   udp_pipelined_lost          over the time from the first send to the last receipt; lost =
//   udp_pipelined_lost_counted  sent - received; _counted is what the admin heard of as lost
//                               (AdminStatus::lost_messages; marks end each burst)
//   udp_pipelined_200k_*        the same with 200,000 messages
//   udp_pipelined_200k_small_buffer_*  the same again on a system whose processes receive into
//                               256 KiB (SystemOptions::receive_buffer_bytes): loss, counted
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <boost/asio.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/net/frame.hpp>
#include <thespis/thespis.hpp>

#include "figure_reporter.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int block_round_trips = 1000;
constexpr int measured_blocks = 10;
/// The receive buffer of udp_small_buffer_figures: a few of the flood's 64 KiB datagrams.
constexpr std::size_t small_receive_buffer_bytes = 256 << 10;
/// A udp datagram's own header ahead of its frames (netbase/src/datagram.hpp).
constexpr std::size_t datagram_header_bytes = 48;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// --- the bare socket round trip ----------------------------------------------------------------

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return sa;
}

/// A UDP socket bound to a free port of 127.0.0.1, and that port.
std::pair<int, std::uint16_t> bound_udp_socket() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa = loopback(0);
  socklen_t size = sizeof sa;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &size) != 0) {
    throw std::runtime_error("cannot bind a udp socket on 127.0.0.1");
  }
  return {fd, ntohs(sa.sin_port)};
}

/// This program's side and the echo process's side of a bare round trip over plain blocking
/// sockets: the least any udp round trip between two processes of this machine costs.
class BlockingWait {
 public:
  static constexpr const char* name = "bare";

  /// The echo process: sends every datagram back to where it came from; an empty one ends it.
  /// Only system calls: it may be forked from a threaded program.
  [[noreturn]] static void serve(int fd) {
    char buffer[65536];
    for (;;) {
      sockaddr_in from{};
      socklen_t size = sizeof from;
      const ssize_t n =
          ::recvfrom(fd, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &size);
      if (n <= 0) _exit(0);
      ::sendto(fd, buffer, static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&from),
               size);
    }
  }

  explicit BlockingWait(int fd) : fd_(fd) {
    timeval timeout{.tv_sec = 2, .tv_usec = 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  /// Receives the echo into `message`; false if none came within 2 s.
  bool receive(std::vector<char>& message) {
    return ::recv(fd_, message.data(), message.size(), 0) > 0;
  }

 private:
  int fd_;
};

// --- the same round trip over Boost.Asio's reactor ---------------------------------------------

namespace asio = boost::asio;

/// A wait for the socket to be readable, as DatagramRouter waits: asio re-arms the socket in its
/// epoll set for each wait (an epoll_ctl), which a blocking read does not need.
void await_readable(asio::ip::udp::socket& socket, asio::io_context& io) {
  bool ready = false;
  socket.async_wait(asio::ip::udp::socket::wait_read,
                    [&](const boost::system::error_code&) { ready = true; });
  io.restart();  // the last wait left the context out of work, which stops it
  while (!ready) io.run_one();
}

/// Both sides waiting the way every thespis process waits: an io_context, async_wait on the
/// socket, then a non-blocking read (and, in the echo process, a send).
class AsioWait {
 public:
  static constexpr const char* name = "asio";

  /// The asio echo process: answers every datagram from a wait, a non-blocking read and a send;
  /// an empty one ends it. It runs an io_context, which allocates: fork it before any thread.
  [[noreturn]] static void serve(int fd) {
    asio::io_context io;
    asio::ip::udp::socket socket(io, asio::ip::udp::v4(), fd);
    socket.non_blocking(true);
    char buffer[65536];
    for (;;) {
      await_readable(socket, io);
      for (;;) {
        sockaddr_in from{};
        socklen_t size = sizeof from;
        const ssize_t n = ::recvfrom(fd, buffer, sizeof buffer, MSG_DONTWAIT,
                                     reinterpret_cast<sockaddr*>(&from), &size);
        if (n < 0) break;
        if (n == 0) _exit(0);
        ::sendto(fd, buffer, static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&from),
                 size);
      }
    }
  }

  explicit AsioWait(int fd) : fd_(fd), socket_(io_, asio::ip::udp::v4(), ::dup(fd)) {
    socket_.non_blocking(true);
  }
  /// Receives the echo into `message`, waiting for it as long as it takes.
  bool receive(std::vector<char>& message) {
    ssize_t got = -1;
    while (got < 0) {
      await_readable(socket_, io_);
      got = ::recv(fd_, message.data(), message.size(), MSG_DONTWAIT);
    }
    return true;
  }

 private:
  int fd_;
  asio::io_context io_;
  asio::ip::udp::socket socket_;
};

// --- the echo process --------------------------------------------------------------------------

/// Round trips between this program and a forked echo process, both sides waiting the way `Wait`
/// says (BlockingWait or AsioWait). The echo process ends when this goes out of scope.
template <class Wait>
class EchoProcess {
 public:
  EchoProcess() {
    const auto [echo_fd, echo_port] = bound_udp_socket();
    echo_ = ::fork();
    if (echo_ < 0) {
      throw std::runtime_error(std::string("cannot fork the ") + Wait::name + " echo process");
    }
    if (echo_ == 0) Wait::serve(echo_fd);
    ::close(echo_fd);
    fd_ = bound_udp_socket().first;
    to_ = loopback(echo_port);
  }
  ~EchoProcess() {
    ::sendto(fd_, nullptr, 0, 0, reinterpret_cast<const sockaddr*>(&to_), sizeof to_);
    ::close(fd_);
    int status = 0;
    ::waitpid(echo_, &status, 0);
  }
  EchoProcess(const EchoProcess&) = delete;
  EchoProcess& operator=(const EchoProcess&) = delete;

  /// The median of `rounds` round trips of `payload_bytes` in microseconds.
  double median_rtt_us(int rounds, std::size_t payload_bytes) {
    Wait wait(fd_);
    std::vector<char> message(payload_bytes, 'p');
    std::vector<double> rtts;
    rtts.reserve(static_cast<std::size_t>(rounds));
    for (int i = 0; i < rounds; ++i) {
      const auto sent = Clock::now();
      if (::sendto(fd_, message.data(), message.size(), 0, reinterpret_cast<const sockaddr*>(&to_),
                   sizeof to_) < 0 ||
          !wait.receive(message)) {
        throw std::runtime_error(std::string("the ") + Wait::name +
                                 " udp round trip could not send or got no answer");
      }
      rtts.push_back(std::chrono::duration<double, std::micro>(Clock::now() - sent).count());
    }
    return median(std::move(rtts));
  }

 private:
  pid_t echo_ = -1;
  int fd_ = -1;
  sockaddr_in to_{};
};

// --- the actors --------------------------------------------------------------------------------

struct Rally {
  ActorAddress partner;
  std::int64_t rounds = 0;
};
THESPIS_MESSAGE(Rally, partner, rounds)

struct Flood {
  ActorAddress to;
  std::int64_t count = 0;
};
THESPIS_MESSAGE(Flood, to, count)

/// When a flood began (ns of the steady clock, the same in every process of this machine).
struct FloodStarted {
  std::int64_t at_ns = 0;
};
THESPIS_MESSAGE(FloodStarted, at_ns)

/// Asks a Sink how much it has received.
struct Tally {};
THESPIS_MESSAGE(Tally)

struct Tallied {
  std::int64_t received = 0;
  std::int64_t last_at_ns = 0;
};
THESPIS_MESSAGE(Tallied, received, last_at_ns)

/// Answers every integer with the same integer.
class Bouncer : public thespis::Actor {
 public:
  Bouncer() {
    on<std::int64_t>([this](std::int64_t n, const ActorAddress& from) { send(from, n); });
  }
};
THESPIS_ACTOR(Bouncer)

/// Plays `rounds` round trips with a Bouncer and answers the median in microseconds.
class Rallier : public thespis::Actor {
 public:
  Rallier() {
    on<Rally>([this](const Rally& r, const ActorAddress& from) {
      asker_ = from;
      partner_ = r.partner;
      rounds_ = r.rounds;
      rtts_.clear();
      rtts_.reserve(static_cast<std::size_t>(r.rounds));
      sent_ = Clock::now();
      send(partner_, std::int64_t{0});
    });
    on<std::int64_t>([this](std::int64_t n, const ActorAddress&) {
      rtts_.push_back(std::chrono::duration<double, std::micro>(Clock::now() - sent_).count());
      if (n + 1 >= rounds_) return send(asker_, median(std::move(rtts_)));
      sent_ = Clock::now();
      send(partner_, n + 1);
    });
  }

 private:
  ActorAddress asker_;
  ActorAddress partner_;
  std::int64_t rounds_ = 0;
  Clock::time_point sent_;
  std::vector<double> rtts_;
};
THESPIS_ACTOR(Rallier)

/// Counts the integers it receives and when the last came; answers a Tally with both.
class Sink : public thespis::Actor {
 public:
  Sink() {
    on<std::int64_t>([this](std::int64_t, const ActorAddress&) {
      ++received_;
      last_at_ns_ = now_ns();
    });
    on<Tally>([this](const Tally&, const ActorAddress& from) {
      send(from, Tallied{received_, last_at_ns_});
    });
  }

 private:
  std::int64_t received_ = 0;
  std::int64_t last_at_ns_ = 0;
};
THESPIS_ACTOR(Sink)

/// Sends `count` integers to a Sink as fast as it may, then answers when it began.
class Flooder : public thespis::Actor {
 public:
  Flooder() {
    on<Flood>([this](const Flood& f, const ActorAddress& from) {
      const std::int64_t started = now_ns();
      for (std::int64_t i = 0; i < f.count; ++i) send(f.to, i);
      send(from, FloodStarted{started});
    });
  }
};
THESPIS_ACTOR(Flooder)

/// The size of the datagram that carries one ping from `from` to `to`.
std::size_t ping_datagram_bytes(const ActorAddress& from, const ActorAddress& to) {
  std::string frame;
  thespis::Encoder scratch;
  thespis::net::append_frame(frame, {from, to, thespis::Message(std::int64_t{1})}, scratch);
  return datagram_header_bytes + frame.size();
}

/// Polls the sink until it has everything or has received nothing new for 500 ms.
Tallied settled_tally(thespis::ActorSystem& system, const ActorAddress& sink, std::int64_t sent) {
  Tallied last;
  auto changed = Clock::now();
  const auto until = Clock::now() + 120s;
  while (Clock::now() < until) {
    const auto answer = system.ask(sink, Tally{}, 10s);
    if (!answer) throw std::runtime_error("the sink did not answer a tally within 10 s");
    const Tallied now = answer->get<Tallied>();
    if (now.received != last.received) changed = Clock::now();
    last = now;
    if (last.received >= sent || Clock::now() - changed > 500ms) break;
    std::this_thread::sleep_for(20ms);
  }
  return last;
}

/// Lost messages the admin counted, once the marks after a burst (the last 1 s after it) had
/// time to arrive: waits (bounded) until the count stops growing.
std::int64_t counted_lost(std::uint16_t port, std::int64_t before) {
  std::int64_t counted = thespis::net::admin_status(port).lost_messages - before;
  auto changed = Clock::now();
  while (Clock::now() - changed < 1500ms) {
    std::this_thread::sleep_for(100ms);
    const std::int64_t now = thespis::net::admin_status(port).lost_messages - before;
    if (now != counted) changed = Clock::now();
    counted = now;
  }
  return counted;
}

void pipelined(benchmark::State& state, thespis::ActorSystem& system, std::uint16_t port,
               std::int64_t count, const std::string& prefix) {
  const std::int64_t lost_before = thespis::net::admin_status(port).lost_messages;
  const ActorAddress sink = system.create_actor<Sink>();
  const ActorAddress flooder = system.create_actor<Flooder>();
  const auto started = system.ask(flooder, Flood{sink, count}, 120s);
  if (!started) throw std::runtime_error("the flooder did not answer within 120 s");
  const Tallied tally = settled_tally(system, sink, count);
  const double seconds =
      static_cast<double>(tally.last_at_ns - started->get<FloodStarted>().at_ns) / 1e9;
  state.counters[prefix + "msgs_per_s"] =
      seconds > 0 ? static_cast<double>(tally.received) / seconds : 0;
  state.counters[prefix + "lost"] = static_cast<double>(count - tally.received);
  state.counters[prefix + "lost_counted"] = static_cast<double>(counted_lost(port, lost_before));
  system.tell(sink, thespis::ActorExitRequest{false});
  system.tell(flooder, thespis::ActorExitRequest{false});
}

void udp_figures(benchmark::State& state) {
  EchoProcess<AsioWait> asio_echo;  // before the system's threads
  thespis::SystemOptions options;
  options.admin_port = thespis::net::free_local_port();
  options.log_level = thespis::LogLevel::error;
  thespis::ActorSystem system("udp", options);
  try {
    for (auto _ : state) {
      const ActorAddress bouncer = system.create_actor<Bouncer>();
      const ActorAddress rallier = system.create_actor<Rallier>();
      const std::size_t ping_bytes = ping_datagram_bytes(rallier, bouncer);
      EchoProcess<BlockingWait> echo;
      std::vector<double> raw_blocks;
      std::vector<double> asio_blocks;
      std::vector<double> actor_blocks;
      for (int block = 0; block <= measured_blocks; ++block) {  // block 0 warms up
        const double raw = echo.median_rtt_us(block_round_trips, ping_bytes);
        const double bare_asio = asio_echo.median_rtt_us(block_round_trips, ping_bytes);
        const auto actor = system.ask(rallier, Rally{bouncer, block_round_trips}, 60s);
        if (!actor) throw std::runtime_error("round trips did not finish within 60 s (a loss?)");
        if (block == 0) continue;
        raw_blocks.push_back(raw);
        asio_blocks.push_back(bare_asio);
        actor_blocks.push_back(actor->get<double>());
      }
      const double raw = median(raw_blocks);
      const double bare_asio = median(asio_blocks);
      const double actor = median(actor_blocks);
      state.counters["raw_udp_rtt_us"] = raw;
      state.counters["asio_udp_rtt_us"] = bare_asio;
      state.counters["asio_udp_ratio"] = bare_asio / raw;
      state.counters["udp_pingpong_rtt_us"] = actor;
      state.counters["udp_pingpong_ratio"] = actor / raw;
      state.counters["udp_pingpong_asio_ratio"] = actor / bare_asio;

      pipelined(state, system, options.admin_port, 5000, "udp_pipelined_");
      pipelined(state, system, options.admin_port, 200'000, "udp_pipelined_200k_");
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
  system.shutdown();
}
BENCHMARK(udp_figures)->Iterations(1)->Unit(benchmark::kMillisecond);

/// The 200,000 again with a receive buffer too small for the flood: loss that is counted.
void udp_small_buffer_figures(benchmark::State& state) {
  thespis::SystemOptions options;
  options.admin_port = thespis::net::free_local_port();
  options.log_level = thespis::LogLevel::error;
  options.receive_buffer_bytes = small_receive_buffer_bytes;
  thespis::ActorSystem system("udp", options);
  try {
    for (auto _ : state) {
      pipelined(state, system, options.admin_port, 200'000, "udp_pipelined_200k_small_buffer_");
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
  system.shutdown();
}
BENCHMARK(udp_small_buffer_figures)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  thespis::bench::FigureReporter reporter(
      std::map<std::string, std::string>{{"raw_udp_rtt_us", "us"},
                                         {"udp_pingpong_rtt_us", "us"},
                                         {"udp_pingpong_ratio", "x"},
                                         {"asio_udp_rtt_us", "us"},
                                         {"asio_udp_ratio", "x"},
                                         {"udp_pingpong_asio_ratio", "x"},
                                         {"udp_pipelined_msgs_per_s", "msgs/s"},
                                         {"udp_pipelined_lost", "msgs"},
                                         {"udp_pipelined_lost_counted", "msgs"},
                                         {"udp_pipelined_200k_msgs_per_s", "msgs/s"},
                                         {"udp_pipelined_200k_lost", "msgs"},
                                         {"udp_pipelined_200k_lost_counted", "msgs"},
                                         {"udp_pipelined_200k_small_buffer_msgs_per_s", "msgs/s"},
                                         {"udp_pipelined_200k_small_buffer_lost", "msgs"},
                                         {"udp_pipelined_200k_small_buffer_lost_counted", "msgs"}});
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
