#include <thespis/message_type.hpp>
#include <thespis/net/frame.hpp>

namespace thespis::net {
namespace {

void write_address(Encoder& out, const ActorAddress& address) {
  out.begin_array(2);
  out.write_uint(address.system());
  out.write_uint(address.local());
}

ActorAddress read_address(const Decoder& in) {
  if (in.array_size() != 2) Decoder::fail("an address is [system, local]");
  return {in.element(0).read_uint(), in.element(1).read_uint()};
}

}  // namespace

void append_frame(std::string& out, const Envelope& envelope, Encoder& scratch) {
  scratch.clear();
  scratch.begin_array(5);
  scratch.write_uint(protocol_version);
  scratch.write_string(envelope.message.empty() ? std::string_view()
                                                : envelope.message.type_name());
  write_address(scratch, envelope.sender);
  write_address(scratch, envelope.recipient);
  if (envelope.message.empty()) {
    scratch.write_nil();
  } else {
    envelope.message.type()->encode(scratch, envelope.message.value());
  }
  const std::string_view body = scratch.bytes();
  const auto size = static_cast<std::uint32_t>(body.size());
  const char header[4] = {static_cast<char>(size >> 24), static_cast<char>(size >> 16),
                          static_cast<char>(size >> 8), static_cast<char>(size)};
  out.append(header, 4);
  out.append(body);
}

FrameReader::FrameReader(std::size_t max_frame) : max_frame_(max_frame) {}

void FrameReader::clear() {
  std::string().swap(buffer_);
  consumed_ = 0;
}

void FrameReader::feed(std::string_view bytes) {
  if (consumed_ > 0 && consumed_ == buffer_.size()) {
    buffer_.clear();
    consumed_ = 0;
    // A large frame grew the buffer: give the memory back rather than keep it per connection.
    if (buffer_.capacity() > (std::size_t{1} << 20) && bytes.size() < (std::size_t{1} << 20)) {
      std::string().swap(buffer_);
    }
  } else if (consumed_ > (1u << 20)) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<std::variant<Envelope, std::string>> FrameReader::next() {
  if (buffered() < 4) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data() + consumed_);
  const std::size_t size = (std::size_t{p[0]} << 24) | (std::size_t{p[1]} << 16) |
                           (std::size_t{p[2]} << 8) | std::size_t{p[3]};
  if (size > max_frame_) {
    throw FrameStreamError("frame of " + std::to_string(size) + " bytes is over the limit of " +
                           std::to_string(max_frame_));
  }
  if (buffered() < 4 + size) return std::nullopt;
  const std::string_view frame(buffer_.data() + consumed_ + 4, size);
  consumed_ += 4 + size;
  try {
    const Decoder root = decoder_.parse(frame);
    if (root.array_size() != 5)
      Decoder::fail("a frame is [version, type, sender, recipient, body]");
    const std::uint64_t version = root.element(0).read_uint();
    if (version != protocol_version) {
      return std::string("protocol version " + std::to_string(version) + ", expected " +
                         std::to_string(protocol_version));
    }
    Envelope envelope;
    envelope.sender = read_address(root.element(2));
    envelope.recipient = read_address(root.element(3));
    const std::string_view name = root.element(1).read_string_view();
    if (!name.empty()) {
      const MessageType& type = message_type_named(name);
      envelope.message = Message(type, type.decode(root.element(4)));
    }
    return envelope;
  } catch (const Error& e) {
    return std::string(e.what());
  }
}

}  // namespace thespis::net
