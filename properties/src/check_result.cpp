#include <thespis/properties/check_result.hpp>

namespace thespis::properties {

std::string to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::linearizable:
      return "linearizable";
    case Verdict::illegal:
      return "NOT linearizable";
    case Verdict::unknown:
      break;
  }
  return "unknown (the step budget ran out)";
}

namespace {

std::string listing(const std::vector<std::size_t>& indices, const History& operations) {
  std::string text;
  for (std::size_t i = 0; i < indices.size(); ++i) {
    text += "    #" + std::to_string(indices[i]) + " " + describe(operations[i]) + "\n";
  }
  return text;
}

std::string render_violation(const Violation& violation, const History& history) {
  std::string text = "  already not linearizable at " + format_time(violation.cut) +
                     ", when this operation completed:\n";
  text += listing({violation.failing}, {history[violation.failing]});
  text += violation.minimal
              ? "  these completed operations conflict (with every other operation counted as "
                "possibly applied, or not; relaxing any one of them as well makes the history "
                "linearizable):\n"
              : "  these completed operations conflict (not minimised: the budget ran out):\n";
  text += listing(violation.core, violation.core_operations);
  text += "  operations concurrent with the failing one:\n";
  History window;
  for (std::size_t i : violation.window) window.push_back(history[i]);
  text += listing(violation.window, window);
  return text;
}

}  // namespace

std::string render(const CheckResult& result, const History& history, const std::string& model) {
  std::string text = "linearizability (" + (model.empty() ? std::string("model") : model) + ", " +
                     std::to_string(history.size()) + " operations): " + to_string(result.verdict) +
                     "\n";
  if (result.violation) text += render_violation(*result.violation, history);
  return text;
}

}  // namespace thespis::properties
