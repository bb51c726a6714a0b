#include "engine/sim/trial.h"

#include <algorithm>
#include <cmath>

#include "engine/sim/input_batch.h"
#include "engine/sim/trial_batch.h"

namespace rushrisk {
TrialInputs sample_inputs(const Model& model, std::uint64_t seed, std::uint64_t trial,
                          TrialInputs* drawn) {
  InputBatch batch(model, 1);
  batch.draw(seed, trial, 1);
  return batch.inputs(0, drawn);
}

TrialOutcome simulate(const Model& model, const TrialInputs& in,
                      const TrialAdjustments& adjustments, OutcomeDetail detail) {
  TrialBatch batch(1);
  batch.push_back(in);
  TrialOutcome out;
  simulate_batch(model, batch, adjustments, detail, std::span<TrialOutcome>(&out, 1));
  return out;
}

}  // namespace rushrisk
