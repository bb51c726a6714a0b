// simulate_batch: a counting run (OutcomeDetail::probabilities), which stops walking a
// trial once a stage of it ends past the deadline, gives every trial the same version
// used, quality, rounds missed and lateness as a full walk.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/scenario/parse.h"
#include "engine/sim/effects.h"
#include "engine/sim/input_batch.h"
#include "engine/sim/trial_batch.h"

namespace rushrisk {
namespace {

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

void expect_counting_walk_settles_as_the_full_walk(const Scenario& scenario,
                                                   const TrialAdjustments& adjustments) {
  const Model model(scenario);
  constexpr std::size_t kBatch = 128;
  InputBatch drawn(model, kBatch);
  TrialBatch trials(kBatch);
  std::vector<TrialOutcome> full(kBatch), counted(kBatch);
  std::size_t late = 0;
  for (std::uint64_t first = 0; first < 8192; first += kBatch) {
    drawn.draw(5, first, kBatch);
    drawn.drawn(trials);
    apply_risks_and_levers(model, trials);
    simulate_batch(model, trials, adjustments, OutcomeDetail::full, full);
    simulate_batch(model, trials, adjustments, OutcomeDetail::probabilities, counted);
    for (std::size_t l = 0; l < kBatch; ++l) {
      const TrialOutcome& a = full[l];
      const TrialOutcome& b = counted[l];
      SCOPED_TRACE("trial " + std::to_string(first + l));
      ASSERT_EQ(b.late, a.late);
      ASSERT_EQ(b.nothing_usable, a.nothing_usable);
      ASSERT_EQ(b.low_quality, a.low_quality);
      ASSERT_EQ(b.missed_rounds, a.missed_rounds);
      ASSERT_EQ(bits(b.quality), bits(a.quality));
      if (a.late) {
        ASSERT_GT(b.finish, model.deadline() + kTimeTolerance);
        ASSERT_LE(b.finish, a.finish);
        ++late;
      } else {
        ASSERT_EQ(bits(b.finish), bits(a.finish));
      }
    }
  }
  // Some trials were late, so the walk was cut short somewhere.
  EXPECT_GT(late, 100u);
}

Scenario scenario_file(const std::string& name) {
  return load_scenario(std::string(RUSHRISK_SOURCE_DIR) + "/" + name);
}

TEST(SimulateBatch, ACountingWalkSettlesEveryTrialAsTheFullWalk) {
  for (const char* name : {"scenarios/bank_deck.toml", "scenarios/ad_campaign.toml",
                           "scenarios/website_copy.toml", "scenarios/minimal.toml"}) {
    SCOPED_TRACE(name);
    expect_counting_walk_settles_as_the_full_walk(scenario_file(name), {});
  }
}

TEST(SimulateBatch, ACountingWalkSettlesEveryTrialAsTheFullWalkWithACutoffOrAnyPolicy) {
  Scenario bank = scenario_file("scenarios/bank_deck.toml");
  TrialAdjustments cutoff;
  cutoff.materials_cutoff = 26;  // Friday 12:00
  expect_counting_walk_settles_as_the_full_walk(bank, cutoff);
  for (OvertimePolicy policy : {OvertimePolicy::always, OvertimePolicy::never}) {
    bank.overtime = policy;
    expect_counting_walk_settles_as_the_full_walk(bank, {});
  }
}

}  // namespace
}  // namespace rushrisk
