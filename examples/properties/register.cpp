#include "properties/register.hpp"

#include <thespis/properties/register_model.hpp>

namespace registers {

using thespis::ActorAddress;
using thespis::Message;
namespace properties = thespis::properties;

RegisterServer::RegisterServer(bool stale_reads) : stale_reads_(stale_reads) {
  on<RegReadRequest>([this](const RegReadRequest& request, const ActorAddress& from) {
    send(from, RegReply{request.request, stale_reads_ ? replica_ : value_});
  });
  on<RegWriteRequest>(
      [this](const RegWriteRequest& request, const ActorAddress& from) { write(request, from); });
}

void RegisterServer::write(const RegWriteRequest& request, const ActorAddress& from) {
  // A duplicated frame must not write again: the value may have changed since.
  if (applied_.insert(request.request).second) {
    replica_ = value_;
    value_ = request.value;
  }
  send(from, RegReply{request.request, request.value});
}

RegisterClient::RegisterClient() {
  on<RegisterWorkload>([this](const RegisterWorkload& workload) {
    workload_ = workload;
    next();
  });
  on<RegReply>([this](const RegReply& reply) { answered(reply); });
  on<thespis::WakeupMessage>([this](const thespis::WakeupMessage& wakeup) {
    if (const auto* request = wakeup.payload.get_if<std::uint64_t>()) timed_out(*request);
  });
}

void RegisterClient::next() {
  if (issued_ == workload_.operations) return;
  ++issued_;
  // Unique request ids and written values across clients, so the history is unambiguous.
  request_ = (std::uint64_t{workload_.client} << 32) | static_cast<std::uint64_t>(issued_);
  reading_ = random() % 2 == 0;
  if (reading_) {
    pending_ = recorder_.invoke(workload_.client, properties::RegisterRead{}, now());
    send(workload_.server, RegReadRequest{request_});
  } else {
    const std::int64_t value = std::int64_t{workload_.client} * 1'000'000 + issued_;
    pending_ = recorder_.invoke(workload_.client, properties::RegisterWrite{value}, now());
    send(workload_.server, RegWriteRequest{request_, value});
  }
  wakeup_after(workload_.timeout, request_);
}

void RegisterClient::answered(const RegReply& reply) {
  if (!pending_ || reply.request != request_) return;  // a late or duplicated answer
  recorder_.complete(*pending_, reading_ ? Message(reply.value) : Message(), now());
  pending_.reset();
  next();
}

void RegisterClient::timed_out(std::uint64_t request) {
  if (!pending_ || request != request_) return;  // answered in time
  recorder_.unknown(*pending_);
  pending_.reset();
  next();
}

}  // namespace registers
