// Model: the sequential specification a history is checked against, as a struct of functions
// (Porcupine's shape), so a user model is a few lambdas:
//
//   Model<std::int64_t> counter{
//       .name = "counter",
//       .init = [] { return std::int64_t{0}; },
//       .step = [](const std::int64_t& total, const Message& input,
//                  const std::optional<Message>& output) -> std::optional<std::int64_t> {
//         const std::int64_t next = total + input.get<std::int64_t>();
//         if (output && output->get<std::int64_t>() != next) return std::nullopt;
//         return next;
//       }};
//
// State is a value: copyable, equality-comparable and hashable (std::hash<State>, or `hash`
// below), because the checker memoises the states it reached with each set of linearized
// operations. A model is read-only during a check and may be shared.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <thespis/message.hpp>
#include <thespis/properties/history.hpp>

namespace thespis::properties {

template <class State>
struct Model {
  /// Named in reports.
  std::string name;
  /// The state before any operation.
  std::function<State()> init;
  /// Applies one operation to `state`: the next state, or nothing if the operation cannot
  /// return `output` in `state`. `output` is nothing for an operation of unknown outcome: the
  /// step then accepts whatever the operation could have returned.
  std::function<std::optional<State>(const State& state, const Message& input,
                                     const std::optional<Message>& output)>
      step;
  /// Optional: splits a history into independent sub-histories (e.g. one per key), each a list
  /// of indices into the history; each is checked on its own, which is much faster. Unset: one.
  std::function<std::vector<std::vector<std::size_t>>(const History&)> partition;
  /// Optional: a hash of a state; unset, std::hash<State>.
  std::function<std::size_t(const State&)> hash;
};

}  // namespace thespis::properties
