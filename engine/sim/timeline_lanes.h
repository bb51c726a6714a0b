// Private to the engine: the Timeline look-ups written once over plain columns, lane by
// lane (place_lane, used by Timeline::place and the scalar path), and the vector kernels
// that compute the same lanes several at a time (timeline_lanes_avx2.cpp and
// timeline_lanes_avx512.cpp).
//
// Every kernel mirrors place_lane operation for operation — the same IEEE additions,
// products and quotients in the same order, min/max/clamp with the same tie rules, no
// fused multiply-add — so each lane's result is bit-identical on every path (tests compare
// them on many placements).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "engine/sim/calendar.h"

namespace rushrisk {

inline constexpr int kTotalsFields = 4;  // capacity, quality, overtime capacity, overtime wall

// A segment's fields as one 64-byte record: what a look-up reads of segment k, loaded
// with one access instead of one per column. Record r describes segment k = r - 1:
// record 0 stands before the first segment (zero totals; its next start is the first
// segment's start) and record count + 1 after the last (+inf capacity end and next start).
enum SegmentField : int {
  kStart,
  kEnd,
  kCapacityAtStart,  // at_start[0]
  kCapacityRate,     // rate[0]
  kQualityAtStart,   // at_start[1]
  kQualityRate,      // rate[1]
  kCapacityEnd,      // capacity_ends[k]
  kNextStart,        // starts[k + 1]
  kSegmentFields
};
// The overtime fields of segment k, record k + 1 as above: at_start[2], rate[2],
// at_start[3], rate[3].
inline constexpr int kOvertimeFields = 4;

struct Timeline::Columns {
  std::size_t count;            // segments
  const double* starts;         // [count + 1]: +inf sentinel
  const double* ends;           // [count]
  const double* capacity_ends;  // [count + 1]: +inf sentinel
  const double* at_start[kTotalsFields];
  const double* rate[kTotalsFields];
  const std::int64_t* last_started_by_hour;  // [last_hour + 1]
  std::size_t last_hour;
  const std::int64_t* first_reaching_step;  // [last_step + 1]; null when there is no capacity
  const double* step_capacity_end;          // capacity_ends[first_reaching_step[b]]
  std::size_t last_step;
  double steps_per_capacity;
  // Record k + 1 of segment k at records + (k + 1) * kSegmentFields, k in [-1, count],
  // 64-byte aligned; the overtime record at overtime_records + (k + 1) * kOvertimeFields.
  const double* records;
  const double* overtime_records;
  double horizon;
  double at_end[kTotalsFields];
};

namespace timeline_lanes {

using Columns = Timeline::Columns;
using Out = Timeline::PlacementColumns;

// The last segment starting at or before t, or -1: an hour-index look-up, then a step
// without a branch (segments rarely start twice within an hour; a mispredicted branch costs
// more than the rest of the look-up), then a loop that almost never runs. Every segment
// starts before the horizon, so the search runs on t capped there (which keeps the +inf
// sentinel out of reach).
inline std::ptrdiff_t segment_at(const Columns& c, double t) {
  if (!(t >= 0)) return -1;
  const double capped = std::min(t, c.horizon);
  // capped >= 0, so truncation is floor (std::floor is a call on baseline x86-64).
  const double last_hour = static_cast<double>(c.last_hour);
  const std::size_t hour = capped < last_hour ? static_cast<std::size_t>(capped) : c.last_hour;
  std::int64_t k = c.last_started_by_hour[hour];
  k += c.starts[k + 1] <= capped;
  while (c.starts[k + 1] <= capped) ++k;
  return k;
}

// Totals at t inside segment k (all zero when k < 0).
inline void totals_in(const Columns& c, std::ptrdiff_t k, double t, double* totals) {
  if (k < 0) {
    std::fill(totals, totals + kTotalsFields, 0.0);
    return;
  }
  const double wall = std::min(t, c.ends[k]) - c.starts[k];
  for (int f = 0; f < kTotalsFields; ++f) totals[f] = c.at_start[f][k] + wall * c.rate[f][k];
}

// The first segment k >= from_segment whose capacity end reaches `capacity` (count if
// none): the step index bounds it from below, then two steps without a branch, then a
// loop for the rare rest (the sentinel stops every step at count).
inline std::size_t segment_reaching(const Columns& c, std::size_t from_segment, double capacity) {
  std::size_t k = from_segment;
  if (capacity > 0 && c.first_reaching_step) {
    const double step = capacity * c.steps_per_capacity;
    const std::size_t b =
        step < static_cast<double>(c.last_step) ? static_cast<std::size_t>(step) : c.last_step;
    k = std::max<std::size_t>(k, static_cast<std::size_t>(c.first_reaching_step[b]));
  }
  k += c.capacity_ends[k] < capacity;
  k += c.capacity_ends[k] < capacity;
  while (c.capacity_ends[k] < capacity) ++k;
  return k;
}

// The Totals fields a caller wants: all four, or (overtime columns null) the first two.
inline int fields_wanted(const Out& out) { return out.at_start[2] ? kTotalsFields : 2; }

// Lane i of a placement: `work` per-person effort-hours from `from` (Timeline::place).
inline void place_lane(const Columns& c, double from, double work, const Out& out, std::size_t i) {
  double at_start[kTotalsFields], at_finish[kTotalsFields];
  double finish;
  if (from > c.horizon + kTimeTolerance) {
    finish = kInfinity;
    std::copy(c.at_end, c.at_end + kTotalsFields, at_start);
    std::copy(c.at_end, c.at_end + kTotalsFields, at_finish);
  } else {
    const std::ptrdiff_t k0 = segment_at(c, from);
    totals_in(c, k0, from, at_start);
    if (work <= 0) {
      finish = from;
      std::copy(at_start, at_start + kTotalsFields, at_finish);
    } else {
      const double target = at_start[0] + work;
      // The tolerance lets effort that exactly uses up a window end at that window's end
      // despite rounding.
      const double slack = 1e-12 * std::max(1.0, target);
      const std::size_t k = segment_reaching(
          c, static_cast<std::size_t>(std::max<std::ptrdiff_t>(k0, 0)), target - slack);
      if (k == c.count) {
        finish = kInfinity;
        std::copy(c.at_end, c.at_end + kTotalsFields, at_finish);
      } else {
        const double t = c.starts[k] + (target - c.at_start[0][k]) / c.rate[0][k];
        finish = std::max(from, std::clamp(t, c.starts[k], c.ends[k]));
        totals_in(c, static_cast<std::ptrdiff_t>(k), finish, at_finish);
      }
    }
  }
  out.finish[i] = finish;
  for (int f = 0; f < fields_wanted(out); ++f) {
    out.at_start[f][i] = at_start[f];
    out.at_finish[f][i] = at_finish[f];
  }
}

void place_scalar(const Columns& c, const double* from, const double* work, std::size_t count,
                  const Out& out);

#if defined(__x86_64__) && defined(__GNUC__)
#define RUSHRISK_TIMELINE_KERNELS 1
// Need AVX2 and AVX-512F; call only where the CPU has them.
void place_avx2(const Columns& c, const double* from, const double* work, std::size_t count,
                const Out& out);
void place_avx512(const Columns& c, const double* from, const double* work, std::size_t count,
                  const Out& out);
// The same for a timeline of exactly one segment (c.count == 1: a 24/7 calendar, or a
// horizon within one window), one kernel per path: segment_at and segment_reaching have only
// two answers there, so a lane is a few comparisons and the same arithmetic, no look-up.
void place_one_segment_avx2(const Columns& c, const double* from, const double* work,
                            std::size_t count, const Out& out);
void place_one_segment_avx512(const Columns& c, const double* from, const double* work,
                              std::size_t count, const Out& out);
#endif

}  // namespace timeline_lanes
}  // namespace rushrisk
