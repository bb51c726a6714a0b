// Per-trial cost on one thread, and the floor it is judged against.
//
//   trial/<scenario>     what evaluate() does for each trial: its inputs drawn in an
//                        InputBatch, then simulate + Tally::add, single-threaded;
//                        items/s = trials per second per core.
//   floor/<scenario>     the InputBatch alone: the same Philox draws through the same copula
//                        and quantile transforms (risk draws included) as the trial, and
//                        nothing else. The project's target is trial <= 2 x floor; tools/bench
//                        prints the ratio.
//   simulate/<scenario>  simulate alone, on inputs drawn untimed in batches;
//   tally/<scenario>     Tally::add alone, on outcomes computed untimed in batches:
//                        together with the floor they show where a trial's time goes.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/bench_scenarios.h"
#include "engine/sim/input_batch.h"
#include "engine/sim/statistics.h"
#include "engine/sim/trial.h"

namespace rushrisk::bench {
namespace {

// Trials drawn per untimed refill in the split benchmarks: enough that pausing the timer
// costs well under a nanosecond per trial, few enough (about 270 KB of TrialInputs) to
// stay in L2 as they would in a real trial.
constexpr std::uint64_t kBatch = 256;

// One iteration = one trial; a new batch is drawn (timed) whenever the last is used up.
struct DrawnTrials {
  InputBatch batch;
  std::size_t lane = 0;
  std::uint64_t next = 0;

  explicit DrawnTrials(const Model& model) : batch(model) {}
  TrialInputs next_inputs() {
    if (lane == batch.size()) {
      batch.draw(kSeed, next, batch.capacity());
      next += batch.size();
      lane = 0;
    }
    return batch.inputs(lane++);
  }
};

void BM_Trial(benchmark::State& state, const std::string& name) {
  const Model& model = scenario_model(name);
  Tally tally(model);
  DrawnTrials trials(model);
  for (auto _ : state) tally.add(simulate(model, trials.next_inputs()));
  benchmark::DoNotOptimize(tally.trials);
  state.SetItemsProcessed(state.iterations());
}

void BM_Floor(benchmark::State& state, const std::string& name) {
  const Model& model = scenario_model(name);
  DrawnTrials trials(model);
  for (auto _ : state) benchmark::DoNotOptimize(trials.next_inputs());
  state.SetItemsProcessed(state.iterations());
}

// Trials [first, first + kBatch): their inputs, and their outcomes when asked for.
struct Batch {
  std::vector<TrialInputs> inputs;
  std::vector<TrialOutcome> outcomes;

  // Draws (and simulates) the next kBatch trials with the timer paused.
  void refill(benchmark::State& state, const Model& model, std::uint64_t first,
              bool with_outcomes) {
    state.PauseTiming();
    inputs.clear();
    outcomes.clear();
    InputBatch drawn(model, kBatch);
    drawn.draw(kSeed, first, kBatch);
    for (std::size_t lane = 0; lane < drawn.size(); ++lane) {
      inputs.push_back(drawn.inputs(lane));
      if (with_outcomes) outcomes.push_back(simulate(model, inputs.back()));
    }
    state.ResumeTiming();
  }
};

void BM_Simulate(benchmark::State& state, const std::string& name) {
  const Model& model = scenario_model(name);
  Batch batch;
  std::uint64_t trial = 0;
  for (auto _ : state) {
    if (trial % kBatch == 0) batch.refill(state, model, trial, false);
    benchmark::DoNotOptimize(simulate(model, batch.inputs[trial++ % kBatch]));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Tally(benchmark::State& state, const std::string& name) {
  const Model& model = scenario_model(name);
  Tally tally(model);
  Batch batch;
  std::uint64_t trial = 0;
  for (auto _ : state) {
    if (trial % kBatch == 0) batch.refill(state, model, trial, true);
    tally.add(batch.outcomes[trial++ % kBatch]);
  }
  benchmark::DoNotOptimize(tally.trials);
  state.SetItemsProcessed(state.iterations());
}

const bool registered = [] {
  for (const char* name : kScenarios) {
    const std::string s(name);
    benchmark::RegisterBenchmark(("trial/" + s).c_str(), BM_Trial, s);
    benchmark::RegisterBenchmark(("floor/" + s).c_str(), BM_Floor, s);
    benchmark::RegisterBenchmark(("simulate/" + s).c_str(), BM_Simulate, s);
    benchmark::RegisterBenchmark(("tally/" + s).c_str(), BM_Tally, s);
  }
  return true;
}();

}  // namespace
}  // namespace rushrisk::bench
