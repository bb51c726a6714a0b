// validation.md V1–V7: each scenario file run end to end (file -> engine -> JSON) at
// 10^6 trials. A probability agrees when |p_hat - p| <= 5 sqrt(p (1 - p) / N) + 1e-12: with
// a fixed seed this never flakes, and still catches an error of a few tenths of a percent.
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "engine/report/report.h"
#include "engine/scenario/parse.h"
#include "engine/sim/evaluate.h"
#include "tests/e2e/run_cli.h"

namespace rushrisk {
namespace {

constexpr std::uint64_t kTrials = 1'000'000;

nlohmann::json run_case(const std::string& file) {
  EvaluateOptions options;
  options.trials = kTrials;
  options.seed = 2026;
  const Scenario scenario =
      load_scenario(testing::source_path("tests/validation/" + file).string());
  return nlohmann::json::parse(to_json(evaluate(scenario, options)));
}

double five_sigma(double p) { return 5 * std::sqrt(p * (1 - p) / kTrials) + 1e-12; }

void expect_probability(const nlohmann::json& metrics, const char* key, double p) {
  const double estimate = metrics[key]["estimate"];
  EXPECT_NEAR(estimate, p, five_sigma(p)) << key;
  EXPECT_LE(metrics[key]["ci95"][0].get<double>(), estimate) << key;
  EXPECT_GE(metrics[key]["ci95"][1].get<double>(), estimate) << key;
}

TEST(Validation, V1MaterialsDelay) {
  const auto json = run_case("v1_materials.toml");
  EXPECT_EQ(json["trials"], kTrials);
  const auto& m = json["metrics"];
  const double p = std::exp(-1.0);
  expect_probability(m, "p_late", p);
  expect_probability(m, "p_low_quality", p);
  expect_probability(m, "p_nothing_usable", p);
}

TEST(Validation, V2ReviewLatency) {
  const auto m = run_case("v2_review.toml")["metrics"];
  expect_probability(m, "p_late", 0.25);
  expect_probability(m, "p_low_quality", 0.25);
  EXPECT_EQ(m["p_nothing_usable"]["estimate"], 0.0);
}

TEST(Validation, V3Calendar) {
  const auto m = run_case("v3_calendar.toml")["metrics"];
  EXPECT_EQ(m["finish"]["p50"], "2026-11-18T13:00");
  EXPECT_EQ(m["p_late"]["estimate"], 1.0);
}

TEST(Validation, V4Overtime) {
  const auto m = run_case("v4_overtime.toml")["metrics"];
  EXPECT_EQ(m["finish"]["p50"], "2026-11-17T21:00");
  EXPECT_EQ(m["p_late"]["estimate"], 0.0);
  EXPECT_NEAR(m["quality"]["mean"].get<double>(), 0.92, 1e-9);
  EXPECT_NEAR(m["quality"]["p50"].get<double>(), 0.92, 1e-9);
  EXPECT_NEAR(m["overtime_hours"]["mean"].get<double>(), 8, 1e-9);
  EXPECT_NEAR(m["overtime_share"].get<double>(), 4.0 / 20.0, 1e-9);
}

TEST(Validation, V5RiskEvent) {
  const auto m = run_case("v5_risk.toml")["metrics"];
  expect_probability(m, "p_late", 0.3);
}

TEST(Validation, V6Rounds) {
  const auto m = run_case("v6_rounds.toml")["metrics"];
  expect_probability(m, "p_late", 0.45);
  expect_probability(m, "p_low_quality", 0.45);
  EXPECT_EQ(m["p_nothing_usable"]["estimate"], 0.0);
  EXPECT_NEAR(m["quality"]["p50"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(m["quality"]["p10"].get<double>(), 0.7, 1e-9);
}

TEST(Validation, V7TwoPeople) {
  const auto m = run_case("v7_two_people.toml")["metrics"];
  EXPECT_EQ(m["finish"]["p50"], "2026-11-17T11:00");
  EXPECT_EQ(m["finish"]["p95"], "2026-11-17T11:00");
}

}  // namespace
}  // namespace rushrisk
