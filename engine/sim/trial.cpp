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

TrialRecord make_record(const TrialInputs& drawn, const TrialInputs& used,
                        const TrialOutcome& outcome) {
  TrialRecord r;
  r.inputs[static_cast<int>(Input::decision_delay)] = drawn.decision_delay;
  r.inputs[static_cast<int>(Input::materials_delay)] = drawn.materials_delay;
  r.inputs[static_cast<int>(Input::prep_effort)] = drawn.prep_effort;
  r.inputs[static_cast<int>(Input::effort)] = drawn.effort;
  r.inputs[static_cast<int>(Input::review_rounds)] = drawn.rounds;
  r.inputs[static_cast<int>(Input::team_people)] = drawn.people;
  double latency = 0, rework = 0;
  for (int k = 0; k < std::min(used.rounds, drawn.rounds_drawn); ++k) {
    latency += drawn.latency[k];
    rework += drawn.rework[k];
  }
  const int n = std::min(used.rounds, drawn.rounds_drawn);
  r.inputs[static_cast<int>(Input::review_latency)] = n ? latency / n : std::nan("");
  r.inputs[static_cast<int>(Input::review_rework)] = n ? rework / n : std::nan("");
  r.risks_occurred = used.risks_occurred;
  r.quality = outcome.quality;
  r.low_quality = outcome.low_quality;
  return r;
}

}  // namespace rushrisk
