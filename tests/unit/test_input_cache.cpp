// InputCache: re-simulating a run's trials from their cached inputs counts exactly what a
// fresh run of the same trials counts — for every condition the cache says it serves.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "engine/decide/input_cache.h"
#include "engine/scenario/parse.h"
#include "engine/sim/evaluate.h"

namespace rushrisk {
namespace {

constexpr std::uint64_t kTrials = 20000;
constexpr std::uint64_t kSeed = 11;

// The bank deck with a risk that adds a round and delays the decision (so "decide now"
// still has a decision delay where it occurs), and levers of every kind.
Scenario scenario_with_levers() {
  const std::string path = std::string(RUSHRISK_SOURCE_DIR) + "/scenarios/bank_deck.toml";
  std::ifstream file(path);
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  text += R"(
[[risk]]
name = "second thoughts"
probability = 0.3
effect = { "review.rounds" = 1, "decision.delay" = "+6h", "review.latency" = "x1.5" }

[[lever]]
name = "fixed prep"
set = { "work.prep_effort" = { dist = "fixed", value = "1h" } }

[[lever]]
name = "promise sooner"
set = { "materials.promised" = "+2h" }

[[lever]]
name = "capped"
cap = { "review.latency" = "4h", "work.effort" = "30h" }
effect = { "work.effort" = "x0.9" }

[[lever]]
name = "one more round"
effect = { "review.rounds" = 1 }

[[lever]]
name = "uncertain effort"
set = { "work.effort" = { dist = "triangular", min = "10h", mode = "20h", max = "30h" } }
)";
  return parse_scenario(text, "levers.toml");
}

const Lever& lever(const Scenario& s, std::string_view name) {
  for (const Lever& l : s.levers) {
    if (l.name == name) return l;
  }
  throw std::logic_error("no such lever");
}

std::uint64_t low_in_a_run(const Model& model, const TrialAdjustments& adjustments = {}) {
  EvaluateOptions options;
  options.seed = kSeed;
  options.trials = kTrials;
  options.counts_only = true;
  options.adjustments = adjustments;
  const Report report = evaluate(model, options);
  return static_cast<std::uint64_t>(
      std::llround(report.p_low_quality.estimate * static_cast<double>(report.trials)));
}

TEST(InputCache, CountsWhatARunOfEachServedConditionCounts) {
  const Scenario scenario = scenario_with_levers();
  const Model base(scenario);
  const auto cache = InputCache::build(base, kSeed, kTrials, 2);
  ASSERT_TRUE(cache);
  Scenario now = scenario;
  now.decision_delay = Distribution::fixed(0);
  const Model decide_now(now);
  for (const char* name :
       {"third designer", "one round of changes only", "fixed prep", "promise sooner", "capped"}) {
    SCOPED_TRACE(name);
    const Model condition(scenario, {lever(scenario, name)});
    ASSERT_TRUE(cache->serves(condition));
    EXPECT_EQ(cache->count_low(condition, {}), low_in_a_run(condition));
  }
  ASSERT_TRUE(cache->serves(base));
  ASSERT_TRUE(cache->serves(decide_now));
  EXPECT_EQ(cache->count_low(decide_now, {}), low_in_a_run(decide_now));
  TrialAdjustments cutoff;
  cutoff.materials_cutoff = 30;
  EXPECT_EQ(cache->count_low(base, cutoff), low_in_a_run(base, cutoff));
  EXPECT_LT(cache->count_low(decide_now, {}), cache->count_low(base, {}));  // it changed
}

TEST(InputCache, DoesNotServeConditionsThatDrawDifferently) {
  const Scenario scenario = scenario_with_levers();
  const Model base(scenario);
  const auto cache = InputCache::build(base, kSeed, 100, 1);
  ASSERT_TRUE(cache);
  // More rounds than were drawn; a distribution that is not a constant.
  EXPECT_FALSE(cache->serves(Model(scenario, {lever(scenario, "one more round")})));
  EXPECT_FALSE(cache->serves(Model(scenario, {lever(scenario, "uncertain effort")})));
  Scenario other_risks = scenario;
  other_risks.risks.back().probability = 0.31;
  EXPECT_FALSE(cache->serves(Model(other_risks)));
  Scenario other_correlation = scenario;
  other_correlation.correlation.client_factor = 0.4;
  EXPECT_FALSE(cache->serves(Model(other_correlation)));
  Scenario fixed_rounds = scenario;
  fixed_rounds.review_rounds = Distribution::fixed(1);
  EXPECT_FALSE(cache->serves(Model(fixed_rounds)));
}

TEST(InputCache, ASampleCountsTheTrialsItNamesWhateverTheThreads) {
  const Scenario scenario = scenario_with_levers();
  const Model base(scenario);
  const Model capped(scenario, {lever(scenario, "capped")});
  TrialAdjustments cutoff;
  cutoff.materials_cutoff = 40;
  std::uint64_t want = 0;
  for (std::uint64_t trial = 0; trial < kTrials; trial += 8) {
    want += simulate(capped, sample_inputs(capped, kSeed, trial), cutoff).low_quality;
  }
  for (unsigned threads : {1u, 3u}) {
    const auto cache = InputCache::build(base, kSeed, kTrials, threads);
    ASSERT_TRUE(cache);
    EXPECT_EQ(cache->sample_size(8), kTrials / 8);
    EXPECT_EQ(cache->count_low(capped, cutoff, 8), want) << threads << " threads";
  }
}

// The cache the base run fills as it draws holds the same trials as one built by drawing
// them again, whichever worker drew which batch: the counts are the same.
TEST(InputCache, CollectedFromARunCountsWhatABuiltOneCounts) {
  const Scenario scenario = scenario_with_levers();
  const Model base(scenario);
  const Model capped(scenario, {lever(scenario, "capped")});
  TrialAdjustments cutoff;
  cutoff.materials_cutoff = 40;
  const auto built = InputCache::build(base, kSeed, kTrials, 2);
  ASSERT_TRUE(built);
  for (unsigned threads : {1u, 3u}) {
    for (std::uint64_t batch : {1000u, 4096u}) {
      SCOPED_TRACE(std::to_string(threads) + " threads, batches of " + std::to_string(batch));
      EvaluateOptions options;
      options.seed = kSeed;
      options.trials = kTrials;
      options.threads = threads;
      options.batch_trials = batch;
      InputCache::Collector collector(base, worker_count(options), kTrials);
      options.drawn = &collector;
      const Report report = evaluate(base, options);
      const auto collected = std::move(collector).finish(report.trials);
      ASSERT_TRUE(collected);
      EXPECT_EQ(collected->sample_size(), kTrials);
      EXPECT_EQ(collected->count_low(base, {}), built->count_low(base, {}));
      EXPECT_EQ(collected->count_low(capped, cutoff), built->count_low(capped, cutoff));
      EXPECT_EQ(collected->count_low(capped, cutoff, 8), built->count_low(capped, cutoff, 8));
    }
  }
}

TEST(InputCache, CollectsFromARunToAPrecisionOnlyTheTrialsItRan) {
  const Model base(scenario_with_levers());
  EvaluateOptions options;
  options.seed = kSeed;
  options.precision = 0.003;  // stops at the second check point
  InputCache::Collector collector(base, worker_count(options), options.max_trials);
  options.drawn = &collector;
  const Report report = evaluate(base, options);
  ASSERT_GT(report.trials, kCheckTrials);
  const auto collected = std::move(collector).finish(report.trials);
  ASSERT_TRUE(collected);
  const auto built = InputCache::build(base, kSeed, report.trials, 2);
  ASSERT_TRUE(built);
  EXPECT_EQ(collected->count_low(base, {}), built->count_low(base, {}));
}

TEST(InputCache, IsNotBuiltForRunsTooLargeToKeep) {
  const Model base(scenario_with_levers());
  EXPECT_FALSE(InputCache::build(base, kSeed, kMaxCachedTrials + 1, 1));
}

TEST(InputCache, IsNotCollectedFromRunsTooLargeToKeep) {
  const Model base(scenario_with_levers());
  EvaluateOptions options;
  options.seed = kSeed;
  options.trials = kMaxCachedTrials + 1;
  options.counts_only = true;
  InputCache::Collector collector(base, worker_count(options), options.trials);
  options.drawn = &collector;
  const Report report = evaluate(base, options);
  EXPECT_FALSE(std::move(collector).finish(report.trials));
}

}  // namespace
}  // namespace rushrisk
