// The wire codec's two primitives. An Encoder appends values to a growable byte buffer; a
// Decoder is a read-only view of one decoded value. Both sit on msgpack (msgpack-cxx), which
// stays out of this header so that users never see it. Field lists (THESPIS_MESSAGE) are
// encoded through these calls by the templates in value_codec.hpp.
//
// Neither type is thread-safe; each base keeps its own. A Decoder is valid as long as the
// ByteDecoder that produced it has not parsed again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace thespis {

/// Appends msgpack-encoded values to a buffer that is reused across clear() calls.
class Encoder {
 public:
  Encoder();
  ~Encoder();
  Encoder(const Encoder&) = delete;
  Encoder& operator=(const Encoder&) = delete;

  void clear();
  std::string_view bytes() const;

  void write_nil();
  void write_bool(bool value);
  void write_int(std::int64_t value);
  void write_uint(std::uint64_t value);
  void write_double(double value);
  void write_string(std::string_view value);
  void begin_array(std::size_t size);
  void begin_map(std::size_t size);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A view of one decoded value. Every read checks the kind and the range and throws
/// DecodeError naming what was expected and what was found.
class Decoder {
 public:
  explicit Decoder(const void* object) : object_(object) {}

  bool is_nil() const;
  bool read_bool() const;
  std::int64_t read_int() const;
  std::uint64_t read_uint() const;
  double read_double() const;
  std::string read_string() const;
  std::string_view read_string_view() const;

  /// Number of elements; throws unless the value is an array.
  std::size_t array_size() const;
  Decoder element(std::size_t index) const;
  /// Number of entries; throws unless the value is a map.
  std::size_t map_size() const;
  Decoder key(std::size_t index) const;
  Decoder value(std::size_t index) const;

  /// Throws DecodeError with `what`.
  [[noreturn]] static void fail(std::string what);

 private:
  const void* object_;
};

/// Limits that bound what one decode may allocate, so that a hostile frame cannot. Besides
/// them, every array, map and string must fit in the bytes that remain (an element takes at
/// least one), so a parse's value tree is at most 24 bytes per input byte and per value.
struct DecodeLimits {
  std::size_t max_array = 1u << 24;
  std::size_t max_map = 1u << 24;
  std::size_t max_string = 1u << 28;
  std::size_t max_depth = 64;
  /// Values in one document, in all: scalars, strings, containers (a map entry is two). The
  /// default (about a million) keeps a parse's tree under 24 MiB, whatever the input size.
  std::size_t max_elements = 1u << 20;
};

/// Parses bytes into a tree of values; reuses its memory across parse() calls.
class ByteDecoder {
 public:
  explicit ByteDecoder(DecodeLimits limits = {});
  ~ByteDecoder();
  ByteDecoder(const ByteDecoder&) = delete;
  ByteDecoder& operator=(const ByteDecoder&) = delete;

  /// The root value of `bytes`, which must hold exactly one value. Throws DecodeError.
  Decoder parse(std::string_view bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace thespis
