// The pre-parse guard against inputs that crash or exhaust the TOML parser.
#include <gtest/gtest.h>

#include <string>

#include "engine/scenario/toml_guard.h"

namespace rushrisk {
namespace {

std::string dotted_key(int parts) {
  std::string key = "k";
  for (int i = 1; i < parts; ++i) key += ".k";
  return key + " = 1\n";
}

TEST(TomlGuard, RefusesAVeryDeepDottedKey) {
  const auto d = check_toml_limits("[scenario]\n" + dotted_key(4000), "deep.toml");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->to_string(), "deep.toml:2:1: a dotted key with more than 32 parts");
}

TEST(TomlGuard, AcceptsOrdinaryScenarioText) {
  EXPECT_FALSE(check_toml_limits(dotted_key(32), "ok.toml"));
  EXPECT_FALSE(check_toml_limits("a = 1.5\nb = 2026-11-19T10:00:00\nc = \"x.y.z.w\"\n", "ok.toml"));
  EXPECT_FALSE(
      check_toml_limits("effect = { \"work.effort\" = \"x1.3\" } # a.b.c.d.e\n", "ok.toml"));
}

TEST(TomlGuard, RefusesDeepNesting) {
  const auto d =
      check_toml_limits("a = " + std::string(100, '[') + std::string(100, ']'), "n.toml");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->to_string(), "n.toml:1:37: nesting deeper than 32 levels");
}

TEST(TomlGuard, RefusesLargeFiles) {
  const auto d = check_toml_limits(std::string((1 << 20) + 1, ' '), "big.toml");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->to_string(),
            "big.toml: file is 1048577 bytes; scenario files are limited to 1048576 bytes");
}

TEST(TomlGuard, DotsInsideStringsAndCommentsDoNotCount) {
  std::string text = "a = \"" + std::string(200, '.') + "\"\n# " + dotted_key(100) + "b = '''\n" +
                     dotted_key(100) + "'''\n";
  EXPECT_FALSE(check_toml_limits(text, "s.toml"));
}

}  // namespace
}  // namespace rushrisk
