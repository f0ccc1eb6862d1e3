// Hosts made of network namespaces, and faults applied to them for real. Every test makes its
// own Lab (its destructor removes it, also when an assertion fails) and reaches hosts with real
// sockets: a TCP connect that must complete, or not, within 300 ms; a UDP datagram that must
// arrive, or not, within 300 ms. Skipped, with the reason, where namespaces cannot be made.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/hostlab/lab.hpp>
#include <thespis/hostlab/leftovers.hpp>

namespace {

using namespace std::chrono_literals;
using thespis::hostlab::Lab;
using Clock = std::chrono::steady_clock;

constexpr auto deadline = 300ms;
const std::string outside;  // the program's own namespace, where the bridge has its address

/// A socket closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

sockaddr_in endpoint(const std::string& address, std::uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  return sa;
}

/// A socket bound to `address` (any when empty) on a port the kernel picks.
Fd bound_socket(int type, const std::string& address) {
  Fd fd(::socket(AF_INET, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  sockaddr_in sa = endpoint(address.empty() ? "0.0.0.0" : address, 0);
  EXPECT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  if (type == SOCK_STREAM) {
    EXPECT_EQ(::listen(fd.get(), 16), 0);
  }
  return fd;
}

std::uint16_t port_of(const Fd& fd) {
  sockaddr_in sa{};
  socklen_t length = sizeof sa;
  ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&sa), &length);
  return ntohs(sa.sin_port);
}

/// A socket of `type` opened in `host` (the outside when empty), bound as bound_socket does.
Fd socket_in(const Lab& lab, const std::string& host, int type, bool bind_it) {
  const auto make = [&] {
    if (bind_it) return bound_socket(type, host.empty() ? lab.outside_address() : "");
    return Fd(::socket(AF_INET, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  };
  return host.empty() ? make() : lab.in_host(host, make);
}

std::string address_of(const Lab& lab, const std::string& host) {
  return host.empty() ? lab.outside_address() : lab.address(host);
}

bool ready(const Fd& fd, short events) {
  pollfd p{fd.get(), events, 0};
  return ::poll(&p, 1, static_cast<int>(deadline.count())) == 1;
}

/// Whether a TCP connect from `from` to a listener in `to` completes within the deadline.
bool tcp_reaches(const Lab& lab, const std::string& from, const std::string& to) {
  const Fd listener = socket_in(lab, to, SOCK_STREAM, true);
  const Fd client = socket_in(lab, from, SOCK_STREAM, false);
  sockaddr_in sa = endpoint(address_of(lab, to), port_of(listener));
  if (::connect(client.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0) return true;
  if (errno != EINPROGRESS || !ready(client, POLLOUT)) return false;
  int error = 0;
  socklen_t length = sizeof error;
  ::getsockopt(client.get(), SOL_SOCKET, SO_ERROR, &error, &length);
  return error == 0;
}

/// Whether a UDP datagram from `from` to `to` arrives within the deadline.
bool udp_reaches(const Lab& lab, const std::string& from, const std::string& to) {
  const Fd receiver = socket_in(lab, to, SOCK_DGRAM, true);
  const Fd sender = socket_in(lab, from, SOCK_DGRAM, false);
  sockaddr_in sa = endpoint(address_of(lab, to), port_of(receiver));
  EXPECT_EQ(::sendto(sender.get(), "x", 1, 0, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 1);
  return ready(receiver, POLLIN);
}

char process_state(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  // getline, not istreambuf_iterator: a process reaped meanwhile fails the read, which the
  // iterator would throw and getline turns into an empty line.
  std::string text;
  std::getline(stat, text);
  const std::size_t close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() ? '?' : text[close + 2];
}

/// Polls until `condition` holds or 2 s pass.
template <class Condition>
bool eventually(Condition condition) {
  const auto end = Clock::now() + 2s;
  while (!condition()) {
    if (Clock::now() > end) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

class HostLab : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto reason = thespis::hostlab::unavailable_reason()) GTEST_SKIP() << *reason;
    thespis::hostlab::sweep_leftovers();
  }
};

TEST_F(HostLab, HostsAndTheOutsideReachEachOther) {
  Lab lab({"a", "b"});
  EXPECT_NE(lab.address("a"), lab.address("b"));
  EXPECT_NE(lab.address("a"), lab.outside_address());
  EXPECT_TRUE(tcp_reaches(lab, "a", "b"));
  EXPECT_TRUE(tcp_reaches(lab, "b", "a"));
  EXPECT_TRUE(tcp_reaches(lab, outside, "a"));
  EXPECT_TRUE(tcp_reaches(lab, "b", outside));
}

// A one-way block loses every packet from `from` to `to`, so datagrams pass the other way; but
// a TCP connection needs both directions, so connects fail both ways (b's SYN reaches a, and a's
// SYN-ACK is lost).
TEST_F(HostLab, BlockLosesOneDirection) {
  Lab lab({"a", "b"});
  lab.block("a", "b");
  EXPECT_FALSE(udp_reaches(lab, "a", "b"));
  EXPECT_TRUE(udp_reaches(lab, "b", "a"));
  EXPECT_FALSE(tcp_reaches(lab, "a", "b"));
  EXPECT_FALSE(tcp_reaches(lab, "b", "a"));
  EXPECT_TRUE(tcp_reaches(lab, "a", outside));
  EXPECT_TRUE(tcp_reaches(lab, outside, "b"));
  lab.unblock("a", "b");
  EXPECT_TRUE(tcp_reaches(lab, "a", "b"));
  EXPECT_TRUE(udp_reaches(lab, "a", "b"));
}

TEST_F(HostLab, PartitionSplitsGroupsAndHealJoinsThem) {
  Lab lab({"a", "b", "c"});
  lab.partition({{"a"}});  // b and c, named by no group, form the other one
  EXPECT_FALSE(udp_reaches(lab, "a", "b"));
  EXPECT_FALSE(udp_reaches(lab, "b", "a"));
  EXPECT_FALSE(udp_reaches(lab, "c", "a"));
  EXPECT_TRUE(tcp_reaches(lab, "b", "c"));
  lab.partition({{"a", "b"}, {"c"}});  // replaces the first
  EXPECT_TRUE(tcp_reaches(lab, "a", "b"));
  EXPECT_FALSE(tcp_reaches(lab, "b", "c"));
  EXPECT_FALSE(udp_reaches(lab, "c", "a"));
  lab.heal();
  EXPECT_TRUE(tcp_reaches(lab, "a", "c"));
  EXPECT_TRUE(tcp_reaches(lab, "c", "b"));
}

// The udp base's actor messages are datagrams: every fault that cuts hosts must cut them too
// (the rules drop every IP packet of the direction, not only TCP), and heal must let them pass.
TEST_F(HostLab, DatagramsAreCutByBlockAndPartitionAndPassAfterHeal) {
  Lab lab({"a", "b", "c"});
  ASSERT_TRUE(udp_reaches(lab, "a", "b"));
  lab.block("a", "b");
  EXPECT_FALSE(udp_reaches(lab, "a", "b"));
  EXPECT_TRUE(udp_reaches(lab, "a", "c"));
  lab.heal();
  EXPECT_TRUE(udp_reaches(lab, "a", "b"));
  lab.partition({{"a"}, {"b", "c"}});
  EXPECT_FALSE(udp_reaches(lab, "a", "c"));
  EXPECT_FALSE(udp_reaches(lab, "c", "a"));
  EXPECT_TRUE(udp_reaches(lab, "b", "c"));
  lab.heal();
  EXPECT_TRUE(udp_reaches(lab, "a", "c"));
  EXPECT_TRUE(udp_reaches(lab, "c", "a"));
  EXPECT_TRUE(udp_reaches(lab, "b", "a"));
}

TEST_F(HostLab, LinkDownIsolatesAHostAndLinkUpRestoresIt) {
  Lab lab({"a", "b", "c"});
  lab.link_down("a");
  EXPECT_FALSE(udp_reaches(lab, "a", "b"));
  EXPECT_FALSE(udp_reaches(lab, "b", "a"));
  EXPECT_FALSE(tcp_reaches(lab, outside, "a"));
  EXPECT_TRUE(tcp_reaches(lab, "b", "c"));
  lab.link_up("a");
  EXPECT_TRUE(tcp_reaches(lab, "a", "b"));
  EXPECT_TRUE(tcp_reaches(lab, outside, "a"));
  lab.link_down("b");
  lab.heal();  // brings links up too, as the scenarios' heal ends an isolate
  EXPECT_TRUE(tcp_reaches(lab, "b", "c"));
}

TEST_F(HostLab, SpawnedProcessesSeeOnlyTheirHost) {
  Lab lab({"a", "b"});
  const std::string file = ::testing::TempDir() + "hostlab_addrs_" + std::to_string(::getpid());
  const pid_t pid = lab.spawn("a", {"/bin/sh", "-c", "ip -4 -o addr show > " + file});
  const std::optional<int> status = lab.wait(pid, 5000ms);
  ASSERT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0);
  std::ifstream in(file);
  std::string inet;
  std::vector<std::string> addresses;
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    for (std::string word; words >> word;) {
      if (word == "inet" && words >> inet) addresses.push_back(inet);
    }
  }
  std::filesystem::remove(file);
  EXPECT_EQ(addresses, (std::vector<std::string>{"127.0.0.1/8", lab.address("a") + "/24"}));
}

TEST_F(HostLab, PidsPauseResumeAndKillAll) {
  Lab lab({"a", "b"});
  const pid_t pid = lab.spawn("a", {"sleep", "60"});
  EXPECT_EQ(lab.pids("a"), std::vector<pid_t>{pid});
  EXPECT_TRUE(lab.pids("b").empty());
  lab.pause_host("a");
  EXPECT_TRUE(eventually([&] { return process_state(pid) == 'T'; }));
  lab.resume_host("a");
  EXPECT_TRUE(eventually([&] { return process_state(pid) == 'S'; }));
  lab.kill_all("a");
  EXPECT_TRUE(lab.pids("a").empty());
  EXPECT_NE(::kill(pid, 0), 0) << "kill_all reaps what the Lab spawned";
  EXPECT_THROW(lab.spawn("a", {"/no/such/program"}), thespis::hostlab::HostLabError);
  const pid_t restarted = lab.spawn("a", {"sleep", "60"});  // a restart is a new spawn
  EXPECT_EQ(lab.pids("a"), std::vector<pid_t>{restarted});
}

TEST_F(HostLab, DestroyingTheLabLeavesNothing) {
  pid_t sleeper = 0;
  std::string namespace_name;
  {
    Lab lab({"a", "b"});
    sleeper = lab.spawn("a", {"sleep", "60"});
    lab.block("a", "b");  // an nftables table in b
    lab.link_down("a");
    namespace_name = lab.netns("a");
    EXPECT_FALSE(thespis::hostlab::leftovers(::getpid()).empty());
  }
  EXPECT_EQ(thespis::hostlab::leftovers(::getpid()), std::vector<std::string>{});
  EXPECT_FALSE(std::filesystem::exists("/run/netns/" + namespace_name));
  EXPECT_NE(::kill(sleeper, 0), 0) << "the Lab killed and reaped its process";
}

TEST_F(HostLab, ALabIsCleanedUpWhenATestThrows) {
  std::string namespace_name;
  EXPECT_THROW(
      {
        Lab lab({"a"});
        namespace_name = lab.netns("a");
        lab.spawn("a", {"sleep", "60"});
        throw std::runtime_error("a failing test");
      },
      std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists("/run/netns/" + namespace_name));
  EXPECT_EQ(thespis::hostlab::leftovers(::getpid()), std::vector<std::string>{});
}

// A run that crashes (SIGKILL: no destructor) leaves its Lab; a sweep keeps what belongs to
// live processes and removes what belongs to dead ones. (Other tests' sweeps, in parallel, may
// remove the crashed run's Lab first: either way it is gone at the end.)
TEST_F(HostLab, SweepRemovesWhatACrashedRunLeft) {
  int made[2];
  ASSERT_EQ(::pipe(made), 0);
  const pid_t crashed = ::fork();
  if (crashed == 0) {
    std::optional<Lab> lab;
    lab.emplace(std::vector<std::string>{"x", "y"});
    lab->block("x", "y");
    [[maybe_unused]] const ssize_t written = ::write(made[1], "!", 1);
    for (;;) ::pause();
  }
  ASSERT_GT(crashed, 0);
  ::close(made[1]);
  char byte = 0;
  const bool lab_made = ::read(made[0], &byte, 1) == 1;
  ::close(made[0]);
  const std::vector<std::string> left = thespis::hostlab::leftovers(crashed);
  thespis::hostlab::sweep_leftovers();
  const std::vector<std::string> kept = thespis::hostlab::leftovers(crashed);
  ::kill(crashed, SIGKILL);
  ASSERT_EQ(::waitpid(crashed, nullptr, 0), crashed);
  ASSERT_TRUE(lab_made);
  EXPECT_EQ(left.size(), 2u /* namespaces */ + 3u /* bridge, two veths */)
      << ::testing::PrintToString(left);
  EXPECT_EQ(kept, left) << "a sweep removed the Lab of a live process";
  thespis::hostlab::sweep_leftovers();
  EXPECT_EQ(thespis::hostlab::leftovers(crashed), std::vector<std::string>{});
}

TEST_F(HostLab, AForkedChildThatUnwindsLeavesTheParentsLabAlone) {
  Lab lab({"a", "b"});
  const pid_t child = ::fork();
  if (child == 0) {
    { Lab moved = std::move(lab); }  // destroys the child's copy of the Lab
    ::_exit(0);
  }
  ASSERT_GT(child, 0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);
  EXPECT_TRUE(std::filesystem::exists("/run/netns/" + lab.netns("a")));
  EXPECT_TRUE(tcp_reaches(lab, "a", "b"));
}

TEST_F(HostLab, TwoLabsGetTheirOwnNetworks) {
  Lab first({"a"});
  Lab second({"a"});
  EXPECT_NE(first.subnet(), second.subnet());
  EXPECT_NE(first.netns("a"), second.netns("a"));
  EXPECT_TRUE(tcp_reaches(first, "a", outside));
  EXPECT_TRUE(tcp_reaches(second, "a", outside));
}

TEST_F(HostLab, ErrorsNameWhatIsWrong) {
  EXPECT_THROW(Lab({"a", "a"}), thespis::hostlab::HostLabError);
  EXPECT_THROW(Lab({"a/b"}), thespis::hostlab::HostLabError);
  Lab lab({"a", "b"});
  try {
    lab.address("c");
    ADD_FAILURE() << "an unknown host was accepted";
  } catch (const thespis::hostlab::HostLabError& e) {
    EXPECT_STREQ(e.what(), "no host 'c' in this Lab (hosts: a, b)");
  }
  // A command that fails names itself and what it printed: the link is gone under the Lab.
  const std::string slot_veth = [&] {
    for (const auto& entry : std::filesystem::directory_iterator("/sys/class/net")) {
      std::ifstream alias(entry.path() / "ifalias");
      std::string text;
      std::getline(alias, text);
      const std::string name = entry.path().filename().string();
      if (name.starts_with("thv") && name.ends_with("h0") &&
          text.starts_with("thespis-hostlab-pid-" + std::to_string(::getpid()) + "-")) {
        return name;
      }
    }
    return std::string();
  }();
  ASSERT_FALSE(slot_veth.empty());
  ASSERT_EQ(std::system(("ip link del dev " + slot_veth).c_str()), 0);
  try {
    lab.link_down("a");
    ADD_FAILURE() << "link_down on a deleted link succeeded";
  } catch (const thespis::hostlab::CommandError& e) {
    EXPECT_NE(std::string(e.what()).find("`ip link set dev " + slot_veth + " down` failed"),
              std::string::npos)
        << e.what();
    EXPECT_NE(e.stderr_text().find("Cannot find device"), std::string::npos) << e.what();
  }
}

}  // namespace
