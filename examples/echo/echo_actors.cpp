#include "echo.hpp"

namespace echo {

using thespis::ActorAddress;

EchoServer::EchoServer() {
  on<Ping>([this](const Ping& ping, const ActorAddress& sender) {
    send(sender, Pong{ping.seq, ping.payload});
  });
}

EchoRequestor::EchoRequestor(bool retries) : retries_(retries) {
  on<std::int64_t>([this](std::int64_t count, const ActorAddress&) { add_pings(count); });
  on<std::string>(
      [this](const std::string& payload, const ActorAddress& asker) { start(payload, asker); });
  on<Pong>([this](const Pong& pong, const ActorAddress&) { got_pong(pong); });
  on<EchoStatus>([this](const EchoStatus&, const ActorAddress& asker) { send(asker, report()); });
  on<EchoHowFar>([this](const EchoHowFar&, const ActorAddress& asker) {
    send(asker, EchoProgress{wanted_, received_, done_});
  });
  on<thespis::WakeupMessage>(
      [this](const thespis::WakeupMessage&, const ActorAddress&) { retry(); });
  on<thespis::ChildActorExited>(
      [this](const thespis::ChildActorExited& exited, const ActorAddress&) {
        if (exited.child != server_) return;
        ++server_exits_;
        log(thespis::LogLevel::warning, "the echo server " + server_.to_string() + " exited");
      });
}

void EchoRequestor::start(const std::string& payload, const ActorAddress& asker) {
  payload_ = payload;
  asker_ = asker;
  server_ = create_actor<EchoServer>();
  started_ = now();
  for (std::uint64_t seq = 0; seq < wanted_; ++seq) {
    outstanding_.insert(seq);
    send_ping(seq);
  }
  if (retries_) wakeup_after(RetryingEchoRequestor::retry_interval);
}

void EchoRequestor::add_pings(std::int64_t count) {
  if (count <= 0) return;
  const std::uint64_t first = wanted_;
  wanted_ += static_cast<std::uint64_t>(count);
  if (!server_) return;  // sent when the payload arrives
  done_ = false;
  for (std::uint64_t seq = first; seq < wanted_; ++seq) {
    outstanding_.insert(seq);
    send_ping(seq);
  }
}

void EchoRequestor::send_ping(std::uint64_t seq) { send(server_, Ping{seq, payload_}); }

void EchoRequestor::got_pong(const Pong& pong) {
  // The plain requestor trusts the network (tcp) and counts every pong; the retrying one
  // counts each sequence number once.
  if (outstanding_.erase(pong.seq) == 0 && retries_) return;
  ++received_;
  if (done_ || received_ < wanted_) return;
  done_ = true;
  const auto elapsed = std::chrono::duration<double, std::milli>(now() - started_).count();
  log(thespis::LogLevel::info,
      std::to_string(received_) + " pongs in " + std::to_string(elapsed) + "ms");
  send(asker_, std::string("echo_done"));
}

void EchoRequestor::retry() {
  // The timer keeps running while idle, so pings added later are retried too.
  for (const std::uint64_t seq : outstanding_) send_ping(seq);
  resent_ += outstanding_.size();
  wakeup_after(RetryingEchoRequestor::retry_interval);
}

EchoReport EchoRequestor::report() const {
  return {wanted_, received_, resent_, server_exits_, done_, server_};
}

}  // namespace echo
