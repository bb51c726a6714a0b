// Each quantile function alone, for the 11 distribution kinds: the exact
// Distribution::quantile (closed forms, Boost's inverse incomplete beta and gamma, binary
// searches, the mixture's root finding) and the InputSampler a trial actually calls (a
// QuantileTable for pert, gamma, normal, lognormal, exponential and mixture; the exact
// function otherwise). Uniforms come from PhiloxStream(1, stream_id("bench")), one per
// call, so every figure includes one Philox draw; philox/uniform is that draw alone, to
// read the quantile costs against (tools/bench prints both).
//
// copula/... is the same for an input a Gaussian copula drives (spec §5): the uniform
// becomes a normal deviate x and the value is Q(Phi(x)). copula/exact/ computes that as
// the definition reads (AS 241, erfc, the exact quantile); copula/sampler/ as a trial does
// (a tabulated normal quantile, then InputSampler::from_normal: a NormalScaleTable where
// the kind is continuous).
//
// quantile/table/<path>/... and copula/table/<path>/... are the batch look-ups an
// InputBatch makes — a QuantileTable over 128 uniforms, a NormalScaleTable over 128
// normal deviates — on each vector path, for the kinds that have a table; the values are
// drawn beforehand, so these figures hold no Philox draw.
//
// Parameters are the ones the shipped scenarios use where they have one (pert 14/22/40,
// gamma mean 8 sd 10, the bank deck's materials mixture, ...).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <iterator>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_scenarios.h"
#include "engine/random/input_sampler.h"
#include "engine/random/normal.h"
#include "engine/random/normal_scale_table.h"
#include "engine/random/philox_batch.h"
#include "engine/random/philox_stream.h"
#include "engine/random/quantile_table.h"

namespace rushrisk::bench {
namespace {

// z of the 90th percentile: sigma of a lognormal from its median and p90.
constexpr double kZ90 = 1.2815515655446004;

// The kinds, in DistKind order; the Catalogue builds one distribution of each.
constexpr const char* kKinds[] = {"fixed",    "uniform",   "triangular",  "pert",
                                  "normal",   "lognormal", "exponential", "gamma",
                                  "discrete", "empirical", "mixture"};

// Built on first use, so the quantile tables are not built before main (or for
// --benchmark_list_tests).
struct Catalogue {
  std::vector<Distribution> dists;     // never resized after construction:
  std::vector<InputSampler> samplers;  // samplers point into dists
  std::vector<InputSampler> copula_samplers;

  Catalogue() {
    add("fixed", Distribution::fixed(8));
    add("uniform", Distribution::uniform(2, 10));
    add("triangular", Distribution::triangular(1, 3, 12));
    add("pert", Distribution::pert(14, 22, 40));
    add("normal", Distribution::normal(10, 4, true));
    // website_copy's rework: median 3h, p90 6h.
    add("lognormal", Distribution::lognormal(std::log(3.0), std::log(6.0 / 3.0) / kZ90));
    add("exponential", Distribution::exponential(8));
    add("gamma", Distribution::gamma(8, 10));
    add("discrete", Distribution::discrete({0, 1, 2, 3}, {0.15, 0.5, 0.3, 0.05}));
    add("empirical", Distribution::empirical({3,  4,  4.5, 5,  6,  6.5, 7,  8,  9,  10,
                                              12, 14, 15,  18, 20, 24,  30, 36, 48, 60}));
    // The bank deck's materials delay: on time 40%, else lognormal median 20h, p90 72h.
    add("mixture",
        Distribution::mixture(
            {{0.4, Distribution::fixed(0)},
             {0.6, Distribution::lognormal(std::log(20.0), std::log(72.0 / 20.0) / kZ90)}}));
    for (const Distribution& d : dists) samplers.emplace_back(d);
    for (const Distribution& d : dists) copula_samplers.emplace_back(d, true);
  }

  // Appends the next kind's distribution; `name` must be that kind (kKinds order).
  void add(const char* name, Distribution dist) {
    if (dists.size() >= std::size(kKinds) || name != std::string_view(kKinds[dists.size()]) ||
        to_string(dist.kind()) != name) {
      throw std::logic_error(std::string("bench_quantiles: kinds out of order at ") + name);
    }
    dists.push_back(std::move(dist));
  }
};

const Catalogue& catalogue() {
  static const Catalogue c;
  return c;
}

constexpr PhiloxStream kStream(1, stream_id("bench"));

void BM_Philox(benchmark::State& state) {
  std::uint64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(kStream.uniform(i++));
  state.SetItemsProcessed(state.iterations());
}

// The batched generator on one vector path: 128 trials per call, as an InputBatch draws
// them; items = uniforms.
void BM_PhiloxBatch(benchmark::State& state, VectorPath path) {
  std::vector<std::uint64_t> trials(128);
  std::vector<double> out(trials.size());
  std::uint64_t first = 0;
  for (auto _ : state) {
    for (std::uint64_t& t : trials) t = first++;
    philox_uniforms(path, 1, stream_id("bench"), 0, trials, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(trials.size()));
}

void BM_Exact(benchmark::State& state, std::size_t k) {
  const Distribution& dist = catalogue().dists[k];
  std::uint64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(dist.quantile(kStream.uniform(i++)));
  state.SetItemsProcessed(state.iterations());
}

// Whether InputSampler tabulates this kind (input_sampler.h), and if so how many of the
// table's cells fall back to the exact quantile: those are the sampler's slow path.
std::string sampler_label(const InputSampler& sampler) {
  if (!sampler.table()) return "exact";
  const QuantileTable& table = *sampler.table();
  return "table, " + std::to_string(table.exact_cells()) + " of " +
         std::to_string(table.cell_count()) + " cells exact, " +
         std::to_string(table.refined_cells()) + " in sub-cells";
}

void BM_Sampler(benchmark::State& state, std::size_t k) {
  const InputSampler& sampler = catalogue().samplers[k];
  std::uint64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(sampler(kStream.uniform(i++)));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(sampler_label(sampler));
}

void BM_CopulaExact(benchmark::State& state, std::size_t k) {
  const Distribution& dist = catalogue().dists[k];
  std::uint64_t i = 0;
  for (auto _ : state) {
    const double x = normal_quantile(kStream.uniform(i++));
    benchmark::DoNotOptimize(dist.quantile(uniform_of_normal(x)));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_CopulaSampler(benchmark::State& state, std::size_t k) {
  const InputSampler& sampler = catalogue().copula_samplers[k];
  std::uint64_t i = 0;
  for (auto _ : state) {
    const double x = tabulated_normal_quantile(kStream.uniform(i++));
    benchmark::DoNotOptimize(sampler.from_normal(x));
  }
  state.SetItemsProcessed(state.iterations());
  const NormalScaleTable* table = sampler.normal_scale_table();
  state.SetLabel(table ? "table, " + std::to_string(table->exact_cells()) + " of " +
                             std::to_string(NormalScaleTable::kCells) + " cells deferred"
                       : "Q(Phi(x)) via " + sampler_label(sampler));
}

// The batch look-ups of one table on one path; `values` are uniforms (QuantileTable) or
// normal deviates (NormalScaleTable). Items are values.
template <class Table>
void BM_TableBatch(benchmark::State& state, const Table* table, std::vector<double> values,
                   VectorPath path) {
  constexpr std::size_t kBatch = 128;
  std::vector<double> out(kBatch);
  std::size_t first = 0;
  for (auto _ : state) {
    (*table)(path, std::span<const double>(values.data() + first, kBatch), out.data());
    benchmark::DoNotOptimize(out.data());
    first = (first + kBatch) % values.size();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBatch));
}

// 2^16 draws (a multiple of the batch), as the benchmarks above draw them.
std::vector<double> draws(bool normal) {
  std::vector<double> v(1 << 16);
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double u = kStream.uniform(i);
    v[i] = normal ? tabulated_normal_quantile(u) : u;
  }
  return v;
}

// For every kind with a table (the fixed catalogue value is not degenerate, so a kind
// InputSampler tabulates has one); the tables are looked up when a benchmark runs.
void register_table_batches() {
  for (VectorPath path : supported_vector_paths()) {
    const std::string on = std::string(to_string(path)) + "/";
    for (std::size_t k = 0; k < std::size(kKinds); ++k) {
      const auto kind = static_cast<DistKind>(k);
      if (InputSampler::tabulates(kind)) {
        benchmark::RegisterBenchmark(
            ("quantile/table/" + on + kKinds[k]).c_str(), [k, path](benchmark::State& s) {
              BM_TableBatch(s, catalogue().samplers[k].table(), draws(false), path);
            });
      }
      if (InputSampler::tabulates_on_normal_scale(kind) && kind != DistKind::fixed) {
        benchmark::RegisterBenchmark(
            ("copula/table/" + on + kKinds[k]).c_str(), [k, path](benchmark::State& s) {
              BM_TableBatch(s, catalogue().copula_samplers[k].normal_scale_table(), draws(true),
                            path);
            });
      }
    }
  }
}

const bool registered = [] {
  benchmark::RegisterBenchmark("philox/uniform", BM_Philox);
  for (VectorPath path : supported_vector_paths()) {
    benchmark::RegisterBenchmark(("philox/batch/" + std::string(to_string(path))).c_str(),
                                 BM_PhiloxBatch, path);
  }
  for (std::size_t k = 0; k < std::size(kKinds); ++k) {
    benchmark::RegisterBenchmark((std::string("quantile/exact/") + kKinds[k]).c_str(), BM_Exact, k);
  }
  for (std::size_t k = 0; k < std::size(kKinds); ++k) {
    benchmark::RegisterBenchmark((std::string("quantile/sampler/") + kKinds[k]).c_str(), BM_Sampler,
                                 k);
  }
  for (std::size_t k = 0; k < std::size(kKinds); ++k) {
    benchmark::RegisterBenchmark((std::string("copula/exact/") + kKinds[k]).c_str(), BM_CopulaExact,
                                 k);
  }
  for (std::size_t k = 0; k < std::size(kKinds); ++k) {
    benchmark::RegisterBenchmark((std::string("copula/sampler/") + kKinds[k]).c_str(),
                                 BM_CopulaSampler, k);
  }
  register_table_batches();
  return true;
}();

}  // namespace
}  // namespace rushrisk::bench
