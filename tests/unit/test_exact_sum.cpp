// ExactSum: order-independent sums, rounding each value to a multiple of 2^-40 exactly as
// std::llrint would (to nearest, ties to even).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/random/philox_stream.h"
#include "engine/sim/exact_sum.h"
#include "engine/random/vector_code.h"

namespace rushrisk {
namespace {

// The sum of one value, as the integer count of 2^-40 it holds.
double one(double x) {
  ExactSum sum;
  sum.add(x);
  return sum.value();
}

TEST(ExactSum, RoundsEachValueToTheNearestTiesToEven) {
  const PhiloxStream stream(3, stream_id("exact_sum"));
  std::vector<double> values{0.0,        0.5,           -0.5,           1.5, -1.5, 0x1.0p-41,
                             -0x1.0p-41, 3 * 0x1.0p-41, -3 * 0x1.0p-41, 4e6, -4e6};
  for (std::uint64_t i = 0; i < 100000; ++i) {
    const UniformPair u = stream.uniforms(i);
    values.push_back((u.first - 0.5) * std::ldexp(1.0, static_cast<int>(u.second * 60) - 38));
  }
  for (double x : values) {
    const double want = static_cast<double>(std::llrint(x * ExactSum::kScale)) / ExactSum::kScale;
    ASSERT_EQ(one(x), want) << x;
  }
  // Ties: half a unit goes to the even neighbour, either way from zero.
  EXPECT_EQ(one(0x1.0p-41), 0.0);
  EXPECT_EQ(one(-0x1.0p-41), 0.0);
  EXPECT_EQ(one(3 * 0x1.0p-41), 2 * 0x1.0p-40);
  EXPECT_EQ(one(-5 * 0x1.0p-41), -2 * 0x1.0p-40);
}

// add_all() takes each value apart in doubles instead of converting it: the same total
// as add() value by value, at ties, at the ends of the range, and at every scale between.
TEST(ExactSum, AddAllAddsAsAddDoes) {
  const PhiloxStream stream(6, stream_id("exact_sum"));
  std::vector<double> values{0.0,
                             -0.0,
                             0x1.0p-41,
                             -0x1.0p-41,
                             3 * 0x1.0p-41,
                             -3 * 0x1.0p-41,
                             0x1.0p-1074,
                             4e6,
                             -4e6,
                             0x1.fffffffffffffp21,
                             -0x1.fffffffffffffp21,
                             0x1.0p11 + 0x1.0p-41,
                             -0x1.0p-9 - 0x1.0p-41};
  for (std::uint64_t i = 0; i < 20000; ++i) {
    const UniformPair u = stream.uniforms(i);
    const double x = (u.first - 0.5) * std::ldexp(1.0, static_cast<int>(u.second * 80) - 58);
    values.push_back(x);
    // A tie: an odd multiple of 2^-41 of about the same size.
    values.push_back(std::ldexp(2 * std::trunc(std::ldexp(x, 30)) + 1, -41));
  }
  // As baseline code, and as the tally runs it: compiled for the widest vector path.
  for (double x : values) {
    ExactSum one_by_one, all, in_vector;
    one_by_one.add(x);
    all.add_all(&x, 1);
    const auto in_vectors = [&]() RUSHRISK_INLINE { in_vector.add_all(&x, 1); };
    if (!in_vector_code(in_vectors)) in_vectors();
    ASSERT_EQ(all, one_by_one) << x;
    ASSERT_EQ(in_vector, one_by_one) << x;
  }
  ExactSum one_by_one, all;
  for (double x : values) one_by_one.add(x);
  const auto in_vectors = [&]() RUSHRISK_INLINE {
    for (std::size_t first = 0; first < values.size(); first += 64) {
      all.add_all(values.data() + first, std::min<std::size_t>(64, values.size() - first));
    }
  };
  if (!in_vector_code(in_vectors)) in_vectors();
  EXPECT_EQ(all, one_by_one);
}

TEST(ExactSum, GivesTheSameBitsInAnyOrder) {
  const PhiloxStream stream(4, stream_id("exact_sum"));
  ExactSum forward, backward;
  std::vector<double> values;
  for (std::uint64_t i = 0; i < 10000; ++i) values.push_back(stream.uniform(i) * 100 - 30);
  for (double x : values) forward.add(x);
  for (auto it = values.rbegin(); it != values.rend(); ++it) backward.add(*it);
  EXPECT_EQ(forward, backward);
}

}  // namespace
}  // namespace rushrisk
