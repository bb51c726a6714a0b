#include "engine/decide/assess.h"

#include <algorithm>

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
  a.report = evaluate(model, base);
  if (options.drivers) {
    records.resize(std::min<std::uint64_t>(records.size(), a.report.trials));
    a.drivers = compute_drivers(model, records);
  }
  if (options.recommend) a.recommendation = recommend(scenario, a.report, options.evaluate);
  return a;
}

}  // namespace rushrisk
