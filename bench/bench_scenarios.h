// The scenarios the benchmarks run, compiled to Models once per process: the bank deck
// (the reference scenario, every feature the trials use) and the minimal scenario (one
// random input, a 24/7 calendar: what a trial costs when there is almost nothing to do).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "engine/sim/model.h"

namespace benchmark::internal {
class Benchmark;
}

namespace rushrisk::bench {

// Names of scenarios/<name>.toml that the per-scenario benchmarks are registered for.
inline constexpr std::array<const char*, 2> kScenarios = {"bank_deck", "minimal"};

// The seed every benchmark draws with (evaluate's default).
inline constexpr std::uint64_t kSeed = 1;

// The Model of scenarios/<name>.toml, built on first use (outside any timed loop) and
// kept for the whole run. Not thread-safe: benchmarks call it from their setup only.
const Model& scenario_model(const std::string& name);

// With RUSHRISK_BENCH_ITERATIONS=N in the environment, `b` runs exactly N iterations
// instead of as many as its minimum time takes: tools/instructions counts the instructions
// of two such runs under callgrind, and their difference is the cost of the extra
// iterations alone, the same on any machine however busy. Returns b.
benchmark::internal::Benchmark* with_fixed_iterations(benchmark::internal::Benchmark* b);

}  // namespace rushrisk::bench
