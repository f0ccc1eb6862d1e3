// The one hierarchy of exceptions a user's synchronous call can throw. Every error a
// thespis call raises derives from thespis::Error, so `catch (const thespis::Error&)`
// catches all of them; the subclasses carry the facts a caller may act on.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace thespis {

/// Root of every exception thespis throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A message or actor type name that is not registered in this program.
class UnknownTypeError : public Error {
 public:
  UnknownTypeError(std::string kind, std::string type_name);
  /// A type missing elsewhere than in this program (on the admins of a convention): `message`
  /// is the whole explanation.
  UnknownTypeError(std::string kind, std::string type_name, std::string message);
  /// "message" or "actor".
  const std::string& kind() const { return kind_; }
  const std::string& type_name() const { return type_name_; }

 private:
  std::string kind_;
  std::string type_name_;
};

/// Bytes that do not decode as the message they claim to be.
class DecodeError : public Error {
 public:
  using Error::Error;
};

/// A Message asked for as a type it does not hold.
class BadMessageCast : public Error {
 public:
  BadMessageCast(std::string held, std::string wanted);
};

/// No system of the convention satisfies the actor's requirements.
class NoCompatibleSystemForActor : public Error {
 public:
  NoCompatibleSystemForActor(std::string actor_type, std::string requirements);
  const std::string& actor_type() const { return actor_type_; }

 private:
  std::string actor_type_;
};

/// An actor's constructor threw while the ActorSystem created it.
class ActorCreationError : public Error {
 public:
  ActorCreationError(std::string actor_type, std::string reason);
};

/// A base name that no linked component registered.
class UnknownBaseError : public Error {
 public:
  UnknownBaseError(std::string base_name, std::string known);
};

/// A call on an ActorSystem after shutdown().
class SystemShutDown : public Error {
 public:
  SystemShutDown();
};

/// The network layer failed (connect, bind, frame too large...).
class TransportError : public Error {
 public:
  using Error::Error;
};

/// A scenario file that cannot be used; names the file, line and field.
class ScenarioError : public Error {
 public:
  ScenarioError(std::string file, std::size_t line, std::string field, std::string problem);
  /// "file:line:column: field: problem"
  ScenarioError(std::string file, std::size_t line, std::size_t column, std::string field,
                std::string problem);
  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }
  const std::string& field() const { return field_; }

 private:
  std::string file_;
  std::size_t line_;
  std::size_t column_ = 0;
  std::string field_;
};

/// The message of the exception being handled (call inside a catch block): what() for a
/// std::exception, "unknown exception" otherwise. Bases use it to report a failed handler.
std::string describe_current_exception();

}  // namespace thespis
