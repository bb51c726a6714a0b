// The scenario parser: the reference scenario read into a plain value, defaults filled in.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/scenario/errors.h"
#include "engine/scenario/parse.h"

namespace rushrisk {
namespace {

const std::string kBankDeck = RUSHRISK_SOURCE_DIR "/scenarios/bank_deck.toml";

TEST(ParseBankDeck, ReadsEveryTable) {
  const Scenario s = load_scenario(kBankDeck);
  EXPECT_EQ(s.name, "bank_deck");
  EXPECT_EQ(s.start.to_string(), "2026-11-19T10:00:00");
  EXPECT_DOUBLE_EQ(s.deadline, 4 * 24 + 23);  // Thursday 10:00 to Tuesday 09:00
  EXPECT_EQ(s.decision_delay.kind(), DistKind::triangular);
  EXPECT_DOUBLE_EQ(s.team_people.quantile(0.5), 2);
  ASSERT_EQ(s.calendar.windows.size(), 4u);
  EXPECT_EQ(s.calendar.windows[1].name, "evening");
  EXPECT_EQ(s.calendar.windows[1].kind, WindowKind::overtime);
  EXPECT_DOUBLE_EQ(s.calendar.windows[1].to_hours, 24);
  EXPECT_EQ(s.overtime, OvertimePolicy::when_late);
  EXPECT_DOUBLE_EQ(s.buffer, 12);
  EXPECT_FALSE(s.materials.promised.absolute);
  EXPECT_DOUBLE_EQ(s.materials.promised.hours, 24);
  EXPECT_EQ(s.materials.delay.kind(), DistKind::mixture);
  EXPECT_EQ(s.effort.kind(), DistKind::pert);
  EXPECT_EQ(s.review_rounds.kind(), DistKind::discrete);
  ASSERT_TRUE(s.client_calendar.has_value());
  EXPECT_DOUBLE_EQ(s.client_calendar->windows[0].to_hours, 20);
  EXPECT_DOUBLE_EQ(s.correlation.client_factor, 0.5);
  EXPECT_DOUBLE_EQ(s.quality_threshold, 0.75);
  EXPECT_DOUBLE_EQ(s.max_risk, 0.2);
  ASSERT_EQ(s.risks.size(), 2u);
  EXPECT_EQ(s.risks[1].effects[0].op, Effect::Op::multiply);
  EXPECT_DOUBLE_EQ(s.risks[1].effects[0].amount, 1.3);
  ASSERT_EQ(s.levers.size(), 2u);
  EXPECT_EQ(s.levers[0].caps[0].target, Input::review_rounds);
  EXPECT_DOUBLE_EQ(s.levers[0].caps[0].max_value, 1);
  EXPECT_EQ(s.levers[1].effects[0].target, Input::team_people);
}

TEST(ParseBankDeck, LognormalFromMedianAndP90) {
  const Scenario s = load_scenario(kBankDeck);
  // 40% on time, then lognormal(median 20h): the mixture's median sits inside the tail.
  EXPECT_DOUBLE_EQ(s.materials.delay.quantile(0.3), 0);
  EXPECT_NEAR(s.materials.delay.cdf(20), 0.4 + 0.6 * 0.5, 1e-12);
  EXPECT_NEAR(s.materials.delay.cdf(72), 0.4 + 0.6 * 0.9, 1e-12);
}

TEST(Overrides, SetReplacesValuesBeforeValidation) {
  const Scenario s = load_scenario(
      kBankDeck,
      {parse_override("team.people=3"), parse_override("materials.promised=2026-11-20T09:00:00"),
       parse_override("work.effort=20h"), parse_override("calendar.window[1].productivity=0.5")});
  EXPECT_DOUBLE_EQ(s.team_people.quantile(0.5), 3);
  EXPECT_TRUE(s.materials.promised.absolute);
  EXPECT_DOUBLE_EQ(s.materials.promised.hours, 23);
  EXPECT_EQ(s.effort.kind(), DistKind::fixed);
  EXPECT_DOUBLE_EQ(s.effort.quantile(0.5), 20);
  EXPECT_DOUBLE_EQ(s.calendar.windows[1].productivity, 0.5);
}

TEST(Overrides, SetAcceptsADistributionAndCreatesTables) {
  const Scenario s = load_scenario(
      kBankDeck, {parse_override("review.latency={dist = \"uniform\", min = \"1h\", max = \"2h\"}"),
                  parse_override("decision.delay=0")});
  EXPECT_EQ(s.review_latency.kind(), DistKind::uniform);
  EXPECT_TRUE(s.decision_delay.is_degenerate());
}

TEST(Overrides, ErrorsNameTheOverride) {
  try {
    load_scenario(kBankDeck, {parse_override("review.rounds=-1")});
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).to_string(),
              "--set: review.rounds: -1: must be a non-negative integer");
  }
}

TEST(Parse, DefaultsAreFilledIn) {
  const Scenario s = parse_scenario(R"(
[scenario]
start = 2026-11-16T09:00:00
deadline = 2026-11-16T17:00:00
[work]
effort = "4h"
[[calendar.window]]
days = ["mon"]
from = "09:00"
to = "17:00"
)",
                                    "defaults.toml");
  EXPECT_EQ(s.name, "defaults");
  EXPECT_TRUE(s.decision_delay.is_degenerate());
  EXPECT_DOUBLE_EQ(s.team_people.quantile(0.5), 1);
  EXPECT_EQ(s.overtime, OvertimePolicy::when_late);
  EXPECT_DOUBLE_EQ(s.buffer, 0);
  EXPECT_DOUBLE_EQ(s.review_rounds.quantile(0.5), 0);
  EXPECT_DOUBLE_EQ(s.quality_threshold, 0.75);
  EXPECT_DOUBLE_EQ(s.missed_round_penalty, 0.2);
  EXPECT_DOUBLE_EQ(s.max_risk, 0.2);
  EXPECT_DOUBLE_EQ(s.calendar.windows[0].productivity, 1);
  EXPECT_EQ(s.calendar.windows[0].name, "window 1");
}

TEST(Parse, AllProblemsAreReportedAtOnce) {
  try {
    parse_scenario("[scenario]\nstart = 1\n[work]\neffort = \"3d\"\n", "many.toml");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_GE(e.diagnostics().size(), 3u);
  }
}

}  // namespace
}  // namespace rushrisk
