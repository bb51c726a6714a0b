// assess: everything `rushrisk evaluate` reports — the run's statistics, the drivers and
// the recommendation — for one scenario.
#pragma once

#include <optional>
#include <vector>

#include "engine/decide/drivers.h"
#include "engine/decide/recommend.h"
#include "engine/sim/evaluate.h"

namespace rushrisk {

// Drivers are computed from the first kDriverTrials trials of the base run (or all, if
// fewer): enough for about 0.4 percentage points of standard error on each conditional
// probability, in memory independent of the trial count.
inline constexpr std::uint64_t kDriverTrials = 1 << 16;

struct AssessOptions {
  EvaluateOptions evaluate;
  bool drivers = true;
  bool recommend = true;
};

struct Assessment {
  Report report;
  std::vector<Driver> drivers;
  std::optional<Recommendation> recommendation;
};

Assessment assess(const Scenario& scenario, const AssessOptions& options);

}  // namespace rushrisk
