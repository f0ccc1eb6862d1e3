// A scanner for the flat JSON objects the trace writes (sim::TraceEvent::to_json): one object
// of string and number fields per line, strings escaped by thespis::detail::render_string
// (\" \\ \n \t \r, \xHH for other control characters; also \/ \b \f and \uHHHH below 0x80,
// which other JSON writers use). Not a general JSON parser: no nesting, no arrays. Used by the
// run record (trace hashes) and the trace reader; allocation-free per field, so a reader built
// on it keeps up with traces of millions of events.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace thespis::scenario::detail {

/// One field as scanned: `value` is the raw number/literal, or the unescaped string.
struct FlatJsonField {
  std::string_view key;
  std::string_view value;
  bool quoted = false;     ///< the value was a string
  std::size_t column = 0;  ///< 1-based column of the value
};

/// Why a line is not a flat JSON object, with the column where it went wrong.
struct FlatJsonProblem {
  std::string what;  ///< empty: no problem
  std::size_t column = 0;
  explicit operator bool() const { return !what.empty(); }
};

/// Walks one flat JSON object field by field: `next` yields false at the closing brace (then
/// `problem()` tells whether the object was well formed, including that nothing but
/// whitespace follows it). Strings with escapes are unescaped into a buffer the scanner owns:
/// a field's views stay valid until the next call of `next`.
class FlatJsonScanner {
 public:
  explicit FlatJsonScanner(std::string_view line);
  bool next(FlatJsonField& field);
  const FlatJsonProblem& problem() const { return problem_; }

 private:
  bool fail(std::string what);
  void skip_space();
  /// The string opening at at_ (a quote); false if it does not end on this line.
  bool string(std::string& buffer, std::string_view& out);

  std::string_view line_;
  std::size_t at_ = 0;
  bool done_ = false;
  bool first_ = true;
  std::string key_buffer_;
  std::string value_buffer_;
  FlatJsonProblem problem_;
};

}  // namespace thespis::scenario::detail
