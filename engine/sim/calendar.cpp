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
  index_capacity();
}

void Timeline::add_segment(double start, double end, const CalendarWindow& window, bool unit_rate) {
  const double productivity = unit_rate ? 1.0 : window.productivity;
  const double quality = unit_rate ? 1.0 : window.quality;
  const bool overtime = !unit_rate && window.kind == WindowKind::overtime;
  const Totals rate{productivity, productivity * quality, overtime ? productivity : 0.0,
                    overtime ? 1.0 : 0.0};
  if (!segments_.empty()) {
    Segment& last = segments_.back();
    const Totals& r = last.rate;
    if (last.end == start && r.capacity == rate.capacity &&
        r.quality_capacity == rate.quality_capacity &&
        r.overtime_capacity == rate.overtime_capacity && r.overtime_wall == rate.overtime_wall) {
      last.end = end;
      return;
    }
  }
  segments_.push_back({start, end, rate, {}, 0});
}

namespace {

Timeline::Totals advanced(Timeline::Totals totals, const Timeline::Totals& rate, double wall) {
  totals.capacity += wall * rate.capacity;
  totals.quality_capacity += wall * rate.quality_capacity;
  totals.overtime_capacity += wall * rate.overtime_capacity;
  totals.overtime_wall += wall * rate.overtime_wall;
  return totals;
}

}  // namespace

void Timeline::accumulate() {
  Totals running{};
  for (Segment& segment : segments_) {
    segment.at_start = running;
    running = advanced(running, segment.rate, segment.end - segment.start);
    segment.capacity_end = running.capacity;
  }
  at_end_ = running;
  starts_.clear();
  capacity_ends_.clear();
  for (const Segment& segment : segments_) {
    starts_.push_back(segment.start);
    capacity_ends_.push_back(segment.capacity_end);
  }
  starts_.push_back(kInfinity);
  capacity_ends_.push_back(kInfinity);
}

void Timeline::index_hours() {
  const auto hours = static_cast<std::size_t>(std::max(0.0, std::ceil(horizon_))) + 1;
  last_started_by_hour_.assign(hours, -1);
  std::ptrdiff_t k = -1;
  const auto count = static_cast<std::ptrdiff_t>(segments_.size());
  for (std::size_t h = 0; h < hours; ++h) {
    while (k + 1 < count &&
           segments_[static_cast<std::size_t>(k + 1)].start <= static_cast<double>(h)) {
      ++k;
    }
    last_started_by_hour_[h] = k;
  }
}

void Timeline::index_capacity() {
  // About four steps per segment (the stages' finish searches land anywhere), bounded so
  // the index stays a few pages.
  constexpr std::size_t kStepsPerSegment = 4, kMaxSteps = 1 << 14;
  first_reaching_step_.clear();
  if (segments_.empty() || !(at_end_.capacity > 0)) return;
  const std::size_t steps = std::min(kMaxSteps, kStepsPerSegment * segments_.size());
  capacity_step_ = at_end_.capacity / static_cast<double>(steps);
  std::uint32_t k = 0;
  for (std::size_t b = 0; b <= steps; ++b) {
    // A hair below b * step, so that rounding in capacity / step can never start the
    // search past its answer.
    const double threshold = static_cast<double>(b) * capacity_step_ * (1 - 1e-9);
    while (k < segments_.size() && segments_[k].capacity_end < threshold) ++k;
    first_reaching_step_.push_back(k);
  }
}

std::ptrdiff_t Timeline::segment_at(double t) const {
  if (!(t >= 0)) return -1;
  // t >= 0, so truncation is floor (one instruction; std::floor is a call on baseline x86-64).
  const std::size_t last_hour = last_started_by_hour_.size() - 1;
  const std::size_t hour =
      t < static_cast<double>(last_hour) ? static_cast<std::size_t>(t) : last_hour;
  std::ptrdiff_t k = last_started_by_hour_[hour];
  // Segments rarely start twice within an hour: one step without a branch (a mispredicted
  // one costs more than the rest of the look-up), then a loop that almost never runs.
  k += starts_[static_cast<std::size_t>(k + 1)] <= t;
  while (starts_[static_cast<std::size_t>(k + 1)] <= t) ++k;
  return k;
}

Timeline::Totals Timeline::totals_in(std::ptrdiff_t k, double t) const {
  if (k < 0) return {};
  const Segment& segment = segments_[static_cast<std::size_t>(k)];
  return advanced(segment.at_start, segment.rate, std::min(t, segment.end) - segment.start);
}

Timeline::Totals Timeline::totals_at(double t) const { return totals_in(segment_at(t), t); }

std::size_t Timeline::segment_reaching(std::size_t from_segment, double capacity) const {
  std::size_t k = from_segment;
  if (capacity > 0 && !first_reaching_step_.empty()) {
    const double step = capacity / capacity_step_;
    const std::size_t last = first_reaching_step_.size() - 1;
    const std::size_t b = step < static_cast<double>(last) ? static_cast<std::size_t>(step) : last;
    k = std::max<std::size_t>(k, first_reaching_step_[b]);
  }
  // As in segment_at: two steps without a branch, then a loop for the rare rest; the
  // sentinel stops every step at segments_.size() (not reached).
  k += capacity_ends_[k] < capacity;
  k += capacity_ends_[k] < capacity;
  while (capacity_ends_[k] < capacity) ++k;
  return k;
}

Timeline::Placement Timeline::place(double from, double work) const {
  if (from > horizon_ + kTimeTolerance) return {kInfinity, at_end_, at_end_};
  const std::ptrdiff_t k0 = segment_at(from);
  const Totals at_start = totals_in(k0, from);
  if (work <= 0) return {from, at_start, at_start};
  const double target = at_start.capacity + work;
  // The tolerance lets effort that exactly uses up a window end at that window's end
  // despite rounding.
  const double slack = 1e-12 * std::max(1.0, target);
  const std::size_t k =
      segment_reaching(static_cast<std::size_t>(std::max<std::ptrdiff_t>(k0, 0)), target - slack);
  if (k == segments_.size()) return {kInfinity, at_start, at_end_};
  const Segment& segment = segments_[k];
  const double t = segment.start + (target - segment.at_start.capacity) / segment.rate.capacity;
  const double finish = std::max(from, std::clamp(t, segment.start, segment.end));
  return {finish, at_start, totals_in(static_cast<std::ptrdiff_t>(k), finish)};
}

double Timeline::finish(double from, double work) const { return place(from, work).finish; }

}  // namespace rushrisk
