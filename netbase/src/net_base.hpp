// NetBase: the SystemBase of the "tcp" base in a user's program. It attaches to the admin on the
// admin port (starting it as a daemon if none runs), opens endpoints that listen on one port of
// this process, and talks to actors over direct connections. External calls run this process's
// event loop only while they wait (ask, listen), so nothing runs behind the program's back.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include <thespis/system_base.hpp>

#include "router.hpp"
#include "rpc.hpp"

namespace thespis::net::detail {

inline constexpr std::uint16_t default_admin_port = 1900;

/// Identifies this program's build (a hash of its executable).
const std::string& build_identity();
std::string admin_log_path(std::uint16_t port);
/// The port of "127.0.0.1:PORT" (0 for ""); throws Error for anything else.
std::uint16_t leader_port(const std::string& leader);

class NetBase final : public SystemBase {
 public:
  explicit NetBase(const SystemOptions& options);
  ~NetBase() override;

  std::string_view base_name() const override { return "tcp"; }
  EndpointId open_endpoint() override;
  ActorAddress endpoint_address(EndpointId endpoint) const override;
  ActorAddress create_actor(EndpointId endpoint, std::string_view type_name,
                            const CreateOptions& options) override;
  void tell(EndpointId endpoint, const ActorAddress& to, Message message) override;
  std::optional<Message> ask(EndpointId endpoint, const ActorAddress& to, Message message,
                             std::chrono::nanoseconds timeout) override;
  std::optional<Message> listen(EndpointId endpoint, std::chrono::nanoseconds timeout) override;
  void update_capability(const std::string& name, std::optional<CapabilityValue> value) override;
  Capabilities capabilities() const override { return options_.capabilities; }
  void shutdown() override;
  bool is_shut_down() const override { return shut_down_; }

  std::int64_t admin_pid() const { return admin_pid_; }
  std::uint16_t admin_port() const { return port_; }

 private:
  struct Arrival {
    Message message;
    std::uint64_t arrival = 0;
  };
  struct Endpoint {
    ActorAddress address;
    std::deque<Arrival> inbox;
    std::uint64_t arrivals = 0;
  };

  void attach();
  void wait_until_port_free();
  void check_running() const;
  void arrive(Envelope envelope);
  void flush();
  bool wait(const std::function<bool()>& done, std::chrono::nanoseconds timeout);

  SystemOptions options_;
  std::uint16_t port_;
  std::uint64_t system_ = 0;
  std::int64_t admin_pid_ = 0;
  std::unique_ptr<RpcClient> admin_;
  asio::io_context io_;
  std::unique_ptr<Router> router_;
  std::vector<Endpoint> endpoints_;
  bool shut_down_ = false;
};

}  // namespace thespis::net::detail
