#include "engine/decide/sorted_order.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <utility>

namespace rushrisk {
namespace {

// An unsigned key that sorts as the double does (-0 as +0).
std::uint64_t sort_key(double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value == 0 ? 0.0 : value);
  return bits >> 63 ? ~bits : bits | std::uint64_t{1} << 63;
}

constexpr int kDigitBits = 8;
constexpr int kDigits = 32 / kDigitBits;  // of a key's high half
constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
constexpr std::uint64_t kHighHalf = 0xFFFFFFFF00000000u;

std::uint32_t index_of(std::uint64_t item) { return static_cast<std::uint32_t>(item); }
std::size_t digit(std::uint64_t item, int d) {
  return item >> (32 + d * kDigitBits) & (kBuckets - 1);
}

// Sorts items [begin, end), which share their keys' high half, by the low half of their
// values' keys, equal ones keeping their (index) order. The high half settles nearly every
// comparison of unequal values, so this is mostly a check that finds the run in order.
void order_by_low_half(std::span<const double> values, std::uint64_t* begin, std::uint64_t* end) {
  const auto low_half = [&](std::uint64_t item) {
    return static_cast<std::uint32_t>(sort_key(values[index_of(item)]));
  };
  const auto by_low_half = [&](std::uint64_t a, std::uint64_t b) {
    return low_half(a) < low_half(b);
  };
  if (!std::is_sorted(begin, end, by_low_half)) std::stable_sort(begin, end, by_low_half);
}

}  // namespace

// A least-significant-digit radix sort (stable) of items that hold a key's high half over
// the value's index: starting from index order, it orders them by (high half, index) in
// four passes of 8-byte items, each skipped where every item has the same digit; runs
// that share a high half (equal values, mostly) are then ordered by the low half. Half
// the passes, and two thirds of the bytes each, of sorting the full keys with their
// indices alongside.
std::vector<std::uint32_t> sorted_order(std::span<const double> values) {
  const std::size_t n = values.size();
  if (n > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("sorted_order: more values than 32-bit indices can address");
  }
  std::vector<std::uint64_t> items(n), next(n);
  std::array<std::array<std::size_t, kBuckets>, kDigits> count{};
  for (std::size_t i = 0; i < n; ++i) {
    items[i] = (sort_key(values[i]) & kHighHalf) | i;
    for (int d = 0; d < kDigits; ++d) ++count[d][digit(items[i], d)];
  }
  for (int d = 0; d < kDigits; ++d) {
    std::array<std::size_t, kBuckets>& start = count[d];
    if (std::find(start.begin(), start.end(), n) != start.end()) continue;  // one digit for all
    std::size_t sum = 0;
    for (std::size_t& s : start) sum += std::exchange(s, sum);
    for (std::uint64_t item : items) next[start[digit(item, d)]++] = item;
    items.swap(next);
  }
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && (items[j] & kHighHalf) == (items[i] & kHighHalf)) ++j;
    if (j - i > 1) order_by_low_half(values, items.data() + i, items.data() + j);
    i = j;
  }
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = index_of(items[i]);
  return order;
}

}  // namespace rushrisk
