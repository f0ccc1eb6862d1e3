#include "ready_set.hpp"

#include <algorithm>
#include <bit>

#include <thespis/assert.hpp>

namespace thespis::sim::detail {
namespace {

constexpr std::size_t min_slots = 64;

}  // namespace

ReadySet::Ticket ReadySet::push(Id id) {
  if (used_ == ids_.size()) compact();
  const std::size_t slot = used_++;
  tickets_[slot] = next_ticket_;
  ids_[slot] = id;
  for (std::size_t i = slot + 1; i < tree_.size(); i += i & (~i + 1)) ++tree_[i];
  ++size_;
  return next_ticket_++;
}

ReadySet::Id ReadySet::take(std::size_t k) {
  const std::size_t slot = slot_at(k);
  const Id id = ids_[slot];
  vacate(slot);
  return id;
}

void ReadySet::erase(Ticket ticket) { vacate(slot_of(ticket)); }

bool ReadySet::contains(Ticket ticket) const {
  const auto end = tickets_.begin() + static_cast<std::ptrdiff_t>(used_);
  const auto found = std::lower_bound(tickets_.begin(), end, ticket);
  return found != end && *found == ticket &&
         ids_[static_cast<std::size_t>(found - tickets_.begin())] != 0;
}

std::size_t ReadySet::rank(Ticket ticket) const {
  std::size_t older = 0;
  for (std::size_t i = slot_of(ticket); i > 0; i -= i & (~i + 1)) older += tree_[i];
  return older;
}

void ReadySet::clear() {
  tickets_.clear();
  ids_.clear();
  tree_.clear();
  used_ = 0;
  size_ = 0;
}

std::size_t ReadySet::slot_of(Ticket ticket) const {
  const auto end = tickets_.begin() + static_cast<std::ptrdiff_t>(used_);
  const auto found = std::lower_bound(tickets_.begin(), end, ticket);
  THESPIS_ASSERT(found != end && *found == ticket, "a ready ticket that is no member");
  return static_cast<std::size_t>(found - tickets_.begin());
}

std::size_t ReadySet::slot_at(std::size_t k) const {
  THESPIS_ASSERT(k < size_, "a ready actor past the last");
  // Descends the tree: the largest prefix of slots holding at most k members ends just before
  // the k-th member's slot.
  std::size_t position = 0;
  std::size_t remaining = k;
  for (std::size_t step = ids_.size(); step > 0; step >>= 1) {
    if (tree_[position + step] <= remaining) {
      position += step;
      remaining -= tree_[position];
    }
  }
  return position;
}

void ReadySet::vacate(std::size_t slot) {
  ids_[slot] = 0;
  for (std::size_t i = slot + 1; i < tree_.size(); i += i & (~i + 1)) --tree_[i];
  --size_;
}

void ReadySet::compact() {
  // Slots stay a power of two, so the descent in slot_at covers the tree exactly.
  const std::size_t slots = std::max(min_slots, std::bit_ceil(2 * size_ + 1));
  std::vector<Ticket> tickets(slots);
  std::vector<Id> ids(slots);
  std::size_t kept = 0;
  for (std::size_t slot = 0; slot < used_; ++slot) {
    if (ids_[slot] == 0) continue;
    tickets[kept] = tickets_[slot];
    ids[kept] = ids_[slot];
    ++kept;
  }
  // Built in O(slots): each node passes its count to its parent.
  std::vector<std::uint32_t> tree(slots + 1);
  for (std::size_t i = 1; i <= slots; ++i) {
    if (i <= kept) ++tree[i];
    const std::size_t parent = i + (i & (~i + 1));
    if (parent <= slots) tree[parent] += tree[i];
  }
  tickets_ = std::move(tickets);
  ids_ = std::move(ids);
  tree_ = std::move(tree);
  used_ = kept;
}

}  // namespace thespis::sim::detail
