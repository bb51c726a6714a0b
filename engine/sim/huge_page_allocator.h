// HugePageAllocator: a standard allocator for large arrays that are filled once and read
// many times (the recommendation's cache of drawn inputs).
//
// The first touch of each fresh 4 KiB page is a page fault, and on virtual machines a
// fault costs around 10 µs — more than drawing the trial whose inputs fill the page. For
// allocations of 2 MiB and more this allocator maps 2 MiB-aligned memory and asks the
// kernel for transparent huge pages (madvise), so one fault brings in 2 MiB. Where the
// kernel declines (transparent huge pages off) it is plain anonymous memory; smaller
// allocations, and systems other than Linux, use operator new.
#pragma once

#include <cstddef>

namespace rushrisk {

namespace huge_pages {
// Memory for `bytes` bytes, aligned for any type; throws std::bad_alloc on failure.
void* allocate(std::size_t bytes);
// Returns memory from allocate(bytes) (the same `bytes`).
void deallocate(void* memory, std::size_t bytes) noexcept;
}  // namespace huge_pages

template <class T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) { return static_cast<T*>(huge_pages::allocate(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { huge_pages::deallocate(p, n * sizeof(T)); }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace rushrisk
