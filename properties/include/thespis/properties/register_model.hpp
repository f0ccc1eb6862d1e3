// The register model: one integer value, read, written and compared-and-set by concurrent
// clients, initially 0. Its operations are the messages below; their outputs are a read's value
// (std::int64_t), a cas's success (bool), and anything for a write (its output is ignored).
#pragma once

#include <cstdint>

#include <thespis/message_type.hpp>
#include <thespis/properties/model.hpp>

namespace thespis::properties {

struct RegisterRead {};
THESPIS_MESSAGE(RegisterRead)

struct RegisterWrite {
  std::int64_t value = 0;
};
THESPIS_MESSAGE(RegisterWrite, value)

/// Sets the value to `desired` if it is `expected`; answers whether it did.
struct RegisterCas {
  std::int64_t expected = 0;
  std::int64_t desired = 0;
};
THESPIS_MESSAGE(RegisterCas, expected, desired)

/// A single register holding `initial` before the first write.
Model<std::int64_t> register_model(std::int64_t initial = 0);

}  // namespace thespis::properties
