#include "properties/register_history.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <thespis/properties/kv_model.hpp>
#include <thespis/properties/register_model.hpp>

namespace registers {

using namespace thespis::properties;
using std::chrono::nanoseconds;
using thespis::Message;

namespace {

/// An operation's timing and the instant it takes effect.
struct Timing {
  ClientId client;
  nanoseconds invoked, effect, completed;
};

nanoseconds draw(std::mt19937_64& random, std::int64_t max_us) {
  return std::chrono::microseconds(std::uniform_int_distribution<std::int64_t>(0, max_us)(random));
}

std::vector<Timing> timings(const GeneratedHistoryOptions& options, std::mt19937_64& random) {
  std::vector<nanoseconds> free(options.clients, nanoseconds{0});
  std::vector<Timing> all;
  for (std::size_t i = 0; i < options.operations; ++i) {
    const ClientId client = static_cast<ClientId>(i % options.clients);
    Timing t{client, free[client] + draw(random, 3000), {}, {}};
    t.effect = t.invoked + draw(random, 5000);
    t.completed = t.effect + draw(random, 5000);
    free[client] = t.completed;
    all.push_back(t);
  }
  std::sort(all.begin(), all.end(),
            [](const Timing& a, const Timing& b) { return a.effect < b.effect; });
  return all;
}

/// A register's value and its value before the latest write (what a lagging replica serves).
struct Cell {
  std::int64_t value = 0;
  std::int64_t before = 0;
};

/// Applies one operation of kind `kind` (0 read, 1 write, 2 cas) to `cell` at its effect
/// instant (unless `applies` is false) and returns its input and output.
std::pair<Message, Message> apply(int kind, const std::string& key, bool key_value, Cell& cell,
                                  std::int64_t fresh, bool applies, bool stale_reads) {
  if (kind == 0) {
    const std::int64_t seen = stale_reads ? cell.before : cell.value;
    return {key_value ? Message(KvRead{key}) : Message(RegisterRead{}), Message(seen)};
  }
  if (kind == 1) {
    if (applies) cell = {fresh, cell.value};
    return {key_value ? Message(KvWrite{key, fresh}) : Message(RegisterWrite{fresh}), Message()};
  }
  // A cas that expects the current value half of the time.
  const std::int64_t expected = fresh % 2 == 0 ? cell.value : cell.value + 1;
  const bool swapped = expected == cell.value;
  if (swapped && applies) cell = {fresh, cell.value};
  return {key_value ? Message(KvCas{key, expected, fresh}) : Message(RegisterCas{expected, fresh}),
          Message(swapped)};
}

}  // namespace

History generate_register_history(const GeneratedHistoryOptions& options) {
  std::mt19937_64 random(options.seed);
  std::map<std::string, Cell> cells;
  History history;
  std::int64_t fresh = 0;
  for (const Timing& t : timings(options, random)) {
    ++fresh;  // a value never written before
    const int roll = std::uniform_int_distribution<int>(0, 9)(random);
    const int kind = roll < 5 ? 0 : (roll < 9 ? 1 : 2);  // half reads, few cas
    const std::string key =
        options.key_value ? "k" + std::to_string(random() % options.keys) : std::string();
    const bool unknown = std::uniform_real_distribution<double>(0, 1)(random) < options.unknown;
    const bool applies = !unknown || random() % 2 == 0;
    auto [input, output] =
        apply(kind, key, options.key_value, cells[key], fresh, applies, options.stale_reads);
    Operation op{.client = t.client,
                 .invoked = t.invoked,
                 .completed = unknown ? never : t.completed,
                 .input = std::move(input),
                 .output = unknown ? Message() : std::move(output),
                 .outcome = unknown ? Outcome::unknown : Outcome::ok};
    history.push_back(std::move(op));
  }
  return history;
}

}  // namespace registers
