// InputBatch: drawing trials input by input gives each trial exactly the inputs it gets on
// its own, whatever the batch size and wherever the batch starts.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "engine/scenario/parse.h"
#include "engine/sim/input_batch.h"

namespace rushrisk {
namespace {

// The bank deck with everything that changes how inputs are drawn: the client factor, rank
// pairs, a gamma prep effort, a risk that adds rounds (so trials draw more rounds than they
// start with) and a risk that never happens.
Scenario everything() {
  const std::string path = std::string(RUSHRISK_SOURCE_DIR) + "/scenarios/bank_deck.toml";
  std::ifstream file(path);
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  text += R"(
[[correlation.pair]]
a = "work.effort"
b = "decision.delay"
rho = 0.6
[[correlation.pair]]
a = "work.effort"
b = "work.prep_effort"
rho = -0.4

[[risk]]
name = "two more rounds"
probability = 0.3
effect = { "review.rounds" = 2, "review.latency" = "x2" }

[[risk]]
name = "never"
probability = 0
effect = { "work.effort" = "+100h" }
)";
  const std::string fixed_prep = R"(prep_effort = { dist = "fixed", value = "2h" })";
  text.replace(text.find(fixed_prep), fixed_prep.size(),
               R"(prep_effort = { dist = "gamma", mean = "2h", sd = "1h" })");
  return parse_scenario(text, "everything.toml");
}

void expect_same(const TrialInputs& a, const TrialInputs& b, std::uint64_t trial) {
  SCOPED_TRACE(fmt::format("trial {}", trial));
  EXPECT_EQ(a.decision_delay, b.decision_delay);
  EXPECT_EQ(a.materials_delay, b.materials_delay);
  EXPECT_EQ(a.prep_effort, b.prep_effort);
  EXPECT_EQ(a.effort, b.effort);
  EXPECT_EQ(a.rounds, b.rounds);
  EXPECT_EQ(a.people, b.people);
  EXPECT_EQ(a.risks_occurred, b.risks_occurred);
  ASSERT_EQ(a.rounds_drawn, b.rounds_drawn);
  for (int k = 0; k < a.rounds_drawn; ++k) {
    EXPECT_EQ(a.latency[k], b.latency[k]) << "round " << k + 1;
    EXPECT_EQ(a.rework[k], b.rework[k]) << "round " << k + 1;
  }
}

TEST(InputBatch, AnyBatchSizeAndStartGivesEachTrialItsOwnInputs) {
  const Scenario scenario = everything();
  const Model model(scenario, {scenario.levers.at(1)});  // a lever with an effect
  bool some_round_added = false;
  for (std::size_t capacity : {1u, 7u, 64u, 128u}) {
    InputBatch batch(model, capacity);
    for (std::uint64_t first : {0ull, 5ull, 1000ull, (1ull << 32) - 3}) {
      batch.draw(42, first, capacity);
      ASSERT_EQ(batch.size(), capacity);
      for (std::size_t lane = 0; lane < batch.size(); ++lane) {
        const std::uint64_t trial = first + lane;
        ASSERT_EQ(batch.trial(lane), trial);
        TrialInputs drawn_alone, drawn_in_batch;
        const TrialInputs alone = sample_inputs(model, 42, trial, &drawn_alone);
        expect_same(batch.inputs(lane, &drawn_in_batch), alone, trial);
        expect_same(drawn_in_batch, drawn_alone, trial);
        some_round_added = some_round_added || alone.rounds > drawn_alone.rounds;
      }
    }
  }
  EXPECT_TRUE(some_round_added);  // the risk that adds rounds was exercised
}

TEST(InputBatch, AShortBatchDrawsOnlyWhatItIsAskedFor) {
  const Model model(everything());
  InputBatch batch(model, 64);
  batch.draw(1, 100, 10);
  ASSERT_EQ(batch.size(), 10u);
  for (std::size_t lane = 0; lane < 10; ++lane) {
    expect_same(batch.inputs(lane), sample_inputs(model, 1, 100 + lane), 100 + lane);
  }
}

}  // namespace
}  // namespace rushrisk
