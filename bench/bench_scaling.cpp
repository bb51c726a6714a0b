// Thread scaling of evaluate(): the same fixed number of trials per iteration (2^20) run
// with options.threads = 1, 2, ... up to the machine's hardware threads, timed on the wall
// clock (the work is on evaluate's own threads, not the benchmark's). items/s = trials per second;
// tools/bench prints the speed-up and parallel efficiency against 1 thread.
//
// Every count from 1 to 8 is run, then powers of two, then the hardware count itself, so a
// large machine is sampled without running dozens of points.
//
// Two counters say whether a point can be trusted: cores_used (this process's CPU time /
// wall time: about `threads` when every worker ran all along) and other_load (cores kept
// busy by other processes, or taken by the hypervisor, meanwhile: from /proc/stat, absent
// where there is none). A shared machine shows up as other_load > 0 and cores_used < threads.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

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

// Seconds of CPU time the whole machine has spent busy (all cores, every process), from
// the first line of /proc/stat; nullopt where that is not available.
std::optional<double> machine_busy_seconds() {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  // user nice system idle iowait irq softirq steal: all but idle and iowait are busy (steal:
  // another virtual machine had the core).
  unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0,
                     steal = 0;
  if (!(stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) ||
      cpu != "cpu") {
    return std::nullopt;
  }
  const long ticks = sysconf(_SC_CLK_TCK);
  if (ticks <= 0) return std::nullopt;
  return static_cast<double>(user + nice + system + irq + softirq + steal) /
         static_cast<double>(ticks);
}

void BM_Evaluate(benchmark::State& state, const std::string& name) {
  const Model& model = scenario_model(name);
  EvaluateOptions options;
  options.seed = kSeed;
  options.trials = kScalingTrials;
  options.threads = static_cast<unsigned>(state.range(0));
  const std::optional<double> busy_before = machine_busy_seconds();
  const std::clock_t cpu_before = std::clock();
  const auto wall_before = std::chrono::steady_clock::now();
  for (auto _ : state) benchmark::DoNotOptimize(evaluate(model, options));
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
  const double cpu = static_cast<double>(std::clock() - cpu_before) / CLOCKS_PER_SEC;
  const std::optional<double> busy_after = machine_busy_seconds();

  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kScalingTrials));
  if (wall > 0) {
    state.counters["cores_used"] = cpu / wall;
    if (busy_before && busy_after) {
      state.counters["other_load"] = std::max(0.0, (*busy_after - *busy_before - cpu) / wall);
    }
  }
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
