// The wire codec on msgpack-cxx. This is the only file of core that includes msgpack.
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include <msgpack.hpp>

#include <thespis/assert.hpp>
#include <thespis/codec.hpp>
#include <thespis/error.hpp>

#include "msgpack_bounds.hpp"

namespace thespis {
namespace {

const msgpack::object& as_object(const void* p) { return *static_cast<const msgpack::object*>(p); }

std::string_view kind_name(msgpack::type::object_type type) {
  switch (type) {
    case msgpack::type::NIL:
      return "nil";
    case msgpack::type::BOOLEAN:
      return "bool";
    case msgpack::type::POSITIVE_INTEGER:
      return "unsigned integer";
    case msgpack::type::NEGATIVE_INTEGER:
      return "negative integer";
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64:
      return "float";
    case msgpack::type::STR:
      return "string";
    case msgpack::type::BIN:
      return "binary";
    case msgpack::type::ARRAY:
      return "array";
    case msgpack::type::MAP:
      return "map";
    case msgpack::type::EXT:
      return "extension";
  }
  return "unknown";
}

const msgpack::object& expect(const void* p, msgpack::type::object_type type,
                              std::string_view what) {
  const msgpack::object& o = as_object(p);
  if (o.type != type) {
    Decoder::fail("expected " + std::string(what) + ", found " + std::string(kind_name(o.type)));
  }
  return o;
}

// Strings and binaries stay in the caller's bytes: the decoder only lives while they do.
bool reference_everything(msgpack::type::object_type, std::size_t, void*) { return true; }

}  // namespace

struct Encoder::Impl {
  msgpack::sbuffer buffer{256};
  msgpack::packer<msgpack::sbuffer> packer{buffer};
};

Encoder::Encoder() : impl_(std::make_unique<Impl>()) {}
Encoder::~Encoder() = default;
void Encoder::clear() { impl_->buffer.clear(); }
std::string_view Encoder::bytes() const { return {impl_->buffer.data(), impl_->buffer.size()}; }
void Encoder::write_nil() { impl_->packer.pack_nil(); }
void Encoder::write_bool(bool value) {
  value ? impl_->packer.pack_true() : impl_->packer.pack_false();
}
void Encoder::write_int(std::int64_t value) { impl_->packer.pack_int64(value); }
void Encoder::write_uint(std::uint64_t value) { impl_->packer.pack_uint64(value); }
void Encoder::write_double(double value) {
  // msgpack-cxx writes an integral double as an integer, converting it first: for 2^64 (the
  // double nearest uint64's maximum, which its range check lets through) that conversion is
  // undefined behaviour. Doubles from 2^64 up are written as float64 here instead.
  constexpr double two_to_the_64 = 18446744073709551616.0;
  if (value < two_to_the_64) {
    impl_->packer.pack_double(value);
    return;
  }
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  char bytes[9] = {static_cast<char>(0xcb)};
  for (int i = 0; i < 8; ++i) bytes[1 + i] = static_cast<char>(bits >> (56 - 8 * i));
  impl_->buffer.write(bytes, sizeof bytes);
}
void Encoder::write_string(std::string_view value) {
  impl_->packer.pack_str(static_cast<std::uint32_t>(value.size()));
  impl_->packer.pack_str_body(value.data(), static_cast<std::uint32_t>(value.size()));
}
void Encoder::begin_array(std::size_t size) {
  impl_->packer.pack_array(static_cast<std::uint32_t>(size));
}
void Encoder::begin_map(std::size_t size) {
  impl_->packer.pack_map(static_cast<std::uint32_t>(size));
}

void Decoder::fail(std::string what) { throw DecodeError(std::move(what)); }

bool Decoder::is_nil() const { return as_object(object_).type == msgpack::type::NIL; }

bool Decoder::read_bool() const {
  return expect(object_, msgpack::type::BOOLEAN, "bool").via.boolean;
}

std::int64_t Decoder::read_int() const {
  const msgpack::object& o = as_object(object_);
  if (o.type == msgpack::type::NEGATIVE_INTEGER) return o.via.i64;
  if (o.type == msgpack::type::POSITIVE_INTEGER) {
    if (o.via.u64 > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      fail(std::to_string(o.via.u64) + " out of range for int64");
    }
    return static_cast<std::int64_t>(o.via.u64);
  }
  fail("expected integer, found " + std::string(kind_name(o.type)));
}

std::uint64_t Decoder::read_uint() const {
  const msgpack::object& o = as_object(object_);
  if (o.type == msgpack::type::POSITIVE_INTEGER) return o.via.u64;
  if (o.type == msgpack::type::NEGATIVE_INTEGER) fail(std::to_string(o.via.i64) + " is negative");
  fail("expected unsigned integer, found " + std::string(kind_name(o.type)));
}

double Decoder::read_double() const {
  const msgpack::object& o = as_object(object_);
  switch (o.type) {
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64:
      return o.via.f64;
    case msgpack::type::POSITIVE_INTEGER:
      return static_cast<double>(o.via.u64);
    case msgpack::type::NEGATIVE_INTEGER:
      return static_cast<double>(o.via.i64);
    default:
      fail("expected float, found " + std::string(kind_name(o.type)));
  }
}

std::string_view Decoder::read_string_view() const {
  const msgpack::object& o = expect(object_, msgpack::type::STR, "string");
  return {o.via.str.ptr, o.via.str.size};
}

std::string Decoder::read_string() const { return std::string(read_string_view()); }

std::size_t Decoder::array_size() const {
  return expect(object_, msgpack::type::ARRAY, "array").via.array.size;
}

Decoder Decoder::element(std::size_t index) const {
  const msgpack::object& o = expect(object_, msgpack::type::ARRAY, "array");
  if (index >= o.via.array.size) fail("array index " + std::to_string(index) + " out of range");
  return Decoder(&o.via.array.ptr[index]);
}

std::size_t Decoder::map_size() const {
  return expect(object_, msgpack::type::MAP, "map").via.map.size;
}

Decoder Decoder::key(std::size_t index) const {
  const msgpack::object& o = expect(object_, msgpack::type::MAP, "map");
  if (index >= o.via.map.size) fail("map index " + std::to_string(index) + " out of range");
  return Decoder(&o.via.map.ptr[index].key);
}

Decoder Decoder::value(std::size_t index) const {
  const msgpack::object& o = expect(object_, msgpack::type::MAP, "map");
  if (index >= o.via.map.size) fail("map index " + std::to_string(index) + " out of range");
  return Decoder(&o.via.map.ptr[index].val);
}

struct ByteDecoder::Impl {
  explicit Impl(DecodeLimits l)
      : limits(l),
        visitor(&reference_everything, nullptr,
                msgpack::unpack_limit(l.max_array, l.max_map, l.max_string, l.max_string,
                                      l.max_string, l.max_depth)) {}

  DecodeLimits limits;
  std::vector<std::size_t> open;  // check_bounds' scratch
  msgpack::zone zone;
  // What msgpack::unpack builds afresh (and allocates for) on every call, kept from one value
  // to the next: parsing a small message then allocates nothing.
  msgpack::v2::detail::create_object_visitor visitor;
  msgpack::v2::detail::parse_helper<msgpack::v2::detail::create_object_visitor> parser{visitor};
  msgpack::object root;
};

ByteDecoder::ByteDecoder(DecodeLimits limits) : impl_(std::make_unique<Impl>(limits)) {}
ByteDecoder::~ByteDecoder() = default;

Decoder ByteDecoder::parse(std::string_view bytes) {
  impl_->zone.clear();
  const DecodeLimits& l = impl_->limits;
  // First the bounds (no allocation), so that msgpack-cxx never allocates for a promise.
  const std::size_t end = detail::check_bounds(bytes, l, impl_->open);
  if (end != bytes.size()) {
    Decoder::fail("trailing bytes after the value (" + std::to_string(bytes.size() - end) + ")");
  }
  std::size_t offset = 0;
  try {
    // What msgpack::unpack(zone, ...) does, with the kept parser; check_bounds has already
    // found exactly one whole value, so anything but success is a disagreement.
    impl_->parser.init();  // also resets the visitor, whatever an earlier failure left
    impl_->visitor.set_zone(impl_->zone);
    impl_->visitor.set_referenced(false);
    if (impl_->parser.execute(bytes.data(), bytes.size(), offset) != msgpack::PARSE_SUCCESS) {
      Decoder::fail("malformed bytes: incomplete value");
    }
    impl_->root = impl_->visitor.data();
  } catch (const DecodeError&) {
    throw;
  } catch (const std::exception& e) {
    Decoder::fail(std::string("malformed bytes: ") + e.what());
  }
  THESPIS_ASSERT(offset == end, "check_bounds and msgpack-cxx disagree on where a value ends");
  return Decoder(&impl_->root);
}

}  // namespace thespis
