// Malformed scenarios: each file under tests/malformed ends with `# expect:` lines, the
// exact diagnostics `rushrisk validate` must print. Every one must exit with code 2 and
// print nothing on stdout.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/e2e/run_cli.h"

namespace rushrisk {
namespace {

namespace fs = std::filesystem;

std::string expected_stderr(const fs::path& file) {
  std::ifstream in(file);
  std::string line, expected;
  const std::string marker = "# expect: ";
  while (std::getline(in, line)) {
    if (line.rfind(marker, 0) == 0) expected += line.substr(marker.size()) + "\n";
  }
  return expected;
}

std::vector<fs::path> malformed_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(testing::source_path("tests/malformed"))) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class Malformed : public ::testing::TestWithParam<fs::path> {};

TEST_P(Malformed, GivesTheExactMessageAndExitCode2) {
  const fs::path file = GetParam();
  const std::string expected = expected_stderr(file);
  ASSERT_FALSE(expected.empty()) << file << " has no # expect: line";
  const auto result = testing::run_cli("validate " + file.filename().string(), file.parent_path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, expected);
  EXPECT_EQ(result.out, "");
}

INSTANTIATE_TEST_SUITE_P(Files, Malformed, ::testing::ValuesIn(malformed_files()),
                         [](const auto& info) { return info.param.stem().string(); });

TEST(MalformedCount, AtLeastTwentyFiveCases) { EXPECT_GE(malformed_files().size(), 25u); }

// Debian's toml++ 3.3.0 overflows a 1 MiB stack on this input; it must be refused first.
TEST(Malformed, DeepDottedKeyIsRefusedNotACrash) {
  const fs::path dir = fs::temp_directory_path() / ("rushrisk_deep_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string key = "k";
  for (int i = 1; i < 4000; ++i) key += ".k";
  std::ofstream(dir / "deep.toml") << "[scenario]\n" << key << " = 1\n";
  const auto result = testing::run_cli("validate deep.toml", dir);
  fs::remove_all(dir);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "deep.toml:2:1: a dotted key with more than 32 parts\n");
}

TEST(Malformed, OversizedFileIsRefusedBeforeParsing) {
  const fs::path dir = fs::temp_directory_path() / ("rushrisk_big_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "big.toml") << std::string(2 << 20, '#');
  const auto result = testing::run_cli("evaluate big.toml", dir);
  fs::remove_all(dir);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "big.toml: file is 2097152 bytes; scenario files are limited to 1048576 bytes\n");
}

TEST(Malformed, MissingFileIsAnIoError) {
  const auto result = testing::run_cli("evaluate no_such_scenario.toml");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("no_such_scenario.toml: cannot read"), std::string::npos);
}

}  // namespace
}  // namespace rushrisk
