// NetBase: the SystemBase of the "tcp" and "udp" bases in a user's program. It attaches to the
// admin on the admin port (starting it as a daemon if none runs), opens endpoints that listen on
// one port of this process, and talks to actors over direct connections.
//
// Threads. Any number of the program's threads may call it at once, each through its own
// endpoint (ActorSystem::private_endpoint()). One I/O thread of its own owns the event loop,
// the router and every connection; callers hand it their sends (asio::post, in call order) and
// wait on a condition variable for their endpoint's inbox, which the I/O thread fills under
// `mutex_`. The I/O thread runs no user code: it only moves bytes into inboxes. Requests to
// the admin (create, open an endpoint, capabilities) go over `admin_`, one caller at a time;
// the I/O thread resolves addresses over a connection of its own (`resolver_`), so that a
// long creation never stalls routing.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <thespis/system_base.hpp>
#include <thespis/system_status.hpp>

#include "directory.hpp"
#include "fork_gate.hpp"
#include "host_address.hpp"
#include "router.hpp"
#include "rpc.hpp"

namespace thespis::net::detail {

/// Identifies this program's build (a hash of its executable).
std::string build_identity();
/// The admin's log in the per-user runtime folder (admin-PORT.log on 127.0.0.1,
/// admin-HOST-PORT.log elsewhere: admins on several addresses of one machine share no log).
std::string admin_log_path(const std::string& bind_host, std::uint16_t port);
/// The potential leaders: `first` (if set) then `rest`, each "HOST:PORT" parsed and checked;
/// throws Error naming a bad value.
std::vector<HostPort> convention_leaders_of(const std::string& first,
                                            const std::vector<std::string>& rest);

/// How a NetBase joins its admin: a program attaches (starting the admin if none runs, refused by
/// an admin of another build); a tool only observes (net::actor_status): it opens an endpoint to
/// ask through, creates nothing, so any build may, and it never starts an admin.
enum class Joining : std::uint8_t { program, observer };

/// The program's base, and its Router's Directory (answered by the admin).
class NetBase final : public SystemBase, public SystemStatusSource, private Directory {
 public:
  NetBase(const SystemOptions& options, Transport transport, Joining joining = Joining::program);
  ~NetBase() override;

  std::string_view base_name() const override { return transport_name(transport_); }
  EndpointId open_endpoint() override;
  ActorAddress endpoint_address(EndpointId endpoint) const override;
  ActorAddress create_actor(EndpointId endpoint, std::string_view type_name,
                            const CreateOptions& options) override;
  void tell(EndpointId endpoint, const ActorAddress& to, Message message) override;
  std::optional<Message> ask(EndpointId endpoint, const ActorAddress& to, Message message,
                             std::chrono::nanoseconds timeout) override;
  std::optional<Message> listen(EndpointId endpoint, std::chrono::nanoseconds timeout) override;
  void update_capability(const std::string& name, std::optional<CapabilityValue> value) override;
  Capabilities capabilities() const override;
  void shutdown() override;
  bool is_shut_down() const override { return shut_down_; }
  /// Asks the admin for its status (net/system_status.hpp).
  SystemFacts system_facts() override;

  std::int64_t admin_pid() const { return admin_pid_; }
  std::uint16_t admin_port() const { return port_; }
  const std::string& admin_host() const { return admin_host_; }

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
  using Clock = std::chrono::steady_clock;

  void attach();
  void observe();
  void wait_until_port_free();
  void check_running() const;
  Endpoint& endpoint(EndpointId id);
  const Endpoint& endpoint(EndpointId id) const;
  void route(Envelope envelope);  // I/O thread

  // Directory (for the Router), called on the I/O thread
  Location locate(const ActorAddress& address) override;
  void hand_in(Envelope envelope) override;
  void undeliverable(Envelope envelope) override;
  void too_large(Envelope envelope, std::size_t frame_bytes, std::size_t limit) override;
  void lost(std::int64_t envelopes) override;
  /// Throws TransportError if `envelope` cannot travel at all (udp: over one datagram).
  void check_fits(const Envelope& envelope) const;
  void post(Envelope envelope);
  /// Waits until what was posted so far is written (or `until`).
  void flush(Clock::time_point until);
  void stop_io_thread();
  /// SIGKILLs the admin (shutdown found it stuck); whether it has ended.
  bool kill_admin();
  Clock::time_point deadline_after(std::chrono::nanoseconds timeout) const;

  SystemOptions options_;
  Transport transport_;
  Hosts hosts_;
  std::string admin_host_;
  std::uint16_t port_;
  std::shared_ptr<const Secret> secret_;
  std::uint64_t system_ = 0;
  std::int64_t admin_pid_ = 0;
  int admin_pidfd_ = -1;

  std::mutex admin_mutex_;
  std::unique_ptr<RpcClient> admin_;
  std::unique_ptr<RpcClient> resolver_;

  asio::io_context io_;
  std::unique_ptr<Router> router_;

  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<Endpoint> endpoints_;                  // stable references; under mutex_
  std::map<ActorAddress, std::size_t> by_address_;  // under mutex_
  std::atomic<bool> shut_down_{false};
  std::optional<ParkedAtFork> parked_at_fork_;  // before io_thread_: it outlives the thread
  std::thread io_thread_;
};

}  // namespace thespis::net::detail
