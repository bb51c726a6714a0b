// place_lane (timeline_lanes.h) eight lanes at a time with AVX-512F: branches are lane
// masks, and a segment's fields come from its 64-byte record (one load per lane and a
// transpose) rather than a gather per field. Compiled with -mavx512f and called only where
// the CPU has it. Each step mirrors place_lane exactly (see the header), so the lanes come
// out bit-identical to the scalar path.
//
// A placement is one long chain of dependent look-ups (hour index -> segment -> capacity
// step -> segment), so eight lanes alone would leave the processor waiting. The kernel
// walks a chunk of up to 64 lanes stage by stage instead — every group's first look-up,
// then every group's second, ... — keeping what a stage hands on in a small scratch area,
// so the look-ups of different groups overlap.
#include <immintrin.h>

#include "engine/sim/timeline_lanes.h"

namespace rushrisk::timeline_lanes {
namespace {

constexpr int kLanes = 8;
constexpr std::size_t kGroups = 8;  // per chunk
constexpr std::size_t kChunk = kGroups * kLanes;

#define RUSHRISK_INLINE [[gnu::always_inline]] inline

// std::min(a, b) = b < a ? b : a; std::max(a, b) = a < b ? b : a (the tie rules matter for
// signed zeros, so no vminpd/vmaxpd).
RUSHRISK_INLINE __m512d min_like_std(__m512d a, __m512d b) {
  return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(b, a, _CMP_LT_OQ), a, b);
}
RUSHRISK_INLINE __m512d max_like_std(__m512d a, __m512d b) {
  return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(a, b, _CMP_LT_OQ), a, b);
}

// std::clamp(t, low, high) = t < low ? low : (high < t ? high : t)
RUSHRISK_INLINE __m512d clamp_like_std(__m512d t, __m512d low, __m512d high) {
  const __m512d upper = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(high, t, _CMP_LT_OQ), t, high);
  return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(t, low, _CMP_LT_OQ), upper, low);
}

RUSHRISK_INLINE __m512d gather(__mmask8 mask, __m512i index, const double* base) {
  return _mm512_mask_i64gather_pd(_mm512_setzero_pd(), mask, index, base, 8);
}

RUSHRISK_INLINE __m512i gather(__mmask8 mask, __m512i index, const std::int64_t* base) {
  return _mm512_mask_i64gather_epi64(_mm512_setzero_si512(), mask, index, base, 8);
}

// Truncation of non-negative doubles below 2^31 to 64-bit lanes.
RUSHRISK_INLINE __m512i truncated(__m512d x) {
  return _mm512_cvtepi32_epi64(_mm512_cvttpd_epi32(x));
}

// Eight 8-double rows in, eight columns out: column f holds field f of every row.
RUSHRISK_INLINE void transpose(__m512d (&r)[8]) {
  __m512d t[8], u[8];
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm512_unpacklo_pd(r[i], r[i + 1]);      // fields 0, 2, 4, 6 of rows i, i + 1
    t[i + 1] = _mm512_unpackhi_pd(r[i], r[i + 1]);  // fields 1, 3, 5, 7
  }
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 2; ++j) {
      // Rows 4i .. 4i + 3, fields {j, 4 + j} and {2 + j, 6 + j}, in 128-bit halves.
      u[4 * i + 2 * j] = _mm512_shuffle_f64x2(t[4 * i + j], t[4 * i + 2 + j], 0x88);
      u[4 * i + 2 * j + 1] = _mm512_shuffle_f64x2(t[4 * i + j], t[4 * i + 2 + j], 0xDD);
    }
  }
  // u[0]: fields 0 | 4 of rows 0-3, u[1]: 2 | 6, u[2]: 1 | 5, u[3]: 3 | 7; u[4..7] rows 4-7.
  constexpr int kLow[4] = {0, 2, 1, 3};
  for (int i = 0; i < 4; ++i) {
    r[kLow[i]] = _mm512_shuffle_f64x2(u[i], u[i + 4], 0x88);
    r[kLow[i] + 4] = _mm512_shuffle_f64x2(u[i], u[i + 4], 0xDD);
  }
}

// What the stages of a chunk hand on, group by group (lane l of group g at [g][l]).
struct Scratch {
  alignas(64) double from[kChunk];
  alignas(64) double work[kChunk];
  alignas(64) std::int64_t first_segment[kChunk];  // the hour index's segment for from
  alignas(64) double at_start[kTotalsFields][kChunk];
  alignas(64) double capacity[kChunk];       // the capacity the finish search looks for
  alignas(64) std::int64_t segment[kChunk];  // the search's start, then its answer
  alignas(64) double segment_end[kChunk];    // capacity end of `segment`
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
      const std::size_t n = std::min<std::size_t>(kLanes, count - g * kLanes);
      look_up_hours(g, static_cast<__mmask8>((1u << n) - 1), from + g * kLanes, work + g * kLanes);
    }
    for (std::size_t g = 0; g < groups; ++g) start_totals(g);
    for (std::size_t g = 0; g < groups; ++g) {
      const std::size_t n = std::min<std::size_t>(kLanes, count - g * kLanes);
      finish(g, static_cast<__mmask8>((1u << n) - 1), out, first + g * kLanes);
    }
  }

 private:
  RUSHRISK_INLINE __m512d load(const double* column, std::size_t g) const {
    return _mm512_load_pd(column + g * kLanes);
  }
  RUSHRISK_INLINE __m512i load(const std::int64_t* column, std::size_t g) const {
    return _mm512_load_si512(column + g * kLanes);
  }
  RUSHRISK_INLINE void store(double* column, std::size_t g, __m512d x) {
    _mm512_store_pd(column + g * kLanes, x);
  }
  RUSHRISK_INLINE void store(std::int64_t* column, std::size_t g, __m512i x) {
    _mm512_store_si512(column + g * kLanes, x);
  }

  // Stage 1: the hour index's segment for each start (segment_at before its steps); -1
  // where the start is negative or NaN. Lanes past the count start at 0 with no work.
  RUSHRISK_INLINE void look_up_hours(std::size_t g, __mmask8 lanes, const double* from_in,
                                     const double* work_in) {
    const __m512d from = _mm512_maskz_loadu_pd(lanes, from_in);
    store(s_.from, g, from);
    store(s_.work, g, _mm512_maskz_loadu_pd(lanes, work_in));
    const __mmask8 valid = _mm512_cmp_pd_mask(from, _mm512_setzero_pd(), _CMP_GE_OQ);
    const __m512d hour = _mm512_min_pd(capped(from), _mm512_set1_pd(last_hour_));
    const __m512i k = gather(valid, truncated(hour), c_.last_started_by_hour);
    store(s_.first_segment, g, _mm512_mask_mov_epi64(_mm512_set1_epi64(-1), valid, k));
  }

  // Stage 2: the segment of each start (segment_at's steps, on the records' next starts),
  // the totals there, and where the finish search begins: the capacity step's segment and
  // its capacity end, with the one comparison that almost always settles the search.
  RUSHRISK_INLINE void start_totals(std::size_t g) {
    const __m512d from = load(s_.from, g);
    const __m512d work = load(s_.work, g);
    const __mmask8 valid = _mm512_cmp_pd_mask(from, _mm512_setzero_pd(), _CMP_GE_OQ);
    const __m512d at = capped(from);
    __m512i k = load(s_.first_segment, g);
    __m512d record[kSegmentFields];
    for (;;) {
      load_records(k, record);
      const __mmask8 step = _mm512_mask_cmp_pd_mask(valid, record[kNextStart], at, _CMP_LE_OQ);
      if (!step) break;
      k = _mm512_mask_add_epi64(k, step, k, _mm512_set1_epi64(1));
    }
    const __mmask8 inside = _mm512_cmp_epi64_mask(k, _mm512_setzero_si512(), _MM_CMPINT_GE);
    __m512d totals[kTotalsFields];
    totals_in(inside, k, from, record, totals);
    for (int f = 0; f < fields_; ++f) store(s_.at_start[f], g, totals[f]);

    const __m512d target = _mm512_add_pd(totals[0], work);
    const __m512d slack =
        _mm512_mul_pd(_mm512_set1_pd(1e-12), max_like_std(_mm512_set1_pd(1.0), target));
    const __m512d capacity = _mm512_sub_pd(target, slack);
    store(s_.capacity, g, capacity);
    search_start(_mm512_max_epi64(k, _mm512_setzero_si512()), inside, record[kCapacityEnd],
                 capacity, g);
  }

  // timeline_lanes::segment_reaching's start from segment k (>= 0; `k_end`: its capacity
  // end, from its record, in the lanes `inside` a segment): the step index gives a segment
  // and its capacity end at once.
  RUSHRISK_INLINE void search_start(__m512i k, __mmask8 inside, __m512d k_end, __m512d capacity,
                                    std::size_t g) {
    __mmask8 known = inside;
    if (c_.first_reaching_step) {
      const __mmask8 positive = _mm512_cmp_pd_mask(capacity, _mm512_setzero_pd(), _CMP_GT_OQ);
      const __m512d step = _mm512_min_pd(
          _mm512_max_pd(_mm512_mul_pd(capacity, _mm512_set1_pd(c_.steps_per_capacity)),
                        _mm512_setzero_pd()),
          _mm512_set1_pd(last_step_));
      const __m512i b = truncated(step);
      const __m512i first = gather(positive, b, c_.first_reaching_step);
      const __m512d first_end = gather(positive, b, c_.step_capacity_end);
      const __mmask8 ahead = _mm512_mask_cmp_epi64_mask(positive, k, first, _MM_CMPINT_LT);
      k = _mm512_mask_mov_epi64(k, ahead, first);
      k_end = _mm512_mask_mov_pd(k_end, ahead, first_end);
      known |= ahead;
    }
    // Lanes that start before the first segment and search from segment 0: the record read
    // was the one before it.
    if (const auto unknown = static_cast<__mmask8>(~known)) {
      k_end = _mm512_mask_mov_pd(k_end, unknown, gather(unknown, k, c_.capacity_ends));
    }
    store(s_.segment, g, k);
    store(s_.segment_end, g, k_end);
  }

  // Stage 3: the search's one comparison, the segment found (confirmed on its record by a
  // loop that rarely runs), the finish and the totals there, written out.
  RUSHRISK_INLINE void finish(std::size_t g, __mmask8 lanes, const Out& out, std::size_t i) {
    const __m512d from = load(s_.from, g);
    const __m512d work = load(s_.work, g);
    const __m512d capacity = load(s_.capacity, g);
    __m512i k = load(s_.segment, g);
    const __mmask8 short_of = _mm512_cmp_pd_mask(load(s_.segment_end, g), capacity, _CMP_LT_OQ);
    k = _mm512_mask_add_epi64(k, short_of, k, _mm512_set1_epi64(1));
    __m512d record[kSegmentFields];
    for (;;) {
      load_records(k, record);
      const __mmask8 step = _mm512_cmp_pd_mask(record[kCapacityEnd], capacity, _CMP_LT_OQ);
      if (!step) break;
      k = _mm512_mask_add_epi64(k, step, k, _mm512_set1_epi64(1));
    }
    const __mmask8 reached = _mm512_cmp_epi64_mask(k, count_, _MM_CMPINT_NE);
    const __mmask8 beyond =
        _mm512_cmp_pd_mask(from, _mm512_set1_pd(c_.horizon + kTimeTolerance), _CMP_GT_OQ);
    const __mmask8 no_work = _mm512_cmp_pd_mask(work, _mm512_setzero_pd(), _CMP_LE_OQ);
    const __m512d infinity = _mm512_set1_pd(kInfinity);

    // target - at_start[0][k] with target = at_start(from)[0] + work, as place_lane has it.
    const __m512d target = _mm512_add_pd(load(s_.at_start[0], g), work);
    const __m512d start = record[kStart];
    const __m512d end = record[kEnd];
    const __m512d t = _mm512_add_pd(
        start,
        _mm512_div_pd(_mm512_sub_pd(target, record[kCapacityAtStart]), record[kCapacityRate]));
    // std::clamp(t, start, end) = t < start ? start : (end < t ? end : t)
    __m512d clamped = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(end, t, _CMP_LT_OQ), t, end);
    clamped = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(t, start, _CMP_LT_OQ), clamped, start);
    __m512d finish = max_like_std(from, clamped);
    __m512d at_finish[kTotalsFields];
    totals_in(reached, k, finish, record, at_finish);

    // Lanes that stopped early, in place_lane's order: not reached, no work, beyond.
    const auto not_reached = static_cast<__mmask8>(~reached);
    finish = _mm512_mask_blend_pd(not_reached, finish, infinity);
    finish = _mm512_mask_blend_pd(no_work, finish, from);
    finish = _mm512_mask_blend_pd(beyond, finish, infinity);
    _mm512_mask_storeu_pd(out.finish + i, lanes, finish);
    for (int f = 0; f < fields_; ++f) {
      const __m512d at_end = _mm512_set1_pd(c_.at_end[f]);
      const __m512d at_start = load(s_.at_start[f], g);
      __m512d value = _mm512_mask_blend_pd(not_reached, at_finish[f], at_end);
      value = _mm512_mask_blend_pd(no_work, value, at_start);
      _mm512_mask_storeu_pd(out.at_start[f] + i, lanes,
                            _mm512_mask_blend_pd(beyond, at_start, at_end));
      _mm512_mask_storeu_pd(out.at_finish[f] + i, lanes,
                            _mm512_mask_blend_pd(beyond, value, at_end));
    }
  }

  // t capped to [0, horizon], NaN to 0: where segment_at searches.
  RUSHRISK_INLINE __m512d capped(__m512d t) const {
    return _mm512_min_pd(_mm512_max_pd(t, _mm512_setzero_pd()), _mm512_set1_pd(c_.horizon));
  }

  // The records of segments k (each lane's k in [-1, count]), one 64-byte load per lane,
  // as columns by SegmentField: a load and a transpose of eight rows cost less than
  // gathering three of the fields.
  RUSHRISK_INLINE void load_records(__m512i k, __m512d (&fields)[kSegmentFields]) const {
    alignas(64) std::int64_t index[kLanes];
    _mm512_store_si512(index, k);
    for (int l = 0; l < kLanes; ++l) {
      fields[l] = _mm512_load_pd(c_.records + (index[l] + 1) * kSegmentFields);
    }
    transpose(fields);
  }

  // The overtime fields of segments k as columns (at_start[2], rate[2], at_start[3],
  // rate[3]): two 4-double records per row, transposed as eight rows with the odd ones
  // empty, which leaves the even lanes in columns 0-3 and the odd lanes, one place early,
  // in columns 4-7.
  RUSHRISK_INLINE void load_overtime_records(__m512i k, __m512d (&fields)[kOvertimeFields]) const {
    alignas(64) std::int64_t index[kLanes];
    _mm512_store_si512(index, k);
    __m512d rows[8];
    for (int l = 0; l < kLanes; l += 2) {
      const __m256d a = _mm256_load_pd(c_.overtime_records + (index[l] + 1) * kOvertimeFields);
      const __m256d b = _mm256_load_pd(c_.overtime_records + (index[l + 1] + 1) * kOvertimeFields);
      rows[l] = _mm512_insertf64x4(_mm512_zextpd256_pd512(a), b, 1);
      rows[l + 1] = _mm512_setzero_pd();
    }
    transpose(rows);
    const __m512i one_back = _mm512_set_epi64(6, 6, 4, 4, 2, 2, 0, 0);
    for (int f = 0; f < kOvertimeFields; ++f) {
      fields[f] = _mm512_mask_permutexvar_pd(rows[f], 0xAA, one_back, rows[f + 4]);
    }
  }

  // timeline_lanes::totals_in from the records of segments k: zero outside `inside`.
  RUSHRISK_INLINE void totals_in(__mmask8 inside, __m512i k, __m512d t,
                                 const __m512d (&record)[kSegmentFields],
                                 __m512d (&totals)[kTotalsFields]) const {
    const __m512d wall = _mm512_sub_pd(min_like_std(t, record[kEnd]), record[kStart]);
    const auto total = [&](__m512d at_start, __m512d rate) {
      return _mm512_maskz_mov_pd(inside, _mm512_add_pd(at_start, _mm512_mul_pd(wall, rate)));
    };
    totals[0] = total(record[kCapacityAtStart], record[kCapacityRate]);
    totals[1] = total(record[kQualityAtStart], record[kQualityRate]);
    if constexpr (fields_ > 2) {
      __m512d overtime[kOvertimeFields];
      load_overtime_records(k, overtime);
      totals[2] = total(overtime[0], overtime[1]);
      totals[3] = total(overtime[2], overtime[3]);
    }
  }

  static constexpr int fields_ = Fields;
  const Columns& c_;
  const double last_hour_ = static_cast<double>(c_.last_hour);
  const double last_step_ = static_cast<double>(c_.last_step);
  const __m512i count_ = _mm512_set1_epi64(static_cast<std::int64_t>(c_.count));
  Scratch s_;
};

template <int Fields>
void place_in_chunks(const Columns& c, const double* from, const double* work, std::size_t count,
                     const Out& out) {
  Chunk<Fields> chunk(c);
  for (std::size_t i = 0; i < count; i += kChunk) {
    chunk.place(from + i, work + i, std::min(kChunk, count - i), out, i);
  }
}

}  // namespace

namespace {

// place_lane on a timeline of one segment, eight lanes at a time: the AVX2 kernel's
// OneSegment (timeline_lanes_avx2.cpp) step for step, with lane masks in mask registers.
class OneSegment {
 public:
  OneSegment(const Columns& c, const Out& out) : c_(c), out_(out), fields_(fields_wanted(out)) {
    for (int f = 0; f < kTotalsFields; ++f) {
      at_start_[f] = _mm512_set1_pd(c.at_start[f][0]);
      rate_[f] = _mm512_set1_pd(c.rate[f][0]);
      at_end_[f] = _mm512_set1_pd(c.at_end[f]);
    }
  }

  // Lanes [i, i + 8) of the inputs, those of `lanes` only.
  RUSHRISK_INLINE void place(const double* from_in, const double* work_in, std::size_t i,
                             __mmask8 lanes) const {
    const __m512d from = _mm512_maskz_loadu_pd(lanes, from_in + i);
    const __m512d work = _mm512_maskz_loadu_pd(lanes, work_in + i);
    const __mmask8 beyond = _mm512_cmp_pd_mask(from, beyond_, _CMP_GT_OQ);
    // segment_at(c, from) is 0, or -1 before the segment (or for from negative or NaN).
    const __mmask8 inside = _mm512_cmp_pd_mask(from, _mm512_setzero_pd(), _CMP_GE_OQ) &
                            _mm512_cmp_pd_mask(start_, min_like_std(from, horizon_), _CMP_LE_OQ);
    const __m512d start_wall = _mm512_sub_pd(min_like_std(from, end_), start_);
    const __m512d capacity = total(0, inside, start_wall);
    const __m512d target = _mm512_add_pd(capacity, work);
    const __m512d slack =
        _mm512_mul_pd(_mm512_set1_pd(1e-12), max_like_std(_mm512_set1_pd(1.0), target));
    // segment_reaching(c, 0, target - slack) is 0, or count when the segment falls short.
    const __mmask8 not_reached =
        _mm512_cmp_pd_mask(capacity_end_, _mm512_sub_pd(target, slack), _CMP_LT_OQ);
    const __mmask8 no_work = _mm512_cmp_pd_mask(work, _mm512_setzero_pd(), _CMP_LE_OQ);
    const __m512d t =
        _mm512_add_pd(start_, _mm512_div_pd(_mm512_sub_pd(target, at_start_[0]), rate_[0]));
    const __m512d placed = max_like_std(from, clamp_like_std(t, start_, end_));
    const __m512d infinity = _mm512_set1_pd(kInfinity);
    __m512d finish = _mm512_mask_blend_pd(not_reached, placed, infinity);
    finish = _mm512_mask_blend_pd(no_work, finish, from);
    _mm512_mask_storeu_pd(out_.finish + i, lanes, _mm512_mask_blend_pd(beyond, finish, infinity));

    // The finish's totals: totals_in(c, 0, placed) where the work was placed, the start's
    // where there was none, at_end where the segment fell short.
    const __m512d finish_wall = _mm512_mask_blend_pd(
        no_work, _mm512_sub_pd(min_like_std(placed, end_), start_), start_wall);
    const auto finish_inside = static_cast<__mmask8>(~no_work | inside);
    const auto finish_at_end = static_cast<__mmask8>(beyond | (~no_work & not_reached));
    for (int f = 0; f < fields_; ++f) {
      const __m512d at_start = f == 0 ? capacity : total(f, inside, start_wall);
      _mm512_mask_storeu_pd(out_.at_start[f] + i, lanes,
                            _mm512_mask_blend_pd(beyond, at_start, at_end_[f]));
      _mm512_mask_storeu_pd(
          out_.at_finish[f] + i, lanes,
          _mm512_mask_blend_pd(finish_at_end, total(f, finish_inside, finish_wall), at_end_[f]));
    }
  }

 private:
  // Field f of totals_in(c, 0, t) with t - start = wall, zero outside `inside`.
  RUSHRISK_INLINE __m512d total(int f, __mmask8 inside, __m512d wall) const {
    return _mm512_maskz_mov_pd(inside, _mm512_add_pd(at_start_[f], _mm512_mul_pd(wall, rate_[f])));
  }

  const Columns& c_;
  const Out& out_;
  const int fields_;
  const __m512d start_ = _mm512_set1_pd(c_.starts[0]);
  const __m512d end_ = _mm512_set1_pd(c_.ends[0]);
  const __m512d capacity_end_ = _mm512_set1_pd(c_.capacity_ends[0]);
  const __m512d horizon_ = _mm512_set1_pd(c_.horizon);
  const __m512d beyond_ = _mm512_set1_pd(c_.horizon + kTimeTolerance);
  __m512d at_start_[kTotalsFields], rate_[kTotalsFields], at_end_[kTotalsFields];
};

}  // namespace

void place_one_segment_avx512(const Columns& c, const double* from, const double* work,
                              std::size_t count, const Out& out) {
  const OneSegment segment(c, out);
  for (std::size_t i = 0; i < count; i += kLanes) {
    const std::size_t n = std::min<std::size_t>(kLanes, count - i);
    segment.place(from, work, i, static_cast<__mmask8>((1u << n) - 1));
  }
}

void place_avx512(const Columns& c, const double* from, const double* work, std::size_t count,
                  const Out& out) {
  if (fields_wanted(out) == kTotalsFields) {
    place_in_chunks<kTotalsFields>(c, from, work, count, out);
  } else {
    place_in_chunks<2>(c, from, work, count, out);
  }
}

}  // namespace rushrisk::timeline_lanes
