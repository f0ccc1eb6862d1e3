#include "held_sockets.hpp"

#include <algorithm>
#include <cerrno>
#include <string>
#include <string_view>

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace thespis::net::detail {
namespace {

/// Datagrams read from one orphan per wakeup, so that one flooded port does not starve the rest.
constexpr std::size_t max_answers_per_orphan = 64;
/// Descriptors left for the spawner's own use (pipes, signalfd) and a child's first moments.
constexpr std::uint64_t reserved_descriptors = 64;
/// However high the limit, the spawner holds no more sockets than this.
constexpr std::uint64_t most_held = 1 << 16;
/// ICMP errors read from an orphan per wakeup (its senders may have gone as well).
constexpr int max_errors_per_wakeup = 64;

void drain_errors(int fd) {
  char data[64];
  char control[256];
  for (int i = 0; i < max_errors_per_wakeup; ++i) {
    iovec part{data, sizeof data};
    msghdr message{};
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    if (recvmsg(fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) return;
  }
}

}  // namespace

HeldSockets::HeldSockets(const Secret& secret, std::size_t cap)
    : key_(secret), cap_(cap), buffer_(new char[max_udp_payload_bytes + 1]) {}

HeldSockets::~HeldSockets() {
  for (const auto& [pid, fd] : live_) ::close(fd);
  for (const Orphan& orphan : orphans_) ::close(orphan.fd);
}

bool HeldSockets::keep(pid_t pid, int fd) {
  while (held() >= cap_ && !orphans_.empty()) close_oldest_orphan();
  if (held() >= cap_) return false;
  live_[pid] = fd;
  return true;
}

void HeldSockets::orphan(pid_t pid) {
  const auto found = live_.find(pid);
  if (found == live_.end()) return;
  const int fd = found->second;
  live_.erase(found);
  // The child asked for ICMP errors on the error queue; the spawner reads none, and would be
  // woken by them (POLLERR) over and over.
  const int off = 0;
  setsockopt(fd, SOL_IP, IP_RECVERR, &off, sizeof off);
  drain_errors(fd);
  orphans_.push_back(
      {.fd = fd, .until = Clock::now() + orphan_hold, .refuser = random_incarnation()});
}

void HeldSockets::close_in_child() {
  for (const auto& [pid, fd] : live_) ::close(fd);
  for (const Orphan& orphan : orphans_) ::close(orphan.fd);
  live_.clear();
  orphans_.clear();
}

void HeldSockets::add_polls(std::vector<pollfd>& wait) const {
  for (const Orphan& orphan : orphans_) wait.push_back({orphan.fd, POLLIN, 0});
}

void HeldSockets::serve(const std::vector<pollfd>& wait, std::size_t first) {
  std::size_t budget = max_answers_per_wakeup;
  for (std::size_t i = 0; i < orphans_.size() && first + i < wait.size() && budget > 0; ++i) {
    const pollfd& polled = wait[first + i];
    if (polled.fd != orphans_[i].fd || polled.revents == 0) continue;
    if ((polled.revents & POLLERR) != 0) drain_errors(polled.fd);
    budget -= answer(orphans_[i], std::min(budget, max_answers_per_orphan));
  }
  expire();
}

std::size_t HeldSockets::answer(const Orphan& orphan, std::size_t budget) {
  std::size_t read = 0;
  while (read < budget) {
    sockaddr_in from{};
    socklen_t from_size = sizeof from;
    const ssize_t got = recvfrom(orphan.fd, buffer_.get(), max_udp_payload_bytes + 1, MSG_DONTWAIT,
                                 reinterpret_cast<sockaddr*>(&from), &from_size);
    if (got < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      ++read;  // an error of an earlier reply, reported on this call
      continue;
    }
    ++read;
    std::string why;
    const auto header = key_.open({buffer_.get(), static_cast<std::size_t>(got)}, why);
    if (!header || header->kind != DatagramKind::data) continue;
    std::string refusal(datagram_header_bytes, '\0');
    key_.seal(refusal, {.kind = DatagramKind::refused,
                        .count = 0,
                        .recipient = header->sender,
                        .sender = orphan.refuser,
                        .first = header->first});
    // A full buffer loses this refusal: that datagram's envelopes are then lost, not dead
    // letters, as on any UDP path.
    sendto(orphan.fd, refusal.data(), refusal.size(), MSG_DONTWAIT,
           reinterpret_cast<const sockaddr*>(&from), from_size);
  }
  return read;
}

int HeldSockets::poll_timeout_ms(int most) const {
  if (orphans_.empty()) return most;
  const auto left =
      std::chrono::ceil<std::chrono::milliseconds>(orphans_.front().until - Clock::now());
  return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, most));
}

void HeldSockets::close_oldest_orphan() {
  ::close(orphans_.front().fd);
  orphans_.pop_front();
}

void HeldSockets::expire() {
  const auto now = Clock::now();
  while (!orphans_.empty() && orphans_.front().until <= now) close_oldest_orphan();
}

std::size_t raise_open_files_limit(std::uint64_t& previous_soft) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    previous_soft = 0;
    return 0;
  }
  previous_soft = limit.rlim_cur;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  const std::uint64_t soft = limit.rlim_cur;
  if (soft <= reserved_descriptors) return 0;
  return static_cast<std::size_t>(std::min(soft - reserved_descriptors, most_held));
}

void restore_open_files_limit(std::uint64_t soft) {
  rlimit limit{};
  if (soft == 0 || getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == soft) return;
  limit.rlim_cur = soft;
  setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace thespis::net::detail
