#include "rpc.hpp"

#include <sys/socket.h>
#include <sys/time.h>

namespace thespis::net::detail {

tcp::socket connect_local(asio::io_context& io, std::uint16_t port) {
  tcp::socket socket(io);
  error_code ec;
  socket.connect({asio::ip::address_v4::loopback(), port}, ec);
  if (ec) {
    throw TransportError("cannot connect to 127.0.0.1:" + std::to_string(port) + ": " +
                         ec.message());
  }
  socket.set_option(tcp::no_delay(true), ec);
  return socket;
}

RpcClient::RpcClient(std::uint16_t port, std::chrono::seconds timeout)
    : socket_(connect_local(io_, port)), port_(port) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count());
  setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

void RpcClient::write(Message message) {
  out_.clear();
  append_frame(out_, {ActorAddress(), ActorAddress(), std::move(message)}, encoder_);
  error_code ec;
  asio::write(socket_, asio::buffer(out_), ec);
  if (ec)
    throw TransportError("the admin on port " + std::to_string(port_) +
                         " went away: " + ec.message());
}

void RpcClient::note(Message note) { write(std::move(note)); }

Message RpcClient::call(Message request) {
  write(std::move(request));
  char buffer[64 * 1024];
  for (;;) {
    if (auto frame = reader_.next()) {
      if (auto* envelope = std::get_if<Envelope>(&*frame)) return std::move(envelope->message);
      throw TransportError("the admin on port " + std::to_string(port_) +
                           " answered with a bad frame: " + std::get<std::string>(*frame));
    }
    error_code ec;
    const std::size_t got = socket_.read_some(asio::buffer(buffer), ec);
    if (ec) {
      throw TransportError("no answer from the admin on port " + std::to_string(port_) + ": " +
                           ec.message());
    }
    reader_.feed({buffer, got});
  }
}

}  // namespace thespis::net::detail
