// place_lane (timeline_lanes.h) four lanes at a time with AVX2: branches are lane masks
// (all-ones lanes of a vector), and a segment's fields come from its 64-byte record (two
// 32-byte loads per lane and two 4 x 4 transposes) rather than a gather per field.
// Compiled with -mavx2 (no FMA: the arithmetic must round as the scalar code does) and
// called only where the CPU has it. Each step mirrors place_lane exactly (see the header),
// so the lanes come out bit-identical to the scalar path.
//
// The shape is the AVX-512 kernel's: a placement is one long chain of dependent look-ups
// (hour index -> segment -> capacity step -> segment), so the kernel walks a chunk of up
// to 64 lanes stage by stage — every group's first look-up, then every group's second, ...
// — and the look-ups of different groups overlap.
#include <immintrin.h>

#include "engine/sim/timeline_lanes.h"

namespace rushrisk::timeline_lanes {
namespace {

constexpr int kLanes = 4;
constexpr std::size_t kGroups = 16;  // per chunk
constexpr std::size_t kChunk = kGroups * kLanes;

#define RUSHRISK_INLINE [[gnu::always_inline]] inline

// A lane mask: every bit set in the lanes where a comparison held.
using Mask = __m256d;

RUSHRISK_INLINE Mask less(__m256d a, __m256d b) { return _mm256_cmp_pd(a, b, _CMP_LT_OQ); }
RUSHRISK_INLINE bool any(Mask m) { return _mm256_movemask_pd(m) != 0; }
RUSHRISK_INLINE __m256i as_int(Mask m) { return _mm256_castpd_si256(m); }
RUSHRISK_INLINE Mask as_mask(__m256i m) { return _mm256_castsi256_pd(m); }
// `b` where `m` holds, else `a`.
RUSHRISK_INLINE __m256d select(Mask m, __m256d a, __m256d b) { return _mm256_blendv_pd(a, b, m); }
RUSHRISK_INLINE __m256i select(Mask m, __m256i a, __m256i b) {
  return _mm256_castpd_si256(_mm256_blendv_pd(_mm256_castsi256_pd(a), _mm256_castsi256_pd(b), m));
}
// k + 1 where `m` holds (a set lane is -1 as an integer).
RUSHRISK_INLINE __m256i step_where(Mask m, __m256i k) { return _mm256_sub_epi64(k, as_int(m)); }

// std::min(a, b) = b < a ? b : a; std::max(a, b) = a < b ? b : a (the tie rules matter for
// signed zeros, so no vminpd/vmaxpd).
RUSHRISK_INLINE __m256d min_like_std(__m256d a, __m256d b) { return select(less(b, a), a, b); }
RUSHRISK_INLINE __m256d max_like_std(__m256d a, __m256d b) { return select(less(a, b), a, b); }
// std::clamp(t, low, high) = t < low ? low : (high < t ? high : t)
RUSHRISK_INLINE __m256d clamp_like_std(__m256d t, __m256d low, __m256d high) {
  return select(less(t, low), select(less(high, t), t, high), low);
}

// base[index] in the lanes of `mask`, `otherwise` elsewhere; every lane's index must be
// in range. Four scalar loads: Zen 3's gather instructions cost more than they save.
template <typename T>
RUSHRISK_INLINE void lanes_of(__m256i index, const T* base, T (&value)[4]) {
  alignas(32) std::int64_t at[kLanes];
  _mm256_store_si256(reinterpret_cast<__m256i*>(at), index);
  for (int l = 0; l < kLanes; ++l) value[l] = base[at[l]];
}
RUSHRISK_INLINE __m256d gather(Mask mask, __m256i index, const double* base) {
  double v[4];
  lanes_of(index, base, v);
  return _mm256_and_pd(mask, _mm256_set_pd(v[3], v[2], v[1], v[0]));
}
RUSHRISK_INLINE __m256i gather(Mask mask, __m256i index, const std::int64_t* base,
                               __m256i otherwise) {
  std::int64_t v[4];
  lanes_of(index, base, v);
  return select(mask, otherwise, _mm256_set_epi64x(v[3], v[2], v[1], v[0]));
}

// Truncation of non-negative doubles below 2^31 to 64-bit lanes.
RUSHRISK_INLINE __m256i truncated(__m256d x) {
  return _mm256_cvtepi32_epi64(_mm256_cvttpd_epi32(x));
}

// Four 4-double rows in, four columns out: column f holds field f of every row.
RUSHRISK_INLINE void transpose(__m256d& r0, __m256d& r1, __m256d& r2, __m256d& r3) {
  const __m256d t0 = _mm256_unpacklo_pd(r0, r1);  // fields 0, 2 of rows 0, 1
  const __m256d t1 = _mm256_unpackhi_pd(r0, r1);  // fields 1, 3 of rows 0, 1
  const __m256d t2 = _mm256_unpacklo_pd(r2, r3);
  const __m256d t3 = _mm256_unpackhi_pd(r2, r3);
  r0 = _mm256_permute2f128_pd(t0, t2, 0x20);
  r1 = _mm256_permute2f128_pd(t1, t3, 0x20);
  r2 = _mm256_permute2f128_pd(t0, t2, 0x31);
  r3 = _mm256_permute2f128_pd(t1, t3, 0x31);
}

// The lanes of group g (lanes [4g, 4g + 4)) that hold one of `count` placements. A
// partial group is read and written through masks; a full one is not (masked stores are
// slow on some processors: a dozen cycles each on AMD's Zen 3).
struct Lanes {
  bool full;
  __m256i mask;

  RUSHRISK_INLINE __m256d load(const double* p) const {
    return full ? _mm256_loadu_pd(p) : _mm256_maskload_pd(p, mask);
  }
  RUSHRISK_INLINE void store(double* p, __m256d x) const {
    if (full) {
      _mm256_storeu_pd(p, x);
    } else {
      _mm256_maskstore_pd(p, mask, x);
    }
  }
};
RUSHRISK_INLINE Lanes lanes(std::size_t count, std::size_t g) {
  const std::size_t n = std::min<std::size_t>(kLanes, count - g * kLanes);
  return {n == kLanes, _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<long long>(n)),
                                          _mm256_set_epi64x(3, 2, 1, 0))};
}

// What the stages of a chunk hand on, group by group (lane l of group g at [g][l]).
struct Scratch {
  alignas(32) double from[kChunk];
  alignas(32) double work[kChunk];
  alignas(32) std::int64_t first_segment[kChunk];  // the hour index's segment for from
  alignas(32) double at_start[kTotalsFields][kChunk];
  alignas(32) double capacity[kChunk];       // the capacity the finish search looks for
  alignas(32) std::int64_t segment[kChunk];  // the search's start, then its answer
  alignas(32) double segment_end[kChunk];    // capacity end of `segment`
};

// Fields: the totals wanted, 2 or kTotalsFields (fields_wanted()), fixed at compile time so
// that the per-field loops unroll and the overtime branch goes.
template <int Fields>
class Chunk {
 public:
  explicit Chunk(const Columns& c) : c_(c) {}

  // Lanes [0, count) of from/work, count <= kChunk, into out at lane `first` on.
  void place(const double* from, const double* work, std::size_t count, const Out& out,
             std::size_t first) {
    const std::size_t groups = (count + kLanes - 1) / kLanes;
    for (std::size_t g = 0; g < groups; ++g) {
      look_up_hours(g, lanes(count, g), from + g * kLanes, work + g * kLanes);
    }
    for (std::size_t g = 0; g < groups; ++g) start_totals(g);
    for (std::size_t g = 0; g < groups; ++g) finish(g, lanes(count, g), out, first + g * kLanes);
  }

 private:
  RUSHRISK_INLINE __m256d load(const double* column, std::size_t g) const {
    return _mm256_load_pd(column + g * kLanes);
  }
  RUSHRISK_INLINE __m256i load(const std::int64_t* column, std::size_t g) const {
    return _mm256_load_si256(reinterpret_cast<const __m256i*>(column + g * kLanes));
  }
  RUSHRISK_INLINE void store(double* column, std::size_t g, __m256d x) {
    _mm256_store_pd(column + g * kLanes, x);
  }
  RUSHRISK_INLINE void store(std::int64_t* column, std::size_t g, __m256i x) {
    _mm256_store_si256(reinterpret_cast<__m256i*>(column + g * kLanes), x);
  }

  // Stage 1: the hour index's segment for each start (segment_at before its steps); -1
  // where the start is negative or NaN. Lanes past the count start at 0 with no work.
  RUSHRISK_INLINE void look_up_hours(std::size_t g, const Lanes& lanes, const double* from_in,
                                     const double* work_in) {
    const __m256d from = lanes.load(from_in);
    store(s_.from, g, from);
    store(s_.work, g, lanes.load(work_in));
    const Mask valid = _mm256_cmp_pd(from, _mm256_setzero_pd(), _CMP_GE_OQ);
    const __m256d hour = _mm256_min_pd(capped(from), _mm256_set1_pd(last_hour_));
    store(s_.first_segment, g,
          gather(valid, truncated(hour), c_.last_started_by_hour, _mm256_set1_epi64x(-1)));
  }

  // Stage 2: the segment of each start (segment_at's steps, on the records' next starts),
  // the totals there, and where the finish search begins: the capacity step's segment and
  // its capacity end, with the one comparison that almost always settles the search.
  RUSHRISK_INLINE void start_totals(std::size_t g) {
    const __m256d from = load(s_.from, g);
    const __m256d work = load(s_.work, g);
    const Mask valid = _mm256_cmp_pd(from, _mm256_setzero_pd(), _CMP_GE_OQ);
    const __m256d at = capped(from);
    __m256i k = load(s_.first_segment, g);
    __m256d record[kSegmentFields];
    for (;;) {
      load_records(k, record);
      const Mask step = _mm256_and_pd(valid, _mm256_cmp_pd(record[kNextStart], at, _CMP_LE_OQ));
      if (!any(step)) break;
      k = step_where(step, k);
    }
    const Mask inside = as_mask(_mm256_cmpgt_epi64(k, _mm256_set1_epi64x(-1)));
    __m256d totals[kTotalsFields];
    totals_in(inside, k, from, record, totals);
    for (int f = 0; f < fields_; ++f) store(s_.at_start[f], g, totals[f]);

    const __m256d target = _mm256_add_pd(totals[0], work);
    const __m256d slack =
        _mm256_mul_pd(_mm256_set1_pd(1e-12), max_like_std(_mm256_set1_pd(1.0), target));
    const __m256d capacity = _mm256_sub_pd(target, slack);
    store(s_.capacity, g, capacity);
    const __m256i k_or_0 = select(inside, _mm256_setzero_si256(), k);
    search_start(k_or_0, inside, record[kCapacityEnd], capacity, g);
  }

  // timeline_lanes::segment_reaching's start from segment k (>= 0; `k_end`: its capacity
  // end, from its record, in the lanes `inside` a segment): the step index gives a segment
  // and its capacity end at once.
  RUSHRISK_INLINE void search_start(__m256i k, Mask inside, __m256d k_end, __m256d capacity,
                                    std::size_t g) {
    Mask known = inside;
    if (c_.first_reaching_step) {
      const Mask positive = _mm256_cmp_pd(capacity, _mm256_setzero_pd(), _CMP_GT_OQ);
      const __m256d step = _mm256_min_pd(
          _mm256_max_pd(_mm256_mul_pd(capacity, _mm256_set1_pd(c_.steps_per_capacity)),
                        _mm256_setzero_pd()),
          _mm256_set1_pd(last_step_));
      const __m256i b = truncated(step);
      const __m256i first = gather(positive, b, c_.first_reaching_step, _mm256_setzero_si256());
      const __m256d first_end = gather(positive, b, c_.step_capacity_end);
      const Mask ahead = _mm256_and_pd(positive, as_mask(_mm256_cmpgt_epi64(first, k)));
      k = select(ahead, k, first);
      k_end = select(ahead, k_end, first_end);
      known = _mm256_or_pd(known, ahead);
    }
    // Lanes that start before the first segment and search from segment 0: the record read
    // was the one before it.
    const Mask unknown = _mm256_andnot_pd(known, as_mask(_mm256_set1_epi64x(-1)));
    if (any(unknown)) k_end = select(unknown, k_end, gather(unknown, k, c_.capacity_ends));
    store(s_.segment, g, k);
    store(s_.segment_end, g, k_end);
  }

  // Stage 3: the search's one comparison, the segment found (confirmed on its record by a
  // loop that rarely runs), the finish and the totals there, written out.
  RUSHRISK_INLINE void finish(std::size_t g, const Lanes& lanes, const Out& out, std::size_t i) {
    const __m256d from = load(s_.from, g);
    const __m256d work = load(s_.work, g);
    const __m256d capacity = load(s_.capacity, g);
    __m256i k = step_where(less(load(s_.segment_end, g), capacity), load(s_.segment, g));
    __m256d record[kSegmentFields];
    for (;;) {
      load_records(k, record);
      const Mask step = less(record[kCapacityEnd], capacity);
      if (!any(step)) break;
      k = step_where(step, k);
    }
    const Mask not_reached = as_mask(_mm256_cmpeq_epi64(k, count_));
    const Mask reached = _mm256_andnot_pd(not_reached, as_mask(_mm256_set1_epi64x(-1)));
    const Mask beyond =
        _mm256_cmp_pd(from, _mm256_set1_pd(c_.horizon + kTimeTolerance), _CMP_GT_OQ);
    const Mask no_work = _mm256_cmp_pd(work, _mm256_setzero_pd(), _CMP_LE_OQ);
    const __m256d infinity = _mm256_set1_pd(kInfinity);

    // target - at_start[0][k] with target = at_start(from)[0] + work, as place_lane has it.
    const __m256d target = _mm256_add_pd(load(s_.at_start[0], g), work);
    const __m256d start = record[kStart];
    const __m256d end = record[kEnd];
    const __m256d t = _mm256_add_pd(
        start,
        _mm256_div_pd(_mm256_sub_pd(target, record[kCapacityAtStart]), record[kCapacityRate]));
    __m256d finish = max_like_std(from, clamp_like_std(t, start, end));
    __m256d at_finish[kTotalsFields];
    totals_in(reached, k, finish, record, at_finish);

    // Lanes that stopped early, in place_lane's order: not reached, no work, beyond.
    finish = select(not_reached, finish, infinity);
    finish = select(no_work, finish, from);
    finish = select(beyond, finish, infinity);
    lanes.store(out.finish + i, finish);
    for (int f = 0; f < fields_; ++f) {
      const __m256d at_end = _mm256_set1_pd(c_.at_end[f]);
      const __m256d at_start = load(s_.at_start[f], g);
      __m256d value = select(not_reached, at_finish[f], at_end);
      value = select(no_work, value, at_start);
      lanes.store(out.at_start[f] + i, select(beyond, at_start, at_end));
      lanes.store(out.at_finish[f] + i, select(beyond, value, at_end));
    }
  }

  // t capped to [0, horizon], NaN to 0: where segment_at searches.
  RUSHRISK_INLINE __m256d capped(__m256d t) const {
    return _mm256_min_pd(_mm256_max_pd(t, _mm256_setzero_pd()), _mm256_set1_pd(c_.horizon));
  }

  // The records of segments k (each lane's k in [-1, count]) as columns by SegmentField:
  // each half of a record is one 32-byte load per lane, and four of them one transpose.
  RUSHRISK_INLINE void load_records(__m256i k, __m256d (&fields)[kSegmentFields]) const {
    alignas(32) std::int64_t index[kLanes];
    _mm256_store_si256(reinterpret_cast<__m256i*>(index), k);
    for (int half = 0; half < 2; ++half) {
      __m256d* r = fields + 4 * half;
      for (int l = 0; l < kLanes; ++l) {
        r[l] = _mm256_load_pd(c_.records + (index[l] + 1) * kSegmentFields + 4 * half);
      }
      transpose(r[0], r[1], r[2], r[3]);
    }
  }

  // The overtime fields of segments k as columns (at_start[2], rate[2], at_start[3],
  // rate[3]): one 32-byte record per lane, transposed.
  RUSHRISK_INLINE void load_overtime_records(__m256i k, __m256d (&fields)[kOvertimeFields]) const {
    alignas(32) std::int64_t index[kLanes];
    _mm256_store_si256(reinterpret_cast<__m256i*>(index), k);
    for (int l = 0; l < kLanes; ++l) {
      fields[l] = _mm256_load_pd(c_.overtime_records + (index[l] + 1) * kOvertimeFields);
    }
    transpose(fields[0], fields[1], fields[2], fields[3]);
  }

  // timeline_lanes::totals_in from the records of segments k: zero outside `inside`.
  RUSHRISK_INLINE void totals_in(Mask inside, __m256i k, __m256d t,
                                 const __m256d (&record)[kSegmentFields],
                                 __m256d (&totals)[kTotalsFields]) const {
    const __m256d wall = _mm256_sub_pd(min_like_std(t, record[kEnd]), record[kStart]);
    const auto total = [&](__m256d at_start, __m256d rate) {
      return _mm256_and_pd(inside, _mm256_add_pd(at_start, _mm256_mul_pd(wall, rate)));
    };
    totals[0] = total(record[kCapacityAtStart], record[kCapacityRate]);
    totals[1] = total(record[kQualityAtStart], record[kQualityRate]);
    if constexpr (fields_ > 2) {
      __m256d overtime[kOvertimeFields];
      load_overtime_records(k, overtime);
      totals[2] = total(overtime[0], overtime[1]);
      totals[3] = total(overtime[2], overtime[3]);
    }
  }

  static constexpr int fields_ = Fields;
  const Columns& c_;
  const double last_hour_ = static_cast<double>(c_.last_hour);
  const double last_step_ = static_cast<double>(c_.last_step);
  const __m256i count_ = _mm256_set1_epi64x(static_cast<long long>(c_.count));
  Scratch s_;
};

// place_lane on a timeline of one segment, four lanes at a time (place_one_segment_avx2).
// The segment's record is the same for every lane, so it is read once.
class OneSegment {
 public:
  OneSegment(const Columns& c, const Out& out) : c_(c), out_(out), fields_(fields_wanted(out)) {
    for (int f = 0; f < kTotalsFields; ++f) {
      at_start_[f] = _mm256_set1_pd(c.at_start[f][0]);
      rate_[f] = _mm256_set1_pd(c.rate[f][0]);
      at_end_[f] = _mm256_set1_pd(c.at_end[f]);
    }
  }

  // Lanes [i, i + 4) of the inputs, those of `lanes` only.
  RUSHRISK_INLINE void place(const double* from_in, const double* work_in, std::size_t i,
                             const Lanes& lanes) const {
    const __m256d from = lanes.load(from_in + i), work = lanes.load(work_in + i);
    const __m256d ones = as_mask(_mm256_set1_epi64x(-1));
    const Mask beyond = _mm256_cmp_pd(from, beyond_, _CMP_GT_OQ);
    // segment_at(c, from) is 0, or -1 before the segment (or for from negative or NaN).
    const Mask inside =
        _mm256_and_pd(_mm256_cmp_pd(from, _mm256_setzero_pd(), _CMP_GE_OQ),
                      _mm256_cmp_pd(start_, min_like_std(from, horizon_), _CMP_LE_OQ));
    const __m256d start_wall = _mm256_sub_pd(min_like_std(from, end_), start_);
    const __m256d capacity = total(0, inside, start_wall);
    const __m256d target = _mm256_add_pd(capacity, work);
    const __m256d slack =
        _mm256_mul_pd(_mm256_set1_pd(1e-12), max_like_std(_mm256_set1_pd(1.0), target));
    // segment_reaching(c, 0, target - slack) is 0, or count when the segment falls short.
    const Mask not_reached = less(capacity_end_, _mm256_sub_pd(target, slack));
    const Mask no_work = _mm256_cmp_pd(work, _mm256_setzero_pd(), _CMP_LE_OQ);
    const __m256d t =
        _mm256_add_pd(start_, _mm256_div_pd(_mm256_sub_pd(target, at_start_[0]), rate_[0]));
    const __m256d placed = max_like_std(from, clamp_like_std(t, start_, end_));
    const __m256d infinity = _mm256_set1_pd(kInfinity);
    __m256d finish = select(not_reached, placed, infinity);
    finish = select(no_work, finish, from);
    lanes.store(out_.finish + i, select(beyond, finish, infinity));

    // The finish's totals: totals_in(c, 0, placed) where the work was placed, the start's
    // where there was none, at_end where the segment fell short.
    const __m256d finish_wall =
        select(no_work, _mm256_sub_pd(min_like_std(placed, end_), start_), start_wall);
    const Mask finish_inside = select(no_work, ones, inside);
    const Mask finish_at_end = _mm256_or_pd(beyond, _mm256_andnot_pd(no_work, not_reached));
    for (int f = 0; f < fields_; ++f) {
      const __m256d at_start = f == 0 ? capacity : total(f, inside, start_wall);
      lanes.store(out_.at_start[f] + i, select(beyond, at_start, at_end_[f]));
      lanes.store(out_.at_finish[f] + i,
                  select(finish_at_end, total(f, finish_inside, finish_wall), at_end_[f]));
    }
  }

 private:
  // Field f of totals_in(c, 0, t) with t - start = wall, zero outside `inside`.
  RUSHRISK_INLINE __m256d total(int f, Mask inside, __m256d wall) const {
    return _mm256_and_pd(inside, _mm256_add_pd(at_start_[f], _mm256_mul_pd(wall, rate_[f])));
  }

  const Columns& c_;
  const Out& out_;
  const int fields_;
  const __m256d start_ = _mm256_set1_pd(c_.starts[0]);
  const __m256d end_ = _mm256_set1_pd(c_.ends[0]);
  const __m256d capacity_end_ = _mm256_set1_pd(c_.capacity_ends[0]);
  const __m256d horizon_ = _mm256_set1_pd(c_.horizon);
  const __m256d beyond_ = _mm256_set1_pd(c_.horizon + kTimeTolerance);
  __m256d at_start_[kTotalsFields], rate_[kTotalsFields], at_end_[kTotalsFields];
};

}  // namespace

void place_one_segment_avx2(const Columns& c, const double* from, const double* work,
                            std::size_t count, const Out& out) {
  const OneSegment segment(c, out);
  for (std::size_t i = 0; i < count; i += kLanes) {
    segment.place(from, work, i, lanes(count, i / kLanes));
  }
}

namespace {

template <int Fields>
void place_in_chunks(const Columns& c, const double* from, const double* work, std::size_t count,
                     const Out& out) {
  Chunk<Fields> chunk(c);
  for (std::size_t i = 0; i < count; i += kChunk) {
    chunk.place(from + i, work + i, std::min(kChunk, count - i), out, i);
  }
}

}  // namespace

void place_avx2(const Columns& c, const double* from, const double* work, std::size_t count,
                const Out& out) {
  if (fields_wanted(out) == kTotalsFields) {
    place_in_chunks<kTotalsFields>(c, from, work, count, out);
  } else {
    place_in_chunks<2>(c, from, work, count, out);
  }
}

}  // namespace rushrisk::timeline_lanes
