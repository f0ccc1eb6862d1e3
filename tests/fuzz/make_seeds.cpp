// Writes the seed corpora of the fuzz targets under tests/data/fuzz/ from real values, so that
// the fuzzers start from inputs that get deep: a sample body of every registered message type
// (written by walking its schema, then checked by decoding it through the type), frames of
// those messages fed in several chunkings, and choice tapes in their text form. The scenario
// corpus is the bundled scenarios, copied by hand (scripts/fuzz.sh does not regenerate seeds).
//
// Usage: thespis_fuzz_seeds DATA_DIR   (DATA_DIR = tests/data/fuzz)
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <thespis/codec.hpp>
#include <thespis/error.hpp>
#include <thespis/message_type.hpp>
#include <thespis/net/frame.hpp>
#include <thespis/schema.hpp>
#include <thespis/sim/choice_source.hpp>

namespace {

namespace fs = std::filesystem;
using thespis::Encoder;
using thespis::MessageType;
using thespis::Schema;

void write_file(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// "vector<string>" -> "vector_string_": a file name.
std::string file_name(std::string_view type_name) {
  std::string out;
  for (char c : type_name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    out += plain ? c : '_';
  }
  return out;
}

// One small value of every kind; nested messages stop at `depth` 0 (the empty message).
void write_sample(Encoder& out, const Schema& schema, int depth) {
  using K = Schema::Kind;
  switch (schema.kind) {
    case K::boolean:
      return out.write_bool(true);
    case K::integer:
      return out.write_int(-7);
    case K::unsigned_integer:
      return out.write_uint(7);
    case K::floating:
      return out.write_double(1.5);
    case K::string:
      return out.write_string("x");
    case K::address:
      out.begin_array(2);
      out.write_uint(1);
      return out.write_uint(2);
    case K::capabilities:
      out.begin_map(1);
      out.write_string("Db");
      out.begin_array(2);
      out.write_uint(0);
      return out.write_bool(true);
    case K::message:
      if (depth == 0) return out.write_nil();
      out.begin_array(2);
      out.write_string("string");
      return out.write_string("hi");
    case K::duration:
      return out.write_int(5);
    case K::list:
      out.begin_array(1);
      return write_sample(out, *schema.elements[0], depth - 1);
    case K::map:
      out.begin_map(1);
      write_sample(out, *schema.elements[0], depth - 1);
      return write_sample(out, *schema.elements[1], depth - 1);
    case K::optional:
      return write_sample(out, *schema.elements[0], depth);
    case K::variant:
      out.begin_array(2);
      out.write_uint(0);
      return write_sample(out, *schema.elements[0], depth - 1);
    case K::record:
      out.begin_array(schema.fields.size());
      for (const auto& field : schema.fields) write_sample(out, *field.second, depth - 1);
      return;
    case K::enumeration:
      return thespis::encode_enumerator(out, schema, 0);
  }
}

void write_message_seeds(const fs::path& data) {
  std::string stream;  // every frame, one after the other
  Encoder scratch;
  std::size_t index = 0;
  for (const MessageType* type : thespis::registered_message_types()) {
    Encoder body;
    write_sample(body, *type->schema, 4);
    thespis::Message message;
    try {
      thespis::ByteDecoder decoder;
      message = thespis::Message(*type, type->decode(decoder.parse(body.bytes())));
    } catch (const thespis::Error& e) {
      std::fprintf(stderr, "make_seeds: no sample for %s: %s\n", type->name.c_str(), e.what());
      continue;
    }
    const std::string name = file_name(type->name);
    write_file(data / "message_decoder_fuzz" / (name + ".msgpack"), body.bytes());
    std::string frame;
    thespis::net::append_frame(
        frame, {thespis::ActorAddress(1, 2), thespis::ActorAddress(3, 4), message}, scratch);
    stream += frame;
    // [k - 1][k chunk sizes - 1][frame]: chunkings of 1..8 sizes, small and large
    std::string seed(1, static_cast<char>(index % 8));
    for (std::size_t i = 0; i <= index % 8; ++i) seed += static_cast<char>((index * 37 + i * 11));
    write_file(data / "frame_reader_fuzz" / (name + ".frames"), seed + frame);
    ++index;
  }
  write_file(data / "frame_reader_fuzz" / "all_types.frames",
             std::string("\x01\xff\x03", 3) + stream);
}

void write_tape_seeds(const fs::path& data) {
  namespace sim = thespis::sim;
  const fs::path dir = data / "tape_loader_fuzz";
  write_file(dir / "short.tape", sim::tape_to_text({3, 0, 0, 0, 0, 17, 1, 0, 0, 5, 0, 9}, 8263445));
  write_file(dir / "calm.tape", sim::tape_to_text(std::vector<std::uint64_t>(5000, 0)));
  std::vector<std::uint64_t> wide;
  for (std::uint64_t i = 0; i < 60; ++i) wide.push_back(i % 3 == 0 ? 0 : i * 0x9e3779b97f4a7c15u);
  wide.push_back(std::numeric_limits<std::uint64_t>::max());
  write_file(dir / "wide.tape", sim::tape_to_text(wide, 1));
  write_file(dir / "empty.tape", sim::tape_to_text({}));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR (tests/data/fuzz)\n", argv[0]);
    return 2;
  }
  const fs::path data = argv[1];
  write_message_seeds(data);
  write_tape_seeds(data);
  return 0;
}
