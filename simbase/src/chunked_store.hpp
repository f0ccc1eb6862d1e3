// An array of T that never moves what it holds: elements live in fixed chunks of `Chunk`,
// allocated as the array grows, so a reference to one stays valid for the store's lifetime
// (actors hold their context inside their record), while the i-th element is found with
// arithmetic and one lookup in a small table of chunks rather than through a pointer of its
// own, and neighbours are neighbours in memory. Iteration yields pointers, in index order.
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <vector>

namespace thespis::sim::detail {

template <class T, std::size_t Chunk>
class ChunkedStore {
 public:
  std::size_t size() const { return size_; }
  T& operator[](std::size_t i) { return chunks_[i / Chunk][i % Chunk]; }
  const T& operator[](std::size_t i) const { return chunks_[i / Chunk][i % Chunk]; }

  /// A default-constructed element at the end.
  T& emplace_back() {
    if (size_ % Chunk == 0) chunks_.push_back(std::make_unique<T[]>(Chunk));
    return (*this)[size_++];
  }

  template <class Store, class Value>
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Value*;
    using difference_type = std::ptrdiff_t;
    using pointer = Value**;
    using reference = Value*;
    Iterator() = default;
    Iterator(Store* store, std::size_t i) : store_(store), i_(i) {}
    Value* operator*() const { return &(*store_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++i_;
      return before;
    }
    bool operator==(const Iterator& other) const { return i_ == other.i_; }

   private:
    Store* store_ = nullptr;
    std::size_t i_ = 0;
  };
  Iterator<ChunkedStore, T> begin() { return {this, 0}; }
  Iterator<ChunkedStore, T> end() { return {this, size_}; }
  Iterator<const ChunkedStore, const T> begin() const { return {this, 0}; }
  Iterator<const ChunkedStore, const T> end() const { return {this, size_}; }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace thespis::sim::detail
