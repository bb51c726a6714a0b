// Risk events, lever effects and caps (spec §6, §8): how they turn a trial's inputs as
// drawn into its inputs as used. Effects apply in order — the risk events that occurred
// (file order, each effect in file order), then the model's lever effects — with counts
// summed and clamped once at the end; the lever caps come last.
#pragma once

#include <vector>

#include "engine/scenario/scenario.h"
#include "engine/sim/model.h"
#include "engine/sim/trial.h"
#include "engine/sim/trial_batch.h"

namespace rushrisk {

// Applies to drawn inputs the effects of the risk events that occurred, then the model's
// lever effects and caps.
void apply_risks_and_levers(const Model& model, TrialInputs& inputs);

// The same for every trial of a batch filled with inputs as drawn: column by column, with
// lane by lane the operations of the one-trial version in the same order, so each trial
// gets the same values as on its own.
void apply_risks_and_levers(const Model& model, TrialBatch& batch);

// Applies a list of effects to drawn inputs, then clamps (durations >= 0, rounds in
// [0, kMaxRounds], people >= 1).
void apply_effects(const std::vector<Effect>& effects, TrialInputs& inputs);

// The review rounds `effects` can add to a trial (its positive effects on review.rounds):
// how many more per-round inputs a trial they apply to must draw.
int rounds_added_by(const std::vector<Effect>& effects);

}  // namespace rushrisk
