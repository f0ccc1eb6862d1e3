// A raw TCP peer for tests that play a hostile or careless process: it can speak the
// handshake (with the right secret, a wrong one, or not at all) and then write any bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

// clang-format off
#include <utility>  // first: Boost 1.74's Asio does not compile under GCC 12 without it
#include <boost/asio.hpp>
// clang-format on

#include <thespis/net/frame.hpp>
#include <thespis/net/handshake.hpp>
#include <thespis/net/secret.hpp>

namespace thespis::testing {

/// A frame written by hand as the wire format says (frame.hpp), for types this program does
/// not link (the processes' own protocol): [length][version, type, sender, recipient, body].
inline std::string raw_frame(std::string_view type, const std::function<void(Encoder&)>& body,
                             ActorAddress recipient = {}) {
  Encoder e;
  e.begin_array(5);
  e.write_uint(net::protocol_version);
  e.write_string(type);
  for (const ActorAddress& a : {ActorAddress(), recipient}) {
    e.begin_array(2);
    e.write_uint(a.system());
    e.write_uint(a.local());
  }
  body(e);
  const std::string_view bytes = e.bytes();
  const auto size = static_cast<std::uint32_t>(bytes.size());
  std::string frame{static_cast<char>(size >> 24), static_cast<char>(size >> 16),
                    static_cast<char>(size >> 8), static_cast<char>(size)};
  frame.append(bytes);
  return frame;
}

class RawPeer {
 public:
  explicit RawPeer(std::uint16_t port) : socket_(io_) {
    socket_.connect({boost::asio::ip::address_v4::loopback(), port});
  }

  /// The connecting side of the handshake; true if the other side proved the same secret.
  bool authenticate(const net::Secret& secret) {
    net::Challenge challenge;
    if (!read_exact(challenge.data(), challenge.size())) return false;
    const auto server_nonce = net::read_challenge(challenge);
    if (!server_nonce) return false;
    const net::Nonce client_nonce = net::make_nonce();
    const net::Answer answer = net::make_answer(secret, *server_nonce, client_nonce);
    if (!write(std::string(answer.begin(), answer.end()))) return false;
    net::Proof confirmation;
    return read_exact(confirmation.data(), confirmation.size()) &&
           net::check_confirmation(secret, *server_nonce, client_nonce, confirmation);
  }

  bool write(const std::string& bytes) {
    boost::system::error_code ec;
    boost::asio::write(socket_, boost::asio::buffer(bytes), ec);
    return !ec;
  }
  bool send(const net::Envelope& envelope) {
    std::string bytes;
    Encoder scratch;
    net::append_frame(bytes, envelope, scratch);
    return write(bytes);
  }
  void shutdown_sending() {
    boost::system::error_code ignored;
    socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  }
  int native_handle() { return socket_.native_handle(); }
  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }
  /// Reads until the other side closes (or `limit` bytes); returns what came.
  std::string read_to_end(std::size_t limit = 1 << 20) {
    std::string all;
    char buffer[4096];
    boost::system::error_code ec;
    while (all.size() < limit) {
      const std::size_t got = socket_.read_some(boost::asio::buffer(buffer), ec);
      if (ec) break;
      all.append(buffer, got);
    }
    return all;
  }

 private:
  bool read_exact(unsigned char* data, std::size_t size) {
    boost::system::error_code ec;
    boost::asio::read(socket_, boost::asio::buffer(data, size), ec);
    return !ec;
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
};

}  // namespace thespis::testing
