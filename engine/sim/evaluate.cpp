#include "engine/sim/evaluate.h"

#include <algorithm>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

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

bool precise_enough(std::uint64_t low_quality, std::uint64_t trials, double precision) {
  const Probability p = wilson(low_quality, trials);
  return (p.high - p.low) / 2 <= precision;
}

class ParallelRun {
 public:
  ParallelRun(const Model& model, std::uint64_t seed)
      : model_(model), seed_(seed), tallies_([&model] { return Tally(model); }) {}

  // Runs trials [first, last), adding their block sums in block order.
  void run(std::uint64_t first, std::uint64_t last) {
    const std::uint64_t blocks = (last - first + kBlockTrials - 1) / kBlockTrials;
    std::vector<BlockSums> block_sums(blocks);
    tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, blocks, 1),
                      [&](const tbb::blocked_range<std::uint64_t>& range) {
                        Tally& tally = tallies_.local();
                        for (std::uint64_t b = range.begin(); b < range.end(); ++b) {
                          const std::uint64_t begin = first + b * kBlockTrials;
                          const std::uint64_t count = std::min(kBlockTrials, last - begin);
                          block_sums[b] = run_block(model_, seed_, begin, count, tally);
                        }
                      });
    for (const BlockSums& s : block_sums) sums_.add(s);
  }

  // All tallies merged (exact, so the thread that ran a block does not matter).
  Tally merged() const {
    Tally total(model_);
    for (const Tally& t : tallies_) total.merge(t);
    return total;
  }
  const BlockSums& sums() const { return sums_; }
  bool precise_enough(double precision) const {
    std::uint64_t low = 0, trials = 0;
    for (const Tally& t : tallies_) {
      low += t.low_quality;
      trials += t.trials;
    }
    return rushrisk::precise_enough(low, trials, precision);
  }

 private:
  const Model& model_;
  std::uint64_t seed_;
  tbb::enumerable_thread_specific<Tally> tallies_;
  BlockSums sums_;
};

Report run_all(const Model& model, const EvaluateOptions& options) {
  ParallelRun run(model, options.seed);
  if (!options.precision) {
    run.run(0, options.trials);
    return make_report(model, run.merged(), run.sums(), options.seed);
  }
  bool converged = false;
  std::uint64_t done = 0;
  while (done < options.max_trials && !converged) {
    const std::uint64_t next = std::min(done + kCheckTrials, options.max_trials);
    run.run(done, next);
    done = next;
    converged = run.precise_enough(*options.precision);
  }
  Report report = make_report(model, run.merged(), run.sums(), options.seed);
  report.converged = converged;
  return report;
}

}  // namespace

Report evaluate(const Model& model, const EvaluateOptions& options) {
  if (options.threads == 0) return run_all(model, options);
  // Both: the arena sets this run's width, the control lets it exceed the core count.
  const tbb::global_control width(tbb::global_control::max_allowed_parallelism, options.threads);
  tbb::task_arena arena(static_cast<int>(options.threads));
  return arena.execute([&] { return run_all(model, options); });
}

Report evaluate(const Scenario& scenario, const EvaluateOptions& options) {
  return evaluate(Model(scenario), options);
}

}  // namespace rushrisk
