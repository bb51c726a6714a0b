// InputBatch: the inputs of a run of consecutive trials, drawn input by input rather than
// trial by trial (structure of arrays). Each input's Philox draws for the whole batch come
// from one vectorised call (philox_batch.h), and its quantile or copula transform runs as
// one loop of table look-ups; per-round inputs are drawn only for the trials that can have
// that round. Every value is the one the trial would get on its own — a pure function of
// (model, seed, trial index) — so any batch size or split of the trials gives the same
// numbers (tests compare batches of several sizes, and every vector path).
//
// One InputBatch per thread; its buffers are reused from batch to batch.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/sim/model.h"
#include "engine/sim/trial.h"
#include "engine/sim/trial_batch.h"

namespace rushrisk {

class InputBatch {
 public:
  static constexpr std::size_t kDefaultCapacity = 128;

  explicit InputBatch(const Model& model, std::size_t capacity = kDefaultCapacity);

  // Draws trials [first, first + count) with `seed`; count <= capacity().
  void draw(std::uint64_t seed, std::uint64_t first, std::size_t count);

  // Draws trials [first, last) a batch at a time, calling body(lane) for each lane of each.
  template <class Body>
  void for_each_trial(std::uint64_t seed, std::uint64_t first, std::uint64_t last,
                      const Body& body) {
    for (std::uint64_t begin = first; begin < last; begin += capacity_) {
      draw(seed, begin, static_cast<std::size_t>(std::min<std::uint64_t>(capacity_, last - begin)));
      for (std::size_t lane = 0; lane < count_; ++lane) body(lane);
    }
  }

  std::size_t size() const { return count_; }
  std::size_t capacity() const { return capacity_; }
  std::uint64_t trial(std::size_t lane) const { return trials_[lane]; }

  // A trial's inputs as drawn: a per-trial input, round k (1-based, k <= rounds_drawn) of a
  // per-round one, the risk events that occurred, the rounds whose inputs were drawn.
  double drawn_value(Input input, std::size_t lane) const {
    return value_[static_cast<int>(input)][lane];
  }
  double drawn_latency(int k, std::size_t lane) const { return latency_[row(k) + lane]; }
  double drawn_rework(int k, std::size_t lane) const { return rework_[row(k) + lane]; }
  std::uint64_t risks_occurred(std::size_t lane) const { return risks_occurred_[lane]; }
  int rounds_drawn(std::size_t lane) const { return rounds_drawn_[lane]; }

  // The drivers' record of trial `lane`, which had `rounds_used` rounds after effects and
  // ended in `outcome`.
  TrialRecord record(std::size_t lane, int rounds_used, const TrialOutcome& outcome) const;

  // The inputs of the batch's trial `lane` after the risk events, lever effects and caps,
  // as sample_inputs() gives them; `drawn`, when given, receives them as drawn.
  TrialInputs inputs(std::size_t lane, TrialInputs* drawn = nullptr) const;
  // Every trial of the batch as drawn, into `out` (emptied first; out.capacity() >= size()),
  // column by column; apply_risks_and_levers(model, out) (effects.h) then gives each the
  // inputs inputs(lane) gives.
  void drawn(TrialBatch& out) const;

 private:
  std::size_t row(int k) const { return static_cast<std::size_t>(k - 1) * capacity_; }
  // Lanes are positions in the batch; a "subset" is the lanes that need a per-round draw.
  void draw_client_factor(std::uint64_t seed);
  void draw_pairs(std::uint64_t seed);
  // Input `input`'s values, for round `round`, at the trials of `lanes` (all lanes when
  // empty), into out[0 .. lanes.size()).
  void draw_input(std::uint64_t seed, Input input, std::uint32_t round,
                  std::span<const std::uint32_t> lanes, double* out);
  void draw_risks(std::uint64_t seed);
  void draw_rounds(std::uint64_t seed);
  // For an input that is a constant: fills `column` (capacity() lanes) with it the first
  // time, when `filled` is false, and returns true; the column then holds it for every
  // batch, as nothing else writes there. False for an input that is drawn.
  bool hold_constant(Input input, double* column, bool& filled) const;

  const Model& model_;
  std::size_t capacity_;
  std::size_t count_ = 0;
  std::vector<std::uint64_t> trials_;
  std::vector<double> client_z_;                        // the client factor's deviate, per lane
  std::vector<std::vector<double>> paired_;             // each paired input's correlated deviate
  std::array<std::vector<double>, kInputCount> value_;  // per-trial inputs, per lane
  std::vector<std::uint64_t> risks_occurred_;
  std::vector<int> rounds_drawn_;  // per-round entries drawn for each lane
  // Which columns of constant inputs already hold their constant (hold_constant()): the
  // per-trial ones by input, the rows of latency and rework by round.
  std::array<bool, kInputCount> constant_held_{};
  std::array<bool, kMaxRounds> latency_held_{}, rework_held_{};
  // Per-round inputs: round k of lane l at [k * capacity + l] (rows grow on demand).
  std::vector<double> latency_, rework_;
  // Scratch for one subset of lanes (sized to the capacity once; a subset is a prefix).
  std::vector<std::uint32_t> subset_;
  std::vector<std::uint64_t> subset_trials_;
  std::vector<double> uniforms_, normals_, gathered_, values_;
};

}  // namespace rushrisk
