// HugePageAllocator: large arrays behave as with std::allocator, whatever pages back them.
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "engine/sim/huge_page_allocator.h"

namespace rushrisk {
namespace {

TEST(HugePageAllocator, LargeAndSmallArraysHoldWhatIsWritten) {
  // Below, at, and well above the 2 MiB at which huge pages are asked for.
  for (std::size_t n : {std::size_t{1}, std::size_t{1000}, std::size_t{1} << 18,
                        (std::size_t{3} << 20) / sizeof(std::uint64_t) + 7}) {
    std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> values(n);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(values.data()) % alignof(std::max_align_t), 0u);
    std::iota(values.begin(), values.end(), std::uint64_t{5});
    EXPECT_EQ(values.front(), 5u);
    EXPECT_EQ(values.back(), n + 4);
    EXPECT_EQ(std::accumulate(values.begin(), values.end(), std::uint64_t{0}),
              n * (n - 1) / 2 + 5 * n);
  }
}

TEST(HugePageAllocator, AVectorGrowsAndShrinksThroughIt) {
  std::vector<double, HugePageAllocator<double>> values;
  for (int i = 0; i < 600000; ++i) values.push_back(i * 0.5);  // regrows past 2 MiB
  EXPECT_EQ(values[599999], 299999.5);
  values.resize(10);
  values.shrink_to_fit();
  EXPECT_EQ(values.size(), 10u);
  EXPECT_EQ(values[9], 4.5);
}

}  // namespace
}  // namespace rushrisk
