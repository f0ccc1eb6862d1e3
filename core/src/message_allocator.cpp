#include <array>
#include <cstdint>

#include <thespis/detail/message_allocator.hpp>

// Under a sanitizer every block goes straight to operator new and back, so that a value used
// after its last Message let go of it is reported, not quietly reused.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define THESPIS_MESSAGE_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define THESPIS_MESSAGE_CACHE 0
#endif
#endif
#ifndef THESPIS_MESSAGE_CACHE
#define THESPIS_MESSAGE_CACHE 1
#endif

// Blocks go back with unsized operator delete: clang (the fuzz build) does not declare the
// sized form unless asked to (-fsized-deallocation).
namespace thespis::detail {
namespace {

constexpr std::size_t granule = alignof(std::max_align_t);
constexpr std::size_t size_classes = 16;  // blocks up to 16 granules (256 bytes) are cached

constexpr std::size_t class_of(std::size_t bytes) { return (bytes + granule - 1) / granule - 1; }
constexpr std::size_t block_bytes(std::size_t size_class) { return (size_class + 1) * granule; }

#if THESPIS_MESSAGE_CACHE
/// What one thread keeps per size class: enough for the messages in flight between a few busy
/// actors, little enough that a thread that once had a burst does not hold on to much.
constexpr std::size_t cached_bytes_per_class = 64 * 1024;
/// Per size class, how many blocks a thread keeps (a table: a division per free would cost
/// more than the rest of it).
constexpr auto cached_blocks = [] {
  std::array<std::uint32_t, size_classes> blocks{};
  for (std::size_t c = 0; c < size_classes; ++c)
    blocks[c] = static_cast<std::uint32_t>(cached_bytes_per_class / block_bytes(c));
  return blocks;
}();

struct FreeBlock {
  FreeBlock* next;
};

struct Cache {
  std::array<FreeBlock*, size_classes> free{};
  std::array<std::uint32_t, size_classes> count{};

  ~Cache();
};

// Trivially destructible, so reading it needs no guard: set once the thread's cache is gone,
// after which (values freed by later thread-exit or static destructors) blocks bypass it.
thread_local bool cache_gone = false;
thread_local Cache cache;

Cache::~Cache() {
  cache_gone = true;
  for (std::size_t c = 0; c < size_classes; ++c) {
    while (FreeBlock* block = free[c]) {
      free[c] = block->next;
      ::operator delete(block);
    }
  }
}
#endif

}  // namespace

void* allocate_message_block(std::size_t bytes) {
  const std::size_t c = class_of(bytes);
  if (c >= size_classes) return ::operator new(bytes);
#if THESPIS_MESSAGE_CACHE
  if (!cache_gone) {
    if (FreeBlock* block = cache.free[c]) {
      cache.free[c] = block->next;
      --cache.count[c];
      return block;
    }
  }
#endif
  return ::operator new(block_bytes(c));
}

void free_message_block(void* block, std::size_t bytes) noexcept {
  const std::size_t c = class_of(bytes);
  if (c >= size_classes) {
    ::operator delete(block);
    return;
  }
#if THESPIS_MESSAGE_CACHE
  if (!cache_gone && cache.count[c] < cached_blocks[c]) {
    cache.free[c] = new (block) FreeBlock{cache.free[c]};
    ++cache.count[c];
    return;
  }
#endif
  ::operator delete(block);
}

}  // namespace thespis::detail
