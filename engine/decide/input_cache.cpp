#include "engine/decide/input_cache.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <thread>
#include <utility>

#include "engine/sim/effects.h"
#include "engine/sim/input_batch.h"
#include "engine/sim/trial_batch.h"

namespace rushrisk {
namespace {

// Trials re-simulated at a time (simulate_batch walks them stage by stage).
constexpr std::size_t kSimulatedTogether = 128;
// Compact::first_round indexes a part's per_round in 32 bits.
static_assert(2 * static_cast<std::uint64_t>(kMaxRounds) * kMaxCachedTrials <= UINT32_MAX);

// Trials of a slice: small enough that threads finish within a few microseconds of each
// other, large enough that taking a slice costs nothing.
constexpr std::uint64_t kSliceTrials = 4096;

}  // namespace

InputCache::InputCache(const Model& model, std::size_t parts) : parts_(parts) {
  for (int i = 0; i < kInputCount; ++i) {
    drawn_from_[i] = model.scenario().input(static_cast<Input>(i));
  }
  risks_ = model.scenario().risks;
  correlation_ = model.scenario().correlation;
  lever_rounds_ = rounds_added_by(model.lever_effects());
}

InputCache::Collector::Collector(const Model& model, std::size_t workers,
                                 std::uint64_t expected_trials)
    : cache_(model, std::max<std::size_t>(1, workers)) {
  // Room for the trials each worker is expected to draw and their per-round inputs, and a
  // little more, so the vectors are not regrown (every regrowth copies them into freshly
  // faulted pages). Reserved pages that are never written cost nothing.
  double rounds_expected = model.scenario().review_rounds.mean() + cache_.lever_rounds_ + 0.25;
  for (const RiskEvent& risk : cache_.risks_) {
    rounds_expected += std::max(0.0, risk.probability) * rounds_added_by(risk.effects);
  }
  rounds_expected = std::min(rounds_expected, static_cast<double>(kMaxRounds));
  const std::uint64_t trials = std::min(expected_trials, kMaxCachedTrials);
  const std::uint64_t per_part = trials / cache_.parts_.size() + InputBatch::kDefaultCapacity;
  for (Part& part : cache_.parts_) {
    part.trials.reserve(per_part);
    part.per_round.reserve(
        static_cast<std::size_t>(2 * rounds_expected * static_cast<double>(per_part) + 1024));
  }
}

void InputCache::Collector::add(std::size_t worker, const InputBatch& batch) {
  if (batch.size() == 0) return;
  // Past the limit the cache will not be used: keep no more.
  const std::uint64_t added = trials_.fetch_add(batch.size(), std::memory_order_relaxed);
  if (added + batch.size() > kMaxCachedTrials) return;
  Part& part = cache_.parts_[worker];
  Part::Run& run = part.runs.emplace_back(Part::Run{batch.trial(0), batch.size()});
  if (part.runs.size() > 1) {
    Part::Run& before = part.runs[part.runs.size() - 2];
    if (before.first + before.count == run.first) {
      before.count += run.count;
      part.runs.pop_back();
    }
  }
  for (std::size_t lane = 0; lane < batch.size(); ++lane) {
    const auto drawn = [&](Input input) { return batch.drawn_value(input, lane); };
    part.trials.push_back(
        {drawn(Input::decision_delay), drawn(Input::materials_delay), drawn(Input::prep_effort),
         drawn(Input::effort), batch.risks_occurred(lane),
         static_cast<std::int32_t>(drawn(Input::review_rounds)),
         static_cast<std::int32_t>(drawn(Input::team_people)), batch.rounds_drawn(lane),
         static_cast<std::uint32_t>(part.per_round.size())});
    for (int k = 1; k <= batch.rounds_drawn(lane); ++k) {
      part.per_round.push_back(batch.drawn_latency(k, lane));
      part.per_round.push_back(batch.drawn_rework(k, lane));
    }
  }
}

std::optional<InputCache> InputCache::Collector::finish(std::uint64_t trials) && {
  if (trials_.load() > kMaxCachedTrials) return std::nullopt;
  if (trials_.load() != trials) {
    throw std::logic_error("InputCache::Collector: the run drew other trials than it reports");
  }
  cache_.trials_ = trials;
  cache_.slice();
  return std::move(cache_);
}

void InputCache::slice() {
  slices_.clear();
  for (std::size_t p = 0; p < parts_.size(); ++p) {
    std::size_t position = 0;
    for (const Part::Run& run : parts_[p].runs) {
      for (std::uint64_t done = 0; done < run.count; done += kSliceTrials) {
        const std::uint64_t count = std::min(kSliceTrials, run.count - done);
        slices_.push_back({p, position, run.first + done, count});
        position += count;
      }
    }
  }
}

std::optional<InputCache> InputCache::build(const Model& model, std::uint64_t seed,
                                            std::uint64_t trials, unsigned threads) {
  if (trials > kMaxCachedTrials) return std::nullopt;
  const std::uint64_t parts = std::max<std::uint64_t>(
      1, std::min<std::uint64_t>(threads ? threads : std::thread::hardware_concurrency(), trials));
  Collector collector(model, parts, trials);
  {
    std::vector<std::jthread> workers;
    for (std::uint64_t p = 0; p < parts; ++p) {
      workers.emplace_back([&, p] {
        InputBatch batch(model);
        const std::uint64_t last = trials * (p + 1) / parts;
        for (std::uint64_t first = trials * p / parts; first < last; first += batch.capacity()) {
          batch.draw(seed, first, std::min<std::uint64_t>(batch.capacity(), last - first));
          collector.add(p, batch);
        }
      });
    }
  }
  return std::move(collector).finish(trials);
}

bool InputCache::serves(const Model& condition) const {
  const Scenario& s = condition.scenario();
  if (s.risks != risks_ || s.correlation != correlation_ ||
      rounds_added_by(condition.lever_effects()) > lever_rounds_) {
    return false;
  }
  for (int i = 0; i < kInputCount; ++i) {
    const Distribution& d = s.input(static_cast<Input>(i));
    if (d == drawn_from_[i]) continue;
    if (static_cast<Input>(i) == Input::review_rounds || !d.is_degenerate()) return false;
  }
  return true;
}

std::uint64_t InputCache::sample_size(std::uint64_t every) const {
  return every <= 1 ? trials_ : (trials_ + every - 1) / every;
}

// Re-simulates trials of the cache under one condition, kSimulatedTogether at a time, and
// counts the low-quality ones.
class InputCache::Counter {
 public:
  Counter(const Model& condition, const TrialAdjustments& adjustments)
      : condition_(condition),
        adjustments_(adjustments),
        batch_(kSimulatedTogether),
        outcomes_(batch_.capacity()) {
    // The rounds are the cached ones (serves() asks for the same distribution).
    for (int i = 0; i < kInputCount; ++i) {
      const auto input = static_cast<Input>(i);
      const InputSampler& sampler = condition.sampler(input);
      if (sampler.is_degenerate() && input != Input::review_rounds) {
        fixed_.push_back({input, sampler.constant()});
      }
    }
  }

  // The trials of `slice` (of `part`) whose index is a multiple of `every`.
  void add(const Part& part, const Slice& slice, std::uint64_t every) {
    const std::uint64_t end = slice.first + slice.count;
    for (std::uint64_t trial = (slice.first + every - 1) / every * every; trial < end;
         trial += every) {
      add(part, part.trials[slice.position + (trial - slice.first)]);
    }
  }

  // Of the trials added.
  std::uint64_t low_quality() {
    simulate();
    return low_;
  }

 private:
  // Inputs as drawn; those the condition fixes are set when the batch is full.
  void add(const Part& part, const Compact& c) {
    in_.decision_delay = c.decision_delay;
    in_.materials_delay = c.materials_delay;
    in_.prep_effort = c.prep_effort;
    in_.effort = c.effort;
    in_.rounds = c.rounds;
    in_.people = c.people;
    in_.rounds_drawn = c.rounds_drawn;
    in_.risks_occurred = c.risks_occurred;
    batch_.push_back_drawn(in_, part.per_round.data() + c.first_round);
    if (batch_.size() == batch_.capacity()) simulate();
  }

  void simulate() {
    for (const auto& [input, value] : fixed_) batch_.fix(input, value);
    apply_risks_and_levers(condition_, batch_);
    simulate_batch(condition_, batch_, adjustments_, OutcomeDetail::probabilities, outcomes_);
    for (std::size_t lane = 0; lane < batch_.size(); ++lane) low_ += outcomes_[lane].low_quality;
    batch_.clear();
  }

  const Model& condition_;
  const TrialAdjustments& adjustments_;
  // The inputs the condition fixes to a constant, and their values.
  std::vector<std::pair<Input, double>> fixed_;
  TrialBatch batch_;
  std::vector<TrialOutcome> outcomes_;
  TrialInputs in_;  // scalars only: the per-round entries go from the part to the batch
  std::uint64_t low_ = 0;
};

std::uint64_t InputCache::count_low(const Model& condition, const TrialAdjustments& adjustments,
                                    std::uint64_t every) const {
  every = std::max<std::uint64_t>(every, 1);
  // As many threads as the base run had (parts), each taking slices in turn; the counts
  // are integers, so their sum does not depend on which thread counted what.
  std::vector<std::uint64_t> low(std::min(parts_.size(), slices_.size()), 0);
  std::atomic<std::size_t> next_slice{0};
  const auto work = [&](std::size_t t) {
    Counter counter(condition, adjustments);
    for (std::size_t s = next_slice++; s < slices_.size(); s = next_slice++) {
      counter.add(parts_[slices_[s].part], slices_[s], every);
    }
    low[t] = counter.low_quality();
  };
  {
    std::vector<std::jthread> threads;
    for (std::size_t t = 1; t < low.size(); ++t) threads.emplace_back(work, t);
    if (!low.empty()) work(0);
  }  // joined here
  std::uint64_t total = 0;
  for (std::uint64_t l : low) total += l;
  return total;
}

}  // namespace rushrisk
