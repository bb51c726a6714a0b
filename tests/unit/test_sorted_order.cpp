// sorted_order gives the permutation std::stable_sort gives, for columns like the drivers'
// (continuous, discrete, indicators), and for the cases its radix passes treat apart:
// values that share the high half of their keys, signs and zeros, every digit alike.
#include "engine/decide/sorted_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

namespace rushrisk {
namespace {

std::vector<std::uint32_t> stable_order(const std::vector<double>& values) {
  std::vector<std::uint32_t> order(values.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return values[a] < values[b]; });
  return order;
}

std::vector<double> column(std::size_t n, auto&& draw) {
  std::mt19937_64 rng(20261202);
  std::vector<double> v(n);
  for (double& x : v) x = draw(rng);
  return v;
}

TEST(SortedOrder, OrdersAContinuousColumnAsStableSortDoes) {
  const auto v = column(50000, [](auto& rng) { return std::lognormal_distribution<>(3, 1)(rng); });
  EXPECT_EQ(sorted_order(v), stable_order(v));
}

TEST(SortedOrder, KeepsEqualValuesInIndexOrder) {
  const auto discrete = column(50000, [](auto& rng) { return double(rng() % 4); });
  EXPECT_EQ(sorted_order(discrete), stable_order(discrete));
  const auto indicator = column(50000, [](auto& rng) { return double(rng() % 20 == 0); });
  EXPECT_EQ(sorted_order(indicator), stable_order(indicator));
  const std::vector<double> constant(1000, 2.5);
  EXPECT_EQ(sorted_order(constant), stable_order(constant));
}

// Values a few ulps apart share the high 32 bits of their keys: only the low half tells
// them apart, and it must not undo the index order of the equal ones among them.
TEST(SortedOrder, OrdersValuesThatDifferOnlyInTheirLastBits) {
  const auto v = column(20000, [](auto& rng) {
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(1.5) + rng() % 64);
  });
  EXPECT_EQ(sorted_order(v), stable_order(v));
}

TEST(SortedOrder, OrdersNegativesAndZerosOfBothSigns) {
  auto v = column(20000, [](auto& rng) {
    const double x = std::normal_distribution<>(0, 1e-3)(rng);
    return rng() % 5 == 0 ? (rng() % 2 ? 0.0 : -0.0) : x;
  });
  v.push_back(-INFINITY);
  v.push_back(INFINITY);
  v.push_back(-0.0);
  EXPECT_EQ(sorted_order(v), stable_order(v));
}

TEST(SortedOrder, HandlesEmptyAndSingleColumns) {
  EXPECT_TRUE(sorted_order({}).empty());
  const std::vector<double> one{7.0};
  EXPECT_EQ(sorted_order(one), std::vector<std::uint32_t>{0});
}

}  // namespace
}  // namespace rushrisk
