#include "engine/sim/evaluate.h"

#include <algorithm>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/sim/effects.h"
#include "engine/sim/input_batch.h"
#include "engine/sim/trial_batch.h"

namespace rushrisk {
namespace {

// Runs trials on a set of std::jthreads that take batches from a shared counter; each
// thread keeps its own Tally. The helper threads start with the first run that needs
// them and wait between runs: a precision run is one short run per check point (65,536
// trials, about a millisecond on 16 cores), and threads started afresh for each spent
// part of it starting, and allocating their buffers, one after another.
class ParallelRun {
 public:
  ParallelRun(const Model& model, const EvaluateOptions& options)
      : model_(model),
        options_(options),
        seed_(options.seed),
        batch_(std::max<std::uint64_t>(1, options.batch_trials)),
        tallies_(worker_count(options), Tally(model, options.counts_only)),
        main_workspace_(model) {}

  ~ParallelRun() {
    // A run left by an exception: the helpers take no more of its batches (far below
    // 2^64, so their increments cannot wrap it back).
    next_batch_ = kNoBatchesLeft;
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    job_posted_.notify_all();
  }  // helpers_ (declared last) joined here, before the rest goes

  ParallelRun(const ParallelRun&) = delete;
  ParallelRun& operator=(const ParallelRun&) = delete;

  // Runs trials [first, last); returns when all are tallied.
  void run(std::uint64_t first, std::uint64_t last) {
    const std::uint64_t batch = batch_for(last - first);
    const std::uint64_t batches = divided_up(last - first, batch);
    const Job job{first, last, batch, batches};
    next_batch_ = 0;
    if (batches <= 1) {  // nothing to share: the helpers are not woken
      work(job, 0, main_workspace_);
      return;
    }
    start_helpers(std::min<std::uint64_t>(tallies_.size(), batches) - 1);
    {
      const std::lock_guard lock(mutex_);
      job_ = job;
      ++generation_;
      helpers_busy_ = helpers_.size();
    }
    job_posted_.notify_all();
    work(job, 0, main_workspace_);
    std::unique_lock lock(mutex_);
    job_done_.wait(lock, [&] { return helpers_busy_ == 0; });
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

  struct Job {
    std::uint64_t first = 0, last = 0;  // trials [first, last)
    std::uint64_t batch = 1, batches = 0;
  };

  static std::uint64_t divided_up(std::uint64_t n, std::uint64_t d) { return n / d + (n % d != 0); }

  // The trials handed out at a time for a run of `trials`: batch_trials, or, where that
  // would leave fewer than four batches a thread, a whole number of InputBatches (at
  // least one) that leaves at least four: a check point's 65,536 trials are 16 batches of
  // 4,096, one each on 16 cores, and every core would wait for the slowest (64 batches
  // of 1,024 now). One thread shares with nobody. The batch size never changes the
  // result.
  std::uint64_t batch_for(std::uint64_t trials) const {
    constexpr std::uint64_t kBatchesPerThread = 4;
    const std::uint64_t threads = tallies_.size();
    if (threads == 1) return batch_;
    const std::uint64_t capacity = InputBatch::kDefaultCapacity;
    const std::uint64_t share = trials / (kBatchesPerThread * threads) / capacity * capacity;
    return std::min(batch_, std::max(capacity, share));
  }

  // Batches of `job` taken from the shared counter until none is left.
  void work(const Job& job, std::size_t worker, Workspace& workspace) {
    for (std::uint64_t b = next_batch_++; b < job.batches; b = next_batch_++) {
      const std::uint64_t begin = job.first + b * job.batch;
      run_batch(begin, std::min(begin + job.batch, job.last), worker, workspace);
    }
  }

  // Up to `wanted` helpers (workers 1, 2, ...): a run needs no more than it has batches
  // after the calling thread's. Called by the thread that posts jobs, between jobs: a
  // helper starts having seen every job posted so far.
  void start_helpers(std::size_t wanted) {
    helpers_.reserve(tallies_.size() - 1);
    while (helpers_.size() < wanted) {
      const std::size_t worker = helpers_.size() + 1;
      helpers_.emplace_back([this, worker, seen = generation_] { help(worker, seen); });
    }
  }

  // A helper thread: each job posted after the `seen`-th, until stopping_.
  void help(std::size_t worker, std::uint64_t seen) {
    Workspace workspace(model_);
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        job_posted_.wait(lock, [&] { return stopping_ || generation_ != seen; });
        if (stopping_) return;
        seen = generation_;
        job = job_;
      }
      work(job, worker, workspace);
      const std::lock_guard lock(mutex_);
      if (--helpers_busy_ == 0) job_done_.notify_one();
    }
  }

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
  Workspace main_workspace_;  // the calling thread's (worker 0)
  static constexpr std::uint64_t kNoBatchesLeft = std::uint64_t{1} << 62;
  std::atomic<std::uint64_t> next_batch_{0};
  // The job posted to the helpers: generation_ counts jobs; a helper takes each once.
  std::mutex mutex_;
  std::condition_variable job_posted_, job_done_;
  Job job_;
  std::uint64_t generation_ = 0;
  std::size_t helpers_busy_ = 0;  // helpers still on the current job
  bool stopping_ = false;
  std::vector<std::jthread> helpers_;  // last: joined before the members they use go
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
