#include <algorithm>

#include <thespis/net/handshake.hpp>

namespace thespis::net {
namespace {

constexpr std::array<unsigned char, 4> magic = {'T', 'S', 'P', '1'};

}  // namespace

Challenge make_challenge(const Nonce& server_nonce) {
  Challenge challenge{};
  std::copy(magic.begin(), magic.end(), challenge.begin());
  std::copy(server_nonce.begin(), server_nonce.end(), challenge.begin() + magic.size());
  return challenge;
}

std::optional<Nonce> read_challenge(const Challenge& challenge) {
  if (!std::equal(magic.begin(), magic.end(), challenge.begin())) return std::nullopt;
  Nonce server_nonce;
  std::copy_n(challenge.begin() + magic.size(), server_nonce.size(), server_nonce.begin());
  return server_nonce;
}

Answer make_answer(const Secret& secret, const Nonce& server_nonce, const Nonce& client_nonce) {
  const Proof proof = prove(secret, AuthRole::client, server_nonce, client_nonce);
  Answer answer{};
  std::copy(client_nonce.begin(), client_nonce.end(), answer.begin());
  std::copy(proof.begin(), proof.end(), answer.begin() + client_nonce.size());
  return answer;
}

std::optional<Nonce> check_answer(const Secret& secret, const Nonce& server_nonce,
                                  const Answer& answer) {
  Nonce client_nonce;
  Proof proof;
  std::copy_n(answer.begin(), client_nonce.size(), client_nonce.begin());
  std::copy_n(answer.begin() + client_nonce.size(), proof.size(), proof.begin());
  if (!verify(secret, AuthRole::client, server_nonce, client_nonce, proof)) return std::nullopt;
  return client_nonce;
}

Proof make_confirmation(const Secret& secret, const Nonce& server_nonce,
                        const Nonce& client_nonce) {
  return prove(secret, AuthRole::server, server_nonce, client_nonce);
}

bool check_confirmation(const Secret& secret, const Nonce& server_nonce, const Nonce& client_nonce,
                        const Proof& confirmation) {
  return verify(secret, AuthRole::server, server_nonce, client_nonce, confirmation);
}

}  // namespace thespis::net
