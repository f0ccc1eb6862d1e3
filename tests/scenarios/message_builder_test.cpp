// Messages written in a scenario, built field by field through their type's schema: here the
// enum kind, written as an enumerator's name.
#include <gtest/gtest.h>

#include <thespis/error.hpp>
#include <thespis/scenario/runner.hpp>
#include <thespis/thespis.hpp>

namespace message_builder_test {

enum class Colour : std::uint8_t { red, green, blue = 7 };
THESPIS_ENUM(Colour, red, green, blue)

struct Paint {
  Colour colour = Colour::red;
  std::vector<Colour> palette;
};
THESPIS_MESSAGE(Paint, colour, palette)

}  // namespace message_builder_test

namespace thespis::scenario {
namespace {

// The echo app's requestor answers EchoHowFar with EchoProgress, so a reply expected to equal
// a Paint fails, and its details show the Paint the scenario built.
std::string echo_expecting(const std::string& paint) {
  return R"(app: echo
nodes:
  - {name: server, capabilities: {Server: true}}
  - {name: client, capabilities: {Client: true}}
actors:
  - {name: requestor, type: EchoRequestor, node: client}
duration: 1s
expect:
  - reply:
      to: requestor
      message: {type: EchoHowFar}
      equals: )" +
         paint + R"(
      within: 100ms
)";
}

TEST(MessageBuilder, AnEnumFieldIsWrittenAsTheEnumeratorName) {
  const Scenario s = parse_scenario(
      echo_expecting("{type: Paint, colour: blue, palette: [green, red]}"), "x.yaml");
  const RunResult result = run_scenario(s);
  ASSERT_EQ(result.verdicts.size(), 1u);
  EXPECT_NE(result.verdicts[0].details.find("expected Paint{colour: blue, palette: [green, red]}"),
            std::string::npos)
      << result.verdicts[0].details;
}

TEST(MessageBuilder, AMissingEnumFieldIsTheFirstEnumerator) {
  const RunResult result = run_scenario(parse_scenario(echo_expecting("{type: Paint}"), "x.yaml"));
  ASSERT_EQ(result.verdicts.size(), 1u);
  EXPECT_NE(result.verdicts[0].details.find("expected Paint{colour: red, palette: []}"),
            std::string::npos)
      << result.verdicts[0].details;
}

TEST(MessageBuilder, AnUnknownEnumeratorNamesTheChoices) {
  try {
    parse_scenario(echo_expecting("{type: Paint, colour: mauve}"), "x.yaml");
    FAIL() << "an unknown enumerator must be refused";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()),
              "x.yaml:12:37: expect[0].reply.equals.colour: 'mauve' is not a Colour (one of red, "
              "green, blue)");
  }
}

TEST(MessageBuilder, AnEnumFieldIsWrittenBackByName) {
  const std::string text = to_yaml(
      parse_scenario(echo_expecting("{type: Paint, colour: green, palette: [blue]}"), "x.yaml"));
  EXPECT_NE(text.find("colour: green"), std::string::npos) << text;
  EXPECT_NE(text.find("palette: [blue]"), std::string::npos) << text;
  EXPECT_EQ(to_yaml(parse_scenario(text, "again.yaml")), text);
}

}  // namespace
}  // namespace thespis::scenario
