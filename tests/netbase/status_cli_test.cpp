// `thespis status --actor ADDR` on the tcp base: the command line asks one actor's runtime for
// its status (actor_status.hpp) through an admin that a program of another build started, and
// prints the report; a malformed address is a usage error, an address with no actor an error.
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <thespis/actor_status.hpp>
#include <thespis/net/admin_control.hpp>
#include <thespis/thespis.hpp>

#include "support/processes.hpp"
#include "support/run_cli.hpp"

using namespace std::chrono_literals;

namespace thespis {
namespace {

class CliStatusLeaf : public Actor {};
THESPIS_ACTOR(CliStatusLeaf)

/// Two children and a wakeup an hour away as soon as it starts; throws on "flaky" once.
class CliStatusParent : public Actor {
 public:
  CliStatusParent() {
    create_actor<CliStatusLeaf>();
    create_actor<CliStatusLeaf>();
    wakeup_after(1h);
    on<std::string>([this](const std::string&) {
      if (attempts_++ == 0) throw Error("first attempt fails");
    });
  }

 private:
  int attempts_ = 0;
};
THESPIS_ACTOR(CliStatusParent)

class StatusCli : public ::testing::Test {
 protected:
  void SetUp() override {
    SystemOptions options;
    options.log_level = LogLevel::error;
    options.admin_port = net::free_local_port();
    port_ = options.admin_port;
    system_ = std::make_unique<ActorSystem>("tcp", options);
  }
  void TearDown() override {
    const std::vector<testing::Process> pids = testing::processes_of(port_);
    system_->shutdown();
    for (const auto& pid : pids) EXPECT_TRUE(testing::ended(pid)) << "process " << pid;
  }
  std::string port() const { return std::to_string(port_); }

  std::uint16_t port_ = 0;
  std::unique_ptr<ActorSystem> system_;
};

TEST_F(StatusCli, PrintsAnActorsChildrenWakeupsAndCounters) {
  const ActorAddress parent = system_->create_actor<CliStatusParent>();
  system_->tell(parent, std::string("flaky"));
  // Handled once the actor's runtime counts it (its own status request comes after it).
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (system_->ask(parent, ActorStatusRequest{}, 5s)->get<ActorStatusReport>().retries == 0 &&
         std::chrono::steady_clock::now() < deadline) {
  }
  const auto [code, out] =
      testing::run_cli("status --port " + port() + " --actor " + parent.to_string());
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("actor " + parent.to_string() + " CliStatusParent\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("  children: 2 @"), std::string::npos) << out;
  EXPECT_NE(out.find("  pending wakeups: 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  mailbox: 0\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  messages handled: 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  retries: 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  poison sent: 0\n"), std::string::npos) << out;
  // The admin's listing prints the same address the command takes.
  const auto listing = testing::run_cli("status --port " + port());
  EXPECT_NE(listing.second.find(parent.to_string()), std::string::npos) << listing.second;
}

TEST_F(StatusCli, ListsTheSystemsActorsByAddressWithParentsAndNames) {
  const ActorAddress parent = system_->create_actor<CliStatusParent>();
  CreateOptions named;
  named.global_name = "cli-status-registry";
  const ActorAddress registry = system_->create_actor("CliStatusLeaf", named);
  const auto [code, out] = testing::run_cli("status --port " + port());
  ASSERT_EQ(code, 0) << out;
  const std::vector<ActorAddress> children =
      system_->ask(parent, ActorStatusRequest{}, 5s)->get<ActorStatusReport>().children;
  ASSERT_EQ(children.size(), 2u);
  // In address order: the parent, its children (created while it started), the named one.
  std::vector<std::string::size_type> at;
  at.push_back(out.find("  " + parent.to_string() + " CliStatusParent pid "));
  for (const ActorAddress& child : children) {
    at.push_back(out.find("  " + child.to_string() + " CliStatusLeaf pid "));
    EXPECT_NE(out.find(" parent " + parent.to_string() + "\n", at.back()), std::string::npos)
        << out;
  }
  at.push_back(out.find("  " + registry.to_string() + " CliStatusLeaf pid "));
  for (const auto position : at) ASSERT_NE(position, std::string::npos) << out;
  EXPECT_TRUE(std::is_sorted(at.begin(), at.end())) << out;
  EXPECT_NE(out.find(" name cli-status-registry\n", at.back()), std::string::npos) << out;
  EXPECT_NE(out.find("  convention members: 0\n"), std::string::npos) << out;
}

TEST_F(StatusCli, AMalformedAddressIsAUsageError) {
  const auto [code, out] = testing::run_cli("status --port " + port() + " --actor 3.4");
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("--actor expects an address like @3.4"), std::string::npos) << out;
}

TEST_F(StatusCli, AnAddressWithNoActorIsAnError) {
  const auto [code, out] =
      testing::run_cli("status --timeout 1 --port " + port() + " --actor @999999.999999");
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("no status report from @999999.999999"), std::string::npos) << out;
}

}  // namespace
}  // namespace thespis
