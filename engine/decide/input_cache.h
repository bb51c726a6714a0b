// InputCache: the sampled inputs of a run's trials, kept compactly in memory so the
// materials cut-off search can re-simulate the same trials under each candidate cut-off
// without drawing them again (drawing is most of a trial's cost).
//
// Only for runs of at most kMaxCachedTrials trials (about 60 bytes a trial); larger runs
// re-draw. Counting is exact, so the result does not depend on the number of threads.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/sim/model.h"
#include "engine/sim/trial.h"

namespace rushrisk {

inline constexpr std::uint64_t kMaxCachedTrials = 1 << 20;

class InputCache {
 public:
  // nullopt when `trials` exceeds kMaxCachedTrials.
  static std::optional<InputCache> build(const Model& model, std::uint64_t seed,
                                         std::uint64_t trials, unsigned threads);

  // The number of low-quality trials under `adjustments`, among the trials whose index is
  // a multiple of `every` (all of them by default; a fixed sample of them otherwise).
  std::uint64_t count_low(const Model& model, const TrialAdjustments& adjustments,
                          std::uint64_t every = 1) const;
  // How many trials count_low() looks at for `every`.
  std::uint64_t sample_size(std::uint64_t every = 1) const;

 private:
  // One trial's inputs after effects, without the fixed-size per-round arrays.
  struct Compact {
    double decision_delay, materials_delay, prep_effort, effort;
    std::int32_t rounds, people;
  };
  // A contiguous range of trials, filled and read by one thread.
  struct Part {
    std::uint64_t first = 0;  // index of trials[0]
    std::vector<Compact> trials;
    std::vector<double> per_round;  // latency, rework of each of a trial's rounds, in order
  };
  std::vector<Part> parts_;
  std::uint64_t trials_ = 0;
};

}  // namespace rushrisk
