// Figures across two hosts of a hostlab Lab (two network namespaces, veth pairs on one bridge):
//   raw_cross_host_rtt_us   median round trip of a 32-byte message over a plain TCP socket
//                           (TCP_NODELAY) from host a to an echo process in host b: 10,000 round
//                           trips after 1,000 of warm-up. Host a's end is a socket this program
//                           opens inside a's namespace, so its packets take a's veth, the bridge
//                           and b's veth, the path any process of host a would use.
//   tcp_cross_host_rtt_us   median actor round trip between a Rallier on host a and a Bouncer on
//                           host b (each host runs an admin of this program on port 1900):
//                           10,000 round trips after 1,000 of warm-up, over the same veths
//   tcp_cross_host_ratio    tcp_cross_host_rtt_us / raw_cross_host_rtt_us of the same run
//                           (target: at most 1.3)
// Each figure is a function of the Lab, listed in `figures`. Where no Lab can be made, prints
// why and exits 0.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thespis/hostlab/lab.hpp>
#include <thespis/hostlab/leftovers.hpp>
#include <thespis/net/admin_control.hpp>
#include <thespis/thespis.hpp>

namespace {

using Clock = std::chrono::steady_clock;
using thespis::hostlab::Lab;

constexpr std::uint16_t echo_port = 7000;  // host b's own port space: nothing else is there
constexpr std::size_t message_size = 32;
constexpr int warmup_round_trips = 1000;
constexpr int measured_round_trips = 10000;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

sockaddr_in endpoint(const std::string& address, std::uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  return sa;
}

void no_delay(int fd) {
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

bool transfer_all(int fd, char* data, std::size_t size, bool sending) {
  for (std::size_t done = 0; done < size;) {
    const ssize_t n = sending ? ::send(fd, data + done, size - done, MSG_NOSIGNAL)
                              : ::recv(fd, data + done, size - done, 0);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

/// The echo process (this program run as `--echo` in host b): one connection, echoed to EOF.
int serve_echo() {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in any = endpoint("0.0.0.0", echo_port);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&any), sizeof any) != 0 ||
      ::listen(listener, 1) != 0) {
    std::perror("cross_host_bench --echo");
    return 1;
  }
  const int fd = ::accept(listener, nullptr, nullptr);
  no_delay(fd);
  char buffer[message_size];
  while (transfer_all(fd, buffer, sizeof buffer, false) &&
         transfer_all(fd, buffer, sizeof buffer, true)) {
  }
  ::close(fd);
  ::close(listener);
  return 0;
}

/// A socket opened in host `from`, connected to host `to`'s echo port (retried while the echo
/// process starts, for up to 5 s).
int connect_across(const Lab& lab, const std::string& from, const std::string& to) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  for (;;) {
    const int fd =
        lab.in_host(from, [] { return ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0); });
    sockaddr_in sa = endpoint(lab.address(to), echo_port);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0) {
      no_delay(fd);
      return fd;
    }
    const int error = errno;
    ::close(fd);
    if (Clock::now() > deadline) {
      throw std::runtime_error("cannot connect to host " + to + ": " + std::strerror(error));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

double raw_cross_host_rtt_us(Lab& lab) {
  const pid_t echo = lab.spawn("b", {"/proc/self/exe", "--echo"});
  const int fd = connect_across(lab, "a", "b");
  char message[message_size] = "ping across two hosts";
  std::vector<double> rtts;
  rtts.reserve(measured_round_trips);
  for (int i = 0; i < warmup_round_trips + measured_round_trips; ++i) {
    const auto sent = Clock::now();
    if (!transfer_all(fd, message, sizeof message, true) ||
        !transfer_all(fd, message, sizeof message, false)) {
      throw std::runtime_error("the echo process closed the connection");
    }
    if (i >= warmup_round_trips) {
      rtts.push_back(std::chrono::duration<double, std::micro>(Clock::now() - sent).count());
    }
  }
  ::close(fd);  // the echo process sees EOF and ends
  lab.wait(echo, std::chrono::seconds(2));
  return median(std::move(rtts));
}

// --- the actor round trip ----------------------------------------------------------------------

using thespis::ActorAddress;
constexpr std::uint16_t admin_port = 1900;  // each host's own port space

struct Rally {
  ActorAddress partner;
  std::int64_t warmup = 0;
  std::int64_t rounds = 0;
};
THESPIS_MESSAGE(Rally, partner, warmup, rounds)

/// Answers every integer with the same integer; lives where the capability "b" is.
class Bouncer : public thespis::Actor {
 public:
  Bouncer() {
    on<std::int64_t>([this](std::int64_t n, const ActorAddress& from) { send(from, n); });
  }
};
THESPIS_ACTOR(Bouncer, thespis::requires_capability("b"))

/// Plays warm-up plus measured round trips with a Bouncer and answers the median of the measured
/// ones in microseconds; lives where the capability "a" is.
class Rallier : public thespis::Actor {
 public:
  Rallier() {
    on<Rally>([this](const Rally& r, const ActorAddress& from) {
      asker_ = from;
      rally_ = r;
      rtts_.reserve(static_cast<std::size_t>(r.rounds));
      sent_ = Clock::now();
      send(rally_.partner, std::int64_t{0});
    });
    on<std::int64_t>([this](std::int64_t n, const ActorAddress&) {
      if (n >= rally_.warmup) {
        rtts_.push_back(std::chrono::duration<double, std::micro>(Clock::now() - sent_).count());
      }
      if (n + 1 >= rally_.warmup + rally_.rounds) return send(asker_, median(std::move(rtts_)));
      sent_ = Clock::now();
      send(rally_.partner, n + 1);
    });
  }

 private:
  ActorAddress asker_;
  Rally rally_;
  Clock::time_point sent_;
  std::vector<double> rtts_;
};
THESPIS_ACTOR(Rallier, thespis::requires_capability("a"))

thespis::SystemOptions host_options(const Lab& lab, const std::string& host) {
  thespis::SystemOptions options;
  options.admin_port = admin_port;
  options.convention_leaders = {lab.address("a") + ":" + std::to_string(admin_port)};
  options.bind_host = lab.address(host);
  options.capabilities = {{host, true}};
  options.log_level = thespis::LogLevel::error;
  return options;
}

/// Shuts the admin of `host` down (its actors first), if it still answers.
void shut_down(const Lab& lab, const std::string& host) {
  try {
    thespis::net::shutdown_admin(
        admin_port,
        {.timeout = std::chrono::seconds(5), .secret_file = {}, .host = lab.address(host)});
  } catch (const thespis::Error&) {
  }
}

double tcp_cross_host_rtt_us(Lab& lab) {
  // An admin of this program in each host (a system started from a thread inside the host
  // starts its admin there as a daemon); this program attaches to a's from outside.
  for (const char* host : {"a", "b"}) {
    lab.in_host(host, [&] { thespis::ActorSystem starter("tcp", host_options(lab, host)); });
  }
  struct Admins {
    const Lab& lab;
    ~Admins() {
      for (const char* host : {"a", "b"}) shut_down(lab, host);
    }
  } admins{lab};
  thespis::SystemOptions outside = host_options(lab, "a");
  outside.admin_host = lab.address("a");
  outside.bind_host = lab.outside_address();
  thespis::ActorSystem system("tcp", outside);
  const ActorAddress bouncer = system.create_actor<Bouncer>();
  const ActorAddress rallier = system.create_actor<Rallier>();
  const auto answer = system.ask(rallier, Rally{bouncer, warmup_round_trips, measured_round_trips},
                                 std::chrono::seconds(60));
  if (!answer) throw std::runtime_error("the actor round trips did not finish within 60 s");
  return answer->get<double>();
}

struct Figure {
  const char* name;
  const char* unit;
  std::function<double(Lab&)> measure;
};

const std::vector<Figure> figures = {
    {"raw_cross_host_rtt_us", "us", raw_cross_host_rtt_us},
    {"tcp_cross_host_rtt_us", "us", tcp_cross_host_rtt_us},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "--echo") return serve_echo();
  if (auto reason = thespis::hostlab::unavailable_reason()) {
    std::printf("cross_host_bench: skipped: %s\n", reason->c_str());
    return 0;
  }
  thespis::hostlab::sweep_leftovers();
  try {
    Lab lab({"a", "b"});
    std::map<std::string, double> measured;
    for (const Figure& figure : figures) {
      const double value = figure.measure(lab);
      measured[figure.name] = value;
      // As bench/figure_reporter.hpp prints figures: three significant digits below 1000.
      std::printf(value >= 1000 ? "%s: %.0f %s\n" : "%s: %.3g %s\n", figure.name, value,
                  figure.unit);
      std::fflush(stdout);
    }
    std::printf("tcp_cross_host_ratio: %.2f\n",
                measured["tcp_cross_host_rtt_us"] / measured["raw_cross_host_rtt_us"]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cross_host_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
