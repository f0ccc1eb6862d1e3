#include <thespis/capabilities.hpp>
#include <thespis/value_codec.hpp>

namespace thespis {

std::string to_string(const CapabilityValue& value) {
  std::string out;
  render_value(out, value);
  return out;
}

const CapabilityValue* Capabilities::find(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

std::string Capabilities::to_string() const {
  std::string out;
  render_value(out, values_);
  return out;
}

Requirement requires_capability(std::string name) { return {std::move(name), std::nullopt}; }

Requirement requires_capability(std::string name, CapabilityValue value) {
  return {std::move(name), std::move(value)};
}

namespace {

bool offered(const CapabilityValue& value) {
  const bool* flag = std::get_if<bool>(&value);
  return flag == nullptr || *flag;
}

}  // namespace

bool satisfies(const Capabilities& offered_caps, const Requirements& needed) {
  for (const Requirement& r : needed) {
    const CapabilityValue* have = offered_caps.find(r.capability);
    if (have == nullptr) return false;
    if (r.value ? !(*have == *r.value) : !offered(*have)) return false;
  }
  return true;
}

std::string to_string(const Requirements& requirements) {
  if (requirements.empty()) return "{}";
  std::string out = "{";
  for (const Requirement& r : requirements) {
    if (out.size() > 1) out += ", ";
    out += r.capability;
    if (r.value) out += "=" + to_string(*r.value);
  }
  return out + "}";
}

}  // namespace thespis
