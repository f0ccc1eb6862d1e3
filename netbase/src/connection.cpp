#include "connection.hpp"

#include <algorithm>
#include <cstring>

namespace thespis::net::detail {
namespace {

/// Buffers grown by a burst are given back once idle, so a peer cannot pin memory.
constexpr std::size_t keep_buffer_bytes = std::size_t{1} << 20;

void shrink_if_large(std::string& buffer) {
  if (buffer.empty() && buffer.capacity() > keep_buffer_bytes) std::string().swap(buffer);
}

}  // namespace

Connection::Connection(asio::io_context& io, Side side, Handlers handlers,
                       const ConnectionSettings& settings)
    : socket_(io),
      side_(side),
      handlers_(std::move(handlers)),
      settings_(settings),
      state_(side == Side::connecting ? State::connecting : State::handshaking),
      handshake_deadline_(io),
      reader_(settings.max_frame) {}

Connection::Connection(tcp::socket socket, Handlers handlers, const ConnectionSettings& settings)
    : Connection(static_cast<asio::io_context&>(socket.get_executor().context()), Side::accepted,
                 std::move(handlers), settings) {
  socket_ = std::move(socket);
}

Connection::Ptr Connection::connect(asio::io_context& io, const tcp::endpoint& to,
                                    Handlers handlers, const ConnectionSettings& settings) {
  Ptr connection(new Connection(io, Side::connecting, std::move(handlers), settings));
  connection->arm_handshake_deadline();
  connection->socket_.async_connect(to, [connection](error_code ec) {
    if (connection->state_ == State::closed) return;
    if (ec) return connection->fail("cannot connect: " + ec.message());
    connection->state_ = State::handshaking;
    connection->begin_handshake();
  });
  return connection;
}

Connection::~Connection() {
  error_code ignored;
  socket_.close(ignored);
}

void Connection::start() {
  if (side_ != Side::accepted || state_ != State::handshaking) return;
  arm_handshake_deadline();
  begin_handshake();
}

void Connection::arm_handshake_deadline() {
  handshake_deadline_.expires_after(settings_.handshake_timeout);
  handshake_deadline_.async_wait([weak = weak_from_this()](error_code ec) {
    if (auto self = weak.lock(); self && !ec && !self->authenticated()) {
      self->auth_failed("no handshake within the deadline");
    }
  });
}

void Connection::begin_handshake() {
  error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  if (!settings_.secret) return handshake_done();  // only between a process and itself
  if (side_ == Side::connecting) return client_answer_challenge();
  server_nonce_ = make_nonce();
  const Challenge challenge = make_challenge(server_nonce_);
  std::copy(challenge.begin(), challenge.end(), handshake_buffer_.begin());
  asio::async_write(socket_, asio::buffer(handshake_buffer_.data(), challenge.size()),
                    [self = shared_from_this()](error_code ec, std::size_t) {
                      if (self->state_ == State::closed) return;
                      if (ec) return self->fail("handshake: " + ec.message());
                      self->server_check_answer();
                    });
}

void Connection::server_check_answer() {
  asio::async_read(
      socket_, asio::buffer(handshake_buffer_.data(), answer_bytes),
      [self = shared_from_this()](error_code ec, std::size_t got) {
        if (self->state_ == State::closed) return;
        // A peer that leaves without a word (a process that died) is no failed authentication;
        // one that sent something other than an answer is.
        if (ec && got == 0) return self->fail("the peer left during the handshake");
        if (ec)
          return self->auth_failed("the peer sent " + std::to_string(got) +
                                   " bytes that are not an answer to the challenge");
        Answer answer;
        std::copy_n(self->handshake_buffer_.begin(), answer.size(), answer.begin());
        const auto client_nonce =
            check_answer(*self->settings_.secret, self->server_nonce_, answer);
        if (!client_nonce) return self->auth_failed("the peer does not know the secret");
        self->client_nonce_ = *client_nonce;
        const Proof confirmation =
            make_confirmation(*self->settings_.secret, self->server_nonce_, self->client_nonce_);
        std::copy(confirmation.begin(), confirmation.end(), self->handshake_buffer_.begin());
        asio::async_write(self->socket_,
                          asio::buffer(self->handshake_buffer_.data(), confirmation.size()),
                          [self](error_code write_ec, std::size_t) {
                            if (self->state_ == State::closed) return;
                            if (write_ec) return self->fail("handshake: " + write_ec.message());
                            self->handshake_done();
                          });
      });
}

void Connection::client_answer_challenge() {
  asio::async_read(
      socket_, asio::buffer(handshake_buffer_.data(), challenge_bytes),
      [self = shared_from_this()](error_code ec, std::size_t) {
        if (self->state_ == State::closed) return;
        if (ec) return self->fail("the peer left during the handshake");
        Challenge challenge;
        std::copy_n(self->handshake_buffer_.begin(), challenge.size(), challenge.begin());
        const auto server_nonce = read_challenge(challenge);
        if (!server_nonce) {
          return self->auth_failed("the peer is not a thespis process of this protocol");
        }
        self->server_nonce_ = *server_nonce;
        self->client_nonce_ = make_nonce();
        const Answer answer =
            make_answer(*self->settings_.secret, self->server_nonce_, self->client_nonce_);
        std::copy(answer.begin(), answer.end(), self->handshake_buffer_.begin());
        asio::async_write(self->socket_,
                          asio::buffer(self->handshake_buffer_.data(), answer.size()),
                          [self](error_code write_ec, std::size_t) {
                            if (self->state_ == State::closed) return;
                            if (write_ec) return self->fail("handshake: " + write_ec.message());
                            self->client_check_confirmation();
                          });
      });
}

void Connection::client_check_confirmation() {
  asio::async_read(socket_, asio::buffer(handshake_buffer_.data(), proof_bytes),
                   [self = shared_from_this()](error_code ec, std::size_t) {
                     if (self->state_ == State::closed) return;
                     // Closed after our answer: it refused it, or it died; its side counts.
                     if (ec) return self->fail("the peer closed the handshake");
                     Proof confirmation;
                     std::copy_n(self->handshake_buffer_.begin(), confirmation.size(),
                                 confirmation.begin());
                     if (!check_confirmation(*self->settings_.secret, self->server_nonce_,
                                             self->client_nonce_, confirmation)) {
                       return self->auth_failed("the peer does not know the secret");
                     }
                     self->handshake_done();
                   });
}

void Connection::handshake_done() {
  state_ = State::open;
  // Only now: a peer that never authenticates costs a few hundred bytes, not a read buffer.
  read_buffer_.resize(settings_.read_buffer_bytes);
  handshake_deadline_.cancel();
  read_more();
  if (!queue_.empty() && in_flight_ == 0) write_more();
}

void Connection::auth_failed(const std::string& why) {
  if (state_ == State::closed) return;
  auto self = shared_from_this();
  if (handlers_.on_auth_failure) handlers_.on_auth_failure(why);
  fail("authentication failed: " + why);
}

void Connection::resume_reading() {
  paused_ = false;
  read_more();
}

void Connection::read_more() {
  if (state_ != State::open || paused_ || reading_ || peer_done_) return;
  reading_ = true;
  socket_.async_read_some(asio::buffer(read_buffer_),
                          [self = shared_from_this()](error_code ec, std::size_t size) {
                            self->reading_ = false;
                            if (self->state_ == State::closed) return;
                            if (ec == asio::error::eof) return self->peer_finished();
                            if (ec) return self->fail(ec.message());
                            self->reader_.feed({self->read_buffer_.data(), size});
                            self->take_frames();
                            self->read_more();
                          });
}

void Connection::take_frames() {
  const Ptr self = shared_from_this();
  try {
    while (state_ == State::open) {
      auto frame = reader_.next();
      if (!frame) break;
      if (auto* envelope = std::get_if<Envelope>(&*frame)) {
        if (handlers_.on_envelope) handlers_.on_envelope(self, std::move(*envelope));
      } else {
        ++bad_frames_;
        if (handlers_.on_bad_frame) handlers_.on_bad_frame(std::get<std::string>(*frame));
      }
    }
  } catch (const FrameStreamError& e) {
    ++bad_frames_;
    if (handlers_.on_bad_frame) handlers_.on_bad_frame(e.what());
    fail(e.what());
  }
}

void Connection::peer_finished() {
  // The peer will send nothing more but may still read: answer what it asked, then close.
  peer_done_ = true;
  if (idle()) fail("closed by the peer");
}

void Connection::send(Envelope envelope) {
  if (state_ == State::closed) return;
  const std::size_t before = pending_.size();
  append_frame(pending_, envelope, encoder_);
  if (const std::size_t frame = pending_.size() - before - 4; frame > settings_.max_frame) {
    pending_.resize(before);
    if (handlers_.on_too_large) handlers_.on_too_large(std::move(envelope), frame);
    return;
  }
  queue_.push_back(std::move(envelope));
  if (queued_bytes() > settings_.max_queued_bytes) {
    return fail("the peer does not read: " + std::to_string(queued_bytes()) +
                " bytes queued, over the limit of " + std::to_string(settings_.max_queued_bytes));
  }
  if (state_ == State::open && in_flight_ == 0) write_more();
}

void Connection::write_more() {
  out_.swap(pending_);
  pending_.clear();
  shrink_if_large(pending_);
  in_flight_ = queue_.size();
  asio::async_write(
      socket_, asio::buffer(out_), [self = shared_from_this()](error_code ec, std::size_t) {
        if (self->state_ == State::closed) return;
        if (ec) return self->fail(ec.message());
        // Only an open connection gets here: close() emptied the queue.
        self->queue_.erase(self->queue_.begin(),
                           self->queue_.begin() + static_cast<std::ptrdiff_t>(self->in_flight_));
        self->in_flight_ = 0;
        self->out_.clear();
        shrink_if_large(self->out_);
        if (!self->queue_.empty()) return self->write_more();
        if (self->peer_done_) self->fail("closed by the peer");
      });
}

void Connection::close() {
  if (state_ == State::closed) return;
  state_ = State::closed;
  error_code ignored;
  handshake_deadline_.cancel();
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  release_buffers();
}

void Connection::release_buffers() {
  queue_.clear();
  in_flight_ = 0;
  std::string().swap(pending_);
  std::string().swap(out_);
  reader_.clear();
}

void Connection::fail(const std::string& why) {
  if (state_ == State::closed) return;
  close_reason_ = why;
  const Ptr self = shared_from_this();              // the owner may drop its holder in on_close
  std::deque<Envelope> unsent = std::move(queue_);  // the ones being written first
  queue_.clear();
  in_flight_ = 0;
  close();
  if (handlers_.on_close) handlers_.on_close(std::move(unsent));
}

}  // namespace thespis::net::detail
