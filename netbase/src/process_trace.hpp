// ProcessTrace: the events of one actor process, recorded while its admin traces
// (trace_control.hpp) and passed to the admin in batches over the process's request connection.
// Recording costs nothing unless the admin asked for it (the host holds no ProcessTrace then).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <thespis/actor_address.hpp>
#include <thespis/message.hpp>
#include <thespis/net/trace_control.hpp>

#include "rpc.hpp"

namespace thespis::net::detail {

class ProcessTrace {
 public:
  explicit ProcessTrace(RpcClient& admin) : admin_(admin) {}
  ~ProcessTrace() { flush(); }
  ProcessTrace(const ProcessTrace&) = delete;
  ProcessTrace& operator=(const ProcessTrace&) = delete;

  void record(std::string_view kind, const ActorAddress& actor, const ActorAddress& other,
              const Message* message = nullptr, std::string text = {});
  /// Sends what was recorded since the last flush (a lost admin loses it, never the actor).
  void flush() noexcept;

 private:
  static constexpr std::size_t batch = 64;
  static constexpr std::size_t max_message_text = 4096;

  RpcClient& admin_;
  std::vector<TracedEvent> pending_;
  std::uint64_t sequence_ = 0;
};

}  // namespace thespis::net::detail
