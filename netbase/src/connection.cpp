#include "connection.hpp"

namespace thespis::net::detail {

Connection::Connection(tcp::socket socket, Handlers handlers, std::size_t max_frame)
    : socket_(std::move(socket)), handlers_(std::move(handlers)), reader_(max_frame) {
  error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
}

Connection::~Connection() {
  error_code ignored;
  socket_.close(ignored);
}

void Connection::start() { read_more(); }

void Connection::read_more() {
  socket_.async_read_some(asio::buffer(read_buffer_),
                          [self = shared_from_this()](error_code ec, std::size_t size) {
                            if (ec) return self->fail();
                            self->reader_.feed({self->read_buffer_, size});
                            try {
                              while (auto frame = self->reader_.next()) {
                                if (auto* envelope = std::get_if<Envelope>(&*frame)) {
                                  if (self->handlers_.on_envelope)
                                    self->handlers_.on_envelope(std::move(*envelope));
                                } else {
                                  ++self->bad_frames_;
                                  if (self->handlers_.on_bad_frame)
                                    self->handlers_.on_bad_frame(std::get<std::string>(*frame));
                                }
                                if (!self->open_) return;
                              }
                            } catch (const FrameStreamError& e) {
                              ++self->bad_frames_;
                              if (self->handlers_.on_bad_frame)
                                self->handlers_.on_bad_frame(e.what());
                              return self->fail();
                            }
                            self->read_more();
                          });
}

void Connection::send(Envelope envelope) {
  if (!open_) {
    std::deque<Envelope> unsent;
    unsent.push_back(std::move(envelope));
    if (handlers_.on_close) handlers_.on_close(std::move(unsent));
    return;
  }
  queue_.push_back(std::move(envelope));
  if (!writing_) write_more();
}

void Connection::write_more() {
  out_.clear();
  in_flight_ = queue_.size();
  for (const Envelope& envelope : queue_) append_frame(out_, envelope, encoder_);
  writing_ = true;
  asio::async_write(
      socket_, asio::buffer(out_), [self = shared_from_this()](error_code ec, std::size_t) {
        self->writing_ = false;
        if (ec) return self->fail();
        self->queue_.erase(self->queue_.begin(),
                           self->queue_.begin() + static_cast<std::ptrdiff_t>(self->in_flight_));
        self->in_flight_ = 0;
        if (!self->queue_.empty()) self->write_more();
      });
}

void Connection::close() {
  if (!open_) return;
  open_ = false;
  error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void Connection::fail() {
  const bool was_open = open_;
  close();
  if (!was_open && queue_.empty()) return;
  std::deque<Envelope> unsent = std::move(queue_);
  queue_.clear();
  if (handlers_.on_close) {
    auto on_close = std::move(handlers_.on_close);
    handlers_.on_close = nullptr;
    on_close(std::move(unsent));
  }
}

}  // namespace thespis::net::detail
