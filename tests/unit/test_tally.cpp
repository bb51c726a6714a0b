// Tally: adding outcomes a slice at a time (bins found in vector code where the CPU has
// it) gives the same counts, sums and quantiles as adding them one by one.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/random/philox_stream.h"
#include "engine/scenario/parse.h"
#include "engine/sim/statistics.h"

namespace rushrisk {
namespace {

// Outcomes with ordinary values, and with every edge a bin search has: values outside each
// range, at its ends, infinite finishes.
std::vector<TrialOutcome> outcomes_with_edges(const Model& model) {
  const PhiloxStream stream(11, stream_id("tally"));
  std::vector<TrialOutcome> outcomes;
  const double edges[] = {-1e300, -1.0 / 120, 0.0, 1.0, model.horizon(), 1e300, INFINITY};
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const double u = stream.uniform(i);
    TrialOutcome o;
    o.finish = i % 10 == 0 ? edges[i / 10 % 7] : u * model.horizon();
    o.quality = i % 13 == 0 ? std::min(1.0, std::max(0.0, edges[i / 13 % 6])) : u;
    o.overtime_person_hours = i % 17 == 0 ? (i % 2 ? 0.0 : 1e6) : 30 * u;
    o.effort_before_deadline = 40 * u;
    o.overtime_effort_before_deadline = 5 * u;
    o.late = u > 0.7;
    o.nothing_usable = u > 0.9;
    o.low_quality = u > 0.8;
    o.missed_rounds = static_cast<int>(i % 3);
    outcomes.push_back(o);
  }
  return outcomes;
}

// Doubles compared by their bits: +0 and -0 differ.
void expect_same_bits(double a, double b, int percent) {
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a), std::bit_cast<std::uint64_t>(b)) << percent;
}

// `outcomes` added in spans of 300 (slices of 64 and shorter tails) and one by one.
void expect_slices_add_as_one_by_one(const Model& model,
                                     const std::vector<TrialOutcome>& outcomes) {
  Tally sliced(model), one_by_one(model);
  for (std::size_t first = 0; first < outcomes.size(); first += 300) {
    sliced.add(
        std::span(outcomes).subspan(first, std::min<std::size_t>(300, outcomes.size() - first)));
  }
  for (const TrialOutcome& o : outcomes) one_by_one.add(o);
  EXPECT_EQ(sliced.trials, one_by_one.trials);
  EXPECT_EQ(sliced.low_quality, one_by_one.low_quality);
  EXPECT_EQ(sliced.late, one_by_one.late);
  EXPECT_EQ(sliced.nothing_usable, one_by_one.nothing_usable);
  EXPECT_EQ(sliced.missed_rounds, one_by_one.missed_rounds);
  EXPECT_EQ(sliced.quality_sum, one_by_one.quality_sum);
  EXPECT_EQ(sliced.overtime_person_hours, one_by_one.overtime_person_hours);
  EXPECT_EQ(sliced.effort_before_deadline, one_by_one.effort_before_deadline);
  EXPECT_EQ(sliced.overtime_effort_before_deadline, one_by_one.overtime_effort_before_deadline);
  EXPECT_EQ(sliced.quality.count(), one_by_one.quality.count());
  EXPECT_EQ(sliced.finish.count(), one_by_one.finish.count());
  EXPECT_EQ(sliced.overtime.count(), one_by_one.overtime.count());
  for (int p = 1; p <= 100; ++p) {
    expect_same_bits(sliced.quality.quantile_percent(p), one_by_one.quality.quantile_percent(p), p);
    expect_same_bits(sliced.finish.quantile_percent(p), one_by_one.finish.quantile_percent(p), p);
    expect_same_bits(sliced.overtime.quantile_percent(p), one_by_one.overtime.quantile_percent(p),
                     p);
  }
}

TEST(Tally, SlicesAddAsOneByOne) {
  const Model model(load_scenario(std::string(RUSHRISK_SOURCE_DIR) + "/scenarios/minimal.toml"));
  expect_slices_add_as_one_by_one(model, outcomes_with_edges(model));
}

// A slice whose overtime outcomes are all +0 skips their sums and bins one by one (each
// would add +0 to the bin of +0); a -0 among them must not take that way.
TEST(Tally, SlicesWithoutOvertimeAddAsOneByOne) {
  const Model model(load_scenario(std::string(RUSHRISK_SOURCE_DIR) + "/scenarios/minimal.toml"));
  std::vector<TrialOutcome> outcomes = outcomes_with_edges(model);
  for (std::size_t i = 0; i < 700; ++i) {
    outcomes[i].overtime_person_hours = 0.0;
    outcomes[i].overtime_effort_before_deadline = 0.0;
  }
  // The first -0 is the first value of the bin of zeros, so its min is -0 one by one: a
  // slice holding it that took the way of +0s would leave +0 there (a quantile's bits).
  outcomes[0].overtime_person_hours = -0.0;
  outcomes[650].overtime_person_hours = -0.0;
  outcomes[660].overtime_effort_before_deadline = -0.0;
  expect_slices_add_as_one_by_one(model, outcomes);
  // Without the -0s, the overtime quantiles are +0 throughout those slices.
  Tally zeros(model);
  zeros.add(std::span(outcomes).subspan(300, 300));
  EXPECT_EQ(zeros.overtime.count(), 300u);
  expect_same_bits(zeros.overtime.quantile_percent(100), 0.0, 100);
  EXPECT_EQ(zeros.overtime_person_hours, ExactSum{});
}

}  // namespace
}  // namespace rushrisk
