#include <exception>
#include <utility>

#include <thespis/error.hpp>

namespace thespis {

UnknownTypeError::UnknownTypeError(std::string kind, std::string type_name)
    : Error("unknown " + kind + " type '" + type_name +
            "': it is not registered in this program (" +
            (kind == "actor" ? "THESPIS_ACTOR" : "THESPIS_MESSAGE") + " missing or not linked)"),
      kind_(std::move(kind)),
      type_name_(std::move(type_name)) {}

UnknownTypeError::UnknownTypeError(std::string kind, std::string type_name, std::string message)
    : Error(std::move(message)), kind_(std::move(kind)), type_name_(std::move(type_name)) {}

BadMessageCast::BadMessageCast(std::string held, std::string wanted)
    : Error("message holds '" + held + "', not '" + wanted + "'") {}

NoCompatibleSystemForActor::NoCompatibleSystemForActor(std::string actor_type,
                                                       std::string requirements)
    : Error("no actor system offers what actor type '" + actor_type +
            "' requires: " + requirements),
      actor_type_(std::move(actor_type)) {}

ActorCreationError::ActorCreationError(std::string actor_type, std::string reason)
    : Error("constructor of actor type '" + actor_type + "' failed: " + reason) {}

UnknownBaseError::UnknownBaseError(std::string base_name, std::string known)
    : Error("unknown system base '" + base_name + "' (registered: " + known +
            "); link the component that provides it") {}

SystemShutDown::SystemShutDown() : Error("the actor system is shut down") {}

ScenarioError::ScenarioError(std::string file, std::size_t line, std::string field,
                             std::string problem)
    : Error(file + ":" + std::to_string(line) + ": " + field + ": " + problem),
      file_(std::move(file)),
      line_(line),
      field_(std::move(field)) {}

ScenarioError::ScenarioError(std::string file, std::size_t line, std::size_t column,
                             std::string field, std::string problem)
    : Error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + field + ": " +
            problem),
      file_(std::move(file)),
      line_(line),
      column_(column),
      field_(std::move(field)) {}

std::string describe_current_exception() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace thespis
