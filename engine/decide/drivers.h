// Drivers (spec §7): which uncertain inputs and risk events move the risk.
//
// For each input that varies: P(low | input in its lowest 20%), P(low | highest 20%) and
// Spearman's rank correlation with Q; for each risk event: P(low | not occurred),
// P(low | occurred) and the rank correlation of occurring with Q. Sorted by swing
// |p_low_if_high - p_low_if_low|, widest first. Computed from recorded trials.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/sim/model.h"
#include "engine/sim/trial.h"

namespace rushrisk {

struct Driver {
  std::string input;  // key path, or the risk event's name
  bool is_risk = false;
  double p_low_if_low = 0;
  double p_low_if_high = 0;
  double spearman_quality = 0;

  double swing() const { return p_low_if_high - p_low_if_low; }
};

// Ties (a discrete input, an atom of a mixture) share ranks: they get the mean of the
// ranks they span, and a tied group that straddles the 20% boundary counts with the
// fraction that falls inside. An input with no variation is left out. Per-round inputs
// are the mean over the trial's rounds, over the trials that have at least one round.
std::vector<Driver> compute_drivers(const Model& model, std::span<const TrialRecord> records);

}  // namespace rushrisk
