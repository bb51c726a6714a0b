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

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "engine/random/philox_batch.h"
#include "engine/scenario/scenario.h"

namespace rushrisk {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Instants closer than this are equal (spec §2).
inline constexpr double kTimeTolerance = 1e-9;

class Timeline {
 public:
  // Integrals of the calendar from time 0 to t. As columns (PlacementColumns), the fields
  // are numbered in this order.
  struct Totals {
    double capacity;           // per-person effort-hours
    double quality_capacity;   // capacity weighted by window quality
    double overtime_capacity;  // capacity in overtime windows
    double overtime_wall;      // wall hours inside overtime windows
  };

  Timeline() = default;
  // Not copyable: the column view points into this timeline's own storage (a move keeps
  // the storage, and with it the view). Models build their timelines in place.
  Timeline(const Timeline&) = delete;
  Timeline& operator=(const Timeline&) = delete;
  Timeline(Timeline&&) noexcept = default;
  Timeline& operator=(Timeline&&) noexcept = default;
  ~Timeline();
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

  // Many placements at once (a stage of every trial of a batch): lane i places work[i]
  // from from[i] and gets exactly what place() gives, computed on the widest vector unit
  // the CPU has. Outputs are columns, one per Totals field (in Totals order); where the
  // overtime columns ([2] and [3]) are null, only capacity and quality are computed.
  struct PlacementColumns {
    double* finish;
    double* at_start[4];
    double* at_finish[4];
  };
  void place_lanes(const double* from, const double* work, std::size_t count,
                   const PlacementColumns& out) const;
  // The same on a given path, which must be one of supported_vector_paths() (philox_batch.h);
  // paths without a kernel of their own run the scalar one. A timeline of one segment (a
  // 24/7 calendar) has a kernel of its own on AVX2 and AVX-512, with no look-ups.
  void place_lanes(VectorPath path, const double* from, const double* work, std::size_t count,
                   const PlacementColumns& out) const;

  double horizon() const { return horizon_; }
  // Whether any segment is an overtime window; without one, both overtime totals are +0 at
  // every instant.
  bool has_overtime() const { return has_overtime_; }
  std::size_t segment_count() const { return segments_.size(); }

  // The layout the look-ups read, as plain columns (for the lane kernels).
  struct Columns;
  const Columns& columns() const { return *columns_; }

 private:
  // One piece of the calendar at constant rates, with the totals at its start.
  struct Segment {
    double start, end;
    // Per wall hour inside it: capacity, quality-weighted capacity, overtime capacity and
    // overtime wall hours (the last two 0 in a regular window).
    Totals rate;
    Totals at_start;
  };

  void add_segment(double start, double end, const CalendarWindow& window, bool unit_rate);
  void lay_out_columns();
  void index_hours();
  void index_capacity();
  void lay_out_records();
  void point_columns();

  double horizon_ = 0;
  std::vector<Segment> segments_;
  // Whether any segment is an overtime window: without one, both overtime totals are zero
  // at every instant.
  bool has_overtime_ = false;
  Totals at_end_{};  // totals after the last segment
  // The same segments as columns, which the look-ups read: starts_ and capacity_ends_ have
  // a +inf sentinel at [segments_.size()], so a search step needs no bounds check.
  std::vector<double> starts_, ends_, capacity_ends_;
  std::array<std::vector<double>, 4> at_start_, rate_;  // by Totals field
  // last_started_by_hour_[h]: the last segment starting at or before hour h (-1 if none).
  std::vector<std::int64_t> last_started_by_hour_;
  // The finish search's starting point: first_reaching_step_[b] is a segment at or before
  // the first one whose capacity_end reaches b / steps_per_capacity_. Steps are fine enough
  // that one rarely holds two segment ends, so the search is a look-up and one comparison
  // (with the capacity end kept beside the index) instead of a scan.
  double steps_per_capacity_ = 0;
  std::vector<std::int64_t> first_reaching_step_;
  std::vector<double> step_capacity_end_;  // capacity_ends_[first_reaching_step_[b]]
  // The same again, one record per segment (timeline_lanes.h), for kernels that load a
  // segment's fields at once rather than field by field.
  struct alignas(64) SegmentRecord {
    double field[8];
  };
  struct alignas(32) OvertimeRecord {
    double field[4];
  };
  std::vector<SegmentRecord> records_;
  std::vector<OvertimeRecord> overtime_records_;
  std::unique_ptr<Columns> columns_;  // views of the vectors above
};

}  // namespace rushrisk
