// The contract's promise (spec §7): the same scenario, seed and trial count give
// byte-identical JSON for any thread count and batch size; an added risk that never
// happens moves no other input's draws.
#include <gtest/gtest.h>

#include <cstdlib>

#include "engine/random/philox_batch.h"
#include "engine/report/report.h"
#include "engine/scenario/parse.h"
#include "engine/sim/evaluate.h"
#include "tests/e2e/run_cli.h"

namespace rushrisk {
namespace {

std::string json_of(const Scenario& scenario, unsigned threads, std::uint64_t batch,
                    std::uint64_t trials = 50'000) {
  EvaluateOptions options;
  options.trials = trials;
  options.seed = 11;
  options.threads = threads;
  options.batch_trials = batch;
  return to_json(evaluate(scenario, options));
}

class EveryScenario : public ::testing::TestWithParam<std::string> {
 protected:
  Scenario scenario() const { return load_scenario(testing::source_path(GetParam()).string()); }
};

TEST_P(EveryScenario, SameBytesForAnyThreadCountAndBatchSize) {
  const Scenario s = scenario();
  const std::string reference = json_of(s, 1, 4096);
  for (unsigned threads : {2u, 3u, 7u}) EXPECT_EQ(json_of(s, threads, 4096), reference) << threads;
  for (std::uint64_t batch : {1u, 1000u, 65536u})
    EXPECT_EQ(json_of(s, 2, batch), reference) << batch;
}

TEST_P(EveryScenario, SameBytesWhenRunningToAPrecision) {
  const Scenario s = scenario();
  EvaluateOptions options;
  options.precision = 0.01;
  options.threads = 1;
  const std::string one = to_json(evaluate(s, options));
  options.threads = 3;
  options.batch_trials = 777;
  EXPECT_EQ(to_json(evaluate(s, options)), one);
}

TEST_P(EveryScenario, AnAddedRiskThatNeverHappensChangesNothing) {
  Scenario s = scenario();
  const std::string before = json_of(s, 2, 4096);
  s.risks.insert(s.risks.begin(), RiskEvent{"never happens",
                                            0.0,
                                            {{Input::effort, Effect::Op::add, 5},
                                             {Input::review_rounds, Effect::Op::add, 2}}});
  EXPECT_EQ(json_of(s, 2, 4096), before);
}

// The program with RUSHRISK_VECTOR_PATH set to `path` (unset when empty), as a user runs it.
testing::CliResult run_on_path(const std::string& path, const std::string& arguments) {
  if (path.empty()) {
    ::unsetenv("RUSHRISK_VECTOR_PATH");
  } else {
    ::setenv("RUSHRISK_VECTOR_PATH", path.c_str(), 1);
  }
  testing::CliResult result = testing::run_cli(arguments);
  ::unsetenv("RUSHRISK_VECTOR_PATH");
  return result;
}

// Whole runs, recommendation included, on every path this CPU has (docs/model.md, "Results
// do not differ between paths"): the kernels are compared with the scalar code one by one
// elsewhere; this catches a path that is right alone and wrong where it is used.
TEST_P(EveryScenario, SameBytesOnEveryVectorPath) {
  const std::string arguments = "evaluate '" + testing::source_path(GetParam()).string() +
                                "' --trials 30000 --seed 5 --format json";
  const testing::CliResult widest = run_on_path("", arguments);
  ASSERT_EQ(widest.exit_code, 0) << widest.err;
  for (VectorPath path : supported_vector_paths()) {
    const testing::CliResult on_path = run_on_path(std::string(to_string(path)), arguments);
    ASSERT_EQ(on_path.exit_code, 0) << on_path.err;
    EXPECT_EQ(on_path.out, widest.out) << to_string(path);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Scenarios, EveryScenario,
    ::testing::Values("scenarios/bank_deck.toml", "scenarios/website_copy.toml",
                      "scenarios/ad_campaign.toml", "tests/validation/v1_materials.toml",
                      "tests/validation/v2_review.toml", "tests/validation/v3_calendar.toml",
                      "tests/validation/v4_overtime.toml", "tests/validation/v5_risk.toml",
                      "tests/validation/v6_rounds.toml", "tests/validation/v7_two_people.toml"),
    [](const auto& info) {
      std::string name = std::filesystem::path(info.param).stem().string();
      return name;
    });

TEST(Reproducibility, CliThreadsGiveTheSameBytes) {
  const std::string base = "evaluate '" +
                           testing::source_path("scenarios/bank_deck.toml").string() +
                           "' --trials 40000 --format json --threads ";
  const std::string one = testing::run_cli(base + "1").out;
  ASSERT_FALSE(one.empty());
  for (const char* t : {"2", "3", "7"}) EXPECT_EQ(testing::run_cli(base + t).out, one) << t;
}

// A precision run is one short run per check point, on helper threads that wait between
// them; several check points, with the batches each is cut into depending on the threads.
TEST(Reproducibility, SameBytesOverSeveralCheckPoints) {
  const Scenario s = load_scenario(testing::source_path("scenarios/bank_deck.toml").string());
  EvaluateOptions options;
  options.precision = 0.002;  // met at the fourth check point, 262,144 trials
  options.threads = 1;
  const Report one = evaluate(s, options);
  ASSERT_GE(one.trials, 3 * kCheckTrials);
  ASSERT_TRUE(one.converged);
  const std::string reference = to_json(one);
  for (unsigned threads : {2u, 3u, 7u}) {
    options.threads = threads;
    for (std::uint64_t batch : {777u, 4096u}) {
      options.batch_trials = batch;
      EXPECT_EQ(to_json(evaluate(s, options)), reference) << threads << " threads, " << batch;
    }
  }
}

// A run capped short of a check point ends with a short run: one batch, which the
// calling thread runs alone, or a few, shared with some of the helpers of the runs before.
TEST(Reproducibility, SameBytesWhenTheLastCheckPointIsShort) {
  const Scenario s = load_scenario(testing::source_path("scenarios/minimal.toml").string());
  EvaluateOptions options;
  options.precision = 1e-6;  // never met: every run goes to max_trials
  for (std::uint64_t extra : {1u, 129u, 1000u}) {
    options.max_trials = 2 * kCheckTrials + extra;
    options.threads = 1;
    options.batch_trials = 4096;
    const Report one = evaluate(s, options);
    ASSERT_FALSE(one.converged);
    ASSERT_EQ(one.trials, options.max_trials);
    const std::string reference = to_json(one);
    for (unsigned threads : {2u, 7u, 16u}) {
      options.threads = threads;
      for (std::uint64_t batch : {128u, 4096u, 1u << 20}) {
        options.batch_trials = batch;
        EXPECT_EQ(to_json(evaluate(s, options)), reference)
            << extra << " extra, " << threads << " threads, batch " << batch;
      }
    }
  }
}

TEST(Reproducibility, AnUnknownVectorPathIsRefusedByName) {
  const testing::CliResult r = run_on_path(
      "avx1024", "evaluate '" + testing::source_path("scenarios/minimal.toml").string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("RUSHRISK_VECTOR_PATH=avx1024: not a vector path this CPU has (it has "
                       "baseline"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace rushrisk
