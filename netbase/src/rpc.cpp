#include "rpc.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "host_address.hpp"

namespace thespis::net::detail {
namespace {

/// The admin closed the connection (as it does on a wrong proof), as opposed to a timeout.
class PeerClosed : public TransportError {
 public:
  using TransportError::TransportError;
};

}  // namespace

RpcClient::RpcClient(const std::string& host, std::uint16_t port, const Secret& secret,
                     std::chrono::milliseconds timeout)
    : host_(host), port_(port), timeout_(timeout), allowed_(timeout) {
  const auto deadline = Clock::now() + timeout;
  const auto address = ipv4_of(host);
  if (!address) fail("cannot resolve the host '" + host + "'");
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd_ < 0) fail(std::string("cannot open a socket: ") + std::strerror(errno));
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_addr.s_addr = htonl(address->to_uint());
  at.sin_port = htons(port);
  if (connect(fd_, reinterpret_cast<const sockaddr*>(&at), sizeof at) != 0) {
    if (errno != EINPROGRESS) {
      const int error = errno;
      close(fd_);
      throw NotListening("cannot connect to " + host + ":" + std::to_string(port) + ": " +
                         std::strerror(error));
    }
    try {
      wait_for(POLLOUT, deadline, "to accept the connection");
    } catch (...) {
      close(fd_);
      throw;
    }
    int error = 0;
    socklen_t size = sizeof error;
    getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &size);
    if (error != 0) {
      close(fd_);
      throw NotListening("cannot connect to " + host + ":" + std::to_string(port) + ": " +
                         std::strerror(error));
    }
  }
  try {
    authenticate(secret, deadline);
  } catch (...) {
    close(fd_);
    throw;
  }
}

RpcClient::~RpcClient() {
  if (fd_ >= 0) close(fd_);
}

void RpcClient::fail(const std::string& what) const {
  throw TransportError("the admin at " + host_ + ":" + std::to_string(port_) + ": " + what);
}

void RpcClient::wait_for(short events, Clock::time_point deadline, const char* what) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      fail("no answer within " + std::to_string(allowed_.count()) + " ms (waiting " + what +
           "; is the admin stopped or overloaded?)");
    }
    pollfd wait{fd_, events, 0};
    const int ready = poll(&wait, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
    if (ready > 0) return;
    if (ready < 0 && errno != EINTR) fail(std::string("poll: ") + std::strerror(errno));
  }
}

void RpcClient::write_all(const void* data, std::size_t size, Clock::time_point deadline) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t wrote = ::send(fd_, p, size, MSG_NOSIGNAL);
    if (wrote > 0) {
      p += wrote;
      size -= static_cast<std::size_t>(wrote);
    } else if (wrote < 0 && (errno == EAGAIN || errno == EINTR)) {
      wait_for(POLLOUT, deadline, "to take the request");
    } else {
      fail(std::string("went away: ") + std::strerror(errno));
    }
  }
}

std::size_t RpcClient::read_some(void* data, std::size_t size, Clock::time_point deadline) {
  for (;;) {
    const ssize_t got = ::recv(fd_, data, size, 0);
    if (got > 0) return static_cast<std::size_t>(got);
    if (got == 0 || (got < 0 && errno == ECONNRESET)) {
      throw PeerClosed("the admin at " + host_ + ":" + std::to_string(port_) +
                       ": closed the connection");
    }
    if (errno != EAGAIN && errno != EINTR) fail(std::string("went away: ") + std::strerror(errno));
    wait_for(POLLIN, deadline, "for the answer");
  }
}

void RpcClient::read_exact(void* data, std::size_t size, Clock::time_point deadline) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    const std::size_t got = read_some(p, size, deadline);
    p += got;
    size -= got;
  }
}

void RpcClient::authenticate(const Secret& secret, Clock::time_point deadline) {
  // The connecting side of <thespis/net/handshake.hpp>, blocking.
  Challenge challenge;
  read_exact(challenge.data(), challenge.size(), deadline);
  const auto server_nonce = read_challenge(challenge);
  if (!server_nonce) fail("is not a thespis admin of this protocol");
  const Nonce client_nonce = make_nonce();
  const Answer answer = make_answer(secret, *server_nonce, client_nonce);
  write_all(answer.data(), answer.size(), deadline);
  Proof confirmation;
  try {
    read_exact(confirmation.data(), confirmation.size(), deadline);
  } catch (const PeerClosed&) {
    fail("refused this program's secret (is it given another secret file?)");
  }
  if (!check_confirmation(secret, *server_nonce, client_nonce, confirmation)) {
    fail("does not know this program's secret");
  }
}

void RpcClient::write(Message message, Clock::time_point deadline) {
  out_.clear();
  append_frame(out_, {ActorAddress(), ActorAddress(), std::move(message)}, encoder_);
  write_all(out_.data(), out_.size(), deadline);
}

void RpcClient::note(Message note) {
  allowed_ = timeout_;
  write(std::move(note), Clock::now() + timeout_);
}

Message RpcClient::call(Message request) { return call(std::move(request), timeout_); }

Message RpcClient::call(Message request, std::chrono::milliseconds timeout) {
  allowed_ = timeout;
  const auto deadline = Clock::now() + timeout;
  write(std::move(request), deadline);
  return next_message(deadline);
}

std::optional<Message> RpcClient::buffered_message() {
  auto frame = reader_.next();
  if (!frame) return std::nullopt;
  if (auto* envelope = std::get_if<Envelope>(&*frame)) return std::move(envelope->message);
  fail("answered with a bad frame: " + std::get<std::string>(*frame));
}

Message RpcClient::next_message(Clock::time_point deadline) {
  char buffer[64 * 1024];
  for (;;) {
    if (auto message = buffered_message()) return std::move(*message);
    reader_.feed({buffer, read_some(buffer, sizeof buffer, deadline)});
  }
}

std::optional<Message> RpcClient::receive(std::chrono::milliseconds wait) {
  if (auto message = buffered_message()) return message;
  pollfd ready{fd_, POLLIN, 0};
  const int n = poll(&ready, 1, static_cast<int>(wait.count()));
  if (n < 0 && errno != EINTR) fail(std::string("poll: ") + std::strerror(errno));
  if (n <= 0) return std::nullopt;
  // Something arrived (or the connection closed): the rest of a frame follows within the
  // request timeout.
  allowed_ = timeout_;
  return next_message(Clock::now() + timeout_);
}

}  // namespace thespis::net::detail
