// The tcp base on this machine: one admin on a free port of 127.0.0.1, one process per actor.
//   tcp_pingpong_rtt_us       median actor<->actor round trip (10,000 of them)
//   tcp_pipelined_msgs_per_s  100,000 one-way messages actor->actor, then one round trip
//   tcp_external_ask_rtt_us   median ask from this program to an actor (5,000 of them)
//   tcp_create_actor_ms       median of 100 sequential creates from this program
//   tcp_actor_pss_kb          proportional set size per actor process, 100 actors
//   tcp_auth_handshake_us     median connect + challenge-response with the admin (2,000 of them)
//   tcp_admin_rss_growth_kb   admin RSS growth over 10,000 connect/close cycles and 2,000
//                             create/destroy cycles, after a first burst of the same shape
//                             (whose high water is tcp_admin_rss_first_burst_kb)
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

// clang-format off
#include <utility>  // first: Boost 1.74's Asio does not compile under GCC 12 without it
#include <boost/asio.hpp>
// clang-format on

#include <benchmark/benchmark.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/net/handshake.hpp>
#include <thespis/net/secret.hpp>
#include <thespis/thespis.hpp>

#include "figure_reporter.hpp"

using namespace std::chrono_literals;
using thespis::ActorAddress;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

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
      sent_ = Clock::now();
      send(partner_, std::int64_t{0});
    });
    on<std::int64_t>([this](std::int64_t n, const ActorAddress&) {
      rtts_.push_back(std::chrono::duration<double, std::micro>(Clock::now() - sent_).count());
      if (n + 1 >= rounds_) {
        send(asker_, median(rtts_));
        return;
      }
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

/// Counts what it receives; a string asks it to answer once `count` have arrived.
class Sink : public thespis::Actor {
 public:
  Sink() {
    on<std::int64_t>([this](std::int64_t, const ActorAddress&) {
      ++received_;
      maybe_answer();
    });
    on<Flood>([this](const Flood& f, const ActorAddress& from) {
      wanted_ = f.count;
      asker_ = from;
      maybe_answer();
    });
  }

 private:
  void maybe_answer() {
    if (asker_ && received_ >= wanted_) {
      send(asker_, std::string("all here"));
      asker_ = {};
    }
  }
  std::int64_t received_ = 0;
  std::int64_t wanted_ = 0;
  ActorAddress asker_;
};
THESPIS_ACTOR(Sink)

/// Sends `count` messages to a Sink, then asks it (one round trip) and answers messages/s.
class Flooder : public thespis::Actor {
 public:
  Flooder() {
    on<Flood>([this](const Flood& f, const ActorAddress& from) {
      asker_ = from;
      count_ = f.count;
      started_ = Clock::now();
      for (std::int64_t i = 0; i < f.count; ++i) send(f.to, i);
      send(f.to, Flood{my_address(), f.count});
    });
    on<std::string>([this](const std::string&, const ActorAddress&) {
      const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
      send(asker_, static_cast<double>(count_) / seconds);
    });
  }

 private:
  ActorAddress asker_;
  std::int64_t count_ = 0;
  Clock::time_point started_;
};
THESPIS_ACTOR(Flooder)

class Idle : public thespis::Actor {};
THESPIS_ACTOR(Idle)

std::int64_t pss_kb(std::int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
  std::string key;
  std::int64_t value = 0;
  while (in >> key) {
    if (key == "Pss:") {
      in >> value;
      return value;
    }
    std::string rest;
    std::getline(in, rest);
  }
  return 0;
}

std::int64_t rss_kb(std::int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      std::int64_t value = 0;
      in >> value;
      return value;
    }
  }
  return 0;
}

/// Connects to the admin and runs the connecting side of the handshake; true if it succeeded.
bool handshake(std::uint16_t port, const thespis::net::Secret& secret) {
  namespace asio = boost::asio;
  namespace net = thespis::net;
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::address_v4::loopback(), port});
  socket.set_option(asio::ip::tcp::no_delay(true));
  net::Challenge challenge;
  asio::read(socket, asio::buffer(challenge));
  const auto server_nonce = net::read_challenge(challenge);
  if (!server_nonce) return false;
  const net::Nonce client_nonce = net::make_nonce();
  asio::write(socket, asio::buffer(net::make_answer(secret, *server_nonce, client_nonce)));
  net::Proof confirmation;
  asio::read(socket, asio::buffer(confirmation));
  return net::check_confirmation(secret, *server_nonce, client_nonce, confirmation);
}

/// Creates and stops `count` actors, then waits (bounded) until the admin has forgotten them.
void churn_actors(thespis::ActorSystem& system, std::uint16_t port, int count) {
  for (int i = 0; i < count; ++i) {
    system.tell(system.create_actor<Idle>(), thespis::ActorExitRequest{false});
  }
  for (int i = 0; i < 1000; ++i) {
    const auto actors = thespis::net::admin_status(port).actors;
    if (std::none_of(actors.begin(), actors.end(),
                     [](const auto& a) { return a.type == "Idle"; })) {
      return;
    }
    std::this_thread::sleep_for(10ms);
  }
}

void tcp_trust_figures(benchmark::State& state) {
  thespis::SystemOptions options;
  options.admin_port = thespis::net::free_local_port();
  options.log_level = thespis::LogLevel::error;
  thespis::ActorSystem system("tcp", options);
  const auto secret = thespis::net::Secret::load();
  const std::int64_t admin = thespis::net::admin_status(options.admin_port).pid;
  for (auto _ : state) {
    std::vector<double> handshakes;
    for (int i = 0; i < 2000; ++i) {
      const auto start = Clock::now();
      if (!handshake(options.admin_port, secret)) state.SkipWithError("handshake refused");
      handshakes.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    state.counters["tcp_auth_handshake_us"] = median(handshakes);

    // The first burst of 2,000 actors (each a connection to the admin at once) raises the
    // heap's high water; it is reported on its own. Growth is measured after it: a leak keeps
    // growing, a high water does not.
    const std::int64_t start = rss_kb(admin);
    churn_actors(system, options.admin_port, 2000);
    for (int i = 0; i < 1000; ++i) handshake(options.admin_port, secret);
    const std::int64_t before = rss_kb(admin);
    state.counters["tcp_admin_rss_first_burst_kb"] = static_cast<double>(before - start);
    for (int i = 0; i < 10'000; ++i) handshake(options.admin_port, secret);
    const std::int64_t between = rss_kb(admin);
    churn_actors(system, options.admin_port, 2000);
    const std::int64_t after = rss_kb(admin);
    state.counters["tcp_admin_rss_growth_kb"] = static_cast<double>(after - before);
    state.counters["tcp_admin_rss_growth_connections_kb"] = static_cast<double>(between - before);
    state.counters["tcp_admin_rss_growth_actors_kb"] = static_cast<double>(after - between);
  }
  system.shutdown();
}

void tcp_figures(benchmark::State& state) {
  thespis::SystemOptions options;
  options.admin_port = thespis::net::free_local_port();
  options.log_level = thespis::LogLevel::error;
  thespis::ActorSystem system("tcp", options);
  for (auto _ : state) {
    const ActorAddress bouncer = system.create_actor<Bouncer>();
    const ActorAddress rallier = system.create_actor<Rallier>();
    state.counters["tcp_pingpong_rtt_us"] =
        system.ask(rallier, Rally{bouncer, 10'000}, 60s)->get<double>();

    const ActorAddress sink = system.create_actor<Sink>();
    const ActorAddress flooder = system.create_actor<Flooder>();
    state.counters["tcp_pipelined_msgs_per_s"] =
        system.ask(flooder, Flood{sink, 100'000}, 120s)->get<double>();

    std::vector<double> asks;
    for (int i = 0; i < 5000; ++i) {
      const auto start = Clock::now();
      system.ask(bouncer, std::int64_t{i}, 5s);
      asks.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    state.counters["tcp_external_ask_rtt_us"] = median(asks);

    std::vector<double> creates;
    for (int i = 0; i < 100; ++i) {
      const auto start = Clock::now();
      system.create_actor<Idle>();
      creates.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    state.counters["tcp_create_actor_ms"] = median(creates);

    std::int64_t total = 0;
    int counted = 0;
    for (const auto& actor : thespis::net::admin_status(options.admin_port).actors) {
      if (actor.type != "Idle") continue;
      total += pss_kb(actor.pid);
      ++counted;
    }
    state.counters["tcp_actor_pss_kb"] = counted > 0 ? static_cast<double>(total) / counted : 0;
  }
  system.shutdown();
}
BENCHMARK(tcp_figures)->Iterations(1)->Unit(benchmark::kMillisecond);
// After tcp_figures: its churn grows this program's heap, which every process forked later
// (admins, actors) inherits and would show in tcp_actor_pss_kb.
BENCHMARK(tcp_trust_figures)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  thespis::bench::FigureReporter reporter(
      std::map<std::string, std::string>{{"tcp_pingpong_rtt_us", "us"},
                                         {"tcp_pipelined_msgs_per_s", "msgs/s"},
                                         {"tcp_external_ask_rtt_us", "us"},
                                         {"tcp_create_actor_ms", "ms"},
                                         {"tcp_actor_pss_kb", "KB"},
                                         {"tcp_auth_handshake_us", "us"},
                                         {"tcp_admin_rss_growth_kb", "KB"},
                                         {"tcp_admin_rss_first_burst_kb", "KB"},
                                         {"tcp_admin_rss_growth_connections_kb", "KB"},
                                         {"tcp_admin_rss_growth_actors_kb", "KB"}});
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
