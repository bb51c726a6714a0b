// TrialBatch and simulate_batch: the walk of a trial (spec §4–5) for many trials at once.
//
// A trial's stages form one long chain of dependent calendar look-ups, so a processor
// walking one trial at a time mostly waits. simulate_batch walks the trials of a batch
// stage by stage instead — every trial's prep, then every trial's first version, then
// round 1 of every trial that has it, and so on — so the look-ups of neighbouring trials
// are independent and overlap. Each trial still sees exactly the arithmetic of a walk on
// its own (same operations, same order), so the outcome of a trial does not depend on the
// batch it was in; simulate() in trial.h is a batch of one.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/sim/model.h"
#include "engine/sim/trial.h"

namespace rushrisk {

// The inputs of up to capacity() trials as a structure of arrays (lane = position in the
// batch). A batch holds inputs as used — after risk events, lever effects and caps — when
// it is simulated; it may first be filled with inputs as drawn (push_back_drawn(), or
// InputBatch::drawn()) and turned into inputs as used by apply_risks_and_levers()
// (effects.h), lane by lane the arithmetic of the one-trial version. Storage is reused by
// clear().
class TrialBatch {
 public:
  explicit TrialBatch(std::size_t capacity);

  void clear() {
    count_ = 0;
    max_rounds_ = 0;
    rows_ = 0;
  }
  // Appends a trial's inputs as used; size() < capacity().
  void push_back(const TrialInputs& in);
  // Appends a trial's inputs as drawn (every per-round entry it drew); size() < capacity().
  void push_back_drawn(const TrialInputs& drawn);
  // The same with the per-round entries from `pairs` instead of drawn's arrays: latency
  // and rework of round k at pairs[2k - 2] and pairs[2k - 1], k <= drawn.rounds_drawn.
  // Those are all the entries a trial as drawn holds (InputBatch draws min(rounds + the
  // rounds effects can add, kMaxRounds)); the bound only keeps a read inside `pairs`.
  void push_back_drawn(const TrialInputs& drawn, const double* pairs) {
    const int entries = drawn_entries(drawn);
    set_entries(append_scalars(drawn, entries), std::min(entries, drawn.rounds_drawn), pairs,
                pairs + 1, 2);
  }
  // Sets `input` (any but review.rounds) to `value` in every lane, in every per-round
  // entry for a per-round input: a condition that fixes it, on inputs as drawn.
  void fix(Input input, double value);

  std::size_t size() const { return count_; }
  std::size_t capacity() const { return capacity_; }
  int max_rounds() const { return max_rounds_; }

  double decision_delay(std::size_t lane) const { return decision_delay_[lane]; }
  double materials_delay(std::size_t lane) const { return materials_delay_[lane]; }
  double prep_effort(std::size_t lane) const { return prep_effort_[lane]; }
  double effort(std::size_t lane) const { return effort_[lane]; }
  int rounds(std::size_t lane) const { return rounds_[lane]; }
  int people(std::size_t lane) const { return people_[lane]; }
  const int* people_column() const { return people_.data(); }
  const int* rounds_column() const { return rounds_.data(); }
  // Round k (1-based) of a lane with rounds(lane) >= k.
  double latency(int k, std::size_t lane) const { return latency_[row(k) + lane]; }
  double rework(int k, std::size_t lane) const { return rework_[row(k) + lane]; }

 private:
  friend class InputBatch;
  friend void apply_risks_and_levers(const Model& model, TrialBatch& batch);

  std::size_t row(int k) const { return static_cast<std::size_t>(k - 1) * capacity_; }
  // Makes room for per-round rows 1..rows.
  void reserve_rows(int rows);
  // Appends a lane with the scalar inputs of `in` and room for `entries` per-round
  // entries (left for the caller to write); inline, as the recommendation's counts append
  // every trial of a run several times.
  std::size_t append_scalars(const TrialInputs& in, int entries) {
    const std::size_t lane = count_++;
    decision_delay_[lane] = in.decision_delay;
    materials_delay_[lane] = in.materials_delay;
    prep_effort_[lane] = in.prep_effort;
    effort_[lane] = in.effort;
    rounds_[lane] = in.rounds;
    people_[lane] = in.people;
    entries_[lane] = entries;
    risks_occurred_[lane] = in.risks_occurred;
    if (entries > rows_) {
      reserve_rows(entries);
      rows_ = entries;
    }
    max_rounds_ = std::max(max_rounds_, in.rounds);
    return lane;
  }
  // Per-round entries 1..entries of `lane`: round k's latency at latency[(k - 1) * stride],
  // its rework at rework[(k - 1) * stride].
  void set_entries(std::size_t lane, int entries, const double* latency, const double* rework,
                   std::size_t stride) {
    for (int k = 1; k <= entries; ++k) {
      latency_[row(k) + lane] = latency[static_cast<std::size_t>(k - 1) * stride];
      rework_[row(k) + lane] = rework[static_cast<std::size_t>(k - 1) * stride];
    }
  }
  // Appends a lane with the inputs of `in` and its first `entries` per-round entries.
  void append(const TrialInputs& in, int entries) {
    set_entries(append_scalars(in, entries), entries, in.latency.data(), in.rework.data(), 1);
  }
  // The per-round entries of a trial as drawn.
  static int drawn_entries(const TrialInputs& drawn) {
    return std::min(std::max(drawn.rounds, drawn.rounds_drawn), kMaxRounds);
  }

  std::size_t capacity_;
  std::size_t count_ = 0;
  int max_rounds_ = 0;  // the most rounds of any lane
  int rows_ = 0;        // per-round rows holding values for some lane
  std::vector<double> decision_delay_, materials_delay_, prep_effort_, effort_;
  std::vector<int> rounds_, people_;
  // Per-round entries held by each lane (as drawn: every round it drew), and the risk
  // events that occurred in it: what apply_risks_and_levers() needs.
  std::vector<int> entries_;
  std::vector<std::uint64_t> risks_occurred_;
  // Round k of lane l at [(k - 1) * capacity + l]; rows are added as trials need them.
  std::vector<double> latency_, rework_;
};

// Simulates every trial of `batch`: out[l] is the outcome of lane l, the same as
// simulate() of that trial alone. out.size() >= batch.size().
void simulate_batch(const Model& model, const TrialBatch& batch,
                    const TrialAdjustments& adjustments, OutcomeDetail detail,
                    std::span<TrialOutcome> out);

}  // namespace rushrisk
