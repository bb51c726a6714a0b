#include "engine/scenario/time.h"

#include <charconv>
#include <chrono>
#include <cmath>

namespace rushrisk {
namespace {

constexpr std::string_view kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::chrono::year_month_day to_ymd(const LocalDate& d) {
  return std::chrono::year_month_day{std::chrono::year{d.year},
                                     std::chrono::month{static_cast<unsigned>(d.month)},
                                     std::chrono::day{static_cast<unsigned>(d.day)}};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_number(std::string_view s) {
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

DayNumber LocalDate::day_number() const {
  return std::chrono::sys_days{to_ymd(*this)}.time_since_epoch().count();
}

LocalDate LocalDate::from_day_number(DayNumber days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int LocalDate::weekday() const {
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  const DayNumber n = day_number();
  return static_cast<int>(((n % 7) + 7 + 3) % 7);
}

bool LocalDate::is_valid() const { return to_ymd(*this).ok(); }

double LocalDateTime::epoch_hours() const {
  return static_cast<double>(date.day_number()) * 24.0 + seconds_of_day / 3600.0;
}

LocalDateTime LocalDateTime::from_epoch_hours(double hours) {
  const double days = std::floor(hours / 24.0);
  double seconds = (hours - days * 24.0) * 3600.0;
  DayNumber day = static_cast<DayNumber>(days);
  if (seconds >= 86400.0) {
    seconds -= 86400.0;
    ++day;
  }
  return {LocalDate::from_day_number(day), std::max(0.0, seconds)};
}

std::string LocalDateTime::to_minute_string() const {
  const auto minutes = static_cast<std::int64_t>(std::llround(epoch_hours() * 60.0));
  const DayNumber day = (minutes >= 0 ? minutes : minutes - 1439) / 1440;
  const std::int64_t minute_of_day = minutes - day * 1440;
  const LocalDate d = LocalDate::from_day_number(day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", d.year, d.month, d.day, minute_of_day / 60,
                     minute_of_day % 60);
}

std::string LocalDateTime::to_string() const {
  const auto seconds = static_cast<std::int64_t>(std::llround(epoch_hours() * 3600.0));
  const DayNumber day = (seconds >= 0 ? seconds : seconds - 86399) / 86400;
  const std::int64_t second_of_day = seconds - day * 86400;
  const LocalDate d = LocalDate::from_day_number(day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", d.year, d.month, d.day,
                     second_of_day / 3600, (second_of_day / 60) % 60, second_of_day % 60);
}

std::optional<double> parse_duration(std::string_view text, DurationUnits units, bool allow_sign,
                                     std::string& why) {
  std::string_view s = trim(text);
  double sign = 1;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    if (!allow_sign && s.front() == '-') {
      why = "a duration cannot be negative";
      return std::nullopt;
    }
    sign = s.front() == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  if (s.empty()) {
    why = "expected a duration such as \"45m\", \"6h\" or \"1.5d\"";
    return std::nullopt;
  }
  double unit_hours = 1;
  switch (s.back()) {
    case 'm':
      unit_hours = 1.0 / 60.0;
      break;
    case 'h':
      unit_hours = 1;
      break;
    case 'd':
      if (units == DurationUnits::effort) {
        why = "effort is in person-hours: use \"m\" or \"h\" (a day of effort is ambiguous)";
        return std::nullopt;
      }
      unit_hours = 24;
      break;
    default:
      why = "expected a duration such as \"45m\", \"6h\" or \"1.5d\" (unit m, h or d)";
      if (units == DurationUnits::effort) why = "expected an effort such as \"45m\" or \"6h\"";
      return std::nullopt;
  }
  s.remove_suffix(1);
  const std::optional<double> number = parse_number(trim(s));
  if (!number || *number < 0) {
    why = units == DurationUnits::effort
              ? "expected an effort such as \"45m\" or \"6h\""
              : "expected a duration such as \"45m\", \"6h\" or \"1.5d\"";
    return std::nullopt;
  }
  return sign * *number * unit_hours;
}

std::optional<double> parse_time_of_day(std::string_view text, std::string& why) {
  const std::string_view s = trim(text);
  why = "expected a time of day \"HH:MM\" between \"00:00\" and \"24:00\"";
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  int hour = 0, minute = 0;
  auto [e1, ec1] = std::from_chars(s.data(), s.data() + 2, hour);
  auto [e2, ec2] = std::from_chars(s.data() + 3, s.data() + 5, minute);
  if (ec1 != std::errc{} || ec2 != std::errc{} || e1 != s.data() + 2 || e2 != s.data() + 5) {
    return std::nullopt;
  }
  if (hour < 0 || minute < 0 || minute > 59 || hour > 24 || (hour == 24 && minute != 0)) {
    return std::nullopt;
  }
  why.clear();
  return hour + minute / 60.0;
}

std::optional<int> parse_weekday(std::string_view text) {
  for (int i = 0; i < 7; ++i) {
    if (kWeekdays[i] == text) return i;
  }
  return std::nullopt;
}

std::string_view weekday_name(int weekday) { return kWeekdays[weekday]; }

std::string format_hours(double hours) {
  const double minutes = hours * 60.0;
  if (std::abs(minutes - std::round(minutes)) < 1e-9 && std::abs(hours) < 1 && hours != 0) {
    return fmt::format("{}m", std::llround(minutes));
  }
  return fmt::format("{}h", hours);
}

}  // namespace rushrisk
