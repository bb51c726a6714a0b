// The recommendation (spec §8): the verdict and the conditions that would make the
// request acceptable, each evaluated on the same trials as the base run (common random
// numbers), so a difference between them is never noise.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/decide/input_cache.h"
#include "engine/scenario/scenario.h"
#include "engine/sim/evaluate.h"

namespace rushrisk {

struct Condition {
  enum class Kind { materials_cutoff, decide_now, lever, lever_pair };
  Kind kind = Kind::lever;
  std::string name;
  double p_low_quality = 0;
  bool meets = false;
  // materials_cutoff only: the latest quarter-hour (hours since start) that meets the
  // target; nullopt when even the start does not.
  std::optional<double> cutoff;
};

struct Recommendation {
  enum class Verdict { accept, accept_with_conditions, decline };
  Verdict verdict = Verdict::accept;
  double max_risk = 0;
  std::vector<Condition> conditions;
};

std::string_view to_string(Recommendation::Verdict verdict);

// `base` is the base run; its trial count and `options.seed` are reused for every
// condition. When the base meets max_risk the verdict is accept and no condition is run.
// `drawn` is the base run's trials as drawn (InputCache::Collector), when kept; otherwise
// they are drawn again where a condition can use them.
Recommendation recommend(const Scenario& scenario, const Report& base,
                         const EvaluateOptions& options,
                         std::optional<InputCache> drawn = std::nullopt);

}  // namespace rushrisk
