// PROVISIONAL (replaced by the trust-files branch): the shared secret and challenge-response.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace thespis::net {

class Secret {
 public:
  static Secret load(const std::string& file = {});
  static Secret from_text(std::string_view text);
  const std::array<unsigned char, 32>& key() const { return key_; }
  std::string fingerprint() const;

 private:
  std::array<unsigned char, 32> key_{};
};

using Nonce = std::array<unsigned char, 32>;
using Proof = std::array<unsigned char, 32>;
enum class AuthRole { client, server };
Nonce make_nonce();
Proof prove(const Secret& secret, AuthRole role, const Nonce& server_nonce,
            const Nonce& client_nonce);
bool verify(const Secret& secret, AuthRole role, const Nonce& server_nonce,
            const Nonce& client_nonce, const Proof& proof);

}  // namespace thespis::net
