#include "engine/decide/assess.h"

#include <algorithm>

#include "engine/decide/input_cache.h"

namespace rushrisk {

Assessment assess(const Scenario& scenario, const AssessOptions& options) {
  Assessment a;
  TrialRecords records;
  EvaluateOptions base = options.evaluate;
  if (options.drivers) {
    base.records = &records;
    base.record_trials = options.evaluate.precision
                             ? kDriverTrials
                             : std::min(kDriverTrials, options.evaluate.trials);
  }
  const Model model(scenario);
  // The recommendation re-simulates the base run's trials: keep them as they are drawn
  // (unless there are certain to be too many to keep).
  std::optional<InputCache::Collector> drawn;
  const EvaluateOptions& o = options.evaluate;
  if (options.recommend && (o.precision || o.trials <= kMaxCachedTrials)) {
    base.drawn = &drawn.emplace(model, worker_count(o), o.precision ? o.max_trials : o.trials);
  }
  a.report = evaluate(model, base);
  if (options.drivers) {
    records.resize(std::min<std::uint64_t>(records.size(), a.report.trials));
    a.drivers = compute_drivers(model, records);
  }
  if (options.recommend) {
    a.recommendation = recommend(scenario, a.report, options.evaluate,
                                 drawn ? std::move(*drawn).finish(a.report.trials) : std::nullopt);
  }
  return a;
}

}  // namespace rushrisk
