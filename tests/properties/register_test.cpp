// The checker on histories of a register: generated ones (correct by construction, or with
// the stale-read bug planted), and ones recorded by client actors of a simulated register
// service over a lossy network.
#include "properties/register.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>

#include <gtest/gtest.h>

#include <thespis/properties/kv_model.hpp>
#include <thespis/properties/linearizability.hpp>
#include <thespis/properties/register_model.hpp>
#include <thespis/sim/simulation.hpp>

#include "properties/register_history.hpp"

namespace {

using namespace std::chrono_literals;
using namespace thespis::properties;
using registers::generate_register_history;
using registers::GeneratedHistoryOptions;

TEST(GeneratedHistories, ACorrectRegisterIsAlwaysLinearizable) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const History history = generate_register_history({.seed = seed, .operations = 200});
    const CheckResult result = check_linearizable(register_model(), history);
    ASSERT_TRUE(result.linearizable()) << "seed " << seed << "\n" << result.report;
  }
}

TEST(GeneratedHistories, AStaleRegisterIsReportedWithAShortWindow) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const History history =
        generate_register_history({.seed = seed, .operations = 200, .stale_reads = true});
    const CheckResult result = check_linearizable(register_model(), history);
    ASSERT_EQ(result.verdict, Verdict::illegal) << "seed " << seed;
    ASSERT_TRUE(result.violation->minimal) << result.report;
    const std::vector<std::size_t>& core = result.violation->core;
    EXPECT_LE(core.size(), 4u) << result.report;
    EXPECT_NE(std::find(core.begin(), core.end(), result.violation->failing), core.end());
  }
}

TEST(GeneratedHistories, AThousandOperationsFromFiveClients) {
  const History good = generate_register_history({.seed = 7});
  ASSERT_EQ(good.size(), 1000u);
  EXPECT_TRUE(check_linearizable(register_model(), good).linearizable());
  const History stale = generate_register_history({.seed = 7, .stale_reads = true});
  EXPECT_EQ(check_linearizable(register_model(), stale).verdict, Verdict::illegal);
}

TEST(GeneratedHistories, AKeyValueStoreIsCheckedKeyByKey) {
  const History good = generate_register_history({.seed = 3, .key_value = true});
  EXPECT_TRUE(check_linearizable(kv_model(), good).linearizable());
  const History stale =
      generate_register_history({.seed = 3, .key_value = true, .stale_reads = true});
  const CheckResult result = check_linearizable(kv_model(), stale);
  ASSERT_EQ(result.verdict, Verdict::illegal);
  const auto key = [&](std::size_t i) {
    const thespis::Message& input = stale[i].input;
    if (const auto* read = input.get_if<KvRead>()) return read->key;
    if (const auto* write = input.get_if<KvWrite>()) return write->key;
    return input.get<KvCas>().key;
  };
  for (std::size_t i : result.violation->core) EXPECT_EQ(key(i), key(result.violation->failing));
}

// Five clients on one host, the register on another, over udp with loss and duplication.
History simulated_history(std::uint64_t seed, bool stale) {
  thespis::sim::SimOptions options;
  options.seed = seed;
  options.log_level = thespis::LogLevel::error;
  options.nodes = {{"server", {{"Register", true}}, {}}, {"client", {{"Client", true}}, {}}};
  options.network.profile = thespis::sim::NetworkProfile::udp;
  options.network.defaults.latency = thespis::sim::Latency::uniform_in(1ms, 5ms);
  options.network.defaults.drop = 0.05;
  options.network.defaults.duplicate = 0.05;
  thespis::sim::Simulation world(options);
  thespis::ActorSystem client(world.system("client"));
  const thespis::ActorAddress server = stale ? client.create_actor<registers::StaleRegisterServer>()
                                             : client.create_actor<registers::RegisterServer>();
  for (std::uint32_t id = 0; id < 5; ++id) {
    const thespis::ActorAddress actor = client.create_actor<registers::RegisterClient>();
    client.tell(actor, registers::RegisterWorkload{server, id, 40, 30ms});
  }
  world.run_for(10s);
  History history;
  for (const auto* actor : world.actors<registers::RegisterClient>()) {
    history.insert(history.end(), actor->history().begin(), actor->history().end());
  }
  return history;
}

TEST(SimulatedRegister, TheCorrectRegisterIsLinearizableOverALossyNetwork) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const History history = simulated_history(seed, false);
    ASSERT_EQ(history.size(), 200u);
    const CheckResult result = check_linearizable(register_model(), history);
    EXPECT_TRUE(result.linearizable()) << "seed " << seed << "\n" << result.report;
  }
}

TEST(SimulatedRegister, TheStaleReadBugIsReported) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const CheckResult result = check_linearizable(register_model(), simulated_history(seed, true));
    ASSERT_EQ(result.verdict, Verdict::illegal) << "seed " << seed;
    EXPECT_NE(result.report.find("RegisterRead{} ->"), std::string::npos) << result.report;
  }
}

}  // namespace
