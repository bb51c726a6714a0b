#include "engine/decide/input_cache.h"

#include <algorithm>
#include <thread>

#include "engine/sim/input_batch.h"
#include "engine/sim/trial_batch.h"

namespace rushrisk {
namespace {

// Trials re-simulated at a time (simulate_batch walks them stage by stage).
constexpr std::size_t kSimulatedTogether = 128;

}  // namespace

std::optional<InputCache> InputCache::build(const Model& model, std::uint64_t seed,
                                            std::uint64_t trials, unsigned threads) {
  if (trials > kMaxCachedTrials) return std::nullopt;
  const std::uint64_t parts = std::max<std::uint64_t>(
      1, std::min<std::uint64_t>(threads ? threads : std::thread::hardware_concurrency(), trials));
  InputCache cache;
  cache.trials_ = trials;
  cache.parts_.resize(parts);
  {
    std::vector<std::jthread> workers;
    for (std::uint64_t p = 0; p < parts; ++p) {
      workers.emplace_back([&, p] {
        Part& part = cache.parts_[p];
        const std::uint64_t first = trials * p / parts, last = trials * (p + 1) / parts;
        part.first = first;
        part.trials.reserve(last - first);
        InputBatch batch(model);
        batch.for_each_trial(seed, first, last, [&](std::size_t lane) {
          const TrialInputs in = batch.inputs(lane);
          part.trials.push_back({in.decision_delay, in.materials_delay, in.prep_effort, in.effort,
                                 in.rounds, in.people});
          for (int k = 0; k < in.rounds; ++k) {
            part.per_round.push_back(in.latency[k]);
            part.per_round.push_back(in.rework[k]);
          }
        });
      });
    }
  }
  return cache;
}

std::uint64_t InputCache::sample_size(std::uint64_t every) const {
  return every <= 1 ? trials_ : (trials_ + every - 1) / every;
}

std::uint64_t InputCache::count_low(const Model& model, const TrialAdjustments& adjustments,
                                    std::uint64_t every) const {
  every = std::max<std::uint64_t>(every, 1);
  std::vector<std::uint64_t> low(parts_.size(), 0);
  {
    std::vector<std::jthread> workers;
    for (std::size_t p = 0; p < parts_.size(); ++p) {
      workers.emplace_back([&, p] {
        const Part& part = parts_[p];
        TrialBatch batch(kSimulatedTogether);
        std::vector<TrialOutcome> outcomes(batch.capacity());
        const auto simulate_all = [&] {
          simulate_batch(model, batch, adjustments, OutcomeDetail::probabilities, outcomes);
          for (std::size_t lane = 0; lane < batch.size(); ++lane)
            low[p] += outcomes[lane].low_quality;
          batch.clear();
        };
        TrialInputs in;
        std::size_t next_round = 0;
        for (std::size_t j = 0; j < part.trials.size(); ++j) {
          const Compact& c = part.trials[j];
          if ((part.first + j) % every != 0) {
            next_round += 2 * static_cast<std::size_t>(c.rounds);
            continue;
          }
          in.decision_delay = c.decision_delay;
          in.materials_delay = c.materials_delay;
          in.prep_effort = c.prep_effort;
          in.effort = c.effort;
          in.rounds = c.rounds;
          in.people = c.people;
          in.rounds_drawn = c.rounds;
          for (int k = 0; k < c.rounds; ++k) {
            in.latency[k] = part.per_round[next_round++];
            in.rework[k] = part.per_round[next_round++];
          }
          batch.push_back(in);
          if (batch.size() == batch.capacity()) simulate_all();
        }
        simulate_all();
      });
    }
  }
  std::uint64_t total = 0;
  for (std::uint64_t l : low) total += l;
  return total;
}

}  // namespace rushrisk
