// place_lane (timeline_lanes.h) eight lanes at a time with AVX-512F: segment look-ups are
// gathers, branches are lane masks. Compiled with -mavx512f and called only where the CPU
// has it. Each step mirrors place_lane exactly (see the header), so the lanes come out
// bit-identical to the scalar path.
#include <immintrin.h>

#include "engine/sim/timeline_lanes.h"

namespace rushrisk::timeline_lanes {
namespace {

constexpr int kLanes = 8;

// std::min(a, b) = b < a ? b : a; std::max(a, b) = a < b ? b : a (the tie rules matter for
// signed zeros, so no vminpd/vmaxpd).
__m512d min_like_std(__m512d a, __m512d b) {
  return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(b, a, _CMP_LT_OQ), a, b);
}
__m512d max_like_std(__m512d a, __m512d b) {
  return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(a, b, _CMP_LT_OQ), a, b);
}

__m512d gather(__mmask8 mask, __m512i index, const double* base) {
  return _mm512_mask_i64gather_pd(_mm512_setzero_pd(), mask, index, base, 8);
}

__m512i gather(__mmask8 mask, __m512i index, const std::int64_t* base) {
  return _mm512_mask_i64gather_epi64(_mm512_setzero_si512(), mask, index, base, 8);
}

// Truncation of non-negative doubles below 2^31 to 64-bit lanes.
__m512i truncated(__m512d x) { return _mm512_cvtepi32_epi64(_mm512_cvttpd_epi32(x)); }

struct Totals {
  __m512d field[kTotalsFields];
};

class Lanes {
 public:
  Lanes(const Columns& c, int fields) : c_(c), fields_(fields) {}

  void place(const double* from_in, const double* work_in, __mmask8 lanes, const Out& out,
             std::size_t i) const {
    const __m512d from = _mm512_maskz_loadu_pd(lanes, from_in);
    const __m512d work = _mm512_maskz_loadu_pd(lanes, work_in);
    const __m512d infinity = _mm512_set1_pd(kInfinity);

    const __mmask8 beyond =
        _mm512_cmp_pd_mask(from, _mm512_set1_pd(c_.horizon + kTimeTolerance), _CMP_GT_OQ);
    const __m512i k0 = segment_at(from);
    const Totals at_start = totals_in(k0, from);
    const __mmask8 no_work = _mm512_cmp_pd_mask(work, _mm512_setzero_pd(), _CMP_LE_OQ);

    const __m512d target = _mm512_add_pd(at_start.field[0], work);
    const __m512d slack =
        _mm512_mul_pd(_mm512_set1_pd(1e-12), max_like_std(_mm512_set1_pd(1.0), target));
    const __m512i k = segment_reaching(_mm512_max_epi64(k0, _mm512_setzero_si512()),
                                       _mm512_sub_pd(target, slack));
    const __mmask8 reached = _mm512_cmp_epi64_mask(k, count_, _MM_CMPINT_NE);

    const __m512d start = gather(reached, k, c_.starts);
    const __m512d end = gather(reached, k, c_.ends);
    const __m512d capacity_at_start = gather(reached, k, c_.at_start[0]);
    const __m512d rate = gather(reached, k, c_.rate[0]);
    const __m512d t =
        _mm512_add_pd(start, _mm512_div_pd(_mm512_sub_pd(target, capacity_at_start), rate));
    // std::clamp(t, start, end) = t < start ? start : (end < t ? end : t)
    __m512d clamped = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(end, t, _CMP_LT_OQ), t, end);
    clamped = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(t, start, _CMP_LT_OQ), clamped, start);
    __m512d finish = max_like_std(from, clamped);
    Totals at_finish = totals_in_segment(reached, k, finish, start, end);

    // Lanes that stopped early, in place_lane's order: not reached, no work, beyond.
    const __mmask8 not_reached = static_cast<__mmask8>(~reached);
    finish = _mm512_mask_blend_pd(not_reached, finish, infinity);
    for (int f = 0; f < fields_; ++f) {
      at_finish.field[f] =
          _mm512_mask_blend_pd(not_reached, at_finish.field[f], _mm512_set1_pd(c_.at_end[f]));
      at_finish.field[f] = _mm512_mask_blend_pd(no_work, at_finish.field[f], at_start.field[f]);
    }
    finish = _mm512_mask_blend_pd(no_work, finish, from);
    finish = _mm512_mask_blend_pd(beyond, finish, infinity);

    _mm512_mask_storeu_pd(out.finish + i, lanes, finish);
    for (int f = 0; f < fields_; ++f) {
      const __m512d at_end = _mm512_set1_pd(c_.at_end[f]);
      _mm512_mask_storeu_pd(out.at_start[f] + i, lanes,
                            _mm512_mask_blend_pd(beyond, at_start.field[f], at_end));
      _mm512_mask_storeu_pd(out.at_finish[f] + i, lanes,
                            _mm512_mask_blend_pd(beyond, at_finish.field[f], at_end));
    }
  }

 private:
  // timeline_lanes::segment_at; -1 where t < 0 (or NaN).
  __m512i segment_at(__m512d t) const {
    const __mmask8 valid = _mm512_cmp_pd_mask(t, _mm512_setzero_pd(), _CMP_GE_OQ);
    // max(t, 0) first so that the index is safe in every lane (NaN becomes 0).
    const __m512d capped =
        _mm512_min_pd(_mm512_max_pd(t, _mm512_setzero_pd()), _mm512_set1_pd(c_.horizon));
    const __m512d hour = _mm512_min_pd(capped, _mm512_set1_pd(last_hour_));
    __m512i k = gather(valid, truncated(hour), c_.last_started_by_hour);
    k = _mm512_mask_mov_epi64(_mm512_set1_epi64(-1), valid, k);
    const __m512i one = _mm512_set1_epi64(1);
    for (;;) {
      const __m512d next = gather(valid, _mm512_add_epi64(k, one), c_.starts);
      const __mmask8 step = _mm512_mask_cmp_pd_mask(valid, next, capped, _CMP_LE_OQ);
      if (!step) return k;
      k = _mm512_mask_add_epi64(k, step, k, one);
    }
  }

  // timeline_lanes::totals_in: zero where k < 0.
  Totals totals_in(__m512i k, __m512d t) const {
    const __mmask8 inside = _mm512_cmp_epi64_mask(k, _mm512_setzero_si512(), _MM_CMPINT_GE);
    return totals_in_segment(inside, k, t, gather(inside, k, c_.starts),
                             gather(inside, k, c_.ends));
  }

  Totals totals_in_segment(__mmask8 inside, __m512i k, __m512d t, __m512d start,
                           __m512d end) const {
    const __m512d wall = _mm512_sub_pd(min_like_std(t, end), start);
    Totals totals;
    for (int f = 0; f < fields_; ++f) {
      const __m512d value = _mm512_add_pd(gather(inside, k, c_.at_start[f]),
                                          _mm512_mul_pd(wall, gather(inside, k, c_.rate[f])));
      totals.field[f] = _mm512_maskz_mov_pd(inside, value);
    }
    return totals;
  }

  // timeline_lanes::segment_reaching.
  __m512i segment_reaching(__m512i k, __m512d capacity) const {
    if (c_.first_reaching_step) {
      const __mmask8 positive = _mm512_cmp_pd_mask(capacity, _mm512_setzero_pd(), _CMP_GT_OQ);
      const __m512d step = _mm512_min_pd(
          _mm512_max_pd(_mm512_mul_pd(capacity, _mm512_set1_pd(c_.steps_per_capacity)),
                        _mm512_setzero_pd()),
          _mm512_set1_pd(last_step_));
      const __m512i first = gather(positive, truncated(step), c_.first_reaching_step);
      k = _mm512_mask_max_epi64(k, positive, k, first);
    }
    const __m512i one = _mm512_set1_epi64(1);
    for (;;) {
      const __m512d end = gather(0xFF, k, c_.capacity_ends);
      const __mmask8 step = _mm512_cmp_pd_mask(end, capacity, _CMP_LT_OQ);
      if (!step) return k;
      k = _mm512_mask_add_epi64(k, step, k, one);
    }
  }

  const Columns& c_;
  const int fields_;
  const double last_hour_ = static_cast<double>(c_.last_hour);
  const double last_step_ = static_cast<double>(c_.last_step);
  const __m512i count_ = _mm512_set1_epi64(static_cast<std::int64_t>(c_.count));
};

}  // namespace

void place_avx512(const Columns& c, const double* from, const double* work, std::size_t count,
                  const Out& out) {
  const Lanes lanes(c, fields_wanted(out));
  for (std::size_t i = 0; i < count; i += kLanes) {
    const std::size_t n = std::min<std::size_t>(kLanes, count - i);
    const auto mask = static_cast<__mmask8>((1u << n) - 1);
    lanes.place(from + i, work + i, mask, out, i);
  }
}

}  // namespace rushrisk::timeline_lanes
