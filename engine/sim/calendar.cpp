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
}

void Timeline::add_segment(double start, double end, const CalendarWindow& window, bool unit_rate) {
  start_.push_back(start);
  end_.push_back(end);
  rate_.push_back(unit_rate ? 1.0 : window.productivity);
  quality_.push_back(unit_rate ? 1.0 : window.quality);
  overtime_.push_back(!unit_rate && window.kind == WindowKind::overtime);
}

void Timeline::accumulate() {
  Totals running;
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

Timeline::Totals Timeline::totals_at(double t) const {
  // The last segment starting at or before t.
  const auto after = std::upper_bound(start_.begin(), start_.end(), t);
  if (after == start_.begin()) return {};
  const auto k = static_cast<std::size_t>(after - start_.begin()) - 1;
  const double wall = std::min(t, end_[k]) - start_[k];
  Totals totals = cumulative_[k];
  const double capacity = wall * rate_[k];
  totals.capacity += capacity;
  totals.quality_capacity += capacity * quality_[k];
  if (overtime_[k]) {
    totals.overtime_capacity += capacity;
    totals.overtime_wall += wall;
  }
  return totals;
}

double Timeline::finish(double from, double work) const {
  if (from > horizon_ + kTimeTolerance) return kInfinity;
  if (work <= 0) return from;
  const double target = totals_at(from).capacity + work;
  // The first segment whose end reaches the target; the tolerance lets effort that
  // exactly uses up a window end at that window's end despite rounding.
  const double slack = 1e-12 * std::max(1.0, target);
  const auto it = std::lower_bound(capacity_end_.begin(), capacity_end_.end(), target - slack);
  if (it == capacity_end_.end()) return kInfinity;
  const auto k = static_cast<std::size_t>(it - capacity_end_.begin());
  const double t = start_[k] + (target - cumulative_[k].capacity) / rate_[k];
  return std::max(from, std::clamp(t, start_[k], end_[k]));
}

}  // namespace rushrisk
