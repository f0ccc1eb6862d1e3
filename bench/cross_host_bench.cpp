// Figures across two hosts of a hostlab Lab (two network namespaces, veth pairs on one bridge):
//   raw_cross_host_rtt_us   median round trip of a 32-byte message over a plain TCP socket
//                           (TCP_NODELAY) from host a to an echo process in host b: 10,000 round
//                           trips after 1,000 of warm-up. Host a's end is a socket this program
//                           opens inside a's namespace, so its packets take a's veth, the bridge
//                           and b's veth, the path any process of host a would use.
// Each figure is a function of the Lab, listed in `figures`; another (the actor round trip over
// the same veths) is one more entry. Where no Lab can be made, prints why and exits 0.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
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

struct Figure {
  const char* name;
  const char* unit;
  std::function<double(Lab&)> measure;
};

const std::vector<Figure> figures = {
    {"raw_cross_host_rtt_us", "us", raw_cross_host_rtt_us},
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
    for (const Figure& figure : figures) {
      const double value = figure.measure(lab);
      // As bench/figure_reporter.hpp prints figures: three significant digits below 1000.
      std::printf(value >= 1000 ? "%s: %.0f %s\n" : "%s: %.3g %s\n", figure.name, value,
                  figure.unit);
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cross_host_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
