#include "engine/sim/calendar.h"

#include "engine/sim/timeline_lanes.h"

#include <algorithm>
#include <array>
#include <cmath>

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
  lay_out_columns();
  index_hours();
  index_capacity();
  lay_out_records();
  point_columns();
}

Timeline::~Timeline() = default;

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
  segments_.push_back({start, end, rate, {}});
}

namespace {

Timeline::Totals advanced(Timeline::Totals totals, const Timeline::Totals& rate, double wall) {
  totals.capacity += wall * rate.capacity;
  totals.quality_capacity += wall * rate.quality_capacity;
  totals.overtime_capacity += wall * rate.overtime_capacity;
  totals.overtime_wall += wall * rate.overtime_wall;
  return totals;
}

std::array<double, kTotalsFields> fields(const Timeline::Totals& t) {
  return {t.capacity, t.quality_capacity, t.overtime_capacity, t.overtime_wall};
}

}  // namespace

void Timeline::lay_out_columns() {
  Totals running{};
  for (Segment& segment : segments_) {
    segment.at_start = running;
    running = advanced(running, segment.rate, segment.end - segment.start);
    starts_.push_back(segment.start);
    ends_.push_back(segment.end);
    capacity_ends_.push_back(running.capacity);
    has_overtime_ =
        has_overtime_ || segment.rate.overtime_capacity != 0 || segment.rate.overtime_wall != 0;
    const auto at = fields(segment.at_start), rate = fields(segment.rate);
    for (int f = 0; f < kTotalsFields; ++f) {
      at_start_[static_cast<std::size_t>(f)].push_back(at[static_cast<std::size_t>(f)]);
      rate_[static_cast<std::size_t>(f)].push_back(rate[static_cast<std::size_t>(f)]);
    }
  }
  at_end_ = running;
  starts_.push_back(kInfinity);
  capacity_ends_.push_back(kInfinity);
}

void Timeline::index_hours() {
  const auto hours = static_cast<std::size_t>(std::max(0.0, std::ceil(horizon_))) + 1;
  last_started_by_hour_.assign(hours, -1);
  std::int64_t k = -1;
  const auto count = static_cast<std::int64_t>(segments_.size());
  for (std::size_t h = 0; h < hours; ++h) {
    while (k + 1 < count && starts_[static_cast<std::size_t>(k + 1)] <= static_cast<double>(h)) ++k;
    last_started_by_hour_[h] = k;
  }
}

void Timeline::index_capacity() {
  // Steps fine enough that one rarely holds two segment ends (the search from a step is
  // then a look-up and a single comparison), at least four per segment, and bounded so
  // the index stays a few pages.
  constexpr std::size_t kStepsPerSegment = 4, kMaxSteps = 1 << 14;
  first_reaching_step_.clear();
  step_capacity_end_.clear();
  if (segments_.empty() || !(at_end_.capacity > 0)) return;
  double shortest = at_end_.capacity;  // the least capacity of a segment
  for (std::size_t k = 0; k < segments_.size(); ++k) {
    const double length = capacity_ends_[k] - (k ? capacity_ends_[k - 1] : 0.0);
    if (length > 0) shortest = std::min(shortest, length);
  }
  const double wanted = std::max(static_cast<double>(kStepsPerSegment * segments_.size()),
                                 std::ceil(2 * at_end_.capacity / shortest));
  const auto steps = static_cast<std::size_t>(std::min(wanted, static_cast<double>(kMaxSteps)));
  steps_per_capacity_ = static_cast<double>(steps) / at_end_.capacity;
  std::size_t k = 0;
  for (std::size_t b = 0; b <= steps; ++b) {
    // A hair below where step b starts, so that rounding in capacity * steps_per_capacity_
    // can never start a search past its answer.
    const double threshold = static_cast<double>(b) / steps_per_capacity_ * (1 - 1e-9);
    while (k < segments_.size() && capacity_ends_[k] < threshold) ++k;
    first_reaching_step_.push_back(static_cast<std::int64_t>(k));
    step_capacity_end_.push_back(capacity_ends_[k]);
  }
}

void Timeline::lay_out_records() {
  const std::size_t count = segments_.size();
  records_.assign(count + 2, SegmentRecord{});
  overtime_records_.assign(count + 2, OvertimeRecord{});
  records_[0].field[kNextStart] = starts_[0];
  for (std::size_t k = 0; k < count; ++k) {
    double* r = records_[k + 1].field;
    r[kStart] = starts_[k];
    r[kEnd] = ends_[k];
    r[kCapacityAtStart] = at_start_[0][k];
    r[kCapacityRate] = rate_[0][k];
    r[kQualityAtStart] = at_start_[1][k];
    r[kQualityRate] = rate_[1][k];
    r[kCapacityEnd] = capacity_ends_[k];
    r[kNextStart] = starts_[k + 1];
    double* o = overtime_records_[k + 1].field;
    o[0] = at_start_[2][k];
    o[1] = rate_[2][k];
    o[2] = at_start_[3][k];
    o[3] = rate_[3][k];
  }
  records_[count + 1].field[kCapacityEnd] = kInfinity;
  records_[count + 1].field[kNextStart] = kInfinity;
}

void Timeline::point_columns() {
  columns_ = std::make_unique<Columns>();
  Columns& c = *columns_;
  c.count = segments_.size();
  c.starts = starts_.data();
  c.ends = ends_.data();
  c.capacity_ends = capacity_ends_.data();
  for (int f = 0; f < kTotalsFields; ++f) {
    c.at_start[f] = at_start_[static_cast<std::size_t>(f)].data();
    c.rate[f] = rate_[static_cast<std::size_t>(f)].data();
  }
  c.last_started_by_hour = last_started_by_hour_.data();
  c.last_hour = last_started_by_hour_.size() - 1;
  c.first_reaching_step = first_reaching_step_.empty() ? nullptr : first_reaching_step_.data();
  c.step_capacity_end = step_capacity_end_.data();
  c.last_step = first_reaching_step_.empty() ? 0 : first_reaching_step_.size() - 1;
  c.steps_per_capacity = steps_per_capacity_;
  c.records = records_.front().field;
  c.overtime_records = overtime_records_.front().field;
  c.horizon = horizon_;
  const auto at_end = fields(at_end_);
  std::copy(at_end.begin(), at_end.end(), c.at_end);
}

Timeline::Totals Timeline::totals_at(double t) const {
  const Columns& c = columns();
  double totals[kTotalsFields];
  timeline_lanes::totals_in(c, timeline_lanes::segment_at(c, t), t, totals);
  return {totals[0], totals[1], totals[2], totals[3]};
}

Timeline::Placement Timeline::place(double from, double work) const {
  Placement p;
  const PlacementColumns out{&p.finish,
                             {&p.at_start.capacity, &p.at_start.quality_capacity,
                              &p.at_start.overtime_capacity, &p.at_start.overtime_wall},
                             {&p.at_finish.capacity, &p.at_finish.quality_capacity,
                              &p.at_finish.overtime_capacity, &p.at_finish.overtime_wall}};
  timeline_lanes::place_lane(columns(), from, work, out, 0);
  return p;
}

double Timeline::finish(double from, double work) const { return place(from, work).finish; }

namespace timeline_lanes {

void place_scalar(const Columns& c, const double* from, const double* work, std::size_t count,
                  const Out& out) {
  for (std::size_t i = 0; i < count; ++i) place_lane(c, from[i], work[i], out, i);
}

}  // namespace timeline_lanes

namespace {

using LaneKernel = void (*)(const Timeline::Columns&, const double*, const double*, std::size_t,
                            const Timeline::PlacementColumns&);

LaneKernel lane_kernel(VectorPath path, std::size_t segments) {
#ifdef RUSHRISK_TIMELINE_KERNELS
  if (path == VectorPath::avx512 && segments == 1) return timeline_lanes::place_one_segment_avx512;
  if (path == VectorPath::avx2 && segments == 1) return timeline_lanes::place_one_segment_avx2;
  if (path == VectorPath::avx2) return timeline_lanes::place_avx2;
  if (path == VectorPath::avx512) return timeline_lanes::place_avx512;
#endif
  (void)path;
  (void)segments;
  return timeline_lanes::place_scalar;
}

}  // namespace

void Timeline::place_lanes(const double* from, const double* work, std::size_t count,
                           const PlacementColumns& out) const {
  static const VectorPath used = used_vector_path();
  place_lanes(used, from, work, count, out);
}

void Timeline::place_lanes(VectorPath path, const double* from, const double* work,
                           std::size_t count, const PlacementColumns& out) const {
  const LaneKernel kernel = lane_kernel(path, segments_.size());
  if (has_overtime_ || !out.at_start[2]) {
    kernel(columns(), from, work, count, out);
    return;
  }
  // No overtime window (the regular hours a when_late run places on first): both overtime
  // totals are +0 everywhere, on every path (0 + wall * 0, or 0 outside the segments), so
  // the two-field kernel and zeros give the same bits for less work.
  PlacementColumns two = out;
  for (int f = 2; f < kTotalsFields; ++f) {
    two.at_start[f] = two.at_finish[f] = nullptr;
  }
  kernel(columns(), from, work, count, two);
  for (int f = 2; f < kTotalsFields; ++f) {
    std::fill_n(out.at_start[f], count, 0.0);
    std::fill_n(out.at_finish[f], count, 0.0);
  }
}

}  // namespace rushrisk
