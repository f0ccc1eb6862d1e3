// A raw UDP peer for tests that play a hostile or careless process against the udp base: it
// sends any bytes to a port of 127.0.0.1 and reads what comes back, with a deadline. And where
// a process receives: the UDP ports its sockets are bound to, read from /proc.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace thespis::testing {

class UdpPeer {
 public:
  UdpPeer() : fd_(socket(AF_INET, SOCK_DGRAM, 0)) {
    if (fd_ < 0) throw std::runtime_error("cannot open a UDP socket");
    sockaddr_in here = loopback(0);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&here), sizeof here) != 0) {
      close(fd_);
      throw std::runtime_error("cannot bind a UDP socket to 127.0.0.1");
    }
  }
  ~UdpPeer() { close(fd_); }
  UdpPeer(const UdpPeer&) = delete;
  UdpPeer& operator=(const UdpPeer&) = delete;

  /// Sends one datagram to 127.0.0.1:`port`; false if the kernel refused it (a full buffer, an
  /// ICMP error of an earlier one).
  bool send(std::uint16_t port, std::string_view bytes) {
    sockaddr_in to = loopback(port);
    return sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to),
                  sizeof to) == static_cast<ssize_t>(bytes.size());
  }
  /// The next datagram that arrives within `timeout`.
  std::optional<std::string> receive(std::chrono::milliseconds timeout) {
    pollfd ready{fd_, POLLIN, 0};
    if (poll(&ready, 1, static_cast<int>(timeout.count())) != 1) return std::nullopt;
    std::string buffer(65536, '\0');
    const ssize_t got = recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (got < 0) return std::nullopt;
    buffer.resize(static_cast<std::size_t>(got));
    return buffer;
  }

 private:
  static sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(port);
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return at;
  }
  int fd_;
};

/// The UDP ports (of this network namespace) that the sockets of process `pid` are bound to.
inline std::set<std::uint16_t> udp_ports_of(std::int64_t pid) {
  std::set<std::string> sockets;  // "socket:[inode]" -> inode
  std::error_code ec;
  const std::filesystem::path fds = "/proc/" + std::to_string(pid) + "/fd";
  for (const auto& fd : std::filesystem::directory_iterator(fds, ec)) {
    const std::string target = std::filesystem::read_symlink(fd.path(), ec).string();
    if (target.rfind("socket:[", 0) == 0) sockets.insert(target.substr(8, target.size() - 9));
  }
  std::set<std::uint16_t> ports;
  std::ifstream table("/proc/net/udp");
  std::string line;
  std::getline(table, line);  // the column names
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    std::vector<std::string> field;
    for (std::string f; fields >> f;) field.push_back(f);
    if (field.size() < 10 || sockets.count(field[9]) == 0) continue;
    const std::string& local = field[1];  // "0100007F:1F90"
    ports.insert(static_cast<std::uint16_t>(std::stoul(local.substr(local.find(':') + 1), 0, 16)));
  }
  return ports;
}

}  // namespace thespis::testing
