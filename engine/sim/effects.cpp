#include "engine/sim/effects.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "engine/random/vector_code.h"

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

// A batch's columns, as the batch effects below change them.
struct BatchColumns {
  std::size_t lanes;
  int rows;  // per-round rows holding values for some lane
  std::size_t row_stride;
  std::array<double*, 4> durations;  // decision, materials, prep, effort (by Input)
  int* rounds;
  int* people;
  const int* entries;  // per-round entries each lane holds
  double* latency;
  double* rework;

  double* duration(Input target) const {
    return durations[std::min(static_cast<std::size_t>(target), std::size_t{3})];
  }
  // Row k (1-based) of a per-round input.
  double* per_round(Input target, int k) const {
    return (target == Input::review_latency ? latency : rework) +
           static_cast<std::size_t>(k - 1) * row_stride;
  }
};

// Effect e on the lanes `selected` picks, as EffectApplier::apply() on each: counts are
// summed into the lane (clamped by finish_effects()), per-round inputs change in every
// entry the lane holds.
template <class Selected>
inline RUSHRISK_INLINE void apply_to_lanes(const BatchColumns& c, const Effect& e,
                                           const Selected& selected) {
  const bool multiply = e.op == Effect::Op::multiply;
  const auto op = [&](bool on, double v)
                      RUSHRISK_INLINE { return on ? (multiply ? v * e.amount : v + e.amount) : v; };
  switch (e.target) {
    case Input::review_rounds:
    case Input::team_people: {
      int* v = e.target == Input::review_rounds ? c.rounds : c.people;
      const int amount = static_cast<int>(e.amount);
      for (std::size_t l = 0; l < c.lanes; ++l) v[l] += selected(l) ? amount : 0;
      return;
    }
    case Input::review_latency:
    case Input::review_rework:
      for (int k = 1; k <= c.rows; ++k) {
        double* v = c.per_round(e.target, k);
        for (std::size_t l = 0; l < c.lanes; ++l) v[l] = op(selected(l) && k <= c.entries[l], v[l]);
      }
      return;
    default: {
      // One loop per operation, so that neither has a branch.
      double* v = c.duration(e.target);
      if (multiply) {
        for (std::size_t l = 0; l < c.lanes; ++l) v[l] = selected(l) ? v[l] * e.amount : v[l];
      } else {
        for (std::size_t l = 0; l < c.lanes; ++l) v[l] = selected(l) ? v[l] + e.amount : v[l];
      }
    }
  }
}

// EffectApplier::finish() on every lane.
inline RUSHRISK_INLINE void finish_effects(const BatchColumns& c) {
  for (std::size_t l = 0; l < c.lanes; ++l) {
    c.rounds[l] = std::clamp(c.rounds[l], 0, kMaxRounds);
    c.people[l] = std::max(1, c.people[l]);
  }
  for (double* v : c.durations) {
    for (std::size_t l = 0; l < c.lanes; ++l) v[l] = std::max(0.0, v[l]);
  }
  // Whole rows: a row's entries past a lane's own are never read (TrialBatch::latency()),
  // so clamping them too changes nothing, and the loop has no branch.
  for (Input per_round : {Input::review_latency, Input::review_rework}) {
    for (int k = 1; k <= c.rows; ++k) {
      double* v = c.per_round(per_round, k);
      for (std::size_t l = 0; l < c.lanes; ++l) v[l] = std::max(0.0, v[l]);
    }
  }
}

// apply_cap() on every lane.
inline RUSHRISK_INLINE void cap_lanes(const BatchColumns& c, const Cap& cap) {
  switch (cap.target) {
    case Input::review_rounds:
      for (std::size_t l = 0; l < c.lanes; ++l) {
        c.rounds[l] = std::min(c.rounds[l], static_cast<int>(cap.max_value));
      }
      return;
    case Input::team_people:
      for (std::size_t l = 0; l < c.lanes; ++l) {
        c.people[l] = std::max(1, std::min(c.people[l], static_cast<int>(cap.max_value)));
      }
      return;
    case Input::review_latency:
    case Input::review_rework:
      for (int k = 1; k <= c.rows; ++k) {
        double* v = c.per_round(cap.target, k);
        for (std::size_t l = 0; l < c.lanes; ++l) {
          v[l] = k <= c.entries[l] ? std::min(v[l], cap.max_value) : v[l];
        }
      }
      return;
    default: {
      double* v = c.duration(cap.target);
      for (std::size_t l = 0; l < c.lanes; ++l) v[l] = std::min(v[l], cap.max_value);
    }
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

int rounds_added_by(const std::vector<Effect>& effects) {
  int added = 0;
  for (const Effect& e : effects) {
    if (e.target == Input::review_rounds && e.amount > 0) added += static_cast<int>(e.amount);
  }
  return added;
}

void apply_risks_and_levers(const Model& model, TrialBatch& b) {
  const BatchColumns c{b.count_,
                       b.rows_,
                       b.capacity_,
                       {b.decision_delay_.data(), b.materials_delay_.data(), b.prep_effort_.data(),
                        b.effort_.data()},
                       b.rounds_.data(),
                       b.people_.data(),
                       b.entries_.data(),
                       b.latency_.data(),
                       b.rework_.data()};
  const std::uint64_t* occurred = b.risks_occurred_.data();
  const std::vector<RiskEvent>& risks = model.scenario().risks;
  // Loops over the lanes, of selects: in AVX2 or AVX-512 code where the CPU has it.
  const auto apply_all = [&]() RUSHRISK_INLINE {
    std::uint64_t any = 0;
    for (std::size_t l = 0; l < c.lanes; ++l) any |= occurred[l];
    for (std::size_t r = 0; r < risks.size(); ++r) {
      if (!(any >> r & 1)) continue;
      for (const Effect& e : risks[r].effects) {
        apply_to_lanes(c, e,
                       [&](std::size_t l) RUSHRISK_INLINE { return (occurred[l] >> r & 1) != 0; });
      }
    }
    for (const Effect& e : model.lever_effects()) {
      apply_to_lanes(c, e, [](std::size_t) RUSHRISK_INLINE { return true; });
    }
    finish_effects(c);
    for (const Cap& cap : model.lever_caps()) cap_lanes(c, cap);
    // A local: c.rounds is an int* that, as far as the compiler knows, might point at the
    // member, which it would then store and read again lane by lane.
    int max_rounds = 0;
    for (std::size_t l = 0; l < c.lanes; ++l) max_rounds = std::max(max_rounds, c.rounds[l]);
    b.max_rounds_ = max_rounds;
  };
  if (!in_vector_code(apply_all)) apply_all();
}

}  // namespace rushrisk
