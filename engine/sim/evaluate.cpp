#include "engine/sim/evaluate.h"

#include <algorithm>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace rushrisk {
namespace {

class ParallelRun {
 public:
  ParallelRun(const Model& model, const EvaluateOptions& options)
      : model_(model),
        seed_(options.seed),
        batch_(std::max<std::uint64_t>(1, options.batch_trials)),
        tallies_([&model] { return Tally(model); }) {}

  // Runs trials [first, last) in batches spread over the threads.
  void run(std::uint64_t first, std::uint64_t last) {
    const std::uint64_t batches = (last - first + batch_ - 1) / batch_;
    tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, batches, 1),
                      [&](const tbb::blocked_range<std::uint64_t>& range) {
                        Tally& tally = tallies_.local();
                        for (std::uint64_t b = range.begin(); b < range.end(); ++b) {
                          const std::uint64_t begin = first + b * batch_;
                          run_batch(begin, std::min(begin + batch_, last), tally);
                        }
                      });
  }

  // All tallies merged; merging is exact, so which thread ran a batch does not matter.
  Tally merged() const {
    Tally total(model_);
    for (const Tally& t : tallies_) total.merge(t);
    return total;
  }

  bool precise_enough(double precision) const {
    std::uint64_t low = 0, trials = 0;
    for (const Tally& t : tallies_) {
      low += t.low_quality;
      trials += t.trials;
    }
    const Probability p = wilson(low, trials);
    return (p.high - p.low) / 2 <= precision;
  }

 private:
  void run_batch(std::uint64_t first, std::uint64_t last, Tally& tally) const {
    for (std::uint64_t trial = first; trial < last; ++trial) {
      tally.add(simulate(model_, sample_inputs(model_, seed_, trial)));
    }
  }

  const Model& model_;
  std::uint64_t seed_;
  std::uint64_t batch_;
  tbb::enumerable_thread_specific<Tally> tallies_;
};

Report run_all(const Model& model, const EvaluateOptions& options) {
  ParallelRun run(model, options);
  if (!options.precision) {
    run.run(0, options.trials);
    return make_report(model, run.merged(), options.seed);
  }
  // Check points sit at fixed trial counts, so where a run stops depends on nothing but
  // the scenario, seed and precision.
  bool converged = false;
  std::uint64_t done = 0;
  while (done < options.max_trials && !converged) {
    const std::uint64_t next = std::min(done + kCheckTrials, options.max_trials);
    run.run(done, next);
    done = next;
    converged = run.precise_enough(*options.precision);
  }
  Report report = make_report(model, run.merged(), options.seed);
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
