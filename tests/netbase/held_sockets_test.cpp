// The spawner's held udp sockets on their own (HeldSockets): a live child's socket is never
// read; an orphan answers each real `data` datagram, including those queued before its child
// ended, with one `refused` in another incarnation's name, and nothing else; the cap closes the
// oldest orphan first and otherwise refuses to keep. Raw sockets on 127.0.0.1, bounded waits.
#include "held_sockets.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thespis/net/secret.hpp>

#include "datagram.hpp"

using namespace std::chrono_literals;

namespace thespis::net::detail {
namespace {

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_port = htons(port);
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return at;
}

/// A UDP socket bound to a free port of 127.0.0.1.
struct Bound {
  Bound() : fd(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in at = loopback(0);
    socklen_t size = sizeof at;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&at), &size) != 0) {
      throw std::runtime_error("cannot bind a UDP socket to 127.0.0.1");
    }
    port = ntohs(at.sin_port);
  }
  ~Bound() {
    if (owned) close(fd);
  }
  Bound(const Bound&) = delete;
  Bound& operator=(const Bound&) = delete;
  /// The descriptor, now HeldSockets' to close.
  int give() {
    owned = false;
    return fd;
  }
  void send(std::uint16_t to, const std::string& bytes) const {
    const sockaddr_in at = loopback(to);
    sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&at), sizeof at);
  }
  std::optional<std::string> receive(std::chrono::milliseconds timeout) const {
    pollfd ready{fd, POLLIN, 0};
    if (poll(&ready, 1, static_cast<int>(timeout.count())) != 1) return std::nullopt;
    std::string buffer(65536, '\0');
    const ssize_t got = recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (got < 0) return std::nullopt;
    buffer.resize(static_cast<std::size_t>(got));
    return buffer;
  }
  int fd;
  std::uint16_t port = 0;
  bool owned = true;
};

bool is_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

class HeldSocketsTest : public ::testing::Test {
 protected:
  HeldSocketsTest() : secret(Secret::from_text("held sockets test")), key(secret) {}

  std::string data(std::uint64_t first) const {
    std::string datagram(datagram_header_bytes, '\0');
    datagram += "frames";
    key.seal(datagram, {.kind = DatagramKind::data,
                        .count = 1,
                        .recipient = dead,
                        .sender = sender,
                        .first = first});
    return datagram;
  }
  /// Polls and serves as the spawner's loop does, for `limit`.
  void serve_for(HeldSockets& held, std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      std::vector<pollfd> wait;
      held.add_polls(wait);
      poll(wait.data(), wait.size(), 5);
      held.serve(wait, 0);
    }
  }

  Secret secret;
  DatagramKey key;
  std::uint64_t dead = 41;
  std::uint64_t sender = 42;
};

TEST_F(HeldSocketsTest, AnOrphanAnswersEachRealDataDatagramOnceAndNothingElse) {
  HeldSockets held(secret, 16);
  Bound child;
  Bound peer;
  ASSERT_TRUE(held.keep(100, child.give()));
  peer.send(child.port, data(1));  // queued while the child lives: never read by the spawner
  serve_for(held, 50ms);
  EXPECT_FALSE(peer.receive(0ms)) << "a live child's socket is answered";
  held.orphan(100);
  std::string garbage(datagram_header_bytes, 'g');
  std::string mark(datagram_header_bytes, '\0');
  key.seal(mark, {.kind = DatagramKind::mark, .recipient = dead, .sender = sender, .first = 9});
  std::string altered = data(5);
  altered.back() = 'X';
  for (const std::string& bytes : {garbage, mark, altered, data(2)}) peer.send(child.port, bytes);
  serve_for(held, 100ms);
  std::vector<std::uint64_t> refused;
  while (auto answer = peer.receive(0ms)) {
    std::string why;
    const auto header = key.open(*answer, why);
    ASSERT_TRUE(header) << why;
    EXPECT_EQ(header->kind, DatagramKind::refused);
    EXPECT_EQ(header->recipient, sender);
    EXPECT_NE(header->sender, dead);
    EXPECT_NE(header->sender, 0u);
    refused.push_back(header->first);
  }
  EXPECT_EQ(refused, (std::vector<std::uint64_t>{1, 2}))
      << "the datagram queued before the end, then the real one after; nothing else";
}

TEST_F(HeldSocketsTest, TheCapClosesTheOldestOrphanFirstAndOtherwiseKeepsNothingMore) {
  HeldSockets held(secret, 2);
  Bound a, b, c, d;
  ASSERT_TRUE(held.keep(1, a.give()));
  ASSERT_TRUE(held.keep(2, b.give()));
  EXPECT_FALSE(held.keep(3, c.fd)) << "over the cap with no orphan: the caller closes it";
  EXPECT_TRUE(is_open(a.fd));
  EXPECT_TRUE(is_open(b.fd));
  held.orphan(1);
  held.orphan(2);
  ASSERT_TRUE(held.keep(3, c.give()));
  EXPECT_FALSE(is_open(a.fd)) << "the oldest orphan goes first";
  EXPECT_TRUE(is_open(b.fd));
  ASSERT_TRUE(held.keep(4, d.give()));
  EXPECT_FALSE(is_open(b.fd));
  EXPECT_EQ(held.held(), 2u);
}

TEST_F(HeldSocketsTest, AnOrphanIsHeldLongerThanASenderKeepsItsDatagrams) {
  HeldSockets held(secret, 4);
  Bound child;
  EXPECT_EQ(held.poll_timeout_ms(1000), 1000) << "nothing to close";
  ASSERT_TRUE(held.keep(7, child.give()));
  held.orphan(7);
  EXPECT_EQ(held.poll_timeout_ms(1000), 1000);
  EXPECT_GT(held.poll_timeout_ms(60'000), 9'000);
  EXPECT_LE(held.poll_timeout_ms(60'000), 10'000);
  static_assert(HeldSockets::orphan_hold > std::chrono::seconds(5), "datagram_router keeps 5 s");
}

}  // namespace
}  // namespace thespis::net::detail
