// Durations, instants, weekdays and times of day (spec §2).
#include <gtest/gtest.h>

#include "engine/scenario/time.h"

namespace rushrisk {
namespace {

double hours(std::string_view text, DurationUnits units = DurationUnits::wall_clock) {
  std::string why;
  const auto value = parse_duration(text, units, true, why);
  EXPECT_TRUE(value.has_value()) << text << ": " << why;
  return value.value_or(-1);
}

std::string rejection(std::string_view text, DurationUnits units = DurationUnits::wall_clock,
                      bool allow_sign = false) {
  std::string why;
  EXPECT_FALSE(parse_duration(text, units, allow_sign, why).has_value()) << text;
  return why;
}

TEST(Duration, UnitsAreMinutesHoursAndWallClockDays) {
  EXPECT_DOUBLE_EQ(hours("45m"), 0.75);
  EXPECT_DOUBLE_EQ(hours("6h"), 6);
  EXPECT_DOUBLE_EQ(hours("1.5d"), 36);
  EXPECT_DOUBLE_EQ(hours("+1d"), 24);
  EXPECT_DOUBLE_EQ(hours("-2h"), -2);
  EXPECT_DOUBLE_EQ(hours("0h"), 0);
}

TEST(Duration, EffortRefusesDaysAndSaysWhy) {
  EXPECT_DOUBLE_EQ(hours("90m", DurationUnits::effort), 1.5);
  EXPECT_EQ(rejection("3d", DurationUnits::effort),
            "effort is in person-hours: use \"m\" or \"h\" (a day of effort is ambiguous)");
}

TEST(Duration, RejectsMalformedText) {
  EXPECT_EQ(rejection("6"),
            "expected a duration such as \"45m\", \"6h\" or \"1.5d\" (unit m, h or d)");
  EXPECT_EQ(rejection("h"), "expected a duration such as \"45m\", \"6h\" or \"1.5d\"");
  EXPECT_EQ(rejection("-2h"), "a duration cannot be negative");
  EXPECT_EQ(rejection("6 hours"),
            "expected a duration such as \"45m\", \"6h\" or \"1.5d\" (unit m, h or d)");
  EXPECT_EQ(rejection(""), "expected a duration such as \"45m\", \"6h\" or \"1.5d\"");
}

TEST(TimeOfDay, AcceptsMidnightToTwentyFour) {
  std::string why;
  EXPECT_DOUBLE_EQ(*parse_time_of_day("00:00", why), 0);
  EXPECT_DOUBLE_EQ(*parse_time_of_day("09:30", why), 9.5);
  EXPECT_DOUBLE_EQ(*parse_time_of_day("24:00", why), 24);
  EXPECT_FALSE(parse_time_of_day("24:01", why));
  EXPECT_FALSE(parse_time_of_day("9:30", why));
  EXPECT_FALSE(parse_time_of_day("12:60", why));
}

TEST(Weekday, NamesRoundTrip) {
  for (int d = 0; d < 7; ++d) EXPECT_EQ(parse_weekday(weekday_name(d)), d);
  EXPECT_FALSE(parse_weekday("Mon"));
}

TEST(LocalDate, KnowsItsWeekday) {
  EXPECT_EQ((LocalDate{2026, 11, 19}.weekday()), 3);  // Thursday
  EXPECT_EQ((LocalDate{2026, 11, 16}.weekday()), 0);  // Monday
  EXPECT_EQ((LocalDate{1970, 1, 1}.weekday()), 3);
  EXPECT_EQ((LocalDate{2024, 2, 29}.day_number()) + 1, (LocalDate{2024, 3, 1}.day_number()));
  EXPECT_FALSE((LocalDate{2026, 2, 29}.is_valid()));
}

TEST(LocalDateTime, RoundsToTheMinuteForReports) {
  const LocalDateTime start{{2026, 11, 19}, 10 * 3600};
  EXPECT_EQ(start.to_minute_string(), "2026-11-19T10:00");
  const auto later = LocalDateTime::from_epoch_hours(start.epoch_hours() + 25.0 + 29.6 / 60);
  EXPECT_EQ(later.to_minute_string(), "2026-11-20T11:30");
  EXPECT_EQ(later.to_string(), "2026-11-20T11:29:36");
  EXPECT_EQ(LocalDateTime::from_epoch_hours(start.epoch_hours() + 14).to_minute_string(),
            "2026-11-20T00:00");
}

}  // namespace
}  // namespace rushrisk
