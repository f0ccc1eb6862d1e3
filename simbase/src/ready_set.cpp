#include "ready_set.hpp"

#include <algorithm>
#include <bit>

#include <thespis/assert.hpp>

namespace thespis::sim::detail {
namespace {

constexpr std::size_t block_bits = 64;
constexpr std::size_t min_slots = block_bits;

std::uint64_t bit_of(std::size_t slot) { return std::uint64_t{1} << (slot % block_bits); }

/// The set bits of `word`, inline: without -mpopcnt, std::popcount is a library call, and a
/// step counts bits every time.
unsigned count_bits(std::uint64_t word) {
  word -= (word >> 1) & 0x5555555555555555ULL;
  word = (word & 0x3333333333333333ULL) + ((word >> 2) & 0x3333333333333333ULL);
  word = (word + (word >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return static_cast<unsigned>((word * 0x0101010101010101ULL) >> 56);
}

/// The position of the k-th set bit of `word` (k < count_bits(word)), counted from bit 0.
unsigned select_bit(std::uint64_t word, unsigned k) {
  if (k == 0) return static_cast<unsigned>(std::countr_zero(word));  // the oldest: most steps
  unsigned base = 0;
  for (unsigned in_byte; k >= (in_byte = count_bits(word & 0xff));) {
    k -= in_byte;
    word >>= 8;
    base += 8;
  }
  for (; k > 0; --k) word &= word - 1;
  return base + static_cast<unsigned>(std::countr_zero(word));
}

}  // namespace

ReadySet::Ticket ReadySet::push(Id id) {
  if (used_ == ids_.size()) compact();
  const std::size_t slot = used_++;
  tickets_[slot] = next_ticket_;
  ids_[slot] = id;
  bits_[slot / block_bits] |= bit_of(slot);
  add_to_block(slot / block_bits, 1);
  ++size_;
  return next_ticket_++;
}

ReadySet::Id ReadySet::take(std::size_t k) {
  const std::size_t slot = slot_at(k);
  vacate(slot);
  return ids_[slot];
}

void ReadySet::erase(Ticket ticket) { vacate(slot_of(ticket)); }

bool ReadySet::contains(Ticket ticket) const { return member_slot(ticket).has_value(); }

std::size_t ReadySet::rank(Ticket ticket) const {
  const std::size_t slot = slot_of(ticket);
  std::size_t older = count_bits(bits_[slot / block_bits] & (bit_of(slot) - 1));
  for (std::size_t i = slot / block_bits; i > 0; i -= i & (~i + 1)) older += tree_[i];
  return older;
}

void ReadySet::clear() {
  tickets_.clear();
  ids_.clear();
  bits_.clear();
  tree_.clear();
  used_ = 0;
  size_ = 0;
}

std::optional<std::size_t> ReadySet::member_slot(Ticket ticket) const {
  // Tickets ascend with the slots, so a binary search finds the slot a ticket was given.
  const auto end = tickets_.begin() + static_cast<std::ptrdiff_t>(used_);
  const auto found = std::lower_bound(tickets_.begin(), end, ticket);
  if (found == end || *found != ticket) return std::nullopt;
  const auto slot = static_cast<std::size_t>(found - tickets_.begin());
  if ((bits_[slot / block_bits] & bit_of(slot)) == 0) return std::nullopt;
  return slot;
}

std::size_t ReadySet::slot_of(Ticket ticket) const {
  const std::optional<std::size_t> slot = member_slot(ticket);
  THESPIS_ASSERT(slot.has_value(), "a ready ticket that is no member");
  return *slot;
}

std::size_t ReadySet::slot_at(std::size_t k) const {
  THESPIS_ASSERT(k < size_, "a ready actor past the last");
  // Descends the tree: the largest prefix of blocks holding at most k members ends just before
  // the k-th member's block.
  std::size_t block = 0;
  std::size_t remaining = k;
  for (std::size_t step = bits_.size(); step > 0; step >>= 1) {
    if (tree_[block + step] <= remaining) {
      block += step;
      remaining -= tree_[block];
    }
  }
  return block * block_bits + select_bit(bits_[block], static_cast<unsigned>(remaining));
}

void ReadySet::add_to_block(std::size_t block, std::int32_t change) {
  for (std::size_t i = block + 1; i < tree_.size(); i += i & (~i + 1)) {
    tree_[i] = static_cast<std::uint32_t>(static_cast<std::int64_t>(tree_[i]) + change);
  }
}

void ReadySet::vacate(std::size_t slot) {
  bits_[slot / block_bits] &= ~bit_of(slot);
  add_to_block(slot / block_bits, -1);
  --size_;
}

void ReadySet::compact() {
  // Slots and blocks stay powers of two, so the descent in slot_at covers the tree exactly.
  const std::size_t slots = std::max(min_slots, std::bit_ceil(2 * size_ + 1));
  if (slots > ids_.size()) {
    tickets_.resize(slots);
    ids_.resize(slots);
  }
  // In place, front to back: a member only ever moves to a slot at or before its own, so what
  // is read has not yet been overwritten. A steady population (most runs) thus compacts
  // without allocating.
  std::size_t kept = 0;
  for (std::size_t slot = 0; slot < used_; ++slot) {
    if ((bits_[slot / block_bits] & bit_of(slot)) == 0) continue;
    tickets_[kept] = tickets_[slot];
    ids_[kept] = ids_[slot];
    ++kept;
  }
  tickets_.resize(slots);
  ids_.resize(slots);
  bits_.assign(slots / block_bits, 0);
  for (std::size_t block = 0; block < kept / block_bits; ++block) bits_[block] = ~std::uint64_t{0};
  if (kept % block_bits != 0) bits_[kept / block_bits] = bit_of(kept) - 1;
  // Built in O(blocks): each node passes its count to its parent.
  const std::size_t blocks = bits_.size();
  tree_.assign(blocks + 1, 0);
  for (std::size_t i = 1; i <= blocks; ++i) {
    tree_[i] += count_bits(bits_[i - 1]);
    const std::size_t parent = i + (i & (~i + 1));
    if (parent <= blocks) tree_[parent] += tree_[i];
  }
  used_ = kept;
}

}  // namespace thespis::sim::detail
