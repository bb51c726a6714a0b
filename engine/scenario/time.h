// Wall-clock time of the scenario contract (spec §2): local date-times without time
// zones, durations with units, weekdays and times of day.
//
// Internally every instant is hours (double) since `scenario.start`; LocalDateTime is
// only for reading and printing. All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace rushrisk {

// Days since 1970-01-01 (proleptic Gregorian).
using DayNumber = std::int64_t;

struct LocalDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  DayNumber day_number() const;
  static LocalDate from_day_number(DayNumber days);
  // 0 = Monday .. 6 = Sunday.
  int weekday() const;
  bool is_valid() const;
  friend bool operator==(const LocalDate&, const LocalDate&) = default;
};

struct LocalDateTime {
  LocalDate date;
  double seconds_of_day = 0;  // [0, 86400)

  // Hours since 1970-01-01T00:00 (exact for whole minutes).
  double epoch_hours() const;
  static LocalDateTime from_epoch_hours(double hours);
  // "YYYY-MM-DDTHH:MM", rounded to the nearest minute.
  std::string to_minute_string() const;
  // "YYYY-MM-DDTHH:MM:SS" (seconds rounded to whole seconds).
  std::string to_string() const;
  friend bool operator==(const LocalDateTime&, const LocalDateTime&) = default;
};

// Which units a duration string may use.
enum class DurationUnits {
  wall_clock,  // m, h, d (d = 24 wall-clock hours)
  effort,      // m, h only: "3d" of effort is ambiguous (24h? a working day?)
};

// Parses "45m", "6h", "1.5d", "+8h", "-2h" (sign allowed only when allow_sign) into hours.
// Returns std::nullopt and sets `why` on failure.
std::optional<double> parse_duration(std::string_view text, DurationUnits units, bool allow_sign,
                                     std::string& why);

// Parses "HH:MM" (00:00 .. 24:00) into hours since midnight.
std::optional<double> parse_time_of_day(std::string_view text, std::string& why);

// "mon".."sun" -> 0..6.
std::optional<int> parse_weekday(std::string_view text);
std::string_view weekday_name(int weekday);

// Formats hours compactly for messages and `validate`: "45m", "6h", "1.5h", "30.25h".
std::string format_hours(double hours);

}  // namespace rushrisk

template <>
struct fmt::formatter<rushrisk::LocalDateTime> : fmt::formatter<std::string> {
  auto format(const rushrisk::LocalDateTime& t, format_context& ctx) const {
    return fmt::formatter<std::string>::format(t.to_string(), ctx);
  }
};
