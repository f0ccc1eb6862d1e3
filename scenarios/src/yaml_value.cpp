#include "yaml_value.hpp"

#include <yaml-cpp/yaml.h>

#include <thespis/error.hpp>

namespace thespis::scenario::detail {
namespace {

Mark mark_of(const YAML::Mark& mark) {
  return {static_cast<std::size_t>(mark.line + 1), static_cast<std::size_t>(mark.column + 1)};
}

Value convert(const YAML::Node& node, const std::string& origin) {
  Value value;
  value.mark = mark_of(node.Mark());
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      value.kind = Value::Kind::null;
      break;
    case YAML::NodeType::Scalar:
      value.kind = Value::Kind::scalar;
      value.scalar = node.Scalar();
      break;
    case YAML::NodeType::Sequence:
      value.kind = Value::Kind::list;
      for (const YAML::Node& item : node) value.items.push_back(convert(item, origin));
      break;
    case YAML::NodeType::Map:
      value.kind = Value::Kind::map;
      for (const auto& entry : node) {
        if (!entry.first.IsScalar()) {
          const Mark at = mark_of(entry.first.Mark());
          throw ScenarioError(origin, at.line, at.column, "key", "a mapping key must be a name");
        }
        const std::string key = entry.first.Scalar();
        if (value.find(key) != nullptr) {
          const Mark at = mark_of(entry.first.Mark());
          throw ScenarioError(origin, at.line, at.column, key, "given twice");
        }
        value.fields.emplace_back(key, convert(entry.second, origin));
      }
      break;
  }
  return value;
}

}  // namespace

Value parse_yaml(const std::string& text, const std::string& origin) {
  try {
    return convert(YAML::Load(text), origin);
  } catch (const YAML::Exception& e) {
    throw ScenarioError(origin, static_cast<std::size_t>(e.mark.line + 1),
                        static_cast<std::size_t>(e.mark.column + 1), "yaml", e.msg);
  }
}

}  // namespace thespis::scenario::detail
