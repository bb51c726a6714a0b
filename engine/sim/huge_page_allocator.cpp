#include "engine/sim/huge_page_allocator.h"

#include <cstdint>
#include <new>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace rushrisk::huge_pages {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

std::size_t whole_huge_pages(std::size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

}  // namespace

#ifdef __linux__

void* allocate(std::size_t bytes) {
  if (bytes < kHugePage) return ::operator new(bytes);
  const std::size_t size = whole_huge_pages(bytes);
  // Map a huge page more than needed, then unmap the parts before and after the
  // 2 MiB-aligned range (the kernel backs only aligned ranges with huge pages).
  const std::size_t mapped = size + kHugePage;
  void* raw = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > start) munmap(raw, aligned - start);
  const std::size_t after = start + mapped - (aligned + size);
  if (after > 0) munmap(reinterpret_cast<void*>(aligned + size), after);
  auto* memory = reinterpret_cast<void*>(aligned);
  madvise(memory, size, MADV_HUGEPAGE);  // a hint: without it the memory still works
  return memory;
}

void deallocate(void* memory, std::size_t bytes) noexcept {
  if (bytes < kHugePage) {
    ::operator delete(memory);
    return;
  }
  munmap(memory, whole_huge_pages(bytes));
}

#else

void* allocate(std::size_t bytes) { return ::operator new(bytes); }
void deallocate(void* memory, std::size_t) noexcept { ::operator delete(memory); }

#endif

}  // namespace rushrisk::huge_pages
