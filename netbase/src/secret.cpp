#include <cerrno>
#include <optional>
#include <string>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thespis/error.hpp>
#include <thespis/net/runtime_dir.hpp>
#include <thespis/net/secret.hpp>

#include "unique_fd.hpp"

namespace thespis::net {

static_assert(secret_key_bytes == crypto_auth_KEYBYTES);
static_assert(proof_bytes == crypto_auth_BYTES);
static_assert(secret_key_bytes >= crypto_generichash_BYTES_MIN &&
              secret_key_bytes <= crypto_generichash_BYTES_MAX);

namespace {

constexpr std::size_t random_secret_bytes = 32;
constexpr std::size_t fingerprint_bytes = 8;
constexpr std::string_view whitespace = " \t\r\n\v\f";

// sodium_init() is safe to call again; the static makes the first call happen once.
void init_sodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw TransportError("libsodium cannot be initialised");
}

[[noreturn]] void refuse(const std::filesystem::path& file, const std::string& problem) {
  throw TransportError("secret file " + file.string() + " " + problem);
}

std::string_view strip_trailing_whitespace(std::string_view text) {
  const std::size_t end = text.find_last_not_of(whitespace);
  return end == std::string_view::npos ? std::string_view{} : text.substr(0, end + 1);
}

Secret::Key derive_key(std::string_view stripped) {
  init_sodium();
  Secret::Key key{};
  crypto_generichash(key.data(), key.size(),
                     reinterpret_cast<const unsigned char*>(stripped.data()), stripped.size(),
                     nullptr, 0);
  return key;
}

std::string permission_problem(mode_t mode) {
  const bool group = (mode & 070) != 0;
  const bool other = (mode & 007) != 0;
  const char* who = group && other ? "group and others" : group ? "group" : "others";
  const char* what = (mode & 044) != 0 ? "readable" : "writable";
  return std::string("is ") + what + " by " + who + " (mode " + detail::octal_mode(mode) +
         "); chmod 600 it";
}

// Every check on the descriptor that is then read, so the file checked is the file read.
void check_secret_file(const std::filesystem::path& file, int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) refuse(file, "cannot be examined: " + detail::errno_text(errno));
  if (!S_ISREG(st.st_mode)) refuse(file, "is not a regular file");
  if (st.st_uid != geteuid()) {
    refuse(file, "is owned by uid " + std::to_string(st.st_uid) + ", not by this user (uid " +
                     std::to_string(geteuid()) + ")");
  }
  if ((st.st_mode & 077) != 0) refuse(file, permission_problem(st.st_mode));
  if (st.st_size == 0) refuse(file, "is empty");
  if (static_cast<std::uintmax_t>(st.st_size) > max_secret_file_bytes) {
    refuse(file, "is larger than " + std::to_string(max_secret_file_bytes) + " bytes (" +
                     std::to_string(st.st_size) + " bytes)");
  }
}

// Reads at most one byte past the limit, so a file that grew after fstat is still refused.
std::string read_bounded(const std::filesystem::path& file, int fd) {
  std::string text(max_secret_file_bytes + 1, '\0');
  std::size_t size = 0;
  while (size < text.size()) {
    const ssize_t got = read(fd, text.data() + size, text.size() - size);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) refuse(file, "cannot be read: " + detail::errno_text(errno));
    if (got == 0) break;
    size += static_cast<std::size_t>(got);
  }
  if (size > max_secret_file_bytes) {
    sodium_memzero(text.data(), text.size());
    refuse(file, "is larger than " + std::to_string(max_secret_file_bytes) + " bytes");
  }
  text.resize(size);
  return text;
}

// The file's key, or nothing if it does not exist and `missing_ok`.
std::optional<Secret::Key> read_key(const std::filesystem::path& file, bool missing_ok) {
  // O_NONBLOCK: opening a FIFO planted at the path must not hang; fstat then refuses it.
  const detail::UniqueFd fd{
      open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)};
  if (!fd) {
    const int error = errno;
    if (error == ENOENT && missing_ok) return std::nullopt;
    if (error == ELOOP) refuse(file, "is a symlink; name the file itself");
    refuse(file, "cannot be opened: " + detail::errno_text(error));
  }
  check_secret_file(file, fd.get());
  std::string text = read_bounded(file, fd.get());
  const std::string_view stripped = strip_trailing_whitespace(text);
  if (stripped.empty()) refuse(file, "holds only whitespace");
  const Secret::Key key = derive_key(stripped);
  sodium_memzero(text.data(), text.size());
  return key;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t wrote = write(fd, bytes.data(), bytes.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
  }
  return true;
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(2 * bytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  sodium_memzero(raw.data(), raw.size());
  hex.pop_back();  // the terminating NUL
  return hex;
}

// Removes the temporary name however creation ends; the secret lives on under its real name.
struct UnlinkOnExit {
  std::filesystem::path path;
  ~UnlinkOnExit() { unlink(path.c_str()); }
};

// Writes a fresh secret under a unique temporary name, then link()s it to `file`: link fails
// with EEXIST if another program got there first, and then its secret is the one read. A reader
// never sees a half-written secret, since the file has its name only once it is complete.
void create_secret_file(const std::filesystem::path& file) {
  init_sodium();
  const UnlinkOnExit temporary{
      std::filesystem::path(file).concat(".tmp-" + std::to_string(getpid()) + "-" + random_hex(8))};
  const detail::UniqueFd fd{
      open(temporary.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)};
  if (!fd) refuse(file, "cannot be created: " + detail::errno_text(errno));
  std::string text = random_hex(random_secret_bytes) + "\n";
  // A umask may have taken the owner's bits; the file is ours, just made.
  const bool written =
      fchmod(fd.get(), 0600) == 0 && write_all(fd.get(), text) && fsync(fd.get()) == 0;
  const int error = errno;
  sodium_memzero(text.data(), text.size());
  if (!written) refuse(file, "cannot be written: " + detail::errno_text(error));
  if (link(temporary.path.c_str(), file.c_str()) != 0 && errno != EEXIST) {
    refuse(file, "cannot be created: " + detail::errno_text(errno));
  }
}

std::string_view label_of(AuthRole role) {
  return role == AuthRole::client ? "thespis-auth-v1 client" : "thespis-auth-v1 server";
}

// The authenticated message: the role's label, then both nonces (all of fixed length).
std::string auth_message(AuthRole role, const Nonce& server_nonce, const Nonce& client_nonce) {
  std::string message(label_of(role));
  message.append(reinterpret_cast<const char*>(server_nonce.data()), server_nonce.size());
  message.append(reinterpret_cast<const char*>(client_nonce.data()), client_nonce.size());
  return message;
}

const unsigned char* bytes_of(const std::string& text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

Secret Secret::load(const std::string& file) {
  if (file.empty()) return load_or_create(runtime_dir() / "secret");
  return Secret(*read_key(file, false));
}

Secret Secret::load_or_create(const std::filesystem::path& file) {
  if (auto key = read_key(file, true)) return Secret(*key);
  create_secret_file(file);
  return Secret(*read_key(file, false));
}

Secret Secret::from_text(std::string_view text) {
  const std::string_view stripped = strip_trailing_whitespace(text);
  if (stripped.empty()) throw TransportError("a secret must not be empty");
  return Secret(derive_key(stripped));
}

std::string Secret::fingerprint() const {
  init_sodium();
  // A keyed hash of a label of its own: related to no proof, and reveals nothing of the key.
  constexpr std::string_view label = "thespis-fingerprint-v1";
  std::array<unsigned char, crypto_generichash_BYTES_MIN> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(label.data()),
                     label.size(), key_.data(), key_.size());
  std::string hex(2 * fingerprint_bytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), hash.data(), fingerprint_bytes);
  hex.pop_back();
  return hex;
}

Nonce make_nonce() {
  init_sodium();
  Nonce nonce{};
  randombytes_buf(nonce.data(), nonce.size());
  return nonce;
}

Proof prove(const Secret& secret, AuthRole role, const Nonce& server_nonce,
            const Nonce& client_nonce) {
  init_sodium();
  const std::string message = auth_message(role, server_nonce, client_nonce);
  Proof proof{};
  crypto_auth(proof.data(), bytes_of(message), message.size(), secret.key().data());
  return proof;
}

bool verify(const Secret& secret, AuthRole role, const Nonce& server_nonce,
            const Nonce& client_nonce, const Proof& proof) {
  init_sodium();
  const std::string message = auth_message(role, server_nonce, client_nonce);
  return crypto_auth_verify(proof.data(), bytes_of(message), message.size(), secret.key().data()) ==
         0;
}

}  // namespace thespis::net
