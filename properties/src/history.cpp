#include <cstdio>

#include <thespis/error.hpp>
#include <thespis/properties/history.hpp>

namespace thespis::properties {

std::string format_time(std::chrono::nanoseconds time) {
  if (time == never) return "never";
  char text[48];
  std::snprintf(text, sizeof text, "%.6fms", static_cast<double>(time.count()) / 1e6);
  return text;
}

namespace {

std::string outcome_text(const Operation& operation) {
  switch (operation.outcome) {
    case Outcome::ok:
      return operation.output.empty() ? "ok" : operation.output.to_string();
    case Outcome::fail:
      return "failed";
    case Outcome::unknown:
      break;
  }
  return "? (unknown)";
}

}  // namespace

std::string describe(const Operation& operation) {
  const std::string end = operation.completed == never ? "?" : format_time(operation.completed);
  return "client " + std::to_string(operation.client) + " [" + format_time(operation.invoked) +
         ", " + end + "] " + operation.input.to_string() + " -> " + outcome_text(operation);
}

void validate(const History& history) {
  for (std::size_t i = 0; i < history.size(); ++i) {
    const Operation& op = history[i];
    if (op.completed < op.invoked) {
      throw Error("history operation #" + std::to_string(i) +
                  " completes before it is invoked: " + describe(op));
    }
  }
}

}  // namespace thespis::properties
