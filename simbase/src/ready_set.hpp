// The actors that have work, in the order they became ready. The scheduler's choice value k
// names the k-th oldest of them (0: ready longest), so every step finds the k-th member and
// removes it, and making an actor not ready removes any member; both take O(log n) here, where
// a queue took O(n), which at thousands of busy actors was most of a delivery's cost.
//
// Each arrival gets a ticket, larger than every earlier one, and the next free slot of an
// array. A bit per slot says whether it still holds a member, and a Fenwick tree counts the
// members of each block of 64 slots: the k-th member is found by descending the tree to its
// block and counting bits within it, the rank of a ticket by the reverse. A departure clears
// its bit. When the slots run out they are compacted into a fresh array sized for twice the
// members, so each arrival pays O(1) amortised for it, and a ticket keeps naming its member
// (tickets are never renumbered). What a step reads is small and mostly cached: the tree over
// blocks, one word of bits, and the slot's id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace thespis::sim::detail {

class ReadySet {
 public:
  using Ticket = std::uint64_t;
  using Id = std::uint64_t;  ///< a LocalId; 0 is never a member

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  /// Adds `id` as the newest member; its ticket.
  Ticket push(Id id);
  /// The k-th oldest member (k < size()).
  Id at(std::size_t k) const { return ids_[slot_at(k)]; }
  /// Removes the k-th oldest member (k < size()) and returns it.
  Id take(std::size_t k);
  /// Removes the member with `ticket`, which must be one.
  void erase(Ticket ticket);
  bool contains(Ticket ticket) const;
  /// How many members are older than the one with `ticket`, which must be one.
  std::size_t rank(Ticket ticket) const;
  void clear();

 private:
  std::optional<std::size_t> member_slot(Ticket ticket) const;  ///< nullopt: no member
  std::size_t slot_of(Ticket ticket) const;                     ///< of a member
  std::size_t slot_at(std::size_t k) const;
  void add_to_block(std::size_t block, std::int32_t change);
  void vacate(std::size_t slot);
  void compact();

  std::vector<Ticket> tickets_;      // per slot, ascending
  std::vector<Id> ids_;              // per slot
  std::vector<std::uint64_t> bits_;  // per block of 64 slots: the slots holding a member
  std::vector<std::uint32_t> tree_;  // Fenwick tree of members per block, from index 1
  std::size_t used_ = 0;             // slots handed out since the last compaction
  std::size_t size_ = 0;
  Ticket next_ticket_ = 0;
};

}  // namespace thespis::sim::detail
