// The command line as a user meets it: help, output formats, --set what-ifs, validate.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_cli.h"

namespace rushrisk {
namespace {

const std::string kBankDeck = testing::source_path("scenarios/bank_deck.toml").string();

TEST(Cli, EvaluateHelpListsEveryOptionWithItsDefault) {
  const auto r = testing::run_cli("evaluate --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option :
       {"--trials", "--precision", "--max-trials", "--seed", "--format", "--set"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
  EXPECT_NE(r.out.find("0.0025"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(=text)"), std::string::npos);
  EXPECT_NE(r.out.find("(=1)"), std::string::npos);
}

TEST(Cli, DefaultRunStopsAtTheDefaultPrecision) {
  const auto r = testing::run_cli("evaluate '" + kBankDeck + "' --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["converged"], true);
  const auto ci = json["metrics"]["p_low_quality"]["ci95"];
  EXPECT_LE((ci[1].get<double>() - ci[0].get<double>()) / 2, 0.0025);
  EXPECT_EQ(json["trials"].get<std::uint64_t>() % 65536, 0u);
}

TEST(Cli, PrecisionCapIsReportedAsNotConverged) {
  const auto r = testing::run_cli("evaluate '" + kBankDeck +
                                  "' --precision 0.0001 --max-trials 70000 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["converged"], false);
  EXPECT_EQ(json["trials"], 70000);
}

TEST(Cli, JsonFollowsTheContract) {
  const auto r = testing::run_cli("evaluate '" + kBankDeck + "' --trials 20000 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["scenario"], "bank_deck");
  EXPECT_EQ(json["trials"], 20000);
  EXPECT_EQ(json["seed"], 1);
  const auto& m = json["metrics"];
  for (const char* p : {"p_low_quality", "p_late", "p_nothing_usable"}) {
    EXPECT_TRUE(m[p]["estimate"].is_number()) << p;
    EXPECT_EQ(m[p]["ci95"].size(), 2u) << p;
  }
  for (const char* q : {"mean", "p10", "p50", "p90"}) EXPECT_TRUE(m["quality"][q].is_number());
  for (const char* q : {"p50", "p80", "p95"}) {
    EXPECT_TRUE(m["finish"][q].is_string() || m["finish"][q].is_null());
    EXPECT_TRUE(m["slack_hours"][q].is_number() || m["slack_hours"][q].is_null());
  }
  EXPECT_TRUE(m["overtime_hours"]["mean"].is_number());
  EXPECT_TRUE(m["overtime_hours"]["p90"].is_number());
  EXPECT_TRUE(m["overtime_share"].is_number());
}

TEST(Cli, SameSeedSameBytes) {
  const std::string args = "evaluate '" + kBankDeck + "' --trials 30000 --seed 7 --format json";
  const auto a = testing::run_cli(args);
  const auto b = testing::run_cli(args);
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(
      a.out,
      testing::run_cli("evaluate '" + kBankDeck + "' --trials 30000 --seed 8 --format json").out);
}

TEST(Cli, SetOverridesAKeyForAWhatIf) {
  const std::string base = "evaluate '" + kBankDeck + "' --trials 50000 --format json";
  const auto before = nlohmann::json::parse(testing::run_cli(base).out);
  const auto early = testing::run_cli(base +
                                      " --set materials.promised=2026-11-19T12:00:00 --set "
                                      "materials.delay=0h");
  ASSERT_EQ(early.exit_code, 0) << early.err;
  const auto after = nlohmann::json::parse(early.out);
  EXPECT_LT(after["metrics"]["p_low_quality"]["estimate"].get<double>(),
            before["metrics"]["p_low_quality"]["estimate"].get<double>() - 0.05);
}

TEST(Cli, BadSetValueIsValidatedLikeTheFile) {
  const auto r = testing::run_cli("validate '" + kBankDeck + "' --set work.effort=3d");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "--set: work.effort: \"3d\": effort is in person-hours: use \"m\" or \"h\" (a day of "
            "effort is ambiguous)\n");
  const auto unknown = testing::run_cli("validate '" + kBankDeck + "' --set team.peple=3");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err, "--set: team.peple: unknown key (did you mean \"people\"?)\n");
  const auto malformed = testing::run_cli("validate '" + kBankDeck + "' --set team.people");
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_EQ(malformed.err, "--set: team.people: expected key.path=value, e.g. team.people=3\n");
}

TEST(Cli, ValidatePrintsANormalisedScenarioThatParsesToTheSameThing) {
  const auto first = testing::run_cli("validate '" + kBankDeck + "'");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(
      first.out.find(
          "effort = { dist = \"pert\", min = \"14h\", mode = \"22h\", max = \"40h\", lambda = 4 }"),
      std::string::npos)
      << first.out;
  const auto dir = std::filesystem::temp_directory_path();
  const auto copy = dir / ("rushrisk_normalised_" + std::to_string(::getpid()) + ".toml");
  std::ofstream(copy) << first.out;
  const auto second = testing::run_cli("validate '" + copy.string() + "'");
  std::filesystem::remove(copy);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, first.out);
}

TEST(Cli, UsageErrorsExitWithCode2) {
  EXPECT_EQ(testing::run_cli("frobnicate x.toml").exit_code, 2);
  EXPECT_EQ(testing::run_cli("evaluate").exit_code, 2);
  EXPECT_EQ(testing::run_cli("evaluate '" + kBankDeck + "' --format xml").exit_code, 2);
  EXPECT_EQ(testing::run_cli("evaluate '" + kBankDeck + "' --trials -5").exit_code, 2);
  EXPECT_EQ(testing::run_cli("evaluate '" + kBankDeck + "' --bogus").exit_code, 2);
}

TEST(Cli, TextReportLeadsWithTheRisk) {
  const auto r = testing::run_cli("evaluate '" + kBankDeck + "' --trials 20000");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Risk of a low-quality deliverable:"), std::string::npos);
  EXPECT_NE(r.out.find("In plain words:"), std::string::npos);
}

}  // namespace
}  // namespace rushrisk
