// The conformance fixture: one ActorSystem per test on each of four configurations (the
// simulation with the tcp and the udp network profile, the real tcp and udp bases). A file of
// behaviours derives its own fixture from Conformance and instantiates it over `configurations`:
//
//   class TroupeConformance : public Conformance {};
//   INSTANTIATE_TEST_SUITE_P(Bases, TroupeConformance, configurations, configuration_name);
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

#include "support/processes.hpp"

namespace thespis::conformance {

using namespace std::chrono_literals;

// --- the fixture -----------------------------------------------------------------------------

/// A configuration: the base and, for the simulation, its network profile.
class Conformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (simulated()) {
      sim::SimOptions options;
      options.log_level = LogLevel::error;
      options.capabilities = {{"Gpu", true}};
      options.network.profile = udp() ? sim::NetworkProfile::udp : sim::NetworkProfile::tcp;
      configure_sim(options);
      system_ = std::make_unique<ActorSystem>(sim::Simulation(std::move(options)).system());
      return;
    }
    SystemOptions options;
    options.log_level = LogLevel::error;
    options.capabilities = {{"Gpu", true}};
    options.admin_port = net::free_local_port();
    configure(options);
    system_ = std::make_unique<ActorSystem>(GetParam(), options);
    port_ = options.admin_port;
    ASSERT_EQ(net::admin_status(port_).transport, GetParam()) << "the admin's transport";
  }

  void TearDown() override {
    if (!system_) return;
    const std::vector<testing::Process> pids =
        networked() ? testing::processes_of(port_) : std::vector<testing::Process>{};
    system_->shutdown();
    // Semantics 14: once shutdown() returns, no process of the system exists (no waiting).
    for (const auto& pid : pids) EXPECT_TRUE(testing::ended(pid)) << "process " << pid;
  }

  /// Options of a networked system before it starts (a fixture for one kind of test).
  virtual void configure(SystemOptions&) {}
  /// Options of a simulation before it starts.
  virtual void configure_sim(sim::SimOptions&) {}

  bool simulated() const { return GetParam().rfind("sim_", 0) == 0; }
  /// A real base: one process per actor.
  bool networked() const { return !simulated(); }
  /// Datagrams: the sim's udp profile or the real udp base.
  bool udp() const { return GetParam() == "udp" || GetParam() == "sim_udp"; }
  ActorSystem& system() { return *system_; }

  /// Messages the transport lost and counted so far: the simulated network's lost frames, the
  /// udp admin's sequence gaps; tcp loses nothing without breaking a connection.
  std::uint64_t lost_so_far() {
    if (simulated()) return sim::Simulation::of(system()).frames_lost();
    if (GetParam() == "udp")
      return static_cast<std::uint64_t>(net::admin_status(port_).lost_messages);
    return 0;
  }

  /// Polls `received()` and lost_so_far() until together they account for `sent`, or 30 s of
  /// real time pass (virtual time passes faster); returns the last {received, lost}.
  template <class Received>
  std::pair<std::int64_t, std::uint64_t> until_accounted(std::int64_t sent, Received received) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    std::pair<std::int64_t, std::uint64_t> seen{0, 0};
    do {
      seen = {received(), lost_so_far()};
      if (seen.first + static_cast<std::int64_t>(seen.second) >= sent) break;
    } while (std::chrono::steady_clock::now() < deadline);
    return seen;
  }

  template <class T>
  T ask(const ActorAddress& to, Message message, std::chrono::nanoseconds timeout = 5s) {
    const auto reply = system_->ask(to, std::move(message), timeout);
    if (!reply) throw Error("no reply");
    return reply->get<T>();
  }
  template <class T>
  T listen(std::chrono::nanoseconds timeout = 5s) {
    const auto message = system_->listen(timeout);
    if (!message) throw Error("nothing arrived");
    return message->get<T>();
  }

  std::unique_ptr<ActorSystem> system_;
  std::uint16_t port_ = 0;
};

/// On udp, every process of the system gets a tiny receive buffer, so that a flood loses.
class ConformanceUnderLoad : public Conformance {
 protected:
  void configure(SystemOptions& options) override {
    if (GetParam() == "udp") options.receive_buffer_bytes = 4096;
  }
};

inline const auto configurations = ::testing::Values("sim_tcp", "sim_udp", "tcp", "udp");
inline const auto configuration_name = [](const auto& configuration) {
  return configuration.param;
};
}  // namespace thespis::conformance
