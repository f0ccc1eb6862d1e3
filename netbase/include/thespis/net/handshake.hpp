// The handshake every connection between thespis processes starts with, as bytes: written
// once here for every side that speaks it (connections, the blocking admin client, tools and
// tests that play a peer).
//
//   accepting -> connecting:  challenge     "TSP1" (magic, protocol 1), accepting nonce
//   connecting -> accepting:  answer        connecting nonce, prove(client, both nonces)
//   accepting -> connecting:  confirmation  prove(server, both nonces)
//
// The connecting side sends no frame before it has checked the confirmation; the accepting
// side acts on no frame before it has checked the answer.
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include <thespis/net/secret.hpp>

namespace thespis::net {

inline constexpr std::size_t challenge_bytes = 4 + nonce_bytes;
inline constexpr std::size_t answer_bytes = nonce_bytes + proof_bytes;
using Challenge = std::array<unsigned char, challenge_bytes>;
using Answer = std::array<unsigned char, answer_bytes>;

/// What the accepting side sends first.
Challenge make_challenge(const Nonce& server_nonce);
/// The accepting side's nonce, or nothing if `challenge` is not from a thespis process that
/// speaks this protocol.
std::optional<Nonce> read_challenge(const Challenge& challenge);
/// The connecting side's answer to the challenge carrying `server_nonce`.
Answer make_answer(const Secret& secret, const Nonce& server_nonce, const Nonce& client_nonce);
/// The connecting side's nonce if `answer` proves `secret`, else nothing.
std::optional<Nonce> check_answer(const Secret& secret, const Nonce& server_nonce,
                                  const Answer& answer);
/// The accepting side's confirmation, and its check (prove and verify as the server).
Proof make_confirmation(const Secret& secret, const Nonce& server_nonce, const Nonce& client_nonce);
bool check_confirmation(const Secret& secret, const Nonce& server_nonce, const Nonce& client_nonce,
                        const Proof& confirmation);

}  // namespace thespis::net
