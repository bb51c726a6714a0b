// Simulator benchmarks: trials per second, and the bare generator cost in the same binary
// (the floor a trial's cost is compared against).
#include <benchmark/benchmark.h>

#include "engine/random/philox_stream.h"
#include "engine/scenario/parse.h"
#include "engine/sim/calendar.h"
#include "engine/sim/evaluate.h"
#include "engine/sim/trial.h"

namespace rushrisk {
namespace {

const Model& bank_deck() {
  static const Model model(load_scenario(RUSHRISK_SOURCE_DIR "/scenarios/bank_deck.toml"));
  return model;
}

void BM_BankDeckTrial(benchmark::State& state) {
  const Model& model = bank_deck();
  std::uint64_t trial = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(simulate(model, sample_inputs(model, 1, trial++)));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BankDeckTrial);

void BM_BankDeckEvaluate(benchmark::State& state) {
  EvaluateOptions options;
  options.trials = static_cast<std::uint64_t>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(evaluate(bank_deck(), options));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_BankDeckEvaluate)->Arg(100'000)->Unit(benchmark::kMillisecond);

// The floor: Philox draws alone, as many per trial as the bank deck makes (about 12).
void BM_PhiloxUniform(benchmark::State& state) {
  const PhiloxStream stream(1, stream_id("bench"));
  std::uint64_t trial = 0;
  double sum = 0;
  for (auto _ : state) sum += stream.uniform(trial++);
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PhiloxUniform);

void BM_CalendarFinish(benchmark::State& state) {
  const Timeline& timeline = bank_deck().overtime_timeline();
  double from = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(timeline.finish(from, 7.5));
    from = from > 100 ? 0 : from + 0.37;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CalendarFinish);

void BM_Quantile(benchmark::State& state, Input input) {
  const Distribution& dist = bank_deck().scenario().input(input);
  const PhiloxStream stream(1, stream_id("bench"));
  std::uint64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(dist.quantile(stream.uniform(i++)));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_Quantile, materials_mixture, Input::materials_delay);
BENCHMARK_CAPTURE(BM_Quantile, effort_pert, Input::effort);
BENCHMARK_CAPTURE(BM_Quantile, latency_triangular, Input::review_latency);

}  // namespace
}  // namespace rushrisk
