#include "engine/sim/evaluate.h"

#include <algorithm>

namespace rushrisk {
namespace {

// Runs trials [first, first + count) into the tally, returning their floating sums.
BlockSums run_block(const Model& model, std::uint64_t seed, std::uint64_t first,
                    std::uint64_t count, Tally& tally) {
  BlockSums sums;
  for (std::uint64_t trial = first; trial < first + count; ++trial) {
    const TrialOutcome outcome = simulate(model, sample_inputs(model, seed, trial));
    tally.add(outcome);
    sums.add(outcome);
  }
  return sums;
}

bool precise_enough(const Tally& tally, double precision) {
  const Probability p = wilson(tally.low_quality, tally.trials);
  return (p.high - p.low) / 2 <= precision;
}

}  // namespace

Report evaluate(const Model& model, const EvaluateOptions& options) {
  Tally tally(model);
  BlockSums sums;
  const std::uint64_t limit = options.precision ? options.max_trials : options.trials;
  bool converged = !options.precision.has_value();
  for (std::uint64_t done = 0; done < limit;) {
    const std::uint64_t count = std::min(kBlockTrials, limit - done);
    sums.add(run_block(model, options.seed, done, count, tally));
    done += count;
    if (options.precision && done % kCheckTrials == 0 &&
        precise_enough(tally, *options.precision)) {
      converged = true;
      break;
    }
  }
  if (options.precision && !converged) converged = precise_enough(tally, *options.precision);
  Report report = make_report(model, tally, sums, options.seed);
  report.converged = converged;
  return report;
}

Report evaluate(const Scenario& scenario, const EvaluateOptions& options) {
  return evaluate(Model(scenario), options);
}

}  // namespace rushrisk
