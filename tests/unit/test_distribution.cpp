// The 11 input distributions (engine/random/distribution.h): quantiles against closed
// forms and Boost.Math, the discrete tie rule, the mixture's inverse CDF, the support and
// monotonicity guarantees, and a goodness-of-fit test of each sampler.
#include "engine/random/distribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/random/philox_stream.h"

namespace rushrisk {
namespace {

namespace bm = boost::math;
constexpr double kInf = std::numeric_limits<double>::infinity();

// The uniforms of the spec's contract: relative error <= 1e-6 on (1e-9, 1 - 1e-9).
const std::vector<double> kContractUniforms = {1e-9, 1e-6, 0.01,     0.1,     0.5,
                                               0.9,  0.99, 1 - 1e-6, 1 - 1e-9};

// A distribution with its reference: quantile, P(X <= x), and P(X < x) (which differs
// from the CDF only at atoms).
struct Case {
  std::string name;
  Distribution dist;
  std::function<double(double)> quantile;
  std::function<double(double)> cdf;
  std::function<double(double)> cdf_below;
};

// The smallest double x with reached(x), for a predicate monotone in x with
// !reached(lo) and reached(hi): bisection down to adjacent doubles.
double smallest_reaching(const std::function<bool(double)>& reached, double lo, double hi) {
  for (int i = 0; i < 5000; ++i) {
    const double mid = lo + (hi - lo) / 2;
    if (mid == lo || mid == hi) break;
    (reached(mid) ? hi : lo) = mid;
  }
  return hi;
}

// A reference mixture quantile, independent of the engine: bisection on the mixture CDF
// (on its complement above the median, where 1 - u is exact).
std::function<double(double)> bisected_quantile(std::function<double(double)> cdf,
                                                std::function<double(double)> ccdf, double lo,
                                                double hi) {
  return [=](double u) {
    auto reached = [&](double x) { return u <= 0.5 ? cdf(x) >= u : ccdf(x) <= 1 - u; };
    return smallest_reaching(reached, lo, hi);
  };
}

// A Boost.Math continuous distribution as the reference (no atoms: P(X < x) = P(X <= x)).
template <class Dist>
Case continuous(std::string name, Distribution dist, Dist reference) {
  auto cdf = [reference](double x) {
    return x <= bm::support(reference).first ? 0.0 : bm::cdf(reference, x);
  };
  return {std::move(name), std::move(dist),
          [reference](double u) { return bm::quantile(reference, u); }, cdf, cdf};
}

Case pert_case() {
  const double min = 2, mode = 5, max = 20, lambda = 4;
  const bm::beta_distribution<> beta(1 + lambda * (mode - min) / (max - min),
                                     1 + lambda * (max - mode) / (max - min));
  auto cdf = [=](double x) {
    return x <= min ? 0.0 : x >= max ? 1.0 : bm::cdf(beta, (x - min) / (max - min));
  };
  return {"pert", Distribution::pert(min, mode, max, lambda),
          [=](double u) { return min + (max - min) * bm::quantile(beta, u); }, cdf, cdf};
}

// Normal(mean, sd) conditioned on X >= 0, from Boost's normal in 50-digit arithmetic, so
// that mean + sd z does not cancel when the truncation point is far above the mean.
Case truncated_normal_case(std::string name, double mean, double sd) {
  using Big = boost::multiprecision::cpp_bin_float_50;
  const bm::normal_distribution<Big> n(mean, sd);
  const Big below_zero = bm::cdf(n, Big(0));
  const Big above_zero = bm::cdf(bm::complement(n, Big(0)));
  auto quantile = [=](double u) {
    const Big p = below_zero + u * above_zero;
    const Big x =
        p < 0.5 ? bm::quantile(n, p) : bm::quantile(bm::complement(n, (1 - Big(u)) * above_zero));
    return x.convert_to<double>();
  };
  const bm::normal_distribution<> fast(mean, sd);
  const double fast_above_zero = bm::cdf(bm::complement(fast, 0.0));
  auto cdf = [=](double x) {
    if (x <= 0) return 0.0;
    // Double precision is plenty away from the lower end; 50 digits only near it.
    const double estimate = 1.0 - bm::cdf(bm::complement(fast, x)) / fast_above_zero;
    if (estimate > 1e-3) return estimate;
    return Big((bm::cdf(n, Big(x)) - below_zero) / above_zero).convert_to<double>();
  };
  return {std::move(name), Distribution::normal(mean, sd, true), quantile, cdf, cdf};
}

// Finite support: value -> probability.
Case atoms_case(std::string name, Distribution dist, std::vector<double> values,
                std::vector<double> weights) {
  auto below = [=](double x, bool inclusive) {
    double sum = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i] < x || (inclusive && values[i] == x)) sum += weights[i];
    }
    return sum;
  };
  auto quantile = [=](double u) {
    double best = kInf;
    for (double v : values) {
      if (below(v, true) >= u) best = std::min(best, v);
    }
    return best;
  };
  return {std::move(name), std::move(dist), quantile, [=](double x) { return below(x, true); },
          [=](double x) { return below(x, false); }};
}

// 0.4 x fixed 0 + 0.6 x lognormal(median 20, p90 72): an atom at zero.
Case mixture_with_atom_case() {
  const double mu = std::log(20.0), sigma = std::log(72.0 / 20.0) / 1.2815515655446004;
  const bm::lognormal_distribution<> tail(mu, sigma);
  auto cdf = [=](double x) { return x < 0 ? 0.0 : 0.4 + 0.6 * (x > 0 ? bm::cdf(tail, x) : 0.0); };
  auto below = [=](double x) { return x <= 0 ? 0.0 : 0.4 + 0.6 * bm::cdf(tail, x); };
  auto quantile = [=](double u) { return u <= 0.4 ? 0.0 : bm::quantile(tail, (u - 0.4) / 0.6); };
  return {"mixture_with_atom_at_zero",
          Distribution::mixture(
              {{0.4, Distribution::fixed(0)}, {0.6, Distribution::lognormal(mu, sigma)}}),
          quantile, cdf, below};
}

// 0.3 x normal(5, 1) on [0, inf) + 0.7 x gamma(mean 20, sd 5): bimodal, continuous.
Case continuous_mixture_case() {
  const bm::normal_distribution<> n(5, 1);
  const double n_above_zero = bm::cdf(bm::complement(n, 0.0));
  const bm::gamma_distribution<> g(16, 1.25);
  auto cdf = [=](double x) {
    if (x <= 0) return 0.0;
    return 0.3 * (1 - bm::cdf(bm::complement(n, x)) / n_above_zero) + 0.7 * bm::cdf(g, x);
  };
  auto ccdf = [=](double x) {
    if (x <= 0) return 1.0;
    return 0.3 * bm::cdf(bm::complement(n, x)) / n_above_zero + 0.7 * bm::cdf(bm::complement(g, x));
  };
  return {"mixture_of_normal_and_gamma",
          Distribution::mixture(
              {{0.3, Distribution::normal(5, 1, true)}, {0.7, Distribution::gamma(20, 5)}}),
          bisected_quantile(cdf, ccdf, 0, 1e4), cdf, cdf};
}

// 0.5 x discrete {1, 2, 3} + 0.5 x uniform(0, 4): atoms inside a continuous part.
Case atoms_and_uniform_mixture_case() {
  const std::vector<double> values = {1, 2, 3}, weights = {0.2, 0.3, 0.5};
  auto atoms = [=](double x, bool inclusive) {
    double sum = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i] < x || (inclusive && values[i] == x)) sum += weights[i];
    }
    return sum;
  };
  auto cdf = [=](double x) { return 0.5 * atoms(x, true) + 0.5 * std::clamp(x / 4, 0.0, 1.0); };
  auto below = [=](double x) { return 0.5 * atoms(x, false) + 0.5 * std::clamp(x / 4, 0.0, 1.0); };
  return {"mixture_of_discrete_and_uniform",
          Distribution::mixture(
              {{0.5, Distribution::discrete(values, weights)}, {0.5, Distribution::uniform(0, 4)}}),
          bisected_quantile(
              cdf, [=](double x) { return 1 - cdf(x); }, -1, 5),
          cdf, below};
}

std::vector<Case> every_kind() {
  const double lognormal_sigma = std::log(72.0 / 20.0) / 1.2815515655446004;
  std::vector<Case> cases = {
      atoms_case("fixed", Distribution::fixed(3.5), {3.5}, {1.0}),
      continuous("uniform", Distribution::uniform(2, 10), bm::uniform_distribution<>(2, 10)),
      continuous("triangular", Distribution::triangular(1, 3, 10),
                 bm::triangular_distribution<>(1, 3, 10)),
      pert_case(),
      continuous("normal", Distribution::normal(10, 3, false), bm::normal_distribution<>(10, 3)),
      truncated_normal_case("normal_truncated_at_zero", 2, 3),
      truncated_normal_case("normal_truncated_far_above_its_mean", -5, 1),
      continuous("lognormal", Distribution::lognormal(std::log(20.0), lognormal_sigma),
                 bm::lognormal_distribution<>(std::log(20.0), lognormal_sigma)),
      continuous("exponential", Distribution::exponential(8),
                 bm::exponential_distribution<>(0.125)),
      continuous("gamma", Distribution::gamma(10, 4), bm::gamma_distribution<>(6.25, 1.6)),
      continuous("gamma_small_shape", Distribution::gamma(2, 5),
                 bm::gamma_distribution<>(0.16, 12.5)),
      // Values given out of order: sorted before inversion.
      atoms_case("discrete", Distribution::discrete({2, 0, 1}, {0.45, 0.2, 0.35}), {0, 1, 2},
                 {0.2, 0.35, 0.45}),
      atoms_case("empirical", Distribution::empirical({5, 1, 3, 2, 4, 3}), {1, 2, 3, 4, 5},
                 {1.0 / 6, 1.0 / 6, 2.0 / 6, 1.0 / 6, 1.0 / 6}),
      mixture_with_atom_case(),
      continuous_mixture_case(),
      atoms_and_uniform_mixture_case(),
  };
  return cases;
}

class EveryKind : public testing::TestWithParam<Case> {};

INSTANTIATE_TEST_SUITE_P(Distributions, EveryKind, testing::ValuesIn(every_kind()),
                         [](const testing::TestParamInfo<Case>& case_info) {
                           return case_info.param.name;
                         });

TEST_P(EveryKind, QuantileMatchesTheReferenceWithinTheContract) {
  const Case& c = GetParam();
  for (double u : kContractUniforms) {
    const double expected = c.quantile(u);
    EXPECT_NEAR(c.dist.quantile(u), expected, 1e-6 * std::fabs(expected)) << "u = " << u;
  }
}

TEST_P(EveryKind, QuantilesOfABatchAreTheQuantilesOneAtATime) {
  const Case& c = GetParam();
  std::vector<double> u(kContractUniforms.begin(), kContractUniforms.end());
  for (int i = 1; i < 1000; ++i) u.push_back(i / 1000.0);  // every tie of the cases' weights
  std::vector<double> batch(u.size());
  c.dist.quantiles(u, batch.data());
  for (std::size_t i = 0; i < u.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(batch[i]),
              std::bit_cast<std::uint64_t>(c.dist.quantile(u[i])))
        << "u = " << u[i];
  }
}

TEST(Distribution, ALongDiscreteTableGivesTheSameQuantilesInABatch) {
  std::vector<double> values, weights;
  for (int v = 0; v < 40; ++v) {
    values.push_back(v);
    weights.push_back(1.0 / 40);
  }
  const Distribution d = Distribution::discrete(values, weights);
  std::vector<double> u;
  for (int i = 0; i <= 4000; ++i) u.push_back(std::clamp(i / 4000.0, 1e-9, 1 - 1e-9));
  std::vector<double> batch(u.size());
  d.quantiles(u, batch.data());
  for (std::size_t i = 0; i < u.size(); ++i) EXPECT_EQ(batch[i], d.quantile(u[i])) << u[i];
}

TEST_P(EveryKind, CdfMatchesTheReference) {
  const Case& c = GetParam();
  for (double u : kContractUniforms) {
    const double x = c.quantile(u);
    EXPECT_NEAR(c.dist.cdf(x), c.cdf(x), 1e-12 + 1e-9 * c.cdf(x)) << "x = " << x;
  }
  EXPECT_EQ(c.dist.cdf(-1e300), 0.0);
  EXPECT_EQ(c.dist.cdf(1e300), 1.0);
}

TEST_P(EveryKind, QuantileIsMonotoneOnAFineGrid) {
  const Case& c = GetParam();
  std::vector<double> grid;
  for (double k = 16; k >= 1; k -= 0.125) grid.push_back(std::pow(10.0, -k));
  for (int i = 1; i < 100000; ++i) grid.push_back(i / 100000.0);
  for (double k = 1; k <= 16; k += 0.125) grid.push_back(1 - std::pow(10.0, -k));
  std::sort(grid.begin(), grid.end());
  double previous = -kInf;
  for (double u : grid) {
    const double q = c.dist.quantile(u);
    ASSERT_GE(q, previous) << "u = " << u;
    previous = q;
  }
}

TEST_P(EveryKind, ExtremeUniformsStayFiniteAndInsideTheSupport) {
  const Case& c = GetParam();
  for (double u : {0x1.0p-54, 1 - 0x1.0p-53}) {
    const double q = c.dist.quantile(u);
    EXPECT_TRUE(std::isfinite(q)) << "u = " << u;
    EXPECT_GE(q, c.dist.support_min()) << "u = " << u;
    EXPECT_LE(q, c.dist.support_max()) << "u = " << u;
  }
}

TEST_P(EveryKind, MeanIsTheIntegralOfTheQuantile) {
  // E[X] = integral of Q(u) over (0, 1), by the midpoint rule; the tails the rule misses
  // weigh less than the 1e-3 tolerance for every case here.
  const Case& c = GetParam();
  const int n = 50000;
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += c.dist.quantile((i + 0.5) / n);
  EXPECT_NEAR(c.dist.mean(), sum / n, 1e-3 * std::fabs(c.dist.mean()) + 1e-12);
}

// Kolmogorov-Smirnov by the DKW inequality: P(sup |F_n - F| > eps) <= 2 exp(-2 n eps^2),
// so eps = sqrt(ln(2 / alpha) / (2 n)) with alpha = 1e-6 gives a false-alarm rate of at
// most one in a million per case (eps = 0.0190 for n = 20000). The seed is fixed, so the
// test is deterministic; alpha says how unlucky a seed would have to be to fail.
TEST_P(EveryKind, SamplesThroughPhiloxMatchTheExactCdf) {
  const Case& c = GetParam();
  const int n = 20000;
  const double alpha = 1e-6;
  const double bound = std::sqrt(std::log(2 / alpha) / (2.0 * n));
  const PhiloxStream stream(20240501, stream_id("test"));
  std::vector<double> samples(n);
  for (int i = 0; i < n; ++i) samples[i] = c.dist.quantile(stream.uniform(i));
  std::sort(samples.begin(), samples.end());
  // F_n is a step function: the sup over x is reached at a sample value, comparing F_n
  // there with F, or F_n just below it with the left limit F(x-).
  double worst = 0;
  for (std::size_t i = 0; i < samples.size();) {
    std::size_t j = i;
    while (j < samples.size() && samples[j] == samples[i]) ++j;
    worst = std::max(worst, std::fabs(static_cast<double>(j) / n - c.cdf(samples[i])));
    worst = std::max(worst, std::fabs(static_cast<double>(i) / n - c.cdf_below(samples[i])));
    i = j;
  }
  EXPECT_LE(worst, bound);
}

// ---- Mixtures --------------------------------------------------------------------------

bool is_atom(const Case& c, double x) { return c.cdf(x) > c.cdf_below(x); }

TEST(Mixture, QuantileIsTheSmallestValueWhoseCdfReachesU) {
  for (const Case& c :
       {mixture_with_atom_case(), continuous_mixture_case(), atoms_and_uniform_mixture_case()}) {
    // The contract's range: closer to 1, a relative step of 1e-7 in x moves the CDF by
    // less than its own rounding.
    for (double u = 1e-9; u <= 1 - 1e-9; u = u < 0.5 ? u * 1.7 : 1 - (1 - u) / 1.7) {
      const double q = c.dist.quantile(u);
      // Above the median the quantile solves on the summed ccdf, which rounds differently
      // from the summed cdf by a few ulps of 1.
      EXPECT_GE(c.dist.cdf(q), u - 1e-15) << c.name << " u = " << u;
      const double below = q - 1e-7 * std::fabs(q);
      if (!is_atom(c, q)) {
        EXPECT_LT(c.dist.cdf(below), u) << c.name << " u = " << u;
      }
    }
  }
}

TEST(Mixture, ReturnsTheAtomExactlyWhenItHoldsU) {
  const Case c = mixture_with_atom_case();
  for (double u : {1e-12, 0.1, 0.3999999, 0.4}) EXPECT_EQ(c.dist.quantile(u), 0.0) << u;
  EXPECT_GT(c.dist.quantile(0.4000001), 0.0);
  const Case mixed = atoms_and_uniform_mixture_case();
  // F(1-) = 0.125, F(1) = 0.225.
  EXPECT_EQ(mixed.dist.quantile(0.13), 1.0);
  EXPECT_EQ(mixed.dist.quantile(0.2249), 1.0);
  EXPECT_GT(mixed.dist.quantile(0.2251), 1.0);
}

TEST(Mixture, OfMixturesMatchesTheFlattenedMixture) {
  const Distribution inner =
      Distribution::mixture({{0.5, Distribution::exponential(3)}, {0.5, Distribution::fixed(1)}});
  const Distribution nested =
      Distribution::mixture({{0.6, inner}, {0.4, Distribution::uniform(2, 6)}});
  const Distribution flat = Distribution::mixture({{0.3, Distribution::exponential(3)},
                                                   {0.3, Distribution::fixed(1)},
                                                   {0.4, Distribution::uniform(2, 6)}});
  for (double u : kContractUniforms) {
    EXPECT_NEAR(nested.quantile(u), flat.quantile(u), 1e-12 * flat.quantile(u)) << u;
  }
  EXPECT_DOUBLE_EQ(nested.mean(), flat.mean());
}

// ---- Discrete and empirical ------------------------------------------------------------

TEST(Discrete, PicksTheLowerValueWhenUEqualsACumulativeWeight) {
  const Distribution d = Distribution::discrete({0, 1, 2}, {0.2, 0.35, 0.45});
  EXPECT_EQ(d.quantile(0.2), 0.0);
  EXPECT_EQ(d.quantile(0.2000001), 1.0);
  // 0.2 + 0.35 is 0.55 only up to rounding; the tie still goes to the lower value.
  EXPECT_EQ(d.quantile(0.55), 1.0);
  EXPECT_EQ(d.quantile(0.5500001), 2.0);
  EXPECT_EQ(d.quantile(1 - 0x1.0p-53), 2.0);
}

TEST(Discrete, SortsValuesAndIgnoresZeroWeights) {
  const Distribution d = Distribution::discrete({3, 9, 1}, {0.5, 0.0, 0.5});
  EXPECT_EQ(d.quantile(0.25), 1.0);
  EXPECT_EQ(d.quantile(0.75), 3.0);
  EXPECT_EQ(d.support_min(), 1.0);
  EXPECT_EQ(d.support_max(), 3.0);
  EXPECT_DOUBLE_EQ(d.mean(), 2.0);
}

TEST(Empirical, SortsSamplesAndGivesEachAnEqualWeight) {
  const Distribution d = Distribution::empirical({5, 1, 3, 2, 4});
  EXPECT_EQ(d.quantile(0x1.0p-54), 1.0);
  EXPECT_EQ(d.quantile(0.2), 1.0);
  EXPECT_EQ(d.quantile(0.2000001), 2.0);
  EXPECT_EQ(d.quantile(0.6), 3.0);
  EXPECT_EQ(d.quantile(0.6000001), 4.0);
  EXPECT_EQ(d.quantile(0.99), 5.0);
  EXPECT_DOUBLE_EQ(d.cdf(3.5), 0.6);
  EXPECT_DOUBLE_EQ(d.mean(), 3.0);
}

// ---- Truncated normal ------------------------------------------------------------------

TEST(TruncatedNormal, StaysFiniteAndNonNegativeFarAboveItsMean) {
  const Distribution d = Distribution::normal(-5, 1, true);
  for (double u : {1e-9, 0.5, 1 - 1e-9, 0x1.0p-54, 1 - 0x1.0p-53}) {
    const double q = d.quantile(u);
    EXPECT_TRUE(std::isfinite(q)) << u;
    EXPECT_GE(q, 0.0) << u;
  }
  // Conditioned on X >= 0, X is close to exponential with rate 5: median ~ ln 2 / 5.
  EXPECT_NEAR(d.quantile(0.5), std::log(2.0) / 5, 0.01);
}

TEST(TruncatedNormal, KeepsFullPrecisionNearTheTruncationPoint) {
  // Near zero, mean + sd z cancels; the engine integrates the density from zero instead.
  // Measured worst: 3.6e-13 for mean -30 sd 1 (above the median, ~eps a^2), else ~1e-14.
  for (const auto& [mean, sd] : std::vector<std::pair<double, double>>{
           {-5, 1}, {0, 1}, {2, 3}, {-0.1, 1}, {-30, 1}, {10, 1}}) {
    const Case c = truncated_normal_case("tight", mean, sd);
    for (double u : kContractUniforms) {
      const double expected = c.quantile(u);
      EXPECT_NEAR(c.dist.quantile(u), expected, 1e-12 * expected) << mean << " " << u;
      EXPECT_NEAR(c.dist.cdf(expected), u, 1e-12 * u + 0x1.0p-52) << mean << " " << u;
    }
  }
}

TEST(TruncatedNormal, IsConditionedNotClipped) {
  // Clipping would put mass 0.5 at zero; conditioning leaves no atom.
  const Distribution d = Distribution::normal(0, 2, true);
  EXPECT_EQ(d.cdf(0.0), 0.0);
  EXPECT_GT(d.quantile(0.25), 0.0);
  EXPECT_NEAR(d.quantile(0.5), 2 * 0.6744897501960817, 1e-12);
  EXPECT_NEAR(d.mean(), 2 * std::sqrt(2 / std::numbers::pi), 1e-12);
}

// ---- Degenerate and integer-valued -----------------------------------------------------

TEST(Degenerate, PointRangesGiveTheirValueWithoutDividingByZero) {
  for (const Distribution& d :
       {Distribution::fixed(4), Distribution::uniform(4, 4), Distribution::triangular(4, 4, 4),
        Distribution::pert(4, 4, 4), Distribution::discrete({4}, {1}),
        Distribution::empirical({4, 4})}) {
    EXPECT_TRUE(d.is_degenerate()) << to_string(d.kind());
    EXPECT_TRUE(d.is_integer_valued()) << to_string(d.kind());
    for (double u : {0x1.0p-54, 0.5, 1 - 0x1.0p-53}) EXPECT_EQ(d.quantile(u), 4.0);
    EXPECT_EQ(d.cdf(3.999), 0.0);
    EXPECT_EQ(d.cdf(4.0), 1.0);
    EXPECT_EQ(d.mean(), 4.0);
  }
  EXPECT_TRUE(Distribution().is_degenerate());
  EXPECT_EQ(Distribution().quantile(0.5), 0.0);
  EXPECT_FALSE(Distribution::uniform(0, 1).is_degenerate());
  EXPECT_FALSE(Distribution::discrete({1, 2}, {0.5, 0.5}).is_degenerate());
}

TEST(IntegerValued, HoldsForIntegerAtomsOnly) {
  EXPECT_TRUE(Distribution::discrete({0, 1, 2}, {0.2, 0.35, 0.45}).is_integer_valued());
  EXPECT_FALSE(Distribution::discrete({0.5, 1}, {0.5, 0.5}).is_integer_valued());
  EXPECT_TRUE(Distribution::empirical({3, 1, 2}).is_integer_valued());
  EXPECT_FALSE(Distribution::fixed(2.5).is_integer_valued());
  EXPECT_FALSE(Distribution::uniform(0, 10).is_integer_valued());
  EXPECT_FALSE(Distribution::gamma(3, 1).is_integer_valued());
  EXPECT_TRUE(Distribution::mixture({{0.5, Distribution::fixed(0)},
                                     {0.5, Distribution::discrete({1, 2}, {0.5, 0.5})}})
                  .is_integer_valued());
  EXPECT_FALSE(
      Distribution::mixture({{0.5, Distribution::fixed(0)}, {0.5, Distribution::exponential(1)}})
          .is_integer_valued());
}

TEST(Support, CoversWhereTheDistributionPutsMass) {
  EXPECT_EQ(Distribution::normal(1, 1, false).support_min(), -kInf);
  EXPECT_EQ(Distribution::normal(1, 1, true).support_min(), 0.0);
  EXPECT_EQ(Distribution::lognormal(0, 1).support_max(), kInf);
  EXPECT_EQ(Distribution::pert(1, 2, 8).support_max(), 8.0);
  const Distribution mix =
      Distribution::mixture({{0.5, Distribution::uniform(3, 4)}, {0.5, Distribution::fixed(9)}});
  EXPECT_EQ(mix.support_min(), 3.0);
  EXPECT_EQ(mix.support_max(), 9.0);
}

TEST(DistKindNames, AreTheSpecsLowercaseNames) {
  const std::vector<std::pair<DistKind, std::string>> names = {
      {DistKind::fixed, "fixed"},
      {DistKind::uniform, "uniform"},
      {DistKind::triangular, "triangular"},
      {DistKind::pert, "pert"},
      {DistKind::normal, "normal"},
      {DistKind::lognormal, "lognormal"},
      {DistKind::exponential, "exponential"},
      {DistKind::gamma, "gamma"},
      {DistKind::discrete, "discrete"},
      {DistKind::empirical, "empirical"},
      {DistKind::mixture, "mixture"}};
  for (const auto& [kind, name] : names) EXPECT_EQ(to_string(kind), name);
}

// ---- Factory preconditions -------------------------------------------------------------

std::string check_message(const std::function<void()>& build) {
  try {
    build();
  } catch (const std::logic_error& e) {
    return e.what();
  }
  return "no exception";
}

TEST(Factories, ThrowLogicErrorNamingBothValues) {
  EXPECT_EQ(check_message([] { Distribution::uniform(3, 2); }),
            "CHECK failed: uniform: min <= max (3 vs 2)");
  EXPECT_EQ(check_message([] { Distribution::triangular(1, 5, 4); }),
            "CHECK failed: triangular: mode <= max (5 vs 4)");
}

TEST(Factories, RejectWhatTheParserRejects) {
  EXPECT_THROW(Distribution::triangular(2, 1, 4), std::logic_error);
  EXPECT_THROW(Distribution::pert(1, 2, 3, 0), std::logic_error);
  EXPECT_THROW(Distribution::pert(1, 4, 3), std::logic_error);
  EXPECT_THROW(Distribution::normal(1, 0, true), std::logic_error);
  EXPECT_THROW(Distribution::lognormal(1, -1), std::logic_error);
  EXPECT_THROW(Distribution::exponential(0), std::logic_error);
  EXPECT_THROW(Distribution::gamma(1, 0), std::logic_error);
  EXPECT_THROW(Distribution::discrete({}, {}), std::logic_error);
  EXPECT_THROW(Distribution::discrete({1, 2}, {0.5}), std::logic_error);
  EXPECT_THROW(Distribution::discrete({1, 2}, {0.5, 0.4}), std::logic_error);
  EXPECT_THROW(Distribution::discrete({1, 2}, {1.5, -0.5}), std::logic_error);
  EXPECT_THROW(Distribution::empirical({}), std::logic_error);
  EXPECT_THROW(Distribution::mixture({}), std::logic_error);
  EXPECT_THROW(Distribution::mixture({{0.5, Distribution::fixed(1)}}), std::logic_error);
  EXPECT_THROW(Distribution::uniform(0, kInf), std::logic_error);
  // Weights off by less than 1e-9 are accepted and renormalised.
  EXPECT_EQ(Distribution::discrete({1, 2}, {0.5, 0.5 + 5e-10}).quantile(1 - 0x1.0p-53), 2.0);
}

}  // namespace
}  // namespace rushrisk
