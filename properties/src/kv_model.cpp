#include <map>

#include <thespis/error.hpp>
#include <thespis/properties/kv_model.hpp>

#include "register_step.hpp"

namespace thespis::properties {

namespace {

const std::string& key_of(const Message& input) {
  if (const auto* read = input.get_if<KvRead>()) return read->key;
  if (const auto* write = input.get_if<KvWrite>()) return write->key;
  if (const auto* cas = input.get_if<KvCas>()) return cas->key;
  throw Error("the key-value model has no operation " + input.to_string());
}

detail::RegisterOp register_op(const Message& input) {
  using Kind = detail::RegisterOp::Kind;
  if (const auto* write = input.get_if<KvWrite>()) {
    return {.kind = Kind::write, .value = write->value};
  }
  if (const auto* cas = input.get_if<KvCas>()) {
    return {.kind = Kind::cas, .expected = cas->expected, .desired = cas->desired};
  }
  return {.kind = Kind::read};
}

// Keys in sorted order, so partitions (and so reports) come out the same on every run.
std::vector<std::vector<std::size_t>> by_key(const History& history) {
  std::map<std::string, std::vector<std::size_t>> keys;
  for (std::size_t i = 0; i < history.size(); ++i) keys[key_of(history[i].input)].push_back(i);
  std::vector<std::vector<std::size_t>> partitions;
  for (auto& [key, operations] : keys) partitions.push_back(std::move(operations));
  return partitions;
}

}  // namespace

Model<std::int64_t> kv_model() {
  return Model<std::int64_t>{
      .name = "key-value",
      .init = [] { return std::int64_t{0}; },
      // Within a partition every operation names the same key: the state is that key's value.
      .step =
          [](const std::int64_t& state, const Message& input,
             const std::optional<Message>& output) {
            return detail::register_step(state, register_op(input), output);
          },
      .partition = by_key,
      .hash = {}};
}

}  // namespace thespis::properties
