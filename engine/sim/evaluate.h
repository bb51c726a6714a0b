// evaluate: run a scenario's trials and summarise them (spec §7).
//
// Trials run in batches spread over std::jthreads; a run either has a fixed trial
// count or stops at the first check point (every kCheckTrials trials) where the Wilson
// half-width of p_low_quality is at most `precision`. Every statistic merges exactly
// (see statistics.h), so the same scenario, seed and trial count give the same Report,
// bit for bit, for any thread count and batch size.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/scenario/scenario.h"
#include "engine/sim/statistics.h"
#include "engine/sim/trial.h"

namespace rushrisk {

inline constexpr std::uint64_t kCheckTrials = 65536;

class InputBatch;

// Receives every batch of inputs a run draws, as drawn, before it is simulated (the
// recommendation keeps them: InputCache::Collector). Worker `worker` (below the run's
// worker_count()) calls add(); one worker's calls never overlap, different workers' do.
class DrawnInputs {
 public:
  virtual ~DrawnInputs() = default;
  virtual void add(std::size_t worker, const InputBatch& batch) = 0;
};

struct EvaluateOptions {
  std::uint64_t seed = 1;
  // Fixed trial count; used when precision is not set.
  std::uint64_t trials = 1'000'000;
  // Run until the 95% Wilson half-width of p_low_quality <= precision ...
  std::optional<double> precision;
  // ... or this many trials have run ("converged": false).
  std::uint64_t max_trials = 100'000'000;
  // Worker threads; 0 = all cores. Never changes the result.
  unsigned threads = 0;
  // The most trials handed to a thread at a time (on several threads, fewer where a run
  // or check point would have under four batches a thread). Never changes the result.
  std::uint64_t batch_trials = 4096;
  // Only the probabilities are wanted (no quantiles or means in the Report).
  bool counts_only = false;
  // What-ifs applied to every trial (the recommendation's materials cut-off).
  TrialAdjustments adjustments;
  // When set, receives a TrialRecord for each of the first record_trials trials (by index).
  TrialRecords* records = nullptr;
  std::uint64_t record_trials = 0;
  // When set, receives every batch of inputs drawn.
  DrawnInputs* drawn = nullptr;
};

// The threads a run with `options` works on.
std::size_t worker_count(const EvaluateOptions& options);

Report evaluate(const Model& model, const EvaluateOptions& options);
Report evaluate(const Scenario& scenario, const EvaluateOptions& options);

}  // namespace rushrisk
