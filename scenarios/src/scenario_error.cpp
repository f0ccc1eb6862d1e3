#include "scenario_error.hpp"

#include <stdexcept>

#include <thespis/error.hpp>

namespace thespis::scenario::detail {
namespace {

/// A ScenarioError whose message leaves out the parts that are not known.
class PartialScenarioError : public ScenarioError {
 public:
  PartialScenarioError(const std::string& file, const Mark& at, const std::string& problem)
      : ScenarioError(file, at.line, at.column, "", problem),
        message_(
            file +
            (at.line == 0 ? "" : ":" + std::to_string(at.line) + ":" + std::to_string(at.column)) +
            ": " + problem) {}
  const char* what() const noexcept override { return message_.what(); }

 private:
  // A runtime_error rather than a string: copying an exception must not throw.
  std::runtime_error message_;
};

}  // namespace

void throw_scenario_error(const std::string& file, const Mark& at, const std::string& field,
                          const std::string& problem) {
  if (!field.empty() && at.line != 0) throw ScenarioError(file, at.line, at.column, field, problem);
  if (!field.empty()) throw PartialScenarioError(file, at, field + ": " + problem);
  throw PartialScenarioError(file, at, problem);
}

}  // namespace thespis::scenario::detail
