// simulate_batch: a counting run (OutcomeDetail::probabilities), which stops walking a
// trial once a stage of it ends past the deadline, gives every trial the same version
// used, quality, rounds missed and lateness as a full walk; a chunk of trials with
// different rounds walks each as a batch of one. TrialBatch: lanes appended with
// interleaved per-round entries, and inputs fixed in every lane.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <stdexcept>
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

// A batch of one walks every round on the ways for a chunk whose trials all have it (its
// fewest and most rounds are its own). Chunks of 64 whose rounds differ walk the rounds
// past their fewest on lists of the trials that have them: each trial comes out the same.
void expect_chunks_walk_as_trials_alone(const Scenario& scenario, OutcomeDetail detail) {
  const Model model(scenario);
  constexpr std::size_t kBatch = 64;
  InputBatch drawn(model, kBatch);
  TrialBatch trials(kBatch);
  std::vector<TrialOutcome> out(kBatch);
  int chunks_with_mixed_rounds = 0;
  for (std::uint64_t first = 0; first < 2048; first += kBatch) {
    drawn.draw(9, first, kBatch);
    drawn.drawn(trials);
    apply_risks_and_levers(model, trials);
    simulate_batch(model, trials, {}, detail, out);
    int fewest = kMaxRounds, most = 0;
    for (std::size_t l = 0; l < kBatch; ++l) {
      SCOPED_TRACE("trial " + std::to_string(first + l));
      fewest = std::min(fewest, trials.rounds(l));
      most = std::max(most, trials.rounds(l));
      const TrialOutcome alone = simulate(model, drawn.inputs(l), {}, detail);
      const TrialOutcome& a = out[l];
      ASSERT_EQ(bits(a.finish), bits(alone.finish));
      ASSERT_EQ(a.late, alone.late);
      ASSERT_EQ(a.nothing_usable, alone.nothing_usable);
      ASSERT_EQ(a.low_quality, alone.low_quality);
      ASSERT_EQ(bits(a.quality), bits(alone.quality));
      ASSERT_EQ(a.missed_rounds, alone.missed_rounds);
      ASSERT_EQ(bits(a.overtime_person_hours), bits(alone.overtime_person_hours));
      ASSERT_EQ(bits(a.effort_before_deadline), bits(alone.effort_before_deadline));
      ASSERT_EQ(bits(a.overtime_effort_before_deadline),
                bits(alone.overtime_effort_before_deadline));
    }
    chunks_with_mixed_rounds += fewest < most;
  }
  EXPECT_GT(chunks_with_mixed_rounds, 0);
}

TEST(SimulateBatch, ChunksWithFewerAndMoreRoundsWalkEachTrialAsAlone) {
  for (const char* name :
       {"scenarios/bank_deck.toml", "scenarios/ad_campaign.toml", "scenarios/website_copy.toml"}) {
    SCOPED_TRACE(name);
    for (OutcomeDetail detail : {OutcomeDetail::full, OutcomeDetail::probabilities}) {
      expect_chunks_walk_as_trials_alone(scenario_file(name), detail);
    }
  }
}

TEST(TrialBatch, TakesPerRoundEntriesInterleavedAsFromTheirArrays) {
  TrialInputs in;
  in.decision_delay = 1;
  in.effort = 9;
  in.rounds = 2;
  in.rounds_drawn = 3;
  in.latency = {};
  in.rework = {};
  const double pairs[] = {10, 20, 11, 21, 12, 22};
  for (int k = 0; k < 3; ++k) {
    in.latency[k] = pairs[2 * k];
    in.rework[k] = pairs[2 * k + 1];
  }
  TrialBatch from_arrays(4), from_pairs(4);
  from_arrays.push_back_drawn(in);
  from_pairs.push_back_drawn(in, pairs);
  ASSERT_EQ(from_pairs.size(), 1u);
  EXPECT_EQ(from_pairs.decision_delay(0), 1);
  EXPECT_EQ(from_pairs.effort(0), 9);
  EXPECT_EQ(from_pairs.rounds(0), 2);
  for (int k = 1; k <= 3; ++k) {
    EXPECT_EQ(from_pairs.latency(k, 0), from_arrays.latency(k, 0)) << "round " << k;
    EXPECT_EQ(from_pairs.rework(k, 0), from_arrays.rework(k, 0)) << "round " << k;
  }
}

TEST(TrialBatch, FixesAnInputInEveryLaneAndRound) {
  TrialInputs in;
  in.rounds = in.rounds_drawn = 2;
  in.latency = {};
  in.rework = {};
  TrialBatch batch(4);
  for (int l = 0; l < 3; ++l) {
    in.decision_delay = l + 1;
    in.people = l + 1;
    in.latency[0] = in.latency[1] = 5.0 + l;
    batch.push_back_drawn(in);
  }
  batch.fix(Input::decision_delay, 0);
  batch.fix(Input::team_people, 3);
  batch.fix(Input::review_latency, 0.5);
  for (std::size_t l = 0; l < 3; ++l) {
    EXPECT_EQ(batch.decision_delay(l), 0);
    EXPECT_EQ(batch.people(l), 3);
    EXPECT_EQ(batch.latency(1, l), 0.5);
    EXPECT_EQ(batch.latency(2, l), 0.5);
  }
  EXPECT_THROW(batch.fix(Input::review_rounds, 1), std::logic_error);
}

}  // namespace
}  // namespace rushrisk
