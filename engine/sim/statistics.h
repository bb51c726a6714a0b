// Statistics of a run (spec §7): counts, block-ordered sums and binned quantiles of the
// trial outcomes, and the Report computed from them.
//
// Reproducibility: counts are integers, sums are ExactSums (fixed point) and quantiles
// come from BinnedQuantiles (exact merge), so the same trials give the same bytes however
// they were split over threads and batches.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/sim/binned_quantiles.h"
#include "engine/sim/exact_sum.h"
#include "engine/sim/model.h"
#include "engine/sim/trial.h"

namespace rushrisk {

// A probability estimate with its 95% Wilson score interval.
struct Probability {
  std::uint64_t count = 0;
  std::uint64_t trials = 0;
  double estimate = 0;
  double low = 0;
  double high = 0;
};
Probability wilson(std::uint64_t count, std::uint64_t trials);

// Everything a run accumulates: integer counts, exact sums and quantile bins. Merging
// is exact, so the result does not depend on how trials were split.
// Aligned so that the tallies of neighbouring threads never share a cache line.
class alignas(128) Tally {
 public:
  // `counts_only`: just the probabilities (no quantile bins, no sums) — what the
  // recommendation's condition runs need, at a fraction of the memory and time.
  explicit Tally(const Model& model, bool counts_only = false);
  void add(const TrialOutcome& outcome);
  // Adds outcomes in order (the same as add() one by one), fetching the quantile bins of
  // later outcomes ahead: the bins are too many for the cache, so each add would wait.
  void add(std::span<const TrialOutcome> outcomes);
  void merge(const Tally& other);

  std::uint64_t trials = 0;
  std::uint64_t low_quality = 0;
  std::uint64_t late = 0;
  std::uint64_t nothing_usable = 0;
  std::vector<std::uint64_t> missed_rounds;  // count by m
  BinnedQuantiles quality;
  BinnedQuantiles finish;  // minute-wide bins centred on whole minutes
  BinnedQuantiles overtime;
  ExactSum quality_sum;
  ExactSum overtime_person_hours;
  ExactSum effort_before_deadline;
  ExactSum overtime_effort_before_deadline;

 private:
  // add(span) takes the outcomes in slices of kSlice.
  static constexpr std::size_t kSlice = 64;
  struct SliceColumns;
  void add_slice(std::span<const TrialOutcome> slice);
  // The sums of a slice's columns, and each value's quantile bin; the overtime outcomes'
  // only `WithOvertime` (without, every one is +0: SliceColumns::no_overtime).
  template <bool WithOvertime>
  void sums_and_bins(SliceColumns& columns, std::size_t n);
  // The values of a slice into their bins (found by sums_and_bins()).
  template <bool WithOvertime>
  void add_to_bins(SliceColumns& columns, std::size_t n);

  bool counts_only_ = false;
};

struct Report {
  std::string scenario;
  std::uint64_t trials = 0;
  std::uint64_t seed = 0;
  bool converged = true;
  LocalDateTime start;
  double deadline = 0;  // hours since start
  double max_risk = 0;

  Probability p_low_quality;
  Probability p_late;
  Probability p_nothing_usable;
  double quality_mean = 0;
  double quality_p10 = 0, quality_p50 = 0, quality_p90 = 0;
  std::vector<double> missed_rounds_share;  // share of trials with m = index
  // Hours since start, rounded to the minute; nullopt when the quantile is +inf.
  std::optional<double> finish_p50, finish_p80, finish_p95;
  double overtime_hours_mean = 0;
  double overtime_hours_p90 = 0;
  double overtime_share = 0;
};

Report make_report(const Model& model, const Tally& tally, std::uint64_t seed);

}  // namespace rushrisk
