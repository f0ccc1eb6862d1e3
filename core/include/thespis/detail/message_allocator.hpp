// The allocator behind every Message value: a small per-thread cache of freed blocks in front
// of operator new. Sending allocates a value (and its reference count) and delivering frees it,
// once per message, so on a busy actor system this is the most frequent allocation there is;
// the cache turns it into a pop and a push on a free list. Blocks are plain operator-new
// blocks of a size class, so a value freed on another thread than the one that made it (a
// private endpoint's, a transport's) is simply cached there.
#pragma once

#include <cstddef>
#include <new>

namespace thespis::detail {

/// A block of at least `bytes` bytes aligned for std::max_align_t.
void* allocate_message_block(std::size_t bytes);
/// Gives back a block of allocate_message_block(bytes).
void free_message_block(void* block, std::size_t bytes) noexcept;

template <class T>
struct MessageAllocator {
  using value_type = T;

  MessageAllocator() = default;
  template <class U>
  MessageAllocator(const MessageAllocator<U>&) noexcept {}  // NOLINT: rebinding is implicit

  T* allocate(std::size_t n) {
    // The cache's blocks are aligned for max_align_t; an over-aligned value gets its own.
    if constexpr (alignof(T) > alignof(std::max_align_t)) {
      return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{alignof(T)}));
    } else {
      return static_cast<T*>(allocate_message_block(n * sizeof(T)));
    }
  }
  void deallocate(T* block, [[maybe_unused]] std::size_t n) noexcept {
    if constexpr (alignof(T) > alignof(std::max_align_t)) {
      // Unsized: clang declares the sized aligned form only with -fsized-deallocation.
      ::operator delete (block, std::align_val_t{alignof(T)});
    } else {
      free_message_block(block, n * sizeof(T));
    }
  }

  template <class U>
  friend bool operator==(const MessageAllocator&, const MessageAllocator<U>&) {
    return true;
  }
};

}  // namespace thespis::detail
