#include "engine/decide/input_cache.h"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "engine/sim/effects.h"
#include "engine/sim/input_batch.h"
#include "engine/sim/trial_batch.h"

namespace rushrisk {
namespace {

// Trials re-simulated at a time (simulate_batch walks them stage by stage).
constexpr std::size_t kSimulatedTogether = 128;

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
         static_cast<std::int32_t>(drawn(Input::team_people)), batch.rounds_drawn(lane)});
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
  return std::move(cache_);
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

std::uint64_t InputCache::count_low(const Model& condition, const TrialAdjustments& adjustments,
                                    std::uint64_t every) const {
  every = std::max<std::uint64_t>(every, 1);
  // The inputs `condition` fixes to a constant (the same value for every draw).
  Fixed fixed;
  for (int i = 0; i < kInputCount; ++i) {
    const InputSampler& sampler = condition.sampler(static_cast<Input>(i));
    if (sampler.is_degenerate()) fixed[i] = sampler.constant();
  }
  std::vector<std::uint64_t> low(parts_.size(), 0);
  {
    std::vector<std::jthread> workers;
    for (std::size_t p = 0; p < parts_.size(); ++p) {
      workers.emplace_back(
          [&, p] { low[p] = count_low(parts_[p], condition, adjustments, every, fixed); });
    }
  }
  std::uint64_t total = 0;
  for (std::uint64_t l : low) total += l;
  return total;
}

std::uint64_t InputCache::count_low(const Part& part, const Model& condition,
                                    const TrialAdjustments& adjustments, std::uint64_t every,
                                    const Fixed& fixed) {
  const auto value = [&](Input input, double drawn) {
    return fixed[static_cast<int>(input)].value_or(drawn);
  };
  std::uint64_t low = 0;
  TrialBatch batch(kSimulatedTogether);
  std::vector<TrialOutcome> outcomes(batch.capacity());
  const auto simulate_all = [&] {
    apply_risks_and_levers(condition, batch);
    simulate_batch(condition, batch, adjustments, OutcomeDetail::probabilities, outcomes);
    for (std::size_t lane = 0; lane < batch.size(); ++lane) low += outcomes[lane].low_quality;
    batch.clear();
  };
  TrialInputs in;
  std::size_t j = 0, next_round = 0;
  for (const Part::Run& run : part.runs) {
    for (std::uint64_t trial = run.first; trial < run.first + run.count; ++trial, ++j) {
      const Compact& c = part.trials[j];
      const int drawn_rounds = c.rounds_drawn;
      if (trial % every != 0) {
        next_round += 2 * static_cast<std::size_t>(drawn_rounds);
        continue;
      }
      in.decision_delay = value(Input::decision_delay, c.decision_delay);
      in.materials_delay = value(Input::materials_delay, c.materials_delay);
      in.prep_effort = value(Input::prep_effort, c.prep_effort);
      in.effort = value(Input::effort, c.effort);
      in.rounds = c.rounds;
      in.people = static_cast<int>(value(Input::team_people, c.people));
      in.rounds_drawn = drawn_rounds;
      in.risks_occurred = c.risks_occurred;
      for (int k = 0; k < drawn_rounds; ++k) {
        in.latency[k] = value(Input::review_latency, part.per_round[next_round++]);
        in.rework[k] = value(Input::review_rework, part.per_round[next_round++]);
      }
      batch.push_back_drawn(in);
      if (batch.size() == batch.capacity()) simulate_all();
    }
  }
  simulate_all();
  return low;
}

}  // namespace rushrisk
