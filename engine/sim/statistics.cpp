#include "engine/sim/statistics.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

#include "engine/random/vector_code.h"

namespace rushrisk {
namespace {

constexpr double kZ95 = 1.959963984540054;  // Phi^{-1}(0.975)
constexpr double kMinute = 1.0 / 60.0;
constexpr std::size_t kQualityBins = 1 << 16;
constexpr std::size_t kMaxOvertimeBins = 1 << 18;

BinnedQuantiles overtime_bins(const Model& model) {
  const double high = std::max(1.0, model.max_people() * model.deadline());
  const auto bins = static_cast<std::size_t>(
      std::clamp(std::ceil(high / kMinute), 1.0, static_cast<double>(kMaxOvertimeBins)));
  return BinnedQuantiles(0, high, bins);
}

std::optional<double> finite_or_null(double hours) {
  if (std::isinf(hours)) return std::nullopt;
  return std::round(hours * 60.0) / 60.0;
}

}  // namespace

Probability wilson(std::uint64_t count, std::uint64_t trials) {
  Probability p{count, trials, 0, 0, 1};
  if (trials == 0) return p;
  const double n = static_cast<double>(trials);
  const double phat = static_cast<double>(count) / n;
  const double z2 = kZ95 * kZ95;
  const double denominator = 1 + z2 / n;
  const double centre = (phat + z2 / (2 * n)) / denominator;
  const double half = kZ95 * std::sqrt(phat * (1 - phat) / n + z2 / (4 * n * n)) / denominator;
  p.estimate = phat;
  p.low = std::max(0.0, centre - half);
  p.high = std::min(1.0, centre + half);
  return p;
}

Tally::Tally(const Model& model, bool counts_only)
    : missed_rounds(kMaxRounds + 2, 0), counts_only_(counts_only) {
  if (counts_only) return;
  quality = BinnedQuantiles(0, 1 + 1.0 / kQualityBins, kQualityBins + 1);
  // Bins [k - 1/2, k + 1/2) minutes: a quantile's bin is its value rounded to the minute.
  finish = BinnedQuantiles(-kMinute / 2, model.horizon() + kMinute / 2,
                           static_cast<std::size_t>(std::ceil(model.horizon() * 60)) + 1);
  overtime = overtime_bins(model);
}

void Tally::add(const TrialOutcome& o) {
  ++trials;
  low_quality += o.low_quality;
  late += o.late;
  nothing_usable += o.nothing_usable;
  if (counts_only_) return;
  ++missed_rounds[static_cast<std::size_t>(o.missed_rounds)];
  quality_sum.add(o.quality);
  overtime_person_hours.add(o.overtime_person_hours);
  effort_before_deadline.add(o.effort_before_deadline);
  overtime_effort_before_deadline.add(o.overtime_effort_before_deadline);
  quality.add(o.quality);
  finish.add(o.finish);
  overtime.add(o.overtime_person_hours);
}

void Tally::add(std::span<const TrialOutcome> outcomes) {
  if (counts_only_) {
    for (const TrialOutcome& o : outcomes) add(o);
    return;
  }
  for (std::size_t first = 0; first < outcomes.size(); first += kSlice) {
    add_slice(outcomes.subspan(first, std::min(kSlice, outcomes.size() - first)));
  }
}

// The outcomes of a slice as columns, for loops that vectorise (GCC does not vectorise the
// loads of a field of 56-byte structs).
struct Tally::SliceColumns {
  std::array<double, kSlice> quality, finish, overtime, effort, overtime_effort;
  // The quantile bins of each outcome.
  std::array<BinnedQuantiles::Bin*, kSlice> quality_bin, finish_bin, overtime_bin;
  // Every overtime outcome of the slice is +0 (a scenario without overtime, or a slice
  // walked without): their sums stay as they are, and their bin is the one of +0.
  bool no_overtime = false;
};

void Tally::add_slice(std::span<const TrialOutcome> slice) {
  const std::size_t n = slice.size();
  SliceColumns c;
  // Counts in locals: each add to a member would wait for the last one's store.
  std::uint64_t low_quality_count = 0, late_count = 0, nothing_usable_count = 0;
  std::uint64_t overtime_bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const TrialOutcome& o = slice[i];
    c.quality[i] = o.quality;
    c.finish[i] = o.finish;
    c.overtime[i] = o.overtime_person_hours;
    c.effort[i] = o.effort_before_deadline;
    c.overtime_effort[i] = o.overtime_effort_before_deadline;
    overtime_bits |= std::bit_cast<std::uint64_t>(o.overtime_person_hours) |
                     std::bit_cast<std::uint64_t>(o.overtime_effort_before_deadline);
    low_quality_count += o.low_quality;
    late_count += o.late;
    nothing_usable_count += o.nothing_usable;
    ++missed_rounds[static_cast<std::size_t>(o.missed_rounds)];
  }
  c.no_overtime = overtime_bits == 0;
  trials += n;
  low_quality += low_quality_count;
  late += late_count;
  nothing_usable += nothing_usable_count;
  if (c.no_overtime) {
    sums_and_bins<false>(c, n);
    add_to_bins<false>(c, n);
    // n values of +0 in their bin: its min and max become +0 by the first as by all.
    BinnedQuantiles::add_to_bin(overtime.bin_for(0.0), 0.0, n);
  } else {
    sums_and_bins<true>(c, n);
    add_to_bins<true>(c, n);
  }
  quality.add_to_total(n);
  finish.add_to_total(n);
  overtime.add_to_total(n);
}

template <bool WithOvertime>
void Tally::add_to_bins(SliceColumns& c, std::size_t n) {
  // The bins of outcomes a few places ahead are touched first: the bins are too many for
  // the cache, so each add would wait. Far enough ahead to hide a miss to L3, near enough
  // that the bins are still there.
  constexpr std::size_t kAhead = 8;
  const auto touch = [&](std::size_t i) {
    BinnedQuantiles::touch(*c.quality_bin[i]);
    BinnedQuantiles::touch(*c.finish_bin[i]);
    if constexpr (WithOvertime) BinnedQuantiles::touch(*c.overtime_bin[i]);
  };
  for (std::size_t i = 0; i < std::min(kAhead, n); ++i) touch(i);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) touch(i + kAhead);
    BinnedQuantiles::add_to_bin(*c.quality_bin[i], c.quality[i]);
    BinnedQuantiles::add_to_bin(*c.finish_bin[i], c.finish[i]);
    if constexpr (WithOvertime) BinnedQuantiles::add_to_bin(*c.overtime_bin[i], c.overtime[i]);
  }
}

template <bool WithOvertime>
void Tally::sums_and_bins(SliceColumns& c, std::size_t n) {
  // The sums, and the bins' indices, in loops of selects, vectorised where the CPU has AVX2
  // or AVX-512; then the bins (pages allocated on first use) one by one.
  std::array<std::int32_t, kSlice> quality_index, finish_index, overtime_index;
  const auto add_sums = [&]() RUSHRISK_INLINE {
    quality_sum.add_all(c.quality.data(), n);
    effort_before_deadline.add_all(c.effort.data(), n);
    if constexpr (WithOvertime) {
      overtime_person_hours.add_all(c.overtime.data(), n);
      overtime_effort_before_deadline.add_all(c.overtime_effort.data(), n);
    }
  };
  const auto in_vectors = [&]() RUSHRISK_INLINE {
    add_sums();
    quality.indices_of(c.quality.data(), n, quality_index.data());
    finish.indices_of(c.finish.data(), n, finish_index.data());
    if constexpr (WithOvertime) overtime.indices_of(c.overtime.data(), n, overtime_index.data());
  };
  if (in_vector_code(in_vectors)) {
    for (std::size_t i = 0; i < n; ++i) {
      c.quality_bin[i] = &quality.bin_at(quality_index[i]);
      c.finish_bin[i] = &finish.bin_at(finish_index[i]);
      if constexpr (WithOvertime) c.overtime_bin[i] = &overtime.bin_at(overtime_index[i]);
    }
    return;
  }
  // Baseline: the sums vectorise there too (SSE2); bin_of()'s branches (values are nearly
  // always in range) beat SSE2 selects.
  add_sums();
  for (std::size_t i = 0; i < n; ++i) {
    c.quality_bin[i] = &quality.bin_for(c.quality[i]);
    c.finish_bin[i] = &finish.bin_for(c.finish[i]);
    if constexpr (WithOvertime) c.overtime_bin[i] = &overtime.bin_for(c.overtime[i]);
  }
}

void Tally::merge(const Tally& other) {
  trials += other.trials;
  low_quality += other.low_quality;
  late += other.late;
  nothing_usable += other.nothing_usable;
  if (counts_only_ || other.counts_only_) return;
  for (std::size_t m = 0; m < missed_rounds.size(); ++m) missed_rounds[m] += other.missed_rounds[m];
  quality.merge(other.quality);
  finish.merge(other.finish);
  overtime.merge(other.overtime);
  quality_sum.add(other.quality_sum);
  overtime_person_hours.add(other.overtime_person_hours);
  effort_before_deadline.add(other.effort_before_deadline);
  overtime_effort_before_deadline.add(other.overtime_effort_before_deadline);
}

Report make_report(const Model& model, const Tally& tally, std::uint64_t seed) {
  const Scenario& s = model.scenario();
  Report r;
  r.scenario = s.name;
  r.trials = tally.trials;
  r.seed = seed;
  r.start = s.start;
  r.deadline = s.deadline;
  r.max_risk = s.max_risk;
  r.p_low_quality = wilson(tally.low_quality, tally.trials);
  r.p_late = wilson(tally.late, tally.trials);
  r.p_nothing_usable = wilson(tally.nothing_usable, tally.trials);
  const double n = static_cast<double>(std::max<std::uint64_t>(1, tally.trials));
  r.quality_mean = tally.quality_sum.value() / n;
  r.quality_p10 = tally.quality.quantile_percent(10);
  r.quality_p50 = tally.quality.quantile_percent(50);
  r.quality_p90 = tally.quality.quantile_percent(90);
  std::size_t last = 0;
  for (std::size_t m = 0; m < tally.missed_rounds.size(); ++m) {
    if (tally.missed_rounds[m] > 0) last = m;
  }
  for (std::size_t m = 0; m <= last; ++m) {
    r.missed_rounds_share.push_back(static_cast<double>(tally.missed_rounds[m]) / n);
  }
  r.finish_p50 = finite_or_null(tally.finish.quantile_percent(50));
  r.finish_p80 = finite_or_null(tally.finish.quantile_percent(80));
  r.finish_p95 = finite_or_null(tally.finish.quantile_percent(95));
  r.overtime_hours_mean = tally.overtime_person_hours.value() / n;
  r.overtime_hours_p90 = tally.overtime.quantile_percent(90);
  const double effort = tally.effort_before_deadline.value();
  r.overtime_share = effort > 0 ? tally.overtime_effort_before_deadline.value() / effort : 0;
  return r;
}

}  // namespace rushrisk
