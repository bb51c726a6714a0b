#include "engine/sim/evaluate.h"

#include <algorithm>

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "engine/sim/effects.h"
#include "engine/sim/input_batch.h"
#include "engine/sim/trial_batch.h"

namespace rushrisk {
namespace {

// Runs trials on a set of std::jthreads that take batches from a shared counter; each
// thread keeps its own Tally. Joining the threads is the only synchronisation.
class ParallelRun {
 public:
  ParallelRun(const Model& model, const EvaluateOptions& options)
      : model_(model),
        options_(options),
        seed_(options.seed),
        batch_(std::max<std::uint64_t>(1, options.batch_trials)),
        tallies_(worker_count(options), Tally(model, options.counts_only)) {}

  // Runs trials [first, last).
  void run(std::uint64_t first, std::uint64_t last) {
    std::atomic<std::uint64_t> next_batch{0};
    const std::uint64_t batches = (last - first + batch_ - 1) / batch_;
    auto work = [&](std::size_t worker) {
      Workspace workspace(model_);
      for (std::uint64_t b = next_batch++; b < batches; b = next_batch++) {
        const std::uint64_t begin = first + b * batch_;
        run_batch(begin, std::min(begin + batch_, last), worker, workspace);
      }
    };
    const std::size_t helpers = std::min<std::uint64_t>(tallies_.size(), batches);
    {
      std::vector<std::jthread> threads;
      for (std::size_t t = 1; t < helpers; ++t) threads.emplace_back(work, t);
      work(0);
    }  // joined here
  }

  // All tallies merged into the first (once, at the end of a run); merging is exact, so
  // which thread ran a batch does not matter.
  const Tally& merge_all() {
    for (std::size_t t = 1; t < tallies_.size(); ++t) tallies_[0].merge(tallies_[t]);
    tallies_.erase(tallies_.begin() + 1, tallies_.end());
    return tallies_[0];
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
  // One thread's buffers, reused from batch to batch.
  struct Workspace {
    InputBatch inputs;
    TrialBatch trials;
    std::vector<TrialOutcome> outcomes;

    explicit Workspace(const Model& model)
        : inputs(model), trials(inputs.capacity()), outcomes(inputs.capacity()) {}
  };

  OutcomeDetail detail() const {
    return options_.counts_only ? OutcomeDetail::probabilities : OutcomeDetail::full;
  }

  // Trials [first, last) on worker `worker`: inputs drawn InputBatch::kDefaultCapacity at
  // a time, simulated together, then tallied in trial order.
  void run_batch(std::uint64_t first, std::uint64_t last, std::size_t worker, Workspace& w) {
    Tally& tally = tallies_[worker];
    const std::uint64_t recorded = options_.records ? options_.record_trials : 0;
    for (std::uint64_t begin = first; begin < last; begin += w.inputs.capacity()) {
      w.inputs.draw(seed_, begin, std::min<std::uint64_t>(w.inputs.capacity(), last - begin));
      if (options_.drawn) options_.drawn->add(worker, w.inputs);
      w.inputs.drawn(w.trials);
      apply_risks_and_levers(model_, w.trials);
      simulate_batch(model_, w.trials, options_.adjustments, detail(), w.outcomes);
      for (std::size_t lane = 0; lane < w.inputs.size() && w.inputs.trial(lane) < recorded;
           ++lane) {
        (*options_.records)[w.inputs.trial(lane)] =
            w.inputs.record(lane, w.trials.rounds(lane), w.outcomes[lane]);
      }
      tally.add(std::span<const TrialOutcome>(w.outcomes.data(), w.inputs.size()));
    }
  }

  const Model& model_;
  const EvaluateOptions& options_;
  std::uint64_t seed_;
  std::uint64_t batch_;
  std::vector<Tally> tallies_;
};

Report run_all(const Model& model, const EvaluateOptions& options) {
  if (options.records) options.records->resize(options.record_trials);
  ParallelRun run(model, options);
  if (!options.precision) {
    run.run(0, options.trials);
    return make_report(model, run.merge_all(), options.seed);
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
  Report report = make_report(model, run.merge_all(), options.seed);
  report.converged = converged;
  return report;
}

}  // namespace

std::size_t worker_count(const EvaluateOptions& options) {
  if (options.threads > 0) return options.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

Report evaluate(const Model& model, const EvaluateOptions& options) {
  return run_all(model, options);
}

Report evaluate(const Scenario& scenario, const EvaluateOptions& options) {
  return evaluate(Model(scenario), options);
}

}  // namespace rushrisk
