// Reading a trace back from its JSON lines (trace_file.hpp): one flat object per line, checked
// field by field so that a file that is not a trace (a scenario, a tape, a truncated copy) is
// refused at its first bad line with the line and the field named.
#include <algorithm>
#include <charconv>
#include <fstream>

#include <thespis/error.hpp>
#include <thespis/scenario/trace_file.hpp>
#include <thespis/sim/trace.hpp>
#include <thespis/value_kind.hpp>

#include "flat_json.hpp"
#include "scenario_error.hpp"

namespace thespis::scenario {
namespace {

using detail::FlatJsonField;
using detail::FlatJsonScanner;

/// At most 40 characters of a value, quoted and escaped, for an error message.
std::string shown(std::string_view value) {
  std::string out;
  const bool cut = value.size() > 40;
  thespis::detail::render_string(out, value.substr(0, 40));
  return cut ? out + "..." : out;
}

bool known_kind(std::string_view kind) {
  for (unsigned k = 0;; ++k) {
    const std::string_view name = sim::to_string(static_cast<sim::TraceKind>(k));
    if (name == "?") return false;
    if (name == kind) return true;
  }
}

class LineReader {
 public:
  LineReader(const std::string& file, std::size_t line) : file_(file), line_(line) {}

  TraceRecord read(std::string_view text) {
    TraceRecord record;
    FlatJsonScanner scanner(text);
    for (FlatJsonField field; scanner.next(field);) take(field, record);
    if (const auto& problem = scanner.problem()) {
      fail(problem.column, "", problem.what + " (a trace has one JSON object per line)");
    }
    if (!seen_index_) fail(1, "index", "missing (is this a trace written by thespis run --trace?)");
    if (!seen_time_) fail(1, "time_ns", "missing");
    if (!seen_kind_) fail(1, "kind", "missing");
    return record;
  }

  [[noreturn]] void fail(std::size_t column, const std::string& field, const std::string& problem) {
    detail::throw_scenario_error(file_, Mark{line_, column}, field, problem);
  }

 private:
  void take(const FlatJsonField& field, TraceRecord& record) {
    const std::string_view key = field.key;
    if (key == "index") {
      record.index = number<std::uint64_t>(field);
      seen_index_ = true;
    } else if (key == "time_ns") {
      record.time_ns = number<std::int64_t>(field);
      seen_time_ = true;
    } else if (key == "hash") {
      record.hash = number<std::uint64_t>(field);
    } else if (key == "cause") {
      record.cause = number<std::uint64_t>(field);
    } else if (key == "kind") {
      record.kind = text(field);
      if (!known_kind(record.kind))
        fail(field.column, "kind", "unknown event kind " + shown(record.kind));
      seen_kind_ = true;
    } else if (key == "actor") {
      record.actor = text(field);
    } else if (key == "other") {
      record.other = text(field);
    } else if (key == "node") {
      record.node = text(field);
    } else if (key == "type") {
      record.type = text(field);
    } else if (key == "message") {
      record.message = text(field);
    } else if (key == "text") {
      record.text = text(field);
    } else if (key == "level") {
      record.level = text(field);
    }
    // Other fields are left for readers that know them.
  }

  template <class T>
  T number(const FlatJsonField& field) {
    T value{};
    const char* first = field.value.data();
    const char* last = first + field.value.size();
    const auto [end, error] = std::from_chars(first, last, value);
    if (field.quoted || error != std::errc() || end != last) {
      fail(field.column, std::string(field.key),
           (error == std::errc::result_out_of_range ? "out of range: " : "not a whole number: ") +
               shown(field.value));
    }
    return value;
  }

  std::string text(const FlatJsonField& field) {
    if (!field.quoted)
      fail(field.column, std::string(field.key), "expected a string, not " + shown(field.value));
    return std::string(field.value);
  }

  const std::string& file_;
  std::size_t line_;
  bool seen_index_ = false;
  bool seen_time_ = false;
  bool seen_kind_ = false;
};

/// The records of `in`, read a chunk at a time: a trace of millions of lines is never held as
/// text all at once. `size_hint`: the bytes expected, if known, to reserve the records.
std::vector<TraceRecord> read_lines(std::istream& in, const std::string& file_name,
                                    std::uintmax_t size_hint) {
  std::vector<TraceRecord> trace;
  trace.reserve(static_cast<std::size_t>(std::min<std::uintmax_t>(size_hint / 128, 1u << 24)));
  std::string buffer(std::size_t{1} << 20, '\0');
  std::size_t filled = 0;
  std::size_t line_number = 0;
  const auto take = [&](std::string_view line) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
    LineReader reader(file_name, line_number);
    TraceRecord record = reader.read(line);
    if (!trace.empty() && record.index <= trace.back().index) {
      reader.fail(1, "index",
                  std::to_string(record.index) + " does not follow the previous event's " +
                      std::to_string(trace.back().index));
    }
    trace.push_back(std::move(record));
  };
  for (;;) {
    in.read(buffer.data() + filled, static_cast<std::streamsize>(buffer.size() - filled));
    const auto got = static_cast<std::size_t>(in.gcount());
    filled += got;
    const std::string_view text(buffer.data(), filled);
    std::size_t at = 0;
    for (std::size_t end; (end = text.find('\n', at)) != std::string_view::npos; at = end + 1)
      take(text.substr(at, end - at));
    if (got == 0 || !in) {
      if (at < filled) take(text.substr(at));
      return trace;
    }
    // The unfinished line moves to the front; a line longer than the buffer widens it.
    std::copy(buffer.begin() + static_cast<std::ptrdiff_t>(at),
              buffer.begin() + static_cast<std::ptrdiff_t>(filled), buffer.begin());
    filled -= at;
    if (filled == buffer.size()) buffer.resize(buffer.size() * 2);
  }
}

}  // namespace

std::vector<TraceRecord> read_trace(std::istream& in, const std::string& file_name) {
  return read_lines(in, file_name, 0);
}

std::vector<TraceRecord> read_trace(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw Error("cannot read the trace '" + path.string() + "': it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read the trace '" + path.string() + "'");
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  return read_lines(in, path.string(), error ? 0 : size);
}

}  // namespace thespis::scenario
