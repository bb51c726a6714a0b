// InputBatch: drawing trials input by input gives each trial exactly the inputs it gets on
// its own, whatever the batch size and wherever the batch starts.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "engine/scenario/parse.h"
#include "engine/sim/effects.h"
#include "engine/sim/input_batch.h"

namespace rushrisk {
namespace {

// The text of a scenario file of the project, to which a test adds tables.
std::string scenario_text(const std::string& name) {
  std::ifstream file(std::string(RUSHRISK_SOURCE_DIR) + "/" + name);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// The bank deck with everything that changes how inputs are drawn: the client factor, rank
// pairs, a gamma prep effort, a risk that adds rounds (so trials draw more rounds than they
// start with) and a risk that never happens.
Scenario everything() {
  std::string text = scenario_text("scenarios/bank_deck.toml");
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

// Risk events and levers that change every input, by adding (also negative amounts, so
// clamps bite) and multiplying, and caps on every input.
Scenario effects_everywhere() {
  Scenario s = everything();
  const auto effect = [](Input target, Effect::Op op, double amount) {
    return Effect{target, op, amount};
  };
  using enum Input;
  constexpr auto add = Effect::Op::add;
  constexpr auto times = Effect::Op::multiply;
  s.risks.push_back({"shifts",
                     0.4,
                     {effect(decision_delay, add, 3), effect(materials_delay, times, 0.5),
                      effect(prep_effort, add, -1.5), effect(review_rework, add, -3),
                      effect(review_rounds, add, -1), effect(team_people, add, -1)}});
  s.risks.push_back(
      {"more",
       0.5,
       {effect(review_rounds, add, 1), effect(review_latency, times, 1.7), effect(effort, add, 5),
        effect(effort, times, 0.9), effect(team_people, add, 2)}});
  return s;
}

std::vector<Lever> levers_everywhere() {
  using enum Input;
  Lever caps{"caps",
             {},
             {},
             {{effort, Effect::Op::multiply, 1.1}, {review_latency, Effect::Op::add, -0.5}},
             {{review_rounds, 2},
              {team_people, 3},
              {review_latency, 6},
              {review_rework, 5},
              {decision_delay, 10},
              {materials_delay, 30},
              {prep_effort, 2.5},
              {effort, 35}}};
  return {caps};
}

void expect_same_as_used(const TrialBatch& batch, std::size_t lane, const TrialInputs& used) {
  EXPECT_EQ(batch.decision_delay(lane), used.decision_delay);
  EXPECT_EQ(batch.materials_delay(lane), used.materials_delay);
  EXPECT_EQ(batch.prep_effort(lane), used.prep_effort);
  EXPECT_EQ(batch.effort(lane), used.effort);
  ASSERT_EQ(batch.rounds(lane), used.rounds);
  EXPECT_EQ(batch.people(lane), used.people);
  for (int k = 1; k <= used.rounds; ++k) {
    EXPECT_EQ(batch.latency(k, lane), used.latency[k - 1]) << "round " << k;
    EXPECT_EQ(batch.rework(k, lane), used.rework[k - 1]) << "round " << k;
  }
}

// The minimal scenario's review inputs are constants, held in their rows from the first
// draw on; a risk that adds rounds makes the rounds drawn differ from lane to lane, so a
// row is read by some lanes and not others, and by other lanes at the next draw.
TEST(InputBatch, HeldConstantRoundsGiveEachTrialItsOwnInputsAtEveryDraw) {
  std::string text = scenario_text("scenarios/minimal.toml");
  text += R"(
[[risk]]
name = "two more rounds"
probability = 0.4
effect = { "review.rounds" = 2, "review.latency" = "x2" }
)";
  const Model model(parse_scenario(text, "minimal_with_rounds.toml"));
  InputBatch inputs(model, 64);
  TrialBatch columns(64);
  int with_more = 0, without = 0;
  for (std::uint64_t first : {0ull, 64ull, 9000ull, 200ull}) {
    const std::size_t count = first == 9000 ? 37 : 64;
    inputs.draw(8, first, count);
    inputs.drawn(columns);
    apply_risks_and_levers(model, columns);
    ASSERT_EQ(columns.size(), count);
    for (std::size_t lane = 0; lane < count; ++lane) {
      const std::uint64_t trial = first + lane;
      SCOPED_TRACE(fmt::format("trial {}", trial));
      TrialInputs drawn_alone, drawn_in_batch;
      const TrialInputs alone = sample_inputs(model, 8, trial, &drawn_alone);
      expect_same(inputs.inputs(lane, &drawn_in_batch), alone, trial);
      expect_same(drawn_in_batch, drawn_alone, trial);
      expect_same_as_used(columns, lane, alone);
      (alone.rounds > 2 ? with_more : without) += 1;
    }
  }
  // Both kinds of lane were drawn.
  EXPECT_GT(with_more, 40);
  EXPECT_GT(without, 40);
}

TEST(InputBatch, RiskEventsAndLeversOnTheWholeBatchGiveEachTrialItsInputsAsUsed) {
  const Scenario scenario = effects_everywhere();
  for (const std::vector<Lever>& levers : {std::vector<Lever>{}, levers_everywhere()}) {
    const Model model(scenario, levers);
    InputBatch inputs(model, 128);
    TrialBatch columns(128), pushed(128);
    int clamped = 0, capped = 0;
    for (std::uint64_t first : {0ull, 128ull, 7000ull}) {
      inputs.draw(3, first, first == 7000 ? 77 : 128);
      inputs.drawn(columns);
      apply_risks_and_levers(model, columns);
      pushed.clear();
      for (std::size_t lane = 0; lane < inputs.size(); ++lane) {
        TrialInputs drawn;
        inputs.inputs(lane, &drawn);
        pushed.push_back_drawn(drawn);
      }
      apply_risks_and_levers(model, pushed);
      ASSERT_EQ(columns.size(), inputs.size());
      ASSERT_EQ(pushed.size(), inputs.size());
      for (std::size_t lane = 0; lane < inputs.size(); ++lane) {
        SCOPED_TRACE(fmt::format("trial {}, {} levers", first + lane, levers.size()));
        const TrialInputs used = inputs.inputs(lane);
        expect_same_as_used(columns, lane, used);
        expect_same_as_used(pushed, lane, used);
        clamped += used.prep_effort == 0;
        capped += used.effort == 35;
      }
      int most = 0;
      for (std::size_t lane = 0; lane < inputs.size(); ++lane)
        most = std::max(most, columns.rounds(lane));
      EXPECT_EQ(columns.max_rounds(), most);
    }
    EXPECT_GT(clamped, 0);  // the clamp at 0 was exercised
    if (!levers.empty()) EXPECT_GT(capped, 0);
  }
}

TEST(InputBatch, ARecordHoldsTheInputsAsDrawnAndPerRoundMeansOverTheRoundsUsed) {
  const Scenario scenario = effects_everywhere();
  const Model model(scenario, levers_everywhere());  // caps rounds at 2: fewer than drawn
  InputBatch inputs(model, 64);
  inputs.draw(5, 0, 64);
  int fewer_used = 0;
  for (std::size_t lane = 0; lane < inputs.size(); ++lane) {
    TrialInputs drawn;
    const TrialInputs used = inputs.inputs(lane, &drawn);
    TrialOutcome outcome;
    outcome.quality = 0.5 + static_cast<double>(lane) / 256;
    outcome.low_quality = lane % 3 == 0;
    const TrialRecord r = inputs.record(lane, used.rounds, outcome);
    const auto at = [&](Input input) { return r.inputs[static_cast<int>(input)]; };
    EXPECT_EQ(at(Input::decision_delay), drawn.decision_delay);
    EXPECT_EQ(at(Input::materials_delay), drawn.materials_delay);
    EXPECT_EQ(at(Input::prep_effort), drawn.prep_effort);
    EXPECT_EQ(at(Input::effort), drawn.effort);
    EXPECT_EQ(at(Input::review_rounds), drawn.rounds);
    EXPECT_EQ(at(Input::team_people), drawn.people);
    const int n = std::min(used.rounds, drawn.rounds_drawn);
    fewer_used += n < drawn.rounds_drawn;
    if (n == 0) {
      EXPECT_TRUE(std::isnan(at(Input::review_latency)));
      EXPECT_TRUE(std::isnan(at(Input::review_rework)));
    } else {
      double latency = 0, rework = 0;
      for (int k = 0; k < n; ++k) {
        latency += drawn.latency[k];
        rework += drawn.rework[k];
      }
      EXPECT_EQ(at(Input::review_latency), latency / n);
      EXPECT_EQ(at(Input::review_rework), rework / n);
    }
    EXPECT_EQ(r.risks_occurred, drawn.risks_occurred);
    EXPECT_EQ(r.quality, outcome.quality);
    EXPECT_EQ(r.low_quality, outcome.low_quality);
  }
  EXPECT_GT(fewer_used, 0);
}

}  // namespace
}  // namespace rushrisk
