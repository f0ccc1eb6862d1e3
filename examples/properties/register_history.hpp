// Generated histories of a register or a key-value store, for the checker's tests and its
// benchmark: clients issue operations one at a time, each takes effect at a random instant
// between its invocation and its completion, and outputs are computed from those instants, so a
// history is linearizable by construction, unless `stale_reads` plants the bug of a replica
// that lags one write behind. Seeded, so the same options give the same history.
#pragma once

#include <cstddef>
#include <cstdint>

#include <thespis/properties/history.hpp>

namespace registers {

struct GeneratedHistoryOptions {
  std::uint64_t seed = 1;
  std::size_t operations = 1000;
  thespis::properties::ClientId clients = 5;
  /// Key-value operations over `keys` keys instead of one register.
  bool key_value = false;
  std::size_t keys = 8;
  /// Reads return the value before the latest write.
  bool stale_reads = false;
  /// The share of operations whose outcome the client never learns (half of them applied).
  double unknown = 0.02;
};

thespis::properties::History generate_register_history(const GeneratedHistoryOptions& options);

}  // namespace registers
