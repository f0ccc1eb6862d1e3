// Eight threads asking one EchoServer at once, each through a private endpoint of its own: the
// check that a networked base keeps every thread's replies its own (run under ThreadSanitizer).
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <thespis/thespis.hpp>

#include "echo/echo.hpp"

namespace thespis::testing {

/// Replies that went to the wrong thread, were missing or came twice (0 when all is well).
inline int wrong_replies_to_threads(ActorSystem& system, const ActorAddress& echo_server) {
  using namespace std::chrono_literals;
  constexpr int threads = 8;
  constexpr int asks = 200;
  std::atomic<int> wrong{0};
  std::vector<std::thread> askers;
  for (int t = 0; t < threads; ++t) {
    askers.emplace_back([&, t] {
      auto endpoint = system.private_endpoint();
      for (int i = 0; i < asks; ++i) {
        const std::string mine = std::to_string(t) + "/" + std::to_string(i);
        const auto reply =
            endpoint.ask(echo_server, echo::Ping{static_cast<std::uint64_t>(i), mine}, 10s);
        if (!reply || reply->get<echo::Pong>().payload != mine) ++wrong;
      }
      if (endpoint.listen(50ms)) ++wrong;  // nothing extra arrived: no duplicate reply
    });
  }
  for (auto& asker : askers) asker.join();
  return wrong.load();
}

}  // namespace thespis::testing
