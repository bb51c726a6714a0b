// Streaming quantiles: exact rank, bounded error, order-independent merge.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/random/philox_stream.h"
#include "engine/sim/binned_quantiles.h"
#include "engine/random/vector_code.h"

namespace rushrisk {
namespace {

// The contract's inverse empirical CDF: smallest x with #{<= x} >= p N.
double exact_quantile(std::vector<double> v, int percent) {
  std::sort(v.begin(), v.end());
  const std::size_t rank = std::max<std::size_t>(1, (percent * v.size() + 99) / 100);
  return v[rank - 1];
}

TEST(BinnedQuantiles, ErrorIsAtMostHalfABin) {
  BinnedQuantiles q(0, 1, 1000);
  std::vector<double> values;
  const PhiloxStream stream(3, stream_id("binned"));
  for (std::uint64_t i = 0; i < 10000; ++i) {
    values.push_back(stream.uniform(i));
    q.add(values.back());
  }
  for (int p : {1, 10, 50, 80, 90, 95, 100}) {
    EXPECT_NEAR(q.quantile_percent(p), exact_quantile(values, p), q.error_bound()) << p;
  }
}

TEST(BinnedQuantiles, RepeatedValuesAreExact) {
  BinnedQuantiles q(0, 1, 7);
  for (int i = 0; i < 45; ++i) q.add(0.7);
  for (int i = 0; i < 55; ++i) q.add(1.0);
  EXPECT_EQ(q.quantile_percent(10), 0.7);
  EXPECT_EQ(q.quantile_percent(45), 0.7);
  EXPECT_EQ(q.quantile_percent(46), 1.0);
}

TEST(BinnedQuantiles, InfinityLandsInTheOverflowBin) {
  BinnedQuantiles q(0, 10, 10);
  q.add(1);
  q.add(INFINITY);
  EXPECT_EQ(q.quantile_percent(50), 1);
  EXPECT_EQ(q.quantile_percent(51), INFINITY);
}

// The underflow bin is unbounded below as the overflow bin is above: a quantile in it reads
// its infinite end, not the NaN of a midpoint of -inf and a finite value.
TEST(BinnedQuantiles, MinusInfinityLandsInTheUnderflowBin) {
  BinnedQuantiles q(0, 10, 10);
  q.add(-INFINITY);
  q.add(-1);
  q.add(5);
  q.add(5);
  EXPECT_EQ(q.quantile_percent(25), -INFINITY);
  EXPECT_EQ(q.quantile_percent(50), -INFINITY);
  EXPECT_EQ(q.quantile_percent(51), 5);
}

// Empty bins start with min +inf and max -inf: the first value must still become both,
// whatever its sign, and a bin's own -0.0 must survive a later +0.0.
TEST(BinnedQuantiles, TheFirstValueOfABinIsItsMinAndMax) {
  BinnedQuantiles q(-1, 1, 4);
  q.add(-0.75);
  q.add(-0.0);
  q.add(0.0);
  EXPECT_EQ(q.quantile_percent(33), -0.75);
  EXPECT_TRUE(std::signbit(q.quantile_percent(66)));
  EXPECT_EQ(q.quantile_percent(100), 0.0);
}

TEST(BinnedQuantiles, ABinOfNaNsAloneGivesNaN) {
  BinnedQuantiles q(0, 1, 4);
  q.add(0.5);
  q.add(std::nan(""));
  EXPECT_EQ(q.quantile_percent(50), 0.5);
  EXPECT_TRUE(std::isnan(q.quantile_percent(100)));
}

// indices_of() is bin_of() without branches, for loops that vectorise: the same bin for
// every value, edges, out-of-range values, infinities and NaN included.
TEST(BinnedQuantiles, IndicesOfFindTheBinsBinForFinds) {
  BinnedQuantiles q(-1.0 / 120, 48 + 1.0 / 120, 48 * 60 + 1);
  const double width = q.bin_width();
  std::vector<double> values = {-INFINITY, -1e300, -1,    -0.0,     0.0,
                                48,        48.5,   1e300, INFINITY, std::nan("")};
  for (int k = 0; k <= 48 * 60 + 2; ++k) {  // every edge, `low` and `high` included
    const double edge = -1.0 / 120 + k * width;
    values.insert(values.end(),
                  {std::nextafter(edge, -INFINITY), edge, std::nextafter(edge, INFINITY)});
  }
  // As baseline code, and as the tally runs it: compiled for the widest vector path.
  std::vector<std::int32_t> indices(values.size()), vector_indices(values.size());
  q.indices_of(values.data(), values.size(), indices.data());
  const auto in_vectors = [&]() RUSHRISK_INLINE {
    q.indices_of(values.data(), values.size(), vector_indices.data());
  };
  if (!in_vector_code(in_vectors)) in_vectors();
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(&q.bin_at(indices[i]), &q.bin_for(values[i])) << values[i];
    EXPECT_EQ(vector_indices[i], indices[i]) << values[i];
  }
}

TEST(BinnedQuantiles, MergeIsOrderIndependent) {
  BinnedQuantiles a(0, 1, 64), b(0, 1, 64), all(0, 1, 64);
  const PhiloxStream stream(5, stream_id("merge"));
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const double u = stream.uniform(i);
    (i % 3 ? a : b).add(u);
    all.add(u);
  }
  BinnedQuantiles ab = a, ba = b;
  ab.merge(b);
  ba.merge(a);
  for (int p = 1; p <= 100; ++p) {
    EXPECT_EQ(ab.quantile_percent(p), ba.quantile_percent(p));
    EXPECT_EQ(ab.quantile_percent(p), all.quantile_percent(p));
  }
}

}  // namespace
}  // namespace rushrisk
