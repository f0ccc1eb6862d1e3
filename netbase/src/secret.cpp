// PROVISIONAL (replaced by the trust-files branch).
#include <thespis/net/secret.hpp>

#include <fstream>
#include <sstream>

#include <sodium.h>

#include <thespis/error.hpp>

namespace thespis::net {

Secret Secret::from_text(std::string_view text) {
  if (sodium_init() < 0) throw TransportError("libsodium does not initialise");
  Secret s;
  crypto_generichash(s.key_.data(), s.key_.size(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  return s;
}

Secret Secret::load(const std::string& file) {
  if (file.empty()) return from_text("provisional-default-secret");
  std::ifstream in(file);
  if (!in) throw TransportError("cannot read secret file " + file);
  std::stringstream text;
  text << in.rdbuf();
  std::string bytes = text.str();
  while (!bytes.empty() && std::isspace(static_cast<unsigned char>(bytes.back()))) bytes.pop_back();
  return from_text(bytes);
}

std::string Secret::fingerprint() const { return "provisional"; }

Nonce make_nonce() {
  Nonce n;
  randombytes_buf(n.data(), n.size());
  return n;
}

namespace {
void mac(const Secret& secret, AuthRole role, const Nonce& s, const Nonce& c, unsigned char* out) {
  std::string input = role == AuthRole::client ? "thespis-auth-v1 client" : "thespis-auth-v1 server";
  input.append(reinterpret_cast<const char*>(s.data()), s.size());
  input.append(reinterpret_cast<const char*>(c.data()), c.size());
  crypto_auth(out, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
              secret.key().data());
}
}  // namespace

Proof prove(const Secret& secret, AuthRole role, const Nonce& s, const Nonce& c) {
  Proof p;
  mac(secret, role, s, c, p.data());
  return p;
}

bool verify(const Secret& secret, AuthRole role, const Nonce& s, const Nonce& c, const Proof& p) {
  Proof expected = prove(secret, role, s, c);
  return sodium_memcmp(expected.data(), p.data(), p.size()) == 0;
}

}  // namespace thespis::net
