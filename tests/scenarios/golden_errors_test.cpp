// Malformed scenario files and the exact message each must give (tests/data/scenarios: FILE.yaml
// next to FILE.expected). A file that loads must be refused by the runner's default limit on
// simulated time (check_max_time), as `thespis run` would refuse it.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include <thespis/error.hpp>
#include <thespis/scenario/limits.hpp>
#include <thespis/scenario/scenario.hpp>

namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

std::vector<std::filesystem::path> malformed_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(THESPIS_SCENARIO_ERRORS_DIR)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(GoldenErrors, EveryMalformedFileGivesItsExactMessage) {
  const auto files = malformed_files();
  ASSERT_GE(files.size(), 30u);
  for (const auto& file : files) {
    const std::string expected = read(std::filesystem::path(file).replace_extension(".expected"));
    try {
      const auto scenario = thespis::scenario::load_scenario(file.string());
      thespis::scenario::check_max_time(scenario, thespis::scenario::default_max_time);
      ADD_FAILURE() << file << " loaded and would run without an error";
    } catch (const thespis::ScenarioError& e) {
      // The messages are pinned with the file name alone.
      std::string message = e.what();
      const std::string directory = std::string(THESPIS_SCENARIO_ERRORS_DIR) + "/";
      if (message.rfind(directory, 0) == 0) message.erase(0, directory.size());
      EXPECT_EQ(message, expected) << file;
      EXPECT_GT(e.line(), 0u) << file;
      EXPECT_GT(e.column(), 0u) << file;
    }
  }
}

TEST(GoldenErrors, MissingFileSaysItDoesNotExist) {
  try {
    thespis::scenario::load_scenario("/nonexistent/scenario.yaml");
    FAIL();
  } catch (const thespis::ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/scenario.yaml: does not exist");
    EXPECT_EQ(e.file(), "/nonexistent/scenario.yaml");
  }
}

TEST(GoldenErrors, DirectorySaysItIsOne) {
  try {
    thespis::scenario::load_scenario(THESPIS_SCENARIO_ERRORS_DIR);
    FAIL();
  } catch (const thespis::ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()),
              std::string(THESPIS_SCENARIO_ERRORS_DIR) + ": is a directory, not a scenario file");
  }
}

}  // namespace
