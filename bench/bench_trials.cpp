// Per-trial cost on one thread, and the floor it is judged against.
//
//   trial/<scenario>     what evaluate() does for each trial: its inputs drawn in an
//                        InputBatch, risk events and levers applied, the batch walked by
//                        simulate_batch, each outcome added to a Tally; single-threaded;
//                        items/s = trials per second per core.
//   floor/<scenario>     InputBatch::draw alone: the same Philox draws through the same copula
//                        and quantile transforms (risk draws included) as the trial, and
//                        nothing else. The project's target is trial <= 2 x floor; tools/bench
//                        prints the ratio.
//   simulate/<scenario>  simulate_batch alone, on batches of inputs prepared untimed;
//   tally/<scenario>     Tally::add alone, on the outcomes of 65,536 trials computed
//                        untimed (so their quantile bins are as spread out over memory as
//                        in a run, which is most of what an add waits for):
//                        with the floor they show where a trial's time goes (the rest is
//                        applying the risk events and levers and packing the batch).
//   in_run/<scenario>    trial/, with its draw timed apart: counters trial_ns, draw_ns
//                        and ratio (trial over its own draw). Both spans see the same
//                        machine, microseconds apart, so load that comes and goes tilts
//                        their ratio far less than trial/ over floor/ (measured seconds
//                        apart); its draw runs with the caches as a trial leaves them,
//                        not as floor/'s loop of draws alone keeps them, so it reads a
//                        little lower than trial/ over floor/.
//
// Every iteration handles one batch of InputBatch::kDefaultCapacity trials, as evaluate()
// does; items are trials.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/bench_scenarios.h"
#include "engine/sim/effects.h"
#include "engine/sim/input_batch.h"
#include "engine/sim/statistics.h"
#include "engine/sim/trial_batch.h"

namespace rushrisk::bench {
namespace {

constexpr std::size_t kBatch = InputBatch::kDefaultCapacity;
// Batches prepared for the split benchmarks: 4,096 trials, about 250 KB of inputs, so they
// stay in L2 as a batch just drawn would.
constexpr std::size_t kPrepared = 32;
// Batches of outcomes the tally benchmark adds: 65,536 trials, whose quantile bins spread
// over megabytes as a run's do (4,096 trials' bins would stay in the cache).
constexpr std::size_t kTallied = 512;

void fill(const Model& model, const InputBatch& drawn, TrialBatch& trials) {
  drawn.drawn(trials);
  apply_risks_and_levers(model, trials);
}

void BM_Trial(benchmark::State& state, const std::string& name) {
  const Model& model = scenario_model(name);
  Tally tally(model);
  InputBatch drawn(model, kBatch);
  TrialBatch trials(kBatch);
  std::vector<TrialOutcome> outcomes(kBatch);
  std::uint64_t first = 0;
  for (auto _ : state) {
    drawn.draw(kSeed, first, kBatch);
    fill(model, drawn, trials);
    simulate_batch(model, trials, {}, OutcomeDetail::full, outcomes);
    tally.add(outcomes);
    first += kBatch;
  }
  benchmark::DoNotOptimize(tally.trials);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}

void BM_Floor(benchmark::State& state, const std::string& name) {
  const Model& model = scenario_model(name);
  InputBatch drawn(model, kBatch);
  std::uint64_t first = 0;
  for (auto _ : state) {
    drawn.draw(kSeed, first, kBatch);
    benchmark::ClobberMemory();
    first += kBatch;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}

void BM_InRun(benchmark::State& state, const std::string& name) {
  using Clock = std::chrono::steady_clock;
  const Model& model = scenario_model(name);
  Tally tally(model);
  InputBatch drawn(model, kBatch);
  TrialBatch trials(kBatch);
  std::vector<TrialOutcome> outcomes(kBatch);
  Clock::duration draw_time{}, trial_time{};
  std::uint64_t first = 0;
  for (auto _ : state) {
    const Clock::time_point start = Clock::now();
    drawn.draw(kSeed, first, kBatch);
    benchmark::ClobberMemory();
    const Clock::time_point drawn_at = Clock::now();
    fill(model, drawn, trials);
    simulate_batch(model, trials, {}, OutcomeDetail::full, outcomes);
    tally.add(outcomes);
    const Clock::time_point end = Clock::now();
    draw_time += drawn_at - start;
    trial_time += end - start;
    first += kBatch;
  }
  benchmark::DoNotOptimize(tally.trials);
  const double trials_run = static_cast<double>(state.iterations() * kBatch);
  const auto ns_per_trial = [&](Clock::duration d) {
    return std::chrono::duration<double, std::nano>(d).count() / trials_run;
  };
  state.counters["trial_ns"] = ns_per_trial(trial_time);
  state.counters["draw_ns"] = ns_per_trial(draw_time);
  state.counters["ratio"] = ns_per_trial(trial_time) / ns_per_trial(draw_time);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}

// `batches` consecutive batches of trials, drawn and packed (and simulated) untimed; the
// packed inputs are kept only when `keep_inputs`.
struct Prepared {
  std::vector<TrialBatch> trials;
  std::vector<std::vector<TrialOutcome>> outcomes;

  Prepared(const Model& model, std::size_t batches, bool keep_inputs) {
    InputBatch drawn(model, kBatch);
    TrialBatch packed(kBatch);
    for (std::size_t b = 0; b < batches; ++b) {
      drawn.draw(kSeed, b * kBatch, kBatch);
      fill(model, drawn, packed);
      outcomes.emplace_back(kBatch);
      simulate_batch(model, packed, {}, OutcomeDetail::full, outcomes.back());
      if (keep_inputs) trials.push_back(packed);
    }
  }
};

void BM_Simulate(benchmark::State& state, const std::string& name) {
  const Model& model = scenario_model(name);
  const Prepared prepared(model, kPrepared, true);
  std::vector<TrialOutcome> outcomes(kBatch);
  std::size_t b = 0;
  for (auto _ : state) {
    simulate_batch(model, prepared.trials[b++ % kPrepared], {}, OutcomeDetail::full, outcomes);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}

void BM_Tally(benchmark::State& state, const std::string& name) {
  const Model& model = scenario_model(name);
  const Prepared prepared(model, kTallied, false);
  Tally tally(model);
  std::size_t b = 0;
  for (auto _ : state) {
    tally.add(prepared.outcomes[b++ % kTallied]);
  }
  benchmark::DoNotOptimize(tally.trials);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}

const bool registered = [] {
  for (const char* name : kScenarios) {
    const std::string s(name);
    with_fixed_iterations(benchmark::RegisterBenchmark(("trial/" + s).c_str(), BM_Trial, s));
    with_fixed_iterations(benchmark::RegisterBenchmark(("floor/" + s).c_str(), BM_Floor, s));
    with_fixed_iterations(benchmark::RegisterBenchmark(("simulate/" + s).c_str(), BM_Simulate, s));
    with_fixed_iterations(benchmark::RegisterBenchmark(("tally/" + s).c_str(), BM_Tally, s));
    with_fixed_iterations(benchmark::RegisterBenchmark(("in_run/" + s).c_str(), BM_InRun, s));
  }
  return true;
}();

}  // namespace
}  // namespace rushrisk::bench
