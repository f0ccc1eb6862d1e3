// EntryList: the history as Wing and Gong's search sees it, a doubly linked list of call and
// return entries in time order, from which linearized operations are lifted and, on
// backtracking, put back (dancing links: unlift() relinks in the reverse order of lift(), which
// the search's stack guarantees). An operation of unknown outcome has a call and, only if its
// `completed` is set (a deadline), a return: it may be linearized anywhere after its call
// (before its deadline), or never. Failed operations are left out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <thespis/properties/history.hpp>

namespace thespis::properties::detail {

class EntryList {
 public:
  static constexpr std::size_t head = 0;

  explicit EntryList(const History& history);

  /// The first entry still in the list, or end().
  std::size_t first() const { return next_[head]; }
  std::size_t next(std::size_t entry) const { return next_[entry]; }
  std::size_t end() const { return next_.size() - 1; }
  bool is_call(std::size_t entry) const { return entries_[entry].is_call; }
  /// The operation (index into the history) of an entry.
  std::size_t operation(std::size_t entry) const { return entries_[entry].operation; }
  /// The call entry of a return entry.
  std::size_t call_of(std::size_t entry) const { return entries_[entry].match; }
  /// Completed operations: those the search must linearize.
  std::size_t definite() const { return definite_; }

  /// Removes a call entry and its return entry.
  void lift(std::size_t call);
  /// Undoes the latest lift(), which was of `call`.
  void unlift(std::size_t call);

 private:
  struct Entry {
    std::size_t operation = 0;
    std::size_t match = 0;  // a call's return entry (0, the head, for none); a return's call
    bool is_call = false;
  };
  void unlink(std::size_t entry);
  void relink(std::size_t entry);

  std::vector<Entry> entries_;  // [0] is the head sentinel, the last the end sentinel
  std::vector<std::size_t> next_;
  std::vector<std::size_t> prev_;
  std::size_t definite_ = 0;
};

/// The set of linearized operations, with a hash kept up to date in O(1) per change (a XOR of
/// a mixed hash per member), since the search hashes it at every step.
class LinearizedSet {
 public:
  explicit LinearizedSet(std::size_t size) : words_((size + 63) / 64, 0) {}
  void flip(std::size_t operation) {
    words_[operation / 64] ^= std::uint64_t{1} << (operation % 64);
    hash_ ^= mix(operation);
  }
  std::uint64_t hash() const { return hash_; }
  friend bool operator==(const LinearizedSet&, const LinearizedSet&) = default;

 private:
  static std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
  std::vector<std::uint64_t> words_;
  std::uint64_t hash_ = 0;
};

}  // namespace thespis::properties::detail
