// Non-template helpers of the value kinds (value_kind.hpp): text rendering and decode errors.
#include <array>
#include <charconv>
#include <cstdio>

#include <thespis/value_codec.hpp>

namespace thespis::detail {

std::string duration_suffix(std::intmax_t num, std::intmax_t den) {
  if (num == 1 && den == 1'000'000'000) return "ns";
  if (num == 1 && den == 1'000'000) return "us";
  if (num == 1 && den == 1'000) return "ms";
  if (num == 1 && den == 1) return "s";
  if (num == 60 && den == 1) return "min";
  if (num == 3600 && den == 1) return "h";
  return "*" + std::to_string(num) + "/" + std::to_string(den) + "s";
}

std::string duration_type_name(std::intmax_t num, std::intmax_t den) {
  if (num == 1 && den == 1'000'000'000) return "nanoseconds";
  if (num == 1 && den == 1'000'000) return "microseconds";
  if (num == 1 && den == 1'000) return "milliseconds";
  if (num == 1 && den == 1) return "seconds";
  if (num == 60 && den == 1) return "minutes";
  if (num == 3600 && den == 1) return "hours";
  return "duration<" + std::to_string(num) + "/" + std::to_string(den) + ">";
}

void render_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          std::array<char, 8> buffer{};
          std::snprintf(buffer.data(), buffer.size(), "\\x%02x", static_cast<unsigned>(c));
          out += buffer.data();
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void render_double(std::string& out, double value) {
  std::array<char, 32> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), end);
}

void render_int(std::string& out, std::int64_t value) {
  std::array<char, 24> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), end);
}

void render_uint(std::string& out, std::uint64_t value) {
  std::array<char, 24> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), end);
}

void rethrow_in_field(std::string_view type, std::string_view field) {
  try {
    throw;
  } catch (const DecodeError& e) {
    throw DecodeError(std::string(type) + "." + std::string(field) + ": " + e.what());
  }
}

void throw_field_count(std::string_view type, std::size_t expected, std::size_t got) {
  throw DecodeError(std::string(type) + ": expected " + std::to_string(expected) +
                    " fields, found " + std::to_string(got));
}

void throw_out_of_range(std::string number, std::string_view type) {
  Decoder::fail(number + " out of range for " + std::string(type));
}

void throw_not_enumerator(std::string_view type, std::string value) {
  throw DecodeError(value + " is not a value of " + std::string(type));
}

}  // namespace thespis::detail
