#include "engine/sim/input_batch.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "engine/random/normal_scale_table.h"
#include "engine/random/philox_batch.h"
#include "engine/sim/effects.h"
#include "engine/random/vector_code.h"

namespace rushrisk {

InputBatch::InputBatch(const Model& model, std::size_t capacity)
    : model_(model),
      capacity_(std::max<std::size_t>(1, capacity)),
      trials_(capacity_),
      client_z_(capacity_),
      paired_(model.paired_inputs().size(), std::vector<double>(capacity_)),
      risks_occurred_(capacity_),
      rounds_drawn_(capacity_),
      uniforms_(capacity_),
      normals_(capacity_),
      gathered_(capacity_),
      values_(capacity_) {
  for (auto& v : value_) v.resize(capacity_);
  subset_.resize(capacity_);
  subset_trials_.resize(capacity_);
}

void InputBatch::draw(std::uint64_t seed, std::uint64_t first, std::size_t count) {
  count_ = std::min(count, capacity_);
  for (std::size_t l = 0; l < count_; ++l) trials_[l] = first + l;
  draw_client_factor(seed);
  draw_pairs(seed);
  for (Input input : {Input::decision_delay, Input::materials_delay, Input::prep_effort,
                      Input::effort, Input::review_rounds, Input::team_people}) {
    double* column = value_[static_cast<int>(input)].data();
    if (hold_constant(input, column, constant_held_[static_cast<int>(input)])) continue;
    draw_input(seed, input, 0, {}, column);
  }
  draw_risks(seed);
  draw_rounds(seed);
}

bool InputBatch::hold_constant(Input input, double* column, bool& filled) const {
  const InputSampler& sampler = model_.sampler(input);
  if (!sampler.is_degenerate()) return false;
  if (!filled) std::fill(column, column + capacity_, sampler.constant());
  filled = true;
  return true;
}

void InputBatch::draw_client_factor(std::uint64_t seed) {
  if (model_.client_factor_inputs().empty()) return;
  const std::span<const std::uint64_t> trials(trials_.data(), count_);
  philox_uniforms(seed, model_.client_factor_stream_id(), 0, trials, uniforms_.data());
  tabulated_normal_quantile(std::span<const double>(uniforms_.data(), count_), client_z_.data());
}

void InputBatch::draw_pairs(std::uint64_t seed) {
  const auto& inputs = model_.paired_inputs();
  const auto& factor = model_.pair_cholesky();
  const std::size_t n = inputs.size();
  if (n == 0) return;
  const std::span<const std::uint64_t> trials(trials_.data(), count_);
  // Independent deviates first (into paired_), then x = L z row by row from the last row
  // up, so each row still reads the z it needs.
  for (std::size_t i = 0; i < n; ++i) {
    philox_uniforms(seed, model_.stream_of(inputs[i]), 0, trials, uniforms_.data());
    tabulated_normal_quantile(std::span<const double>(uniforms_.data(), count_), paired_[i].data());
  }
  for (std::size_t r = n; r-- > 0;) {
    for (std::size_t l = 0; l < count_; ++l) {
      double x = 0;
      for (std::size_t c = 0; c <= r; ++c) x += factor[r * n + c] * paired_[c][l];
      paired_[r][l] = x;
    }
  }
}

void InputBatch::draw_input(std::uint64_t seed, Input input, std::uint32_t round,
                            std::span<const std::uint32_t> lanes, double* out) {
  const InputSampler& sampler = model_.sampler(input);
  const bool all = lanes.empty();
  const std::size_t n = all ? count_ : lanes.size();
  const auto lane = [&](std::size_t j) { return all ? j : lanes[j]; };
  if (sampler.is_degenerate()) {
    std::fill(out, out + n, sampler.constant());
    return;
  }
  const auto& paired = model_.paired_inputs();
  if (const auto it = std::find(paired.begin(), paired.end(), input); it != paired.end()) {
    const std::vector<double>& x = paired_[static_cast<std::size_t>(it - paired.begin())];
    for (std::size_t j = 0; j < n; ++j) gathered_[j] = x[lane(j)];
    sampler.from_normal(std::span<const double>(gathered_.data(), n), out);
    return;
  }
  std::span<const std::uint64_t> trials(trials_.data(), n);
  if (!all) {
    std::uint64_t* subset = subset_trials_.data();
    const std::uint64_t* every = trials_.data();
    const std::uint32_t* picked = lanes.data();
    for (std::size_t j = 0; j < n; ++j) subset[j] = every[picked[j]];
    trials = std::span<const std::uint64_t>(subset, n);
  }
  philox_uniforms(seed, model_.stream_of(input), round, trials, uniforms_.data());
  const std::span<const double> u(uniforms_.data(), n);
  if (!model_.driven_by_client_factor(input)) {
    sampler(u, out);
    return;
  }
  const double rho = model_.scenario().correlation.client_factor;
  const double own_weight = std::sqrt(std::max(0.0, 1 - rho * rho));
  tabulated_normal_quantile(u, normals_.data());
  for (std::size_t j = 0; j < n; ++j) {
    normals_[j] = rho * client_z_[lane(j)] + own_weight * normals_[j];
  }
  sampler.from_normal(std::span<const double>(normals_.data(), n), out);
}

void InputBatch::draw_risks(std::uint64_t seed) {
  const std::vector<RiskEvent>& risks = model_.scenario().risks;
  const std::span<const std::uint64_t> trials(trials_.data(), count_);
  const double* rounds = value_[static_cast<int>(Input::review_rounds)].data();
  const int lever_rounds = rounds_added_by(model_.lever_effects());
  // Pointers and bounds in locals: as far as the compiler knows, the stores might change
  // the vectors' own, and the loops would not vectorise.
  std::uint64_t* occurred_bits = risks_occurred_.data();
  int* lane_rounds = rounds_drawn_.data();
  const std::size_t n = count_;
  for (std::size_t l = 0; l < n; ++l) {
    occurred_bits[l] = 0;
    lane_rounds[l] = static_cast<int>(rounds[l]) + lever_rounds;
  }
  for (std::size_t r = 0; r < risks.size(); ++r) {
    if (risks[r].probability <= 0) continue;
    philox_uniforms(seed, model_.stream_of_risk(r), 0, trials, uniforms_.data());
    const int added = rounds_added_by(risks[r].effects);
    const double probability = risks[r].probability;  // a local: the stores might alias it
    // Without branches: an event of probability 0.25 would mispredict every fourth lane.
    const double* u = uniforms_.data();
    const auto mark = [u, occurred_bits, lane_rounds, n, probability, added, r]() RUSHRISK_INLINE {
      // Locals: the stores might alias this lambda's own copies.
      const double p = probability;
      const int more = added;
      const std::size_t bit = r;
      for (std::size_t l = 0, count = n; l < count; ++l) {
        const bool occurred = u[l] < p;
        occurred_bits[l] |= std::uint64_t{occurred} << bit;
        lane_rounds[l] += occurred ? more : 0;
      }
    };
    if (!in_vector_code(mark)) mark();
  }
  for (std::size_t l = 0; l < n; ++l) lane_rounds[l] = std::min(lane_rounds[l], kMaxRounds);
}

// Round k of every lane that can have it: risk events and levers may add rounds, so every
// possible round is drawn, and a round's draw depends only on its index.
void InputBatch::draw_rounds(std::uint64_t seed) {
  // Rounds below the fewest any lane has are every lane's, and need no list of lanes.
  int fewest = kMaxRounds, most = 0;
  for (std::size_t l = 0; l < count_; ++l) {
    fewest = std::min(fewest, rounds_drawn_[l]);
    most = std::max(most, rounds_drawn_[l]);
  }
  const std::size_t rows = static_cast<std::size_t>(most) * capacity_;
  if (latency_.size() < rows) {
    latency_.resize(rows);
    rework_.resize(rows);
  }
  for (int k = 0; k < most; ++k) {
    const std::size_t row = static_cast<std::size_t>(k) * capacity_;
    const auto round = static_cast<std::uint32_t>(k + 1);
    // A constant's row is filled once, for every lane: the lanes that have round k read it,
    // whichever they are.
    const bool latency_held = hold_constant(Input::review_latency, latency_.data() + row,
                                            latency_held_[static_cast<std::size_t>(k)]);
    const bool rework_held = hold_constant(Input::review_rework, rework_.data() + row,
                                           rework_held_[static_cast<std::size_t>(k)]);
    if (latency_held && rework_held) continue;
    if (k < fewest) {
      // The values go straight into their row, as the same draws for all lanes.
      if (!latency_held) draw_input(seed, Input::review_latency, round, {}, latency_.data() + row);
      if (!rework_held) draw_input(seed, Input::review_rework, round, {}, rework_.data() + row);
      continue;
    }
    // Compacted without a branch: which lanes have round k is as random as their rounds.
    // Pointers in locals: as far as the compiler knows, the stores might change the
    // vectors' own.
    std::uint32_t* subset = subset_.data();
    const int* lane_rounds = rounds_drawn_.data();
    std::size_t n = 0;
    for (std::size_t l = 0, count = count_; l < count; ++l) {
      subset[n] = static_cast<std::uint32_t>(l);
      n += lane_rounds[l] > k;
    }
    const std::span<const std::uint32_t> lanes(subset, n);
    const auto draw_into = [&](Input input, std::vector<double>& rows_of_input) {
      draw_input(seed, input, round, lanes, values_.data());
      double* to = rows_of_input.data() + row;
      for (std::size_t j = 0; j < n; ++j) to[subset[j]] = values_[j];
    };
    if (!latency_held) draw_into(Input::review_latency, latency_);
    if (!rework_held) draw_into(Input::review_rework, rework_);
  }
}

TrialInputs InputBatch::inputs(std::size_t lane, TrialInputs* drawn) const {
  TrialInputs in;
  const auto value = [&](Input input) { return value_[static_cast<int>(input)][lane]; };
  in.decision_delay = value(Input::decision_delay);
  in.materials_delay = value(Input::materials_delay);
  in.prep_effort = value(Input::prep_effort);
  in.effort = value(Input::effort);
  in.rounds = static_cast<int>(value(Input::review_rounds));
  in.people = static_cast<int>(value(Input::team_people));
  in.rounds_drawn = rounds_drawn_[lane];
  for (int k = 0; k < in.rounds_drawn; ++k) {
    in.latency[k] = latency_[static_cast<std::size_t>(k) * capacity_ + lane];
    in.rework[k] = rework_[static_cast<std::size_t>(k) * capacity_ + lane];
  }
  in.risks_occurred = risks_occurred_[lane];
  if (drawn) *drawn = in;
  apply_risks_and_levers(model_, in);
  return in;
}

TrialRecord InputBatch::record(std::size_t lane, int rounds_used,
                               const TrialOutcome& outcome) const {
  TrialRecord r;
  for (Input input : {Input::decision_delay, Input::materials_delay, Input::prep_effort,
                      Input::effort, Input::review_rounds, Input::team_people}) {
    r.inputs[static_cast<int>(input)] = drawn_value(input, lane);
  }
  // Counts as the trial holds them (rounds and people are whole numbers).
  r.inputs[static_cast<int>(Input::review_rounds)] =
      static_cast<int>(drawn_value(Input::review_rounds, lane));
  r.inputs[static_cast<int>(Input::team_people)] =
      static_cast<int>(drawn_value(Input::team_people, lane));
  const int n = std::min(rounds_used, rounds_drawn_[lane]);
  double latency = 0, rework = 0;
  for (int k = 1; k <= n; ++k) {
    latency += drawn_latency(k, lane);
    rework += drawn_rework(k, lane);
  }
  r.inputs[static_cast<int>(Input::review_latency)] = n ? latency / n : std::nan("");
  r.inputs[static_cast<int>(Input::review_rework)] = n ? rework / n : std::nan("");
  r.risks_occurred = risks_occurred_[lane];
  r.quality = outcome.quality;
  r.low_quality = outcome.low_quality;
  return r;
}

void InputBatch::drawn(TrialBatch& out) const {
  out.clear();
  out.count_ = count_;
  const auto copy = [&](Input input, auto& column) {
    const std::vector<double>& v = value_[static_cast<int>(input)];
    std::copy_n(v.begin(), count_, column.begin());
  };
  copy(Input::decision_delay, out.decision_delay_);
  copy(Input::materials_delay, out.materials_delay_);
  copy(Input::prep_effort, out.prep_effort_);
  copy(Input::effort, out.effort_);
  const std::vector<double>& rounds = value_[static_cast<int>(Input::review_rounds)];
  const std::vector<double>& people = value_[static_cast<int>(Input::team_people)];
  // The maxima in locals: in members, every int stored into a column might change them,
  // and the loop would read and write them lane by lane.
  int rows = 0, max_rounds = 0;
  const auto pack = [&, n = count_]() RUSHRISK_INLINE {
    // Pointers in locals too (the stores might change the vectors' own), so that the loop
    // vectorises; in vector code where the CPU has it (conversions of doubles to ints).
    const double* drawn_rounds = rounds.data();
    const double* drawn_people = people.data();
    const int* lane_drawn = rounds_drawn_.data();
    const std::uint64_t* occurred = risks_occurred_.data();
    int* out_rounds = out.rounds_.data();
    int* out_people = out.people_.data();
    int* out_entries = out.entries_.data();
    std::uint64_t* out_occurred = out.risks_occurred_.data();
    int most_rows = 0, most_rounds = 0;
    for (std::size_t l = 0, count = n; l < count; ++l) {
      const int lane_rounds = static_cast<int>(drawn_rounds[l]);
      const int entries = std::min(std::max(lane_rounds, lane_drawn[l]), kMaxRounds);
      out_rounds[l] = lane_rounds;
      out_people[l] = static_cast<int>(drawn_people[l]);
      out_entries[l] = entries;
      out_occurred[l] = occurred[l];
      most_rows = std::max(most_rows, entries);
      most_rounds = std::max(most_rounds, lane_rounds);
    }
    rows = most_rows;
    max_rounds = most_rounds;
  };
  if (!in_vector_code(pack)) pack();
  out.rows_ = rows;
  out.max_rounds_ = max_rounds;
  out.reserve_rows(out.rows_);
  // Round k of lane l: [(k - 1) * capacity + l] here, [(k - 1) * out.capacity + l] there.
  for (int k = 1; k <= out.rows_; ++k) {
    const auto from = static_cast<std::ptrdiff_t>(static_cast<std::size_t>(k - 1) * capacity_);
    std::copy_n(latency_.begin() + from, count_,
                out.latency_.begin() + static_cast<std::ptrdiff_t>(out.row(k)));
    std::copy_n(rework_.begin() + from, count_,
                out.rework_.begin() + static_cast<std::ptrdiff_t>(out.row(k)));
  }
}

}  // namespace rushrisk
