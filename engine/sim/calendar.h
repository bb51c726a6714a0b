// Timeline: the working calendar laid out over the scenario's horizon as sorted
// segments with cumulative totals, so mapping effort onto it is exact (piecewise-linear
// cumulative capacity, spec §3) and costs an hour-index look-up and a short scan.
// Back-to-back occurrences of windows with the same rates form one segment (a 24/7
// calendar is a single segment), and each segment keeps everything a look-up reads in
// one record.
//
// All times are hours since scenario start. Capacity is per person (effort-hours per
// person); callers divide effort by the team size. Immutable after construction;
// thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "engine/scenario/scenario.h"

namespace rushrisk {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Instants closer than this are equal (spec §2).
inline constexpr double kTimeTolerance = 1e-9;

class Timeline {
 public:
  // Integrals of the calendar from time 0 to t.
  struct Totals {
    double capacity;           // per-person effort-hours
    double quality_capacity;   // capacity weighted by window quality
    double overtime_capacity;  // capacity in overtime windows
    double overtime_wall;      // wall hours inside overtime windows
  };

  Timeline() = default;
  // Lays out `calendar`'s windows (regular only, or regular and overtime) from a day before
  // `start` to `horizon` hours after it. When `unit_rate`, every window has productivity
  // and quality 1 (a client calendar that counts working hours).
  Timeline(const WorkCalendar& calendar, const LocalDateTime& start, double horizon,
           bool include_overtime, bool unit_rate = false);

  // The smallest t >= from at which `work` per-person effort-hours are done; `from` when
  // work <= 0; +inf when that is after the horizon (or from is).
  double finish(double from, double work) const;
  Totals totals_at(double t) const;

  // A stage of work placed on the calendar: where it ends, and the totals at both ends
  // (computed once, for quality and overtime accounting).
  struct Placement {
    double finish;
    Totals at_start;
    Totals at_finish;  // totals at the horizon when finish is +inf
  };
  Placement place(double from, double work) const;
  double horizon() const { return horizon_; }
  std::size_t segment_count() const { return segments_.size(); }

 private:
  // One piece of the calendar at constant rates, with the totals at its start.
  struct Segment {
    double start, end;
    // Per wall hour inside it: capacity, quality-weighted capacity, overtime capacity and
    // overtime wall hours (the last two 0 in a regular window).
    Totals rate;
    Totals at_start;
    double capacity_end;  // capacity at `end`, for the finish search
  };

  void add_segment(double start, double end, const CalendarWindow& window, bool unit_rate);
  void accumulate();
  void index_hours();
  void index_capacity();
  // The last segment starting at or before t, or -1: O(1) through the hour index.
  std::ptrdiff_t segment_at(double t) const;
  Totals totals_in(std::ptrdiff_t k, double t) const;
  // The first segment k >= from_segment whose capacity_end_ reaches `capacity`.
  std::size_t segment_reaching(std::size_t from_segment, double capacity) const;

  double horizon_ = 0;
  std::vector<Segment> segments_;
  // The two fields the searches compare, packed apart, each with a +inf sentinel at
  // [segments_.size()] so that a search step needs no bounds check and no branch.
  std::vector<double> starts_;
  std::vector<double> capacity_ends_;
  Totals at_end_{};  // totals after the last segment
  // last_started_by_hour_[h]: the last segment starting at or before hour h (-1 if none).
  std::vector<std::ptrdiff_t> last_started_by_hour_;
  // The finish search's starting point: first_reaching_step_[b] is a segment at or before
  // the first one whose capacity_end reaches b * capacity_step_. With a few steps per
  // segment, the search is a look-up and a step or two instead of a scan.
  double capacity_step_ = 1;
  std::vector<std::uint32_t> first_reaching_step_;
};

}  // namespace rushrisk
