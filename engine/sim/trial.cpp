#include "engine/sim/trial.h"

#include <algorithm>
#include <cmath>

#include "engine/sim/input_batch.h"
#include "engine/sim/trial_batch.h"

namespace rushrisk {
namespace {

double& duration_target(TrialInputs& in, Input target) {
  switch (target) {
    case Input::decision_delay:
      return in.decision_delay;
    case Input::materials_delay:
      return in.materials_delay;
    case Input::prep_effort:
      return in.prep_effort;
    default:
      return in.effort;
  }
}

double apply_op(const Effect& e, double value) {
  return e.op == Effect::Op::multiply ? value * e.amount : value + e.amount;
}

// Effects change the inputs in order; counts are summed and clamped once at the end.
class EffectApplier {
 public:
  explicit EffectApplier(TrialInputs& in)
      : in_(in), rounds_set_(std::min(std::max(in.rounds, in.rounds_drawn), kMaxRounds)) {}

  void apply(const Effect& e) {
    if (e.target == Input::review_rounds) {
      added_rounds_ += static_cast<int>(e.amount);
    } else if (e.target == Input::team_people) {
      added_people_ += static_cast<int>(e.amount);
    } else if (e.target == Input::review_latency || e.target == Input::review_rework) {
      auto& per_round = e.target == Input::review_latency ? in_.latency : in_.rework;
      for (int k = 0; k < rounds_set(); ++k) per_round[k] = apply_op(e, per_round[k]);
    } else {
      double& v = duration_target(in_, e.target);
      v = apply_op(e, v);
    }
  }

  void finish() {
    in_.rounds = std::clamp(in_.rounds + added_rounds_, 0, kMaxRounds);
    in_.people = std::max(1, in_.people + added_people_);
    for (double* v : {&in_.decision_delay, &in_.materials_delay, &in_.prep_effort, &in_.effort}) {
      *v = std::max(0.0, *v);
    }
    for (int k = 0; k < rounds_set(); ++k) {
      in_.latency[k] = std::max(0.0, in_.latency[k]);
      in_.rework[k] = std::max(0.0, in_.rework[k]);
    }
  }

 private:
  // The per-round entries that hold values (fixed before any effect changes the rounds).
  int rounds_set() const { return rounds_set_; }

  TrialInputs& in_;
  int rounds_set_;
  int added_rounds_ = 0;
  int added_people_ = 0;
};

void apply_cap(const Cap& cap, TrialInputs& in) {
  switch (cap.target) {
    case Input::review_rounds:
      in.rounds = std::min(in.rounds, static_cast<int>(cap.max_value));
      break;
    case Input::team_people:
      in.people = std::max(1, std::min(in.people, static_cast<int>(cap.max_value)));
      break;
    case Input::review_latency:
    case Input::review_rework: {
      auto& per_round = cap.target == Input::review_latency ? in.latency : in.rework;
      for (int k = 0; k < in.rounds_drawn; ++k)
        per_round[k] = std::min(per_round[k], cap.max_value);
      break;
    }
    default:
      duration_target(in, cap.target) = std::min(duration_target(in, cap.target), cap.max_value);
  }
}

}  // namespace

void apply_effects(const std::vector<Effect>& effects, TrialInputs& in) {
  EffectApplier applier(in);
  for (const Effect& e : effects) applier.apply(e);
  applier.finish();
}

void apply_risks_and_levers(const Model& model, TrialInputs& in) {
  const std::vector<RiskEvent>& risks = model.scenario().risks;
  EffectApplier applier(in);
  for (std::size_t r = 0; r < risks.size(); ++r) {
    if (!(in.risks_occurred >> r & 1)) continue;
    for (const Effect& e : risks[r].effects) applier.apply(e);
  }
  for (const Effect& e : model.lever_effects()) applier.apply(e);
  applier.finish();
  for (const Cap& cap : model.lever_caps()) apply_cap(cap, in);
}

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
