// The table look-ups (table_lanes.h) eight lanes at a time with AVX-512F: cells are found
// from the bits of each lane's value as tabulated() finds them, their coefficients
// gathered, and branches become lane masks. Compiled with -mavx512f and called only where
// the CPU has it.
#include <immintrin.h>

#include <algorithm>
#include <limits>

#include "engine/random/table_lanes.h"

namespace rushrisk::table_lanes {
namespace {

constexpr std::size_t kLanes = 8;

// The coefficients of cells `index`, as columns c[0..3]: one 32-byte load per lane and a
// transpose (fewer loads than a gather per coefficient). Lanes outside `found` read cell 0.
void load_cells(__mmask8 found, __m512i index, const double* cells, __m512d (&c)[4]) {
  alignas(64) std::int64_t at[kLanes];
  _mm512_store_si512(at, _mm512_maskz_mov_epi64(found, index));
  __m512d pair[4];  // lanes 2i and 2i + 1
  for (std::size_t i = 0; i < 4; ++i) {
    const __m256d even = _mm256_loadu_pd(cells + 4 * at[2 * i]);
    const __m256d odd = _mm256_loadu_pd(cells + 4 * at[2 * i + 1]);
    pair[i] = _mm512_insertf64x4(_mm512_castpd256_pd512(even), odd, 1);
  }
  // Lanes (0, 2 | 1, 3) and (4, 6 | 5, 7) of coefficients 0 and 2, then of 1 and 3.
  const __m512d even_low = _mm512_unpacklo_pd(pair[0], pair[1]);
  const __m512d even_high = _mm512_unpacklo_pd(pair[2], pair[3]);
  const __m512d odd_low = _mm512_unpackhi_pd(pair[0], pair[1]);
  const __m512d odd_high = _mm512_unpackhi_pd(pair[2], pair[3]);
  const __m512i first = _mm512_set_epi64(13, 9, 12, 8, 5, 1, 4, 0);
  const __m512i second = _mm512_set_epi64(15, 11, 14, 10, 7, 3, 6, 2);
  c[0] = _mm512_permutex2var_pd(even_low, first, even_high);
  c[2] = _mm512_permutex2var_pd(even_low, second, even_high);
  c[1] = _mm512_permutex2var_pd(odd_low, first, odd_high);
  c[3] = _mm512_permutex2var_pd(odd_low, second, odd_high);
}

// The cubic of cells `index` at t (cubic_cell::evaluate), NaN outside `found`; then
// std::clamp(q, lo, hi) = q < lo ? lo : (hi < q ? hi : q), which keeps NaN.
__m512d evaluate(__mmask8 found, __m512i index, __m512d t, const double* cells, double lo,
                 double hi) {
  __m512d c[4];
  load_cells(found, index, cells, c);
  const __m512d q = _mm512_add_pd(
      c[0],
      _mm512_mul_pd(
          t, _mm512_add_pd(c[1], _mm512_mul_pd(t, _mm512_add_pd(c[2], _mm512_mul_pd(t, c[3]))))));
  const __m512d low = _mm512_set1_pd(lo), high = _mm512_set1_pd(hi);
  __m512d clamped = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(high, q, _CMP_LT_OQ), q, high);
  clamped = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(q, low, _CMP_LT_OQ), clamped, low);
  return _mm512_mask_blend_pd(found, _mm512_set1_pd(std::numeric_limits<double>::quiet_NaN()),
                              clamped);
}

// QuantileTable::tabulated for eight lanes.
__m512d quantile_lanes(const QuantileColumns& c, __m512d u) {
  // The segment holding u: the first whose end lies beyond it (the last takes the rest).
  __m512i segment = _mm512_setzero_si512();
  for (std::size_t s = 0; s + 1 < c.segments; ++s) {
    const __mmask8 at_s = _mm512_cmp_epi64_mask(
        segment, _mm512_set1_epi64(static_cast<std::int64_t>(s)), _MM_CMPINT_EQ);
    const __mmask8 past = _mm512_mask_cmp_pd_mask(at_s, u, _mm512_set1_pd(c.to[s]), _CMP_GE_OQ);
    segment = _mm512_mask_add_epi64(segment, past, segment, _mm512_set1_epi64(1));
  }
  // Most tables have one or two segments (a mixture with an atom): broadcasts, not gathers.
  const __mmask8 second = _mm512_cmp_epi64_mask(segment, _mm512_set1_epi64(1), _MM_CMPINT_EQ);
  const bool few = c.segments <= 2;
  const auto field = [&](const double* column) {
    return few ? _mm512_mask_blend_pd(second, _mm512_set1_pd(column[0]),
                                      _mm512_set1_pd(column[c.segments - 1]))
               : _mm512_i64gather_pd(segment, column, 8);
  };
  const __m512d from = field(c.from);
  const __m512d to = field(c.to);
  const __m512d per_u = field(c.per_u);
  const __m512i offset = few ? _mm512_mask_blend_epi64(second, _mm512_set1_epi64(c.offset[0]),
                                                       _mm512_set1_epi64(c.offset[c.segments - 1]))
                             : _mm512_i64gather_epi64(segment, c.offset, 8);
  const __m512d below = _mm512_mul_pd(_mm512_sub_pd(u, from), per_u);
  const __m512d above = _mm512_mul_pd(_mm512_sub_pd(to, u), per_u);
  const __mmask8 upper = _mm512_cmp_pd_mask(above, below, _CMP_LT_OQ);
  const __m512d v = _mm512_mask_blend_pd(upper, below, above);
  const __mmask8 found = _mm512_cmp_pd_mask(v, _mm512_set1_pd(0x1.0p-31), _CMP_GE_OQ) &
                         _mm512_cmp_pd_mask(v, _mm512_set1_pd(0.5), _CMP_LT_OQ);
  // cell_of: (exponent + 31) * 32 + the top five mantissa bits = (bits >> 47) - 992 * 32,
  // and t = the other 47 mantissa bits * 2^-47 (made a double exactly through 2^52).
  const __m512i bits = _mm512_castpd_si512(v);
  const __m512i cell = _mm512_sub_epi64(_mm512_srli_epi64(bits, 47), _mm512_set1_epi64(992 * 32));
  const __m512i side = _mm512_maskz_mov_epi64(upper, _mm512_set1_epi64(c.cells_per_side));
  const __m512i index = _mm512_add_epi64(_mm512_add_epi64(offset, side), cell);
  const __m512i low_bits = _mm512_and_si512(bits, _mm512_set1_epi64((std::int64_t{1} << 47) - 1));
  const __m512d two52 = _mm512_set1_pd(0x1.0p52);
  const __m512d whole = _mm512_sub_pd(
      _mm512_castsi512_pd(_mm512_or_si512(low_bits, _mm512_castpd_si512(two52))), two52);
  const __m512d t = _mm512_mul_pd(whole, _mm512_set1_pd(0x1.0p-47));
  return evaluate(found, index, t, c.cells, c.support_min, c.support_max);
}

// NormalScaleTable::tabulated for eight lanes.
__m512d normal_scale_lanes(const NormalScaleColumns& c, __m512d x) {
  const __m512d position =
      _mm512_mul_pd(_mm512_sub_pd(x, _mm512_set1_pd(c.low)), _mm512_set1_pd(c.cells_per_unit));
  const __mmask8 found = _mm512_cmp_pd_mask(position, _mm512_setzero_pd(), _CMP_GE_OQ) &
                         _mm512_cmp_pd_mask(position, _mm512_set1_pd(c.cell_count), _CMP_LT_OQ);
  // Truncation is floor on [0, cells); lanes outside are masked off.
  const __m256i whole = _mm512_maskz_cvttpd_epi32(found, position);
  const __m512d t = _mm512_sub_pd(position, _mm512_cvtepi32_pd(whole));
  return evaluate(found, _mm512_cvtepi32_epi64(whole), t, c.cells, c.support_min, c.support_max);
}

template <class Lanes>
void for_lanes(const double* in, std::size_t count, double* out, const Lanes& lanes) {
  for (std::size_t i = 0; i < count; i += kLanes) {
    const std::size_t n = std::min(kLanes, count - i);
    const auto mask = static_cast<__mmask8>((1u << n) - 1);
    // Lanes past the count read 0.5: inside every table, so nothing there is undefined.
    const __m512d value = _mm512_mask_loadu_pd(_mm512_set1_pd(0.5), mask, in + i);
    _mm512_mask_storeu_pd(out + i, mask, lanes(value));
  }
}

}  // namespace

void quantile_avx512(const QuantileColumns& c, const double* u, std::size_t count, double* out) {
  for_lanes(u, count, out, [&](__m512d lanes) { return quantile_lanes(c, lanes); });
}

void normal_scale_avx512(const NormalScaleColumns& c, const double* x, std::size_t count,
                         double* out) {
  for_lanes(x, count, out, [&](__m512d lanes) { return normal_scale_lanes(c, lanes); });
}

}  // namespace rushrisk::table_lanes
