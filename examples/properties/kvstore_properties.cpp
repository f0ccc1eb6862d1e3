// Properties of the replicated counter store (examples/kvstore) over generated worlds: the
// network (profile, latency, loss, duplication, reordering), a plan of faults while the client
// works (pauses, one-way cuts, clock skews, partitions, isolations) and the size of the workload.
//
// KvPrimary keeps every expectation of kv_property.yaml in every world. KvPrimaryNoDedupe, the
// planted bug, applies a retried or duplicated request twice; its property is disabled so that
// the suite stays green (run it with --gtest_also_run_disabled_tests to see a counterexample
// written and printed), and the acceptance test below checks that it is found.
#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include <thespis/properties/gtest.hpp>

#include "properties/kv_world.hpp"

namespace {

using namespace thespis;
using namespace thespis::properties;
using kv_properties::correct_store_keeps_its_expectations;
using kv_properties::store_without_dedupe_keeps_its_expectations;

std::string counterexample_dir(const std::string& name) {
  return (std::filesystem::path(testing::TempDir()) / "thespis-counterexamples" / name).string();
}

}  // namespace

THESPIS_PROPERTY(KvStore, KeepsItsExpectationsUnderFaults, ()) {
  correct_store_keeps_its_expectations();
}

// The planted bug: fails, shrinks, writes its counterexample and prints how to replay it.
THESPIS_PROPERTY(KvStore, DISABLED_WithoutDedupeKeepsItsExpectations, ()) {
  store_without_dedupe_keeps_its_expectations();
}

TEST(KvStore, CorrectStorePassesAThousandCases) {
  const auto outcome = check_property("KvStore/thousand", correct_store_keeps_its_expectations,
                                      {.seed = 2026, .max_success = 1000});
  EXPECT_TRUE(outcome.passed) << outcome.message;
  EXPECT_EQ(outcome.cases, 1000);
}

TEST(KvStore, StoreWithoutDedupeIsFoundUnderNineteenOfTwentySeeds) {
  int found = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto outcome =
        check_property("KvStore/no-dedupe-seed-" + std::to_string(seed),
                       store_without_dedupe_keeps_its_expectations,
                       {.seed = seed, .counterexample_dir = counterexample_dir("kv")});
    if (outcome.passed) continue;
    ++found;
    ASSERT_TRUE(outcome.counterexample.has_value()) << outcome.message;
    EXPECT_LE(outcome.counterexample->faults, 2u) << outcome.message;
    EXPECT_EQ(outcome.counterexample->expectation, "always no_double_apply") << outcome.message;
    EXPECT_TRUE(outcome.reproduced) << outcome.message;
    EXPECT_TRUE(std::filesystem::exists(outcome.file)) << outcome.file;
  }
  EXPECT_GE(found, 19);
}

// The reproduce line names this program, which answers `run FILE` with the kvstore app linked.
TEST(KvStore, TheReproduceCommandFailsTheSameCheck) {
  const auto outcome =
      check_property("KvStore/replayed", store_without_dedupe_keeps_its_expectations,
                     {.seed = 7, .counterexample_dir = counterexample_dir("cmd")});
  ASSERT_FALSE(outcome.passed);
  ASSERT_FALSE(outcome.command.empty()) << outcome.message;
  FILE* pipe = popen((outcome.command + " 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (const std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(status), 1) << output;
  EXPECT_NE(output.find("FAIL  always no_double_apply"), std::string::npos) << output;
}
