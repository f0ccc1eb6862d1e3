// Reader: typed access to a Value tree with errors that name the file, line, column and field.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>

#include <thespis/capabilities.hpp>
#include <thespis/scenario/value.hpp>
#include <thespis/sim/network.hpp>

namespace thespis::scenario::detail {

class Reader {
 public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}
  const std::string& origin() const { return origin_; }

  [[noreturn]] void fail(const Value& at, const std::string& field,
                         const std::string& problem) const;
  [[noreturn]] void fail(const Mark& at, const std::string& field,
                         const std::string& problem) const;

  void expect_map(const Value& value, const std::string& field) const;
  void expect_list(const Value& value, const std::string& field) const;
  /// Rejects keys of `map` not in `allowed`, naming the allowed ones.
  void only_keys(const Value& map, const std::string& field,
                 std::initializer_list<std::string_view> allowed) const;
  /// The entry `key`, which must be present.
  const Value& required(const Value& map, const std::string& field, std::string_view key) const;

  std::string text(const Value& value, const std::string& field) const;
  std::string name(const Value& value, const std::string& field) const;  ///< non-empty text
  std::chrono::nanoseconds duration(const Value& value, const std::string& field) const;
  std::chrono::nanoseconds non_negative_duration(const Value& value,
                                                 const std::string& field) const;
  double percent(const Value& value, const std::string& field) const;
  /// Parts per million in [low, high].
  std::int64_t ppm(const Value& value, const std::string& field, std::int64_t low,
                   std::int64_t high) const;
  /// A whole number in [low, high].
  std::uint64_t count(const Value& value, const std::string& field, std::uint64_t low = 0,
                      std::uint64_t high = std::numeric_limits<std::uint64_t>::max()) const;
  Capabilities capabilities(const Value& value, const std::string& field) const;
  sim::Latency latency(const Value& value, const std::string& field) const;
  /// The options of a link; keys other than link options are left to the caller.
  void link_options(const Value& map, const std::string& field, sim::LinkOptions& out) const;

 private:
  std::string origin_;
};

std::string join_keys(std::initializer_list<std::string_view> keys);

}  // namespace thespis::scenario::detail
