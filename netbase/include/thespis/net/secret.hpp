// The shared secret of a convention, Erlang-cookie style: every process that holds it may join;
// a connection proves it holds it with a challenge–response before any frame is acted on.
//
// The secret is a file of this user: one named by the user (`--secret-file`, to share one
// secret across hosts or users), or by default `runtime_dir()/secret`, made on first use from 32
// random bytes. A file is used only if it is a regular file (not a symlink) of this user, closed
// to group and others, non-empty and at most 4 KiB; anything else is a TransportError naming the
// file and the problem. The authentication key is a hash of the file's bytes (trailing
// whitespace stripped), so a secret of any length works and a trailing newline does not matter.
//
// The handshake (both sides run it on every connection, the server first):
//   server → client  server_nonce
//   client → server  client_nonce, prove(secret, client, server_nonce, client_nonce)
//   server → client  prove(secret, server, server_nonce, client_nonce)   (only if it verified)
// Each side checks the other's proof with verify(); a failed check closes the connection. Both
// nonces enter both proofs and each role has its own label, so no proof can be replayed on
// another connection or reflected back to its sender. The wire is not encrypted: the secret
// keeps strangers from acting on frames, not from reading them.
//
// The key never appears in a message, a log or an error: fingerprint() tells secrets apart
// without revealing them. A Secret is an immutable value; any thread may use it.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace thespis::net {

inline constexpr std::size_t secret_key_bytes = 32;  ///< = crypto_auth_KEYBYTES
inline constexpr std::size_t nonce_bytes = 32;
inline constexpr std::size_t proof_bytes = 32;  ///< = crypto_auth_BYTES
inline constexpr std::size_t max_secret_file_bytes = 4096;

class Secret {
 public:
  using Key = std::array<unsigned char, secret_key_bytes>;

  /// The secret in `file` if given, else the per-user default (see load_or_create()) in
  /// runtime_dir(). Throws TransportError naming the file and what is wrong with it.
  static Secret load(const std::string& file = {});

  /// The secret in `file`, which is made first if it does not exist: 32 random bytes as hex,
  /// mode 0600, written under a temporary name and linked into place, so that programs racing
  /// to make it all end up with the one that won. `file`'s folder must be private to this user
  /// (runtime_dir() is). Throws TransportError as load() does.
  static Secret load_or_create(const std::filesystem::path& file);

  /// The secret whose file would hold `text` (trailing whitespace stripped; tests and tools).
  /// Throws TransportError if nothing is left.
  static Secret from_text(std::string_view text);

  /// The authentication key (crypto_auth's key): never log it.
  const Key& key() const { return key_; }

  /// 16 hex digits that tell two secrets apart without revealing either (safe to log).
  std::string fingerprint() const;

 private:
  explicit Secret(const Key& key) : key_(key) {}
  Key key_;
};

using Nonce = std::array<unsigned char, nonce_bytes>;
using Proof = std::array<unsigned char, proof_bytes>;

/// Who makes a proof: the side that opened the connection (client) or accepted it (server).
enum class AuthRole { client, server };

/// A fresh random nonce (one per connection and side).
Nonce make_nonce();

/// What `role` sends to show it holds `secret`: HMAC-SHA512-256 of the role's label
/// ("thespis-auth-v1 client" / "thespis-auth-v1 server") followed by both nonces.
Proof prove(const Secret& secret, AuthRole role, const Nonce& server_nonce,
            const Nonce& client_nonce);

/// Whether `proof` is what `role` holding `secret` would send for these nonces (constant time).
bool verify(const Secret& secret, AuthRole role, const Nonce& server_nonce,
            const Nonce& client_nonce, const Proof& proof);

}  // namespace thespis::net
