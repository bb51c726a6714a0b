// One trial (spec §4): deterministic walks through decision, materials, work and rounds.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "engine/scenario/parse.h"
#include "engine/sim/effects.h"
#include "engine/sim/trial.h"

namespace rushrisk {
namespace {

// A 24/7 calendar, one person, policy never: the validation.md baseline.
Scenario baseline(std::string_view extra = "") {
  std::string text = R"(
[scenario]
start = 2026-11-16T00:00:00
deadline = 2026-11-17T06:00:00
[work]
effort = "10h"
[[calendar.window]]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
from = "00:00"
to = "24:00"
[policy]
overtime = "never"
)";
  text += extra;
  return parse_scenario(text, "baseline.toml");
}

TrialInputs inputs(double effort, int rounds = 0, double latency = 0, double rework = 0) {
  TrialInputs in;
  in.effort = effort;
  in.rounds = rounds;
  for (int k = 0; k < rounds; ++k) {
    in.latency[k] = latency;
    in.rework[k] = rework;
  }
  return in;
}

TEST(Trial, OnTimeFirstVersionHasFullQuality) {
  const Model model(baseline());
  const TrialOutcome out = simulate(model, inputs(10));
  EXPECT_DOUBLE_EQ(out.finish, 10);
  EXPECT_FALSE(out.late);
  EXPECT_FALSE(out.low_quality);
  EXPECT_DOUBLE_EQ(out.quality, 1);
  EXPECT_EQ(out.missed_rounds, 0);
}

TEST(Trial, LateMaterialsLeaveNothingUsable) {
  const Model model(baseline());
  TrialInputs in = inputs(10);
  in.materials_delay = 20.5;
  const TrialOutcome out = simulate(model, in);
  EXPECT_DOUBLE_EQ(out.finish, 30.5);
  EXPECT_TRUE(out.late);
  EXPECT_TRUE(out.nothing_usable);
  EXPECT_TRUE(out.low_quality);
  EXPECT_EQ(out.quality, 0);
  EXPECT_EQ(out.missed_rounds, 1);
}

TEST(Trial, FinishExactlyAtTheDeadlineIsOnTime) {
  const Model model(baseline());
  TrialInputs in = inputs(10);
  in.materials_delay = 20;
  EXPECT_FALSE(simulate(model, in).late);
}

TEST(Trial, MissedRoundsLowerQuality) {
  // V6: two rounds, final version at 22h > 20h deadline: version 2 used, one round missed.
  const Model model(baseline("[quality]\nmissed_round_penalty = 0.3\n"));
  TrialInputs in = inputs(10, 2, 4, 2);
  Scenario s = model.scenario();
  s.deadline = 20;
  const Model tight(s);
  const TrialOutcome out = simulate(tight, in);
  EXPECT_DOUBLE_EQ(out.finish, 22);
  EXPECT_TRUE(out.late);
  EXPECT_FALSE(out.nothing_usable);
  EXPECT_EQ(out.missed_rounds, 1);
  EXPECT_DOUBLE_EQ(out.quality, 0.7);
  EXPECT_TRUE(out.low_quality);
}

TEST(Trial, QualityAtTheThresholdIsNotLow) {
  const Model model(baseline("[quality]\nmissed_round_penalty = 0.25\n"));
  TrialInputs in = inputs(10, 1, 30, 0);  // comments after the deadline: one round missed
  const TrialOutcome out = simulate(model, in);
  EXPECT_DOUBLE_EQ(out.quality, 0.75);
  EXPECT_FALSE(out.low_quality);
}

TEST(Trial, MaterialsCutoffCapsArrival) {
  const Model model(baseline());
  TrialInputs in = inputs(10);
  in.materials_delay = 100;
  TrialAdjustments cutoff;
  cutoff.materials_cutoff = 5;
  EXPECT_DOUBLE_EQ(simulate(model, in, cutoff).finish, 15);
}

TEST(Trial, RelativePromiseCountsFromTheDecision) {
  const Model model(baseline("[materials]\npromised = \"+2h\"\n"));
  TrialInputs in = inputs(10);
  in.decision_delay = 3;
  in.materials_delay = 1;
  EXPECT_DOUBLE_EQ(simulate(model, in).finish, 16);  // 3 + 2 + 1 + 10
}

TEST(Trial, PrepRunsFromTheDecisionWhileMaterialsAreAwaited) {
  const Model model(baseline("[materials]\npromised = \"+5h\"\n"));
  TrialInputs in = inputs(10);
  in.prep_effort = 2;
  EXPECT_DOUBLE_EQ(simulate(model, in).finish, 15);
  in.prep_effort = 7;
  EXPECT_DOUBLE_EQ(simulate(model, in).finish, 17);
}

// Office Mon-Fri 09:00-17:00 plus evening overtime 17:00-21:00 at productivity 0.5; the
// deadline is Tuesday 21:00 and the buffer 4h, so the switch point is Tuesday 17:00.
Scenario overtime_switch(double effort_hours) {
  return parse_scenario(fmt::format(R"(
[scenario]
start = 2026-11-16T09:00:00
deadline = 2026-11-17T21:00:00
[work]
effort = "{}h"
[[calendar.window]]
name = "office"
days = ["mon", "tue", "wed", "thu", "fri"]
from = "09:00"
to = "17:00"
[[calendar.window]]
name = "evening"
days = ["mon", "tue", "wed", "thu", "fri"]
from = "17:00"
to = "21:00"
productivity = 0.5
quality = 0.6
kind = "overtime"
[policy]
overtime = "when_late"
buffer = "4h"
)",
                                    effort_hours),
                        "switch.toml");
}

TEST(OvertimePolicy, FinishExactlyAtDeadlineMinusBufferStaysRegular) {
  // 16h of office time ends Tuesday 17:00 = deadline - buffer: not strictly later.
  const Model model(overtime_switch(16));
  const TrialOutcome out = simulate(model, sample_inputs(model, 1, 0));
  EXPECT_DOUBLE_EQ(out.finish, 32);
  EXPECT_DOUBLE_EQ(out.overtime_person_hours, 0);
  EXPECT_DOUBLE_EQ(out.quality, 1);
}

TEST(OvertimePolicy, OneMinuteLaterSwitchesTheWholeStageToOvertime) {
  // 16h + 1 minute: on regular windows it would end Wednesday 09:01, so the whole stage
  // is replanned with overtime: Monday evening (4 wall hours = 2h of effort) counts too.
  const Model model(overtime_switch(16 + 1.0 / 60));
  const TrialOutcome out = simulate(model, sample_inputs(model, 1, 0));
  EXPECT_DOUBLE_EQ(out.finish, 24 + 8 - (2 - 1.0 / 60));  // Tuesday 15:01
  EXPECT_DOUBLE_EQ(out.overtime_person_hours, 4);
  EXPECT_NEAR(out.quality, (8 + 2 * 0.6 + (6 + 1.0 / 60)) / (16 + 1.0 / 60), 1e-12);
}

TEST(Effects, ApplyInOrderThenClamp) {
  TrialInputs in = inputs(10, 1, 3, 2);
  apply_effects({{Input::effort, Effect::Op::add, 8},
                 {Input::effort, Effect::Op::multiply, 1.5},
                 {Input::review_latency, Effect::Op::add, -5},
                 {Input::review_rounds, Effect::Op::add, -3},
                 {Input::team_people, Effect::Op::add, -4}},
                in);
  EXPECT_DOUBLE_EQ(in.effort, 27);
  EXPECT_DOUBLE_EQ(in.latency[0], 0);
  EXPECT_EQ(in.rounds, 0);
  EXPECT_EQ(in.people, 1);
}

TEST(SampleInputs, AnUnrelatedRiskDoesNotMoveOtherDraws) {
  const std::string risk = R"(
[[risk]]
name = "never happens"
probability = 0
effect = { "work.effort" = "+1h" }
)";
  const std::string effort =
      "[review]\nrounds = 2\nlatency = { dist = \"uniform\", min = 0, max = 9 }\n";
  const Model plain(baseline(effort));
  const Model with_risk(baseline(effort + risk));
  for (std::uint64_t t = 0; t < 100; ++t) {
    const TrialInputs a = sample_inputs(plain, 9, t);
    const TrialInputs b = sample_inputs(with_risk, 9, t);
    ASSERT_EQ(a.rounds_drawn, 2);
    ASSERT_EQ(b.rounds_drawn, 2);
    for (int k = 0; k < 2; ++k) {
      EXPECT_EQ(a.latency[k], b.latency[k]);
      EXPECT_EQ(a.rework[k], b.rework[k]);
    }
  }
}

}  // namespace
}  // namespace rushrisk
