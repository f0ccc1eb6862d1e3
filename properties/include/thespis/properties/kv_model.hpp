// The key-value model: independent integer registers named by string keys, each 0 until
// written. Outputs as in the register model: a read's value (std::int64_t), a cas's success
// (bool), anything for a write. The model partitions a history by key (keys never interact),
// so a history over many keys is checked as many small ones.
#pragma once

#include <cstdint>
#include <string>

#include <thespis/message_type.hpp>
#include <thespis/properties/model.hpp>

namespace thespis::properties {

struct KvRead {
  std::string key;
};
THESPIS_MESSAGE(KvRead, key)

struct KvWrite {
  std::string key;
  std::int64_t value = 0;
};
THESPIS_MESSAGE(KvWrite, key, value)

struct KvCas {
  std::string key;
  std::int64_t expected = 0;
  std::int64_t desired = 0;
};
THESPIS_MESSAGE(KvCas, key, expected, desired)

/// Every key a register holding 0 before its first write.
Model<std::int64_t> kv_model();

}  // namespace thespis::properties
