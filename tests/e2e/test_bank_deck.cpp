// The reference scenario at 10^6 trials against an independent implementation of the
// contract (spec §10): P(low) ~ 0.349, P(late) ~ 0.425, P(nothing usable) ~ 0.073.
//
// Both figures are Monte Carlo estimates of 10^6 trials, and the reference is rounded to
// three decimals, so the tolerance is 5 sigma of the difference of two independent
// estimates (sqrt(2) sigma) plus half a unit of the reference's last digit.
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

double tolerance(double p) { return 5 * std::sqrt(2 * p * (1 - p) / kTrials) + 0.0005; }

TEST(BankDeck, MatchesTheIndependentImplementation) {
  EvaluateOptions options;
  options.trials = kTrials;
  options.seed = 1;
  const Scenario scenario =
      load_scenario(testing::source_path("scenarios/bank_deck.toml").string());
  const auto json = nlohmann::json::parse(to_json(evaluate(scenario, options)));
  const auto& m = json["metrics"];
  EXPECT_NEAR(m["p_low_quality"]["estimate"].get<double>(), 0.349, tolerance(0.349));
  EXPECT_NEAR(m["p_late"]["estimate"].get<double>(), 0.425, tolerance(0.425));
  EXPECT_NEAR(m["p_nothing_usable"]["estimate"].get<double>(), 0.073, tolerance(0.073));
  EXPECT_EQ(json["scenario"], "bank_deck");
}

}  // namespace
}  // namespace rushrisk
