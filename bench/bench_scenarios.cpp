// Loads the benchmark scenarios (see bench_scenarios.h); nothing here is measured.
#include "bench/bench_scenarios.h"

#include <benchmark/benchmark.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string_view>

#include "engine/scenario/parse.h"

namespace rushrisk::bench {

const Model& scenario_model(const std::string& name) {
  // A Model cannot move (its samplers point into it), so each one lives on the heap.
  static std::map<std::string, std::unique_ptr<const Model>> models;
  std::unique_ptr<const Model>& model = models[name];
  if (!model) {
    model = std::make_unique<const Model>(
        load_scenario(RUSHRISK_SOURCE_DIR "/scenarios/" + name + ".toml"));
  }
  return *model;
}

benchmark::internal::Benchmark* with_fixed_iterations(benchmark::internal::Benchmark* b) {
  const char* text = std::getenv("RUSHRISK_BENCH_ITERATIONS");
  if (!text) return b;
  const std::string_view value(text);
  long long n = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (error != std::errc{} || end != value.data() + value.size() || n < 1) {
    std::fprintf(stderr, "RUSHRISK_BENCH_ITERATIONS=%s: expected a whole number of at least 1\n",
                 text);
    std::exit(2);
  }
  return b->Iterations(n);
}

}  // namespace rushrisk::bench
