// User actors on a node: `thespis node --load` runs actor types from a shared library
// (tests/netbase/loadable), which this test program links only the messages of. The nodes are
// the real `thespis` executable on free ports of 127.0.0.1; each is shut down by the test (a
// Node that goes out of scope stops its process), and no process may outlive the suite.
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thespis/net/admin_control.hpp>
#include <thespis/net/secret.hpp>
#include <thespis/thespis.hpp>

#include "netbase/loadable/account.hpp"
#include "support/processes.hpp"
#include "support/raw_peer.hpp"
#include "support/run_cli.hpp"

using namespace std::chrono_literals;

namespace thespis::net {
namespace {

/// A `thespis node` in a child process, shut down (or killed) when it goes out of scope.
class Node {
 public:
  explicit Node(std::vector<std::string> arguments, std::uint16_t port = 0)
      : port_(port != 0 ? port : free_local_port()) {
    arguments.insert(arguments.begin(), {THESPIS_CLI_PATH, "node", "--port", std::to_string(port_),
                                         "--heartbeat-ms", "100"});
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (std::string& argument : arguments) argv.push_back(argument.data());
      argv.push_back(nullptr);
      execv(THESPIS_CLI_PATH, argv.data());
      _exit(127);
    }
    for (int i = 0; i < 500 && !stopped(); ++i) {
      try {
        admin_status(port_, {.timeout = 1s, .secret_file = {}});
        return;
      } catch (const TransportError&) {
        usleep(10'000);  // the node is starting: bounded polling
      }
    }
    ADD_FAILURE() << "thespis node on port " << port_ << " did not start";
  }
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  ~Node() { stop(); }

  std::uint16_t port() const { return port_; }
  std::string name() const { return "127.0.0.1:" + std::to_string(port_); }

  /// Shuts the node down and returns its exit status (killed if it does not end in 20 s).
  int stop() {
    if (stopped()) return status_;
    try {
      shutdown_admin(port_);
    } catch (const Error&) {
      // not listening (any more): the wait below ends it either way
    }
    for (int i = 0; i < 2000 && !stopped(); ++i) usleep(10'000);
    if (!stopped()) {
      ADD_FAILURE() << "thespis node on port " << port_ << " did not end; killed";
      kill(pid_, SIGKILL);
      waitpid(pid_, &status_, 0);
      pid_ = -1;
    }
    return status_;
  }

 private:
  bool stopped() {
    if (pid_ < 0) return true;
    if (waitpid(pid_, &status_, WNOHANG) != pid_) return false;
    pid_ = -1;
    return true;
  }

  std::uint16_t port_;
  pid_t pid_ = -1;
  int status_ = 0;
};

bool has(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

SystemOptions attach_to(const Node& node) {
  SystemOptions options;
  options.admin_port = node.port();
  options.log_level = LogLevel::error;
  return options;
}

/// Waits (bounded) until the admin on `port` lists `count` convention members.
bool wait_for_members(std::uint16_t port, std::size_t count) {
  for (int i = 0; i < 500; ++i) {
    if (admin_status(port).members.size() == count) return true;
    usleep(10'000);
  }
  return false;
}

CreateOptions requiring(const std::string& capability, CapabilityValue value) {
  CreateOptions options;
  options.requirements.push_back({.capability = capability, .value = std::move(value)});
  return options;
}

TEST(LoadedLibrary, ANodeRunsItsActorsForAProgramOfAnotherBuild) {
  Node node({"--load", THESPIS_ACCOUNT_LIBRARY});
  const AdminStatus status = admin_status(node.port());
  EXPECT_TRUE(has(status.actor_types, "Account"));
  EXPECT_TRUE(has(status.actor_types, "EchoServer")) << "the executable's own types stay";
  ASSERT_EQ(status.libraries.size(), 1u);
  EXPECT_NE(status.libraries[0].find("thespis_test_account"), std::string::npos);
  EXPECT_NE(status.libraries[0].find("Account"), std::string::npos) << status.libraries[0];
  {
    // This program is another build than the node: a client of the node's code, not refused.
    ActorSystem program("tcp", attach_to(node));
    const ActorAddress account = program.create_actor("Account");
    EXPECT_EQ(account.system() >> 32, node.port());
    EXPECT_EQ(program.ask(account, loadable::Credit{5}, 5s)->get<loadable::Balance>().total, 5);
    EXPECT_EQ(program.ask(account, loadable::Credit{7}, 5s)->get<loadable::Balance>().total, 12);
  }
  const auto pids = testing::processes_of(node.port());
  EXPECT_EQ(node.stop(), 0);
  testing::expect_all_ended(pids);
}

TEST(LoadedLibrary, ANodeWithoutItSaysSoWithoutBlamingTheProgram) {
  Node node({});
  EXPECT_FALSE(has(admin_status(node.port()).actor_types, "Account"));
  ActorSystem program("tcp", attach_to(node));
  try {
    program.create_actor("Account");
    ADD_FAILURE() << "created an actor of a type nobody has";
  } catch (const UnknownTypeError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'Account'"), std::string::npos) << what;
    EXPECT_NE(what.find(node.name()), std::string::npos) << what;
    EXPECT_NE(what.find("--load"), std::string::npos) << what;
    EXPECT_EQ(what.find("this program"), std::string::npos) << what;
  }
  EXPECT_EQ(node.stop(), 0);
}

TEST(LoadedLibrary, TheBuildIdentityCoversTheLibraries) {
  Node plain({});
  Node loaded({"--load", THESPIS_ACCOUNT_LIBRARY});
  EXPECT_NE(admin_status(plain.port()).build, admin_status(loaded.port()).build);
  EXPECT_TRUE(admin_status(plain.port()).libraries.empty());
}

TEST(LoadedLibrary, ALibraryThatDoesNotLoadStartsNothing) {
  const std::uint16_t port = free_local_port();
  const std::string missing = "/nonexistent/libthespis_missing.so";
  const auto [code, output] =
      testing::run_cli("node --port " + std::to_string(port) + " --load " + missing);
  EXPECT_EQ(code, 2) << output;
  EXPECT_NE(output.find(missing), std::string::npos) << output;
  EXPECT_NE(output.find("No such file"), std::string::npos) << "dlerror(): " << output;
  EXPECT_THROW(admin_status(port, {.timeout = 1s, .secret_file = {}}), TransportError)
      << "nothing started";
}

TEST(LoadedLibrary, ALibraryRegisteringATakenNameIsRefusedClearly) {
  const std::uint16_t port = free_local_port();
  const auto [code, output] = testing::run_cli("node --port " + std::to_string(port) + " --load " +
                                               THESPIS_CONFLICTING_LIBRARY);
  EXPECT_EQ(code, 2) << output;
  EXPECT_NE(output.find(THESPIS_CONFLICTING_LIBRARY), std::string::npos) << output;
  EXPECT_NE(output.find("actor type 'EchoServer'"), std::string::npos) << output;
  EXPECT_EQ(output.find("assertion"), std::string::npos) << output;
  EXPECT_THROW(admin_status(port, {.timeout = 1s, .secret_file = {}}), TransportError);
}

TEST(LoadedLibrary, PlacementGoesOnlyToMembersThatHaveTheType) {
  // The leader has neither the library nor the capability; both members have the capability,
  // only one the library; a third capability only the member without the library has.
  Node leader({});
  const std::string convention = "127.0.0.1:" + std::to_string(leader.port());
  // The member without the type comes first in the leader's order of members (by port), where
  // placement by capabilities alone would put the actor.
  const std::uint16_t one = free_local_port();
  std::uint16_t other = free_local_port();
  while (other == one) other = free_local_port();
  const std::uint16_t first = std::min(one, other);
  const std::uint16_t second = std::max(one, other);
  Node without(
      {"--convention", convention, "--capability", "Vault=true", "--capability", "Audit=true"},
      first);
  Node with(
      {"--convention", convention, "--capability", "Vault=true", "--load", THESPIS_ACCOUNT_LIBRARY},
      second);
  ASSERT_TRUE(wait_for_members(leader.port(), 2));
  ActorSystem program("tcp", attach_to(leader));
  {
    const ActorAddress account = program.create_actor("Account", requiring("Vault", true));
    EXPECT_EQ(account.system() >> 32, with.port()) << "placed on the member with the type";
    EXPECT_EQ(program.ask(account, loadable::Credit{3}, 5s)->get<loadable::Balance>().total, 3);
  }
  try {
    program.create_actor("Account", requiring("Audit", true));
    ADD_FAILURE() << "placed where the type is missing";
  } catch (const UnknownTypeError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("no member of the convention can run 'Account': " + without.name() +
                        " has the capabilities but not the type"),
              std::string::npos)
        << what;
  }
  EXPECT_EQ(with.stop(), 0);
  EXPECT_EQ(without.stop(), 0);
  EXPECT_EQ(leader.stop(), 0);
}

TEST(LoadedLibrary, AnAdminAskedForATypeItLacksAnswersWithItsName) {
  // Another admin asks this one to create an actor it has no type for (it should not have
  // announced it, but a member of another build may): an answer naming it, never a crash.
  Node node({});
  testing::RawPeer peer(node.port());
  ASSERT_TRUE(peer.authenticate(Secret::load()));
  ASSERT_TRUE(peer.write(testing::raw_frame("NetRemoteCreate", [](Encoder& e) {
    e.begin_array(3);
    e.write_uint(42);  // request
    e.begin_array(4);  // NetCreate
    e.write_string("Account");
    e.write_string("");  // no global name
    e.begin_array(2);    // parent
    e.write_uint(0);
    e.write_uint(0);
    e.begin_array(0);     // no requirements
    e.write_bool(false);  // wait_started
  })));
  const timeval bound{.tv_sec = 5, .tv_usec = 0};  // every read below is bounded
  setsockopt(peer.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
  const std::string expected = "the admin on " + node.name() + " has no actor type 'Account'";
  std::string answer;
  for (int i = 0; i < 100 && answer.find(expected) == std::string::npos; ++i) {
    const std::string got = peer.read_to_end(1);
    if (got.empty()) break;
    answer += got;
  }
  EXPECT_NE(answer.find("NetRemoteCreated"), std::string::npos) << answer;
  EXPECT_NE(answer.find(expected), std::string::npos) << answer;
  EXPECT_NO_THROW(admin_status(node.port())) << "the admin is up";
  EXPECT_EQ(node.stop(), 0);
}

}  // namespace
}  // namespace thespis::net
