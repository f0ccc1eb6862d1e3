#include <thespis/error.hpp>
#include <thespis/properties/register_model.hpp>

#include "register_step.hpp"

namespace thespis::properties {

namespace detail {

namespace {

std::optional<std::int64_t> cas_step(std::int64_t state, const RegisterOp& op,
                                     const std::optional<Message>& output) {
  const bool applies = state == op.expected;
  // An unknown cas took effect exactly when it found the expected value.
  if (output && output->get<bool>() != applies) return std::nullopt;
  return applies ? op.desired : state;
}

}  // namespace

std::optional<std::int64_t> register_step(std::int64_t state, const RegisterOp& op,
                                          const std::optional<Message>& output) {
  switch (op.kind) {
    case RegisterOp::Kind::write:
      return op.value;
    case RegisterOp::Kind::cas:
      return cas_step(state, op, output);
    case RegisterOp::Kind::read:
      break;
  }
  if (output && output->get<std::int64_t>() != state) return std::nullopt;
  return state;
}

}  // namespace detail

namespace {

detail::RegisterOp register_op(const Message& input) {
  using Kind = detail::RegisterOp::Kind;
  if (input.is<RegisterRead>()) return {.kind = Kind::read};
  if (const auto* write = input.get_if<RegisterWrite>()) {
    return {.kind = Kind::write, .value = write->value};
  }
  if (const auto* cas = input.get_if<RegisterCas>()) {
    return {.kind = Kind::cas, .expected = cas->expected, .desired = cas->desired};
  }
  throw Error("the register model has no operation " + input.to_string());
}

}  // namespace

Model<std::int64_t> register_model(std::int64_t initial) {
  return Model<std::int64_t>{.name = "register",
                             .init = [initial] { return initial; },
                             .step =
                                 [](const std::int64_t& state, const Message& input,
                                    const std::optional<Message>& output) {
                                   return detail::register_step(state, register_op(input), output);
                                 },
                             .partition = {},
                             .hash = {}};
}

}  // namespace thespis::properties
