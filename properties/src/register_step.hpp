// The register's sequential specification, shared by the register model and the key-value
// model (a key-value store is one register per key once partitioned by key).
#pragma once

#include <cstdint>
#include <optional>

#include <thespis/message.hpp>

namespace thespis::properties::detail {

struct RegisterOp {
  enum class Kind { read, write, cas };
  Kind kind = Kind::read;
  std::int64_t value = 0;     // write
  std::int64_t expected = 0;  // cas
  std::int64_t desired = 0;   // cas
};

/// The register after `op` in `state`, or nothing if `op` cannot have returned `output`
/// (nothing: the outcome is unknown, and any output is possible).
std::optional<std::int64_t> register_step(std::int64_t state, const RegisterOp& op,
                                          const std::optional<Message>& output);

}  // namespace thespis::properties::detail
