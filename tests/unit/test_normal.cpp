// The standard normal CDF and quantile (engine/random/normal.h) against Boost.Math.
#include "engine/random/normal.h"

#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <vector>

namespace rushrisk {
namespace {

double boost_quantile(double p) { return boost::math::quantile(boost::math::normal(), p); }

double relative_error(double value, double reference) {
  return std::fabs(value - reference) / std::fabs(reference);
}

TEST(NormalQuantile, IsExactlyZeroAtOneHalf) { EXPECT_EQ(normal_quantile(0.5), 0.0); }

TEST(NormalQuantile, GivesTheFamiliar975Point) {
  EXPECT_LE(relative_error(normal_quantile(0.975), 1.959963984540054), 1e-15);
}

TEST(NormalQuantile, MatchesBoostAtKnownPointsToFullPrecision) {
  // Both sides of each region boundary of AS 241 (|p - 0.5| = 0.425, and r = 5, i.e.
  // p = exp(-25)), deep tails, and the smallest subnormal.
  const std::vector<double> points = {
      0.975, 1e-10,  1 - 1e-10, 1e-300,          0.1,
      0.9,   0.075,  0.0749999, 0.925,           0.9250001,
      1e-3,  1e-6,   1 - 1e-6,  1e-15,           1e-20,
      1e-50, 1e-100, 1e-200,    std::exp(-25.0), 2.2250738585072014e-308};
  for (double p : points) {
    EXPECT_LE(relative_error(normal_quantile(p), boost_quantile(p)), 1e-14) << "p = " << p;
  }
}

TEST(NormalQuantile, IsInfiniteAtZeroAndOne) {
  EXPECT_EQ(normal_quantile(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(normal_quantile(1.0), std::numeric_limits<double>::infinity());
}

TEST(NormalQuantile, IsNotANumberOutsideTheUnitInterval) {
  EXPECT_TRUE(std::isnan(normal_quantile(-0.1)));
  EXPECT_TRUE(std::isnan(normal_quantile(1.5)));
  EXPECT_TRUE(std::isnan(normal_quantile(std::nan(""))));
}

TEST(NormalQuantile, RoundTripsThroughTheCdf) {
  // Phi(Phi^-1(p)) = p up to the conditioning of Phi: a relative error e in x becomes
  // about x^2 e in p, so the bound grows with x^2 (measured worst: 7.5e-16 (1 + x^2)).
  for (double p = 1e-300; p < 0.5; p *= 3.7) {
    const double x = normal_quantile(p);
    const double bound = 2e-15 * (1 + x * x);
    EXPECT_LE(relative_error(normal_cdf(x), p), bound) << "p = " << p;
    EXPECT_LE(relative_error(normal_ccdf(-x), p), bound) << "p = " << p;
  }
}

TEST(NormalQuantile, IsExactlyAntisymmetric) {
  // q is chosen so that 1 - q is exact; then Phi^-1(q) = -Phi^-1(1 - q) holds bit for bit.
  for (double tail : {0.3, 0.1, 0.07, 1e-3, 1e-8, 1e-12, 1e-15}) {
    const double q = 1.0 - tail;
    EXPECT_EQ(normal_quantile(q), -normal_quantile(1.0 - q)) << "tail = " << tail;
  }
}

TEST(NormalCdf, MatchesBoostInBothTails) {
  const boost::math::normal standard;
  for (double x = -37.5; x <= 8.5; x += 0.37) {
    const double cdf = boost::math::cdf(standard, x);
    const double ccdf = boost::math::cdf(boost::math::complement(standard, x));
    // erfc's argument x/sqrt(2) carries one rounding, amplified by about x^2.
    const double bound = 1e-15 * (4 + x * x);
    EXPECT_LE(relative_error(normal_cdf(x), cdf), bound) << "x = " << x;
    EXPECT_LE(relative_error(normal_ccdf(x), ccdf), bound) << "x = " << x;
  }
}

TEST(NormalCdf, IsSymmetricAndComplementary) {
  for (double x : {-30.0, -5.0, -1.0, 0.0, 0.3, 2.0, 9.0}) {
    EXPECT_EQ(normal_ccdf(x), normal_cdf(-x)) << "x = " << x;
    EXPECT_NEAR(normal_cdf(x) + normal_ccdf(x), 1.0, 2e-16) << "x = " << x;
  }
  EXPECT_EQ(normal_cdf(0.0), 0.5);
}

}  // namespace
}  // namespace rushrisk
