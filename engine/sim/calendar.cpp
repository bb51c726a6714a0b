#include "engine/sim/calendar.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace rushrisk {
namespace {

struct Interval {
  double start;
  double end;
  const CalendarWindow* window;
};

bool is_holiday(const WorkCalendar& calendar, DayNumber day) {
  return std::binary_search(calendar.holidays.begin(), calendar.holidays.end(), day);
}

// Every occurrence of every window that touches [0, horizon], in hours since start. A
// window crossing midnight belongs to the day it starts, so the scan begins a day early.
std::vector<Interval> occurrences(const WorkCalendar& calendar, const LocalDateTime& start,
                                  double horizon, bool include_overtime) {
  const DayNumber first_day = start.date.day_number() - 1;
  const double start_offset = start.seconds_of_day / 3600.0;
  const auto days = static_cast<DayNumber>(std::ceil((horizon + start_offset) / 24.0)) + 1;
  std::vector<Interval> result;
  for (DayNumber d = 0; d <= days; ++d) {
    const DayNumber day = first_day + d;
    const LocalDate date = LocalDate::from_day_number(day);
    const double midnight = static_cast<double>(d - 1) * 24.0 - start_offset;
    for (const CalendarWindow& w : calendar.windows) {
      if (!w.days[date.weekday()]) continue;
      if (w.kind == WindowKind::overtime && !include_overtime) continue;
      if (w.kind == WindowKind::regular && is_holiday(calendar, day)) continue;
      const double from = midnight + w.from_hours;
      const double to = std::min(from + w.length_hours(), horizon);
      if (to > std::max(from, 0.0)) result.push_back({std::max(from, 0.0), to, &w});
    }
  }
  std::sort(result.begin(), result.end(),
            [](const Interval& a, const Interval& b) { return a.start < b.start; });
  return result;
}

}  // namespace

Timeline::Timeline(const WorkCalendar& calendar, const LocalDateTime& start, double horizon,
                   bool include_overtime, bool unit_rate)
    : horizon_(horizon) {
  for (const Interval& i : occurrences(calendar, start, horizon, include_overtime)) {
    add_segment(i.start, i.end, *i.window, unit_rate);
  }
  accumulate();
  index_hours();
}

void Timeline::add_segment(double start, double end, const CalendarWindow& window, bool unit_rate) {
  start_.push_back(start);
  end_.push_back(end);
  rate_.push_back(unit_rate ? 1.0 : window.productivity);
  quality_.push_back(unit_rate ? 1.0 : window.quality);
  overtime_.push_back(!unit_rate && window.kind == WindowKind::overtime);
}

void Timeline::accumulate() {
  Totals running{};
  for (std::size_t k = 0; k < start_.size(); ++k) {
    cumulative_.push_back(running);
    const double wall = end_[k] - start_[k];
    const double capacity = wall * rate_[k];
    running.capacity += capacity;
    running.quality_capacity += capacity * quality_[k];
    if (overtime_[k]) {
      running.overtime_capacity += capacity;
      running.overtime_wall += wall;
    }
    capacity_end_.push_back(running.capacity);
  }
  cumulative_.push_back(running);  // sentinel: totals after the last segment
}

void Timeline::index_hours() {
  const auto hours = static_cast<std::size_t>(std::max(0.0, std::ceil(horizon_))) + 1;
  last_started_by_hour_.assign(hours, -1);
  std::ptrdiff_t k = -1;
  for (std::size_t h = 0; h < hours; ++h) {
    while (k + 1 < static_cast<std::ptrdiff_t>(start_.size()) &&
           start_[static_cast<std::size_t>(k + 1)] <= static_cast<double>(h)) {
      ++k;
    }
    last_started_by_hour_[h] = k;
  }
}

std::ptrdiff_t Timeline::segment_at(double t) const {
  if (!(t >= 0)) return -1;
  const double hour =
      std::min(std::floor(t), static_cast<double>(last_started_by_hour_.size() - 1));
  std::ptrdiff_t k = last_started_by_hour_[static_cast<std::size_t>(hour)];
  const auto count = static_cast<std::ptrdiff_t>(start_.size());
  while (k + 1 < count && start_[static_cast<std::size_t>(k + 1)] <= t) ++k;
  return k;
}

Timeline::Totals Timeline::totals_in(std::ptrdiff_t k, double t) const {
  if (k < 0) return {};
  const auto s = static_cast<std::size_t>(k);
  const double wall = std::min(t, end_[s]) - start_[s];
  Totals totals = cumulative_[s];
  const double capacity = wall * rate_[s];
  totals.capacity += capacity;
  totals.quality_capacity += capacity * quality_[s];
  if (overtime_[s]) {
    totals.overtime_capacity += capacity;
    totals.overtime_wall += wall;
  }
  return totals;
}

Timeline::Totals Timeline::totals_at(double t) const { return totals_in(segment_at(t), t); }

std::size_t Timeline::segment_reaching(std::size_t from_segment, double capacity) const {
  // A stage usually spans a few segments: scan a little, then search the rest.
  constexpr std::size_t kScan = 8;
  std::size_t k = from_segment;
  for (std::size_t end = std::min(capacity_end_.size(), k + kScan); k < end; ++k) {
    if (capacity_end_[k] >= capacity) return k;
  }
  return static_cast<std::size_t>(
      std::lower_bound(capacity_end_.begin() + static_cast<std::ptrdiff_t>(k), capacity_end_.end(),
                       capacity) -
      capacity_end_.begin());
}

Timeline::Placement Timeline::place(double from, double work) const {
  if (from > horizon_ + kTimeTolerance) return {kInfinity, cumulative_.back(), cumulative_.back()};
  const std::ptrdiff_t k0 = segment_at(from);
  const Totals at_start = totals_in(k0, from);
  if (work <= 0) return {from, at_start, at_start};
  const double target = at_start.capacity + work;
  // The tolerance lets effort that exactly uses up a window end at that window's end
  // despite rounding.
  const double slack = 1e-12 * std::max(1.0, target);
  const std::size_t k =
      segment_reaching(static_cast<std::size_t>(std::max<std::ptrdiff_t>(k0, 0)), target - slack);
  if (k == capacity_end_.size()) return {kInfinity, at_start, cumulative_.back()};
  const double t = start_[k] + (target - cumulative_[k].capacity) / rate_[k];
  const double finish = std::max(from, std::clamp(t, start_[k], end_[k]));
  return {finish, at_start, totals_in(static_cast<std::ptrdiff_t>(k), finish)};
}

double Timeline::finish(double from, double work) const { return place(from, work).finish; }

}  // namespace rushrisk
