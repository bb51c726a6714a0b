// Thread scaling of evaluate(): the same fixed number of trials per iteration (2^20) run
// with options.threads = 1, 2, ... up to the machine's hardware threads, timed on the wall
// clock (the work is on TBB's threads, not the benchmark's). items/s = trials per second;
// tools/bench prints the speed-up and parallel efficiency against 1 thread.
//
// Every count from 1 to 8 is run, then powers of two, then the hardware count itself, so a
// large machine is sampled without running dozens of points.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_scenarios.h"
#include "engine/sim/evaluate.h"

namespace rushrisk::bench {
namespace {

constexpr std::uint64_t kScalingTrials = std::uint64_t{1} << 20;

std::vector<unsigned> thread_counts() {
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  std::vector<unsigned> counts;
  for (unsigned n = 1; n <= hardware; n = n < 8 ? n + 1 : n * 2) counts.push_back(n);
  if (counts.back() != hardware) counts.push_back(hardware);
  return counts;
}

void BM_Evaluate(benchmark::State& state, const std::string& name) {
  const Model& model = scenario_model(name);
  EvaluateOptions options;
  options.seed = kSeed;
  options.trials = kScalingTrials;
  options.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(evaluate(model, options));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kScalingTrials));
}

const bool registered = [] {
  for (const char* name : kScenarios) {
    const std::string s(name);
    auto* bench = benchmark::RegisterBenchmark(("evaluate/" + s).c_str(), BM_Evaluate, s);
    bench->ArgName("threads")->UseRealTime()->Unit(benchmark::kMillisecond);
    for (const unsigned n : thread_counts()) bench->Arg(n);
  }
  return true;
}();

}  // namespace
}  // namespace rushrisk::bench
