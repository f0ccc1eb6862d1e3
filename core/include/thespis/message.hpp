// Message: an immutable, type-erased value of a registered message type. Copying a Message
// shares the value (it is never mutated), so a Message is cheap to pass around; crossing a
// process or a simulated wire re-creates the value from its encoded bytes.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <thespis/detail/message_allocator.hpp>
#include <thespis/error.hpp>

namespace thespis {

struct MessageType;
class Encoder;
class Decoder;
class Message;

template <class T>
const MessageType& message_type();

namespace detail {
std::string_view message_type_name(const MessageType& type);
[[noreturn]] void throw_bad_cast(const MessageType* held, const MessageType& wanted);
}  // namespace detail

class Message {
 public:
  /// The empty message: no type, no value (e.g. a wakeup without payload).
  Message() = default;

  /// Wraps a value of a registered message type (THESPIS_MESSAGE or a built-in type).
  template <class T>
  requires(!std::is_same_v<std::remove_cvref_t<T>, Message> &&
           !std::is_same_v<std::decay_t<T>, const char*> && !std::is_same_v<std::decay_t<T>, char*>)
      Message(T&& value)  // NOLINT: implicit by design, send(to, Ping{...}) reads naturally
      : type_(&message_type<std::remove_cvref_t<T>>()),
        value_(std::allocate_shared<std::remove_cvref_t<T>>(
            detail::MessageAllocator<std::remove_cvref_t<T>>(), std::forward<T>(value))) {}

  /// String literals travel as std::string.
  Message(const char* text);  // NOLINT

  /// Adopts an already built value; used by decoders.
  Message(const MessageType& type, std::shared_ptr<const void> value)
      : type_(&type), value_(std::move(value)) {}

  bool empty() const { return type_ == nullptr; }

  template <class T>
  bool is() const {
    return type_ == &message_type<T>();
  }

  /// The held value; throws BadMessageCast if it is not a T.
  template <class T>
  const T& get() const {
    const MessageType& wanted = message_type<T>();
    if (type_ != &wanted) detail::throw_bad_cast(type_, wanted);
    return *static_cast<const T*>(value_.get());
  }

  /// The held value, or nullptr if it is not a T.
  template <class T>
  const T* get_if() const {
    return type_ == &message_type<T>() ? static_cast<const T*>(value_.get()) : nullptr;
  }

  /// The registered type name ("" for the empty message).
  std::string_view type_name() const;
  const MessageType* type() const { return type_; }
  const void* value() const { return value_.get(); }

  /// Readable rendering: `Ping{payload: "x"}`, `"hi"`, `42`.
  std::string to_string() const;

  // Hidden friends: found only for Message arguments, so the implicit constructor above never
  // turns an unrelated type into a Message to compare or print it.
  friend bool operator==(const Message& a, const Message& b) { return equal(a, b); }
  friend std::ostream& operator<<(std::ostream& out, const Message& message) {
    return print(out, message);
  }

 private:
  static bool equal(const Message& a, const Message& b);
  static std::ostream& print(std::ostream& out, const Message& message);

  const MessageType* type_ = nullptr;
  std::shared_ptr<const void> value_;
};

/// Writes `message` as [type name, body] (nil for the empty message).
void encode_message(Encoder& encoder, const Message& message);
/// Reads what encode_message wrote. Throws UnknownTypeError for an unregistered type name
/// and DecodeError for a body that does not match the type's field list.
Message decode_message(const Decoder& decoder);

/// Whole-message convenience: bytes of [type name, body].
std::string encode_to_bytes(const Message& message);
Message decode_from_bytes(std::string_view bytes);

}  // namespace thespis
