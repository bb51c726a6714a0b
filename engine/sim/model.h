// Model: a Scenario compiled for simulation — calendars laid out as timelines, the
// correlation structure factored, every input's random stream named. Built once per
// evaluation; immutable and thread-safe afterwards.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "engine/random/input_sampler.h"
#include "engine/random/philox_stream.h"
#include "engine/scenario/scenario.h"
#include "engine/sim/calendar.h"

namespace rushrisk {

// Review rounds beyond this are clamped (risk effects included); see docs/model.md.
inline constexpr int kMaxRounds = kMaxReviewRounds;
// Risk events a scenario may declare (their occurrences form a 64-bit mask).
inline constexpr int kMaxRisks = kMaxRiskEvents;

// The named random stream of an input, a risk event, or the client factor.
std::uint32_t input_stream(Input input);
std::uint32_t risk_stream(std::string_view risk_name);
std::uint32_t client_factor_stream();

class Model {
 public:
  // `levers` are applied on top of the scenario (spec §8): their `set` replaces an input's
  // distribution (drawn from the same stream, so trials stay paired with the base run);
  // their effects and caps apply after the risk events, in the order given.
  explicit Model(Scenario scenario, std::vector<Lever> levers = {});
  // Samplers point into the scenario held here, so a Model stays where it was built.
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  // Stream ids, computed once (hashing names per trial would cost more than a draw).
  std::uint32_t stream_of(Input input) const { return input_streams_[static_cast<int>(input)]; }
  std::uint32_t stream_of_risk(std::size_t r) const { return risk_streams_[r]; }
  std::uint32_t client_factor_stream_id() const { return client_factor_stream_; }

  // Effects and caps of the applied levers.
  const std::vector<Effect>& lever_effects() const { return lever_effects_; }
  const std::vector<Cap>& lever_caps() const { return lever_caps_; }

  // The quantile function used for an input.
  const InputSampler& sampler(Input input) const { return samplers_[static_cast<int>(input)]; }

  const Scenario& scenario() const { return scenario_; }
  double deadline() const { return scenario_.deadline; }
  double horizon() const { return horizon_; }
  const Timeline& regular_timeline() const { return regular_; }
  const Timeline& overtime_timeline() const { return with_overtime_; }
  // The client's working-hours clock, or nullptr for wall-clock review latency.
  const Timeline* client_timeline() const { return client_ ? &*client_ : nullptr; }

  // Inputs driven by the one-factor client copula (empty when client_factor is 0).
  const std::vector<Input>& client_factor_inputs() const { return client_inputs_; }
  bool driven_by_client_factor(Input input) const {
    return client_driven_[static_cast<int>(input)];
  }
  // Inputs coupled by rank pairs, and the Cholesky factor L (row-major, n x n) of their
  // Gaussian correlation matrix.
  const std::vector<Input>& paired_inputs() const { return paired_inputs_; }
  const std::vector<double>& pair_cholesky() const { return pair_cholesky_; }
  // Upper bound on the team size any trial can have (for statistics ranges).
  int max_people() const { return max_people_; }

 private:
  Scenario scenario_;
  double horizon_;
  Timeline regular_;
  Timeline with_overtime_;
  std::optional<Timeline> client_;
  std::vector<Input> client_inputs_;
  std::array<bool, kInputCount> client_driven_{};
  std::vector<Input> paired_inputs_;
  std::vector<double> pair_cholesky_;
  int max_people_ = 1;
  std::array<InputSampler, kInputCount> samplers_;
  std::array<std::uint32_t, kInputCount> input_streams_{};
  std::vector<std::uint32_t> risk_streams_;
  std::uint32_t client_factor_stream_ = client_factor_stream();
  std::vector<Effect> lever_effects_;
  std::vector<Cap> lever_caps_;
};

}  // namespace rushrisk
