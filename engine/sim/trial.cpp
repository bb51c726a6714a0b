#include "engine/sim/trial.h"

#include <algorithm>
#include <cmath>

#include "engine/sim/input_batch.h"

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

namespace {

// One work stage (prep, first version, a rework) placed on the calendar.
// Trivially constructible: a trial keeps room for kMaxRounds + 2 of them and fills few.
struct Stage {
  double start;
  double finish;
  const Timeline* timeline;
  Timeline::Totals at_start;
  Timeline::Totals at_finish;
};

class TrialWalk {
 public:
  TrialWalk(const Model& model, const TrialInputs& in) : model_(model), in_(in) {}

  Stage work(double from, double effort) const {
    const Scenario& s = model_.scenario();
    const double per_person = effort / in_.people;
    const Timeline* timeline = s.overtime == OvertimePolicy::always ? &model_.overtime_timeline()
                                                                    : &model_.regular_timeline();
    Timeline::Placement placed = timeline->place(from, per_person);
    if (s.overtime == OvertimePolicy::when_late &&
        placed.finish > model_.deadline() - s.buffer + kTimeTolerance) {
      timeline = &model_.overtime_timeline();
      placed = timeline->place(from, per_person);
    }
    return {from, placed.finish, timeline, placed.at_start, placed.at_finish};
  }

  double comments_back(double sent, double latency) const {
    if (const Timeline* client = model_.client_timeline()) return client->finish(sent, latency);
    const double back = sent + latency;
    return back > model_.horizon() + kTimeTolerance ? kInfinity : back;
  }

 private:
  const Model& model_;
  const TrialInputs& in_;
};

// Effort-weighted mean window quality of the stages that went into a version.
double version_quality(const Stage* stages, int count) {
  double capacity = 0, weighted = 0;
  for (int i = 0; i < count; ++i) {
    const Timeline::Totals& a = stages[i].at_start;
    const Timeline::Totals& b = stages[i].at_finish;
    capacity += b.capacity - a.capacity;
    weighted += b.quality_capacity - a.quality_capacity;
  }
  return capacity > 0 ? weighted / capacity : 1.0;
}

void account_overtime(const Stage* stages, int count, double deadline, int people,
                      TrialOutcome& out) {
  for (int i = 0; i < count; ++i) {
    const Stage& stage = stages[i];
    if (stage.start >= deadline) continue;  // nothing of it before the deadline
    const Timeline::Totals& a = stage.at_start;
    const Timeline::Totals b =
        stage.finish <= deadline ? stage.at_finish : stage.timeline->totals_at(deadline);
    out.overtime_person_hours += people * (b.overtime_wall - a.overtime_wall);
    out.effort_before_deadline += people * (b.capacity - a.capacity);
    out.overtime_effort_before_deadline += people * (b.overtime_capacity - a.overtime_capacity);
  }
}

}  // namespace

TrialOutcome simulate(const Model& model, const TrialInputs& in,
                      const TrialAdjustments& adjustments, OutcomeDetail detail) {
  const Scenario& s = model.scenario();
  const TrialWalk walk(model, in);
  const double deadline = model.deadline() + kTimeTolerance;

  const double accepted = in.decision_delay;
  const double promised = s.materials.promised.absolute ? s.materials.promised.hours
                                                        : accepted + s.materials.promised.hours;
  const double materials =
      std::min(std::max(accepted, promised + in.materials_delay), adjustments.materials_cutoff);

  // stages[0] = prep, stages[1] = first version, stages[k + 1] = rework after round k.
  Stage stages[kMaxRounds + 2];
  stages[0] = walk.work(accepted, in.prep_effort);
  stages[1] = walk.work(std::max(materials, stages[0].finish), in.effort);
  int versions_on_time = stages[1].finish <= deadline ? 1 : 0;
  for (int k = 1; k <= in.rounds; ++k) {
    const double comments = walk.comments_back(stages[k].finish, in.latency[k - 1]);
    stages[k + 1] = walk.work(comments, in.rework[k - 1]);
    if (stages[k + 1].finish <= deadline) versions_on_time = k + 1;
  }

  TrialOutcome out;
  out.finish = stages[in.rounds + 1].finish;
  out.late = out.finish > deadline;
  const int used = versions_on_time;  // versions finish in order, so the count is the index
  out.nothing_usable = used == 0;
  if (used == 0) {
    out.missed_rounds = in.rounds + 1;
    out.quality = 0;
    out.low_quality = true;
  } else {
    out.missed_rounds = in.rounds - (used - 1);
    const double penalty = std::max(0.0, 1 - s.missed_round_penalty * out.missed_rounds);
    out.quality = version_quality(stages, used + 1) * penalty;
    out.low_quality = out.quality < s.quality_threshold - 1e-12;
  }
  if (detail == OutcomeDetail::full) {
    account_overtime(stages, in.rounds + 2, model.deadline(), in.people, out);
  }
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
