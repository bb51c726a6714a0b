// InputCache: the drawn inputs of a run's trials, kept compactly in memory so that the
// recommendation can re-simulate the same trials under each condition — every candidate
// materials cut-off, "decide now", each lever — without drawing them again (drawing is
// much of a trial's cost).
//
// The inputs are kept as drawn, before any risk event or lever, with the risk events that
// occurred; each count applies its own model's effects and caps. Only for runs of at most
// kMaxCachedTrials trials (about 80 bytes a trial on the bank deck); larger runs re-draw.
// Counting is exact, so the result does not depend on the number of threads, nor on which
// thread holds which trials.
//
// A cache is built by drawing the trials again (build()), or filled as the base run draws
// them (Collector, given to evaluate() as EvaluateOptions::drawn), which saves drawing
// every trial twice.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/sim/evaluate.h"
#include "engine/sim/huge_page_allocator.h"
#include "engine/sim/model.h"
#include "engine/sim/trial.h"

namespace rushrisk {

inline constexpr std::uint64_t kMaxCachedTrials = 1 << 20;

class InputCache {
 public:
  class Collector;

  // nullopt when `trials` exceeds kMaxCachedTrials.
  static std::optional<InputCache> build(const Model& model, std::uint64_t seed,
                                         std::uint64_t trials, unsigned threads);

  // True when count_low() with `condition` counts exactly what a run of `condition` on the
  // same seed and trials would: it has the same risk events and correlation, its levers
  // add no more review rounds than the cached model's, and it draws each input from the
  // same distribution — or fixes it to a constant (any input but the rounds, whose draw
  // decides how many per-round inputs a trial draws).
  bool serves(const Model& condition) const;

  // The number of low-quality trials of `condition` (which the cache serves) under
  // `adjustments`, among the trials whose index is a multiple of `every` (all of them by
  // default; a fixed sample of them otherwise).
  std::uint64_t count_low(const Model& condition, const TrialAdjustments& adjustments,
                          std::uint64_t every = 1) const;
  // How many trials count_low() looks at for `every`.
  std::uint64_t sample_size(std::uint64_t every = 1) const;

 private:
  // One trial's inputs as drawn, without the fixed-size per-round arrays: those are
  // 2 * rounds_drawn entries of its part's per_round from first_round on.
  struct Compact {
    double decision_delay, materials_delay, prep_effort, effort;
    std::uint64_t risks_occurred;
    std::int32_t rounds, people, rounds_drawn;
    std::uint32_t first_round;
  };
  // The trials one thread of the base run filled: batches of consecutive trials. Counts
  // read them in slices, from any thread.
  struct Part {
    struct Run {
      std::uint64_t first, count;  // trials [first, first + count)
    };
    std::vector<Run> runs;  // in the order of `trials`
    std::vector<Compact, HugePageAllocator<Compact>> trials;
    // Latency, rework of each round a trial drew, in order.
    std::vector<double, HugePageAllocator<double>> per_round;
  };
  // Consecutive trials [first, first + count) of one part's run, at trials[position] on:
  // count_low()'s unit of work, which its threads take in turn, so that they finish
  // together however unequally the base run's threads shared the trials.
  struct Slice {
    std::size_t part, position;
    std::uint64_t first, count;
  };
  class Counter;

  InputCache(const Model& model, std::size_t parts);
  // Cuts the parts' runs into slices.
  void slice();
  std::vector<Part> parts_;
  std::vector<Slice> slices_;
  std::uint64_t trials_ = 0;
  // What the inputs were drawn from.
  std::array<Distribution, kInputCount> drawn_from_;
  std::vector<RiskEvent> risks_;
  Correlation correlation_;
  int lever_rounds_ = 0;
};

// Keeps the trials a run draws, worker by worker (a DrawnInputs for evaluate()).
class InputCache::Collector final : public DrawnInputs {
 public:
  // For a run of `model` on `workers` workers (worker_count()), of about `expected_trials`.
  Collector(const Model& model, std::size_t workers, std::uint64_t expected_trials);

  void add(std::size_t worker, const InputBatch& batch) override;

  // The cache of the run's trials, which must be trials [0, trials): nullopt when they
  // are more than kMaxCachedTrials (the collector keeps no more than that).
  std::optional<InputCache> finish(std::uint64_t trials) &&;

 private:
  InputCache cache_;
  std::atomic<std::uint64_t> trials_{0};  // added, by every worker
};

}  // namespace rushrisk
