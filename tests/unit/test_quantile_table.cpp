// The tabulated quantiles the simulation uses: within the contract's 1e-6 relative error
// of the exact quantile on (1e-9, 1 - 1e-9), monotone, and safe at the extreme uniforms.
// Also pins the first draws of every distribution kind through the sampler the engine uses.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "engine/random/input_sampler.h"
#include "engine/random/normal.h"
#include "engine/random/normal_scale_table.h"
#include "engine/random/philox_batch.h"
#include "engine/random/philox_stream.h"
#include "engine/random/quantile_table.h"

namespace rushrisk {
namespace {

struct Case {
  std::string name;
  Distribution dist;
};

std::vector<Case> every_kind() {
  const double sigma = std::log(72.0 / 20.0) / normal_quantile(0.9);
  return {
      {"fixed", Distribution::fixed(3)},
      {"uniform", Distribution::uniform(1, 12)},
      {"triangular", Distribution::triangular(1, 3, 12)},
      {"pert", Distribution::pert(14, 22, 40)},
      {"pert_min_zero", Distribution::pert(0, 0, 10, 4)},
      {"normal", Distribution::normal(20, 5, true)},
      {"normal_mostly_truncated", Distribution::normal(-2, 3, true)},
      {"lognormal", Distribution::lognormal(std::log(20.0), sigma)},
      {"exponential", Distribution::exponential(20)},
      {"gamma", Distribution::gamma(8, 10)},
      {"discrete", Distribution::discrete({0, 1, 2, 3}, {0.15, 0.5, 0.3, 0.05})},
      {"empirical", Distribution::empirical({4, 1, 7, 2, 2})},
      {"mixture_bank_deck",
       Distribution::mixture(
           {{0.4, Distribution::fixed(0)}, {0.6, Distribution::lognormal(std::log(20.0), sigma)}})},
      {"mixture_gamma_uniform", Distribution::mixture({{0.5, Distribution::gamma(30, 24)},
                                                       {0.5, Distribution::uniform(5, 9)}})},
      {"mixture_atom_inside", Distribution::mixture({{0.3, Distribution::fixed(10)},
                                                     {0.7, Distribution::pert(2, 8, 30)}})},
  };
}

class SamplerOfEveryKind : public ::testing::TestWithParam<Case> {};

// Log-spaced in both tails and dense in the middle.
std::vector<double> probe_points() {
  std::vector<double> u;
  for (double v = 1e-9; v < 0.5; v *= 1.0137) {
    u.push_back(v);
    u.push_back(1 - v);
  }
  for (int i = 1; i < 20000; ++i) u.push_back(i / 20000.0);
  return u;
}

TEST_P(SamplerOfEveryKind, SamplerIsWithinOneInAMillionOfTheExactQuantile) {
  const Distribution& dist = GetParam().dist;
  const InputSampler sampler(dist);
  for (double u : probe_points()) {
    const double exact = dist.quantile(u);
    const double fast = sampler(u);
    ASSERT_LE(std::abs(fast - exact), 1e-6 * std::abs(exact)) << "u = " << u;
  }
}

TEST_P(SamplerOfEveryKind, SamplerIsMonotone) {
  const InputSampler sampler(GetParam().dist);
  double previous = -INFINITY;
  for (int i = 1; i < 200000; ++i) {
    const double q = sampler(i / 200000.0);
    // Up to rounding: the exact quantiles themselves may step back by a few ulps.
    ASSERT_GE(q, previous - 1e-12 * std::abs(previous)) << i;
    previous = std::max(previous, q);
  }
}

TEST_P(SamplerOfEveryKind, ExtremeUniformsStayFiniteAndInSupport) {
  const Distribution& dist = GetParam().dist;
  const InputSampler sampler(dist);
  for (double u : {0x1.0p-53, 0x1.0p-31, 0x1.0p-30, 0.5, 1 - 0x1.0p-31, 1 - 0x1.0p-53}) {
    const double q = sampler(u);
    EXPECT_TRUE(std::isfinite(q)) << u;
    EXPECT_GE(q, dist.support_min()) << u;
    EXPECT_LE(q, dist.support_max()) << u;
  }
}

// Normal deviates a copula can produce (|x| up to about 11.6 at client_factor 0.5), densely
// in the middle and out into both tails.
std::vector<double> normal_probe_points() {
  std::vector<double> x;
  for (int i = -12500; i <= 12500; ++i) x.push_back(i / 1000.0 + 0.000123);
  return x;
}

// Where Phi(x) is in the contract's (1e-9, 1 - 1e-9). Beyond, Phi(x) itself is a double
// within 1e-16 of 0 or 1 and Q(Phi(x)) a staircase the table is smoother than.
TEST_P(SamplerOfEveryKind, OnTheNormalScaleIsWithinOneInAMillionOfQOfPhi) {
  const Distribution& dist = GetParam().dist;
  const InputSampler sampler(dist, true);
  const double reach = -normal_quantile(1e-9);
  for (double x : normal_probe_points()) {
    if (std::abs(x) > reach) continue;
    const double exact = dist.quantile(uniform_of_normal(x));
    const double fast = sampler.from_normal(x);
    ASSERT_LE(std::abs(fast - exact), 1e-6 * std::abs(exact)) << "x = " << x;
  }
}

TEST_P(SamplerOfEveryKind, OnTheNormalScaleIsMonotone) {
  const InputSampler sampler(GetParam().dist, true);
  double previous = -INFINITY;
  for (double x : normal_probe_points()) {
    const double q = sampler.from_normal(x);
    ASSERT_GE(q, previous - 1e-12 * std::abs(previous)) << "x = " << x;
    previous = std::max(previous, q);
  }
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
         (std::isnan(a) && std::isnan(b));
}

// Every vector path looks up the same bits in `table` (a QuantileTable or a
// NormalScaleTable) as one value at a time, in batches of several lengths (so that tails
// are masked).
template <class Table>
void expect_every_path_looks_up_one_at_a_time(const Table& table, const std::vector<double>& at) {
  for (VectorPath path : supported_vector_paths()) {
    SCOPED_TRACE(std::string(to_string(path)));
    for (std::size_t length : {std::size_t{1}, std::size_t{7}, std::size_t{13}, at.size()}) {
      std::vector<double> out(length);
      table(path, std::span<const double>(at.data(), length), out.data());
      for (std::size_t i = 0; i < length; ++i) {
        ASSERT_TRUE(same_bits(out[i], table(at[i]))) << "at " << at[i];
      }
    }
  }
}

std::vector<double> uniform_probes_with_edges() {
  std::vector<double> u = probe_points();
  for (double edge : {0x1.0p-53, 0x1.0p-31, 0.5, 1 - 0x1.0p-31, 1 - 0x1.0p-53}) u.push_back(edge);
  return u;
}

// Including the values the table leaves to the exact quantile: the extreme uniforms and
// the normal scale's tails.
TEST_P(SamplerOfEveryKind, EveryVectorPathGivesTheBitsOfOneAtATime) {
  const InputSampler sampler(GetParam().dist, true);
  std::vector<double> x = normal_probe_points();
  for (double edge : {-12.5, -12.0, 12.0 - 1e-12, 12.0, 12.5}) x.push_back(edge);
  if (const QuantileTable* table = sampler.table()) {
    expect_every_path_looks_up_one_at_a_time(*table, uniform_probes_with_edges());
  }
  if (const NormalScaleTable* table = sampler.normal_scale_table()) {
    expect_every_path_looks_up_one_at_a_time(*table, x);
  }
}

INSTANTIATE_TEST_SUITE_P(Samplers, SamplerOfEveryKind, ::testing::ValuesIn(every_kind()),
                         [](const auto& info) { return info.param.name; });

TEST(QuantileTable, CutsAMixtureAtItsAtomSoTheCornerIsTabulated) {
  const double sigma = std::log(72.0 / 20.0) / normal_quantile(0.9);
  const QuantileTable table(Distribution::mixture(
      {{0.4, Distribution::fixed(0)}, {0.6, Distribution::lognormal(std::log(20.0), sigma)}}));
  EXPECT_EQ(table.segments(), 2);  // [0, 0.4) on time, [0.4, 1) late
  // Without the cut, every cell in about (0.39, 0.5) deferred to root finding.
  EXPECT_LE(table.exact_cells(), table.cell_count() / 100);
  EXPECT_EQ(table(0.2), 0.0);
  EXPECT_EQ(table(0.399), 0.0);
}

// Cells whose one cubic misses the build's check (the lognormal's widest cells bend too
// much) are cut into sub-cells rather than left to root finding, and stay within the
// contract across every sub-cell.
TEST(QuantileTable, CutsCellsThatFailTheirCheckIntoSubcells) {
  const double sigma = std::log(72.0 / 20.0) / normal_quantile(0.9);
  const Distribution mixture = Distribution::mixture(
      {{0.4, Distribution::fixed(0)}, {0.6, Distribution::lognormal(std::log(20.0), sigma)}});
  for (const Distribution& dist : {mixture, Distribution::gamma(8, 10)}) {
    const QuantileTable table(dist);
    EXPECT_GT(table.refined_cells(), 0);
    EXPECT_EQ(table.exact_cells(), 0);
  }
  // The mixture's failed cells lie in u ~ [0.822, 0.850] and [0.918, 0.923].
  const QuantileTable table(mixture);
  std::vector<double> u;
  for (double x = 0.80; x < 0.93; x += 1e-6) u.push_back(x);
  std::vector<double> batch(u.size());
  table(u, batch.data());
  for (std::size_t i = 0; i < u.size(); ++i) {
    const double exact = mixture.quantile(u[i]);
    ASSERT_LE(std::abs(table(u[i]) - exact), 1e-7 * exact) << "u = " << u[i];
    ASSERT_EQ(batch[i], table(u[i])) << "u = " << u[i];
  }
}

TEST(QuantileTable, CutsAroundAnAtomInsideTheSupport) {
  const Distribution dist =
      Distribution::mixture({{0.3, Distribution::fixed(10)}, {0.7, Distribution::pert(2, 8, 30)}});
  const std::vector<double> edges = dist.atom_edges();
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_NEAR(edges[1] - edges[0], 0.3, 1e-12);
  EXPECT_EQ(QuantileTable(dist).segments(), 3);
}

// The far ends of each segment (v below 2^-16) are left to the exact quantile: a draw
// falls there once in 2^15, and not fitting them halves a table's build.
TEST(QuantileTable, AnswersTheFarEndsOfASegmentExactly) {
  const Distribution pert = Distribution::pert(14, 22, 40);
  const QuantileTable table(pert);
  for (double u : {0x1.0p-53, 1e-9, 1e-6, 1.4e-5, 1 - 1.4e-5, 1 - 1e-9}) {
    EXPECT_EQ(table(u), pert.quantile(u)) << u;
  }
  // From 2^-16 on, cells are fitted (the middle is not the exact quantile, bit for bit).
  int fitted = 0;
  for (double u : {0x1.0p-15, 0.1, 0.3, 0.7, 0.9}) fitted += table(u) != pert.quantile(u);
  EXPECT_GE(fitted, 3);
}

// Tables of more than two segments find each lane's segment another way on the vector
// paths (one or two segments are told apart without loading anything).
TEST(QuantileTable, EveryVectorPathFindsTheSegmentsOfAMixtureWithSeveralAtoms) {
  const QuantileTable table(Distribution::mixture({{0.2, Distribution::fixed(0)},
                                                   {0.3, Distribution::fixed(10)},
                                                   {0.1, Distribution::fixed(25)},
                                                   {0.4, Distribution::pert(2, 8, 30)}}));
  ASSERT_GE(table.segments(), 5);
  expect_every_path_looks_up_one_at_a_time(table, uniform_probes_with_edges());
}

// Samplers built at once on several threads (as a model builds its inputs'), of one
// distribution no sampler had before, all get the same tables.
TEST(InputSampler, SamplersOfOneDistributionBuiltAtOnceShareTheirTables) {
  constexpr int kThreads = 4;
  std::vector<Distribution> copies(kThreads, Distribution::pert(3.25, 7.5, 31.125));
  std::vector<InputSampler> samplers(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] { samplers[t] = InputSampler(copies[t], true); });
    }
  }
  ASSERT_NE(samplers[0].table(), nullptr);
  ASSERT_NE(samplers[0].normal_scale_table(), nullptr);
  for (int t = 1; t < kThreads; ++t) {
    EXPECT_EQ(samplers[t].table(), samplers[0].table()) << "thread " << t;
    EXPECT_EQ(samplers[t].normal_scale_table(), samplers[0].normal_scale_table()) << "thread " << t;
  }
}

TEST(TabulatedNormalQuantile, IsWithinOneInTenMillionOfAs241) {
  for (double v = 1e-9; v < 0.5; v *= 1.0137) {
    for (double u : {v, 1 - v}) {
      const double exact = normal_quantile(u);
      ASSERT_LE(std::abs(tabulated_normal_quantile(u) - exact), 1e-7 * std::abs(exact)) << u;
    }
  }
}

// The first three draws of every kind through Philox and the engine's sampler, pinned so
// that a change to streams, uniform conversion or quantiles is noticed (printed to 17
// significant digits; compared to 1e-12 relative to allow for libm differences).
TEST(PinnedDraws, FirstDrawsOfEveryKind) {
  const std::vector<std::vector<double>> expected = {
#include "pinned_draws.inc"
  };
  const std::vector<Case> cases = every_kind();
  ASSERT_EQ(expected.size(), cases.size());
  const PhiloxStream stream(1, stream_id("pinned"));
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const InputSampler sampler(cases[k].dist);
    for (std::uint64_t t = 0; t < 3; ++t) {
      const double draw = sampler(stream.uniform(t));
      EXPECT_NEAR(draw, expected[k][t], 1e-12 * std::max(1.0, std::abs(expected[k][t])))
          << cases[k].name << " draw " << t;
    }
  }
}

}  // namespace
}  // namespace rushrisk
