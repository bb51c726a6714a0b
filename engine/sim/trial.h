// One trial of the contract (spec §4–5): draw the inputs, apply risk events, then walk
// decision -> materials -> prep -> first version -> review rounds -> version used.
//
// sample_inputs() is a pure function of (model, seed, trial index): every draw comes
// from a Philox stream named by the input (and round), so any split of the trials over
// threads or batches gives the same values. simulate() is deterministic given inputs.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/sim/huge_page_allocator.h"
#include "engine/sim/model.h"

namespace rushrisk {

struct TrialInputs {
  double decision_delay = 0;
  double materials_delay = 0;
  double prep_effort = 0;
  double effort = 0;
  int rounds = 0;
  int people = 1;
  // Per-round inputs, round k at [k - 1]; only the first max(rounds, rounds_drawn) entries
  // are set (left uninitialised otherwise: zeroing 1 KiB per trial costs more than a draw).
  std::array<double, kMaxRounds> latency;
  std::array<double, kMaxRounds> rework;
  int rounds_drawn = 0;
  std::uint64_t risks_occurred = 0;  // bit r: risk r (file order) occurred
};

// What-ifs applied on top of the drawn inputs (conditions of the recommendation).
struct TrialAdjustments {
  double materials_cutoff = kInfinity;  // the client delivers by this instant at the latest
};

struct TrialOutcome {
  double finish = 0;  // T_{R+1}, hours since start; +inf if never
  bool late = false;
  bool nothing_usable = false;
  bool low_quality = false;
  double quality = 0;  // Q of the version used
  int missed_rounds = 0;
  double overtime_person_hours = 0;   // before the deadline
  double effort_before_deadline = 0;  // person-hours delivered before the deadline
  double overtime_effort_before_deadline = 0;
};

// Draws every input of trial `trial` and applies the risk events (file order), then the
// model's lever effects and caps. `drawn`, when given, receives the inputs as drawn,
// before any effect (what the drivers rank). One trial at a time; runs draw many at once
// through an InputBatch, which gives the same values.
TrialInputs sample_inputs(const Model& model, std::uint64_t seed, std::uint64_t trial,
                          TrialInputs* drawn = nullptr);

// How much of a TrialOutcome to fill: everything, or only what the probabilities need
// (late, nothing_usable, quality, low_quality, missed_rounds) — the overtime and effort
// accounting left at 0, and a late trial walked only until a stage of it ends past the
// deadline, so its finish is that stage's — for the recommendation's many counting runs.
enum class OutcomeDetail { full, probabilities };

// One trial's walk: a batch of one through simulate_batch (trial_batch.h), which walks
// many trials at once, with the same result for each.
TrialOutcome simulate(const Model& model, const TrialInputs& inputs,
                      const TrialAdjustments& adjustments = {},
                      OutcomeDetail detail = OutcomeDetail::full);

// What the drivers need of one trial: its inputs as drawn (per-round inputs as the mean
// over the rounds it had, NaN without rounds), which risks occurred, and the quality of
// what was used. InputBatch::record() makes one.
struct TrialRecord {
  std::array<double, kInputCount> inputs;  // by Input
  std::uint64_t risks_occurred;
  double quality;
  bool low_quality;
};
// The records of a run (megabytes, written once: in huge pages where the system has them).
using TrialRecords = std::vector<TrialRecord, HugePageAllocator<TrialRecord>>;

}  // namespace rushrisk
