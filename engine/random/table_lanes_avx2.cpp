// The table look-ups (table_lanes.h) four lanes at a time with AVX2, as
// table_lanes_avx512.cpp does them eight at a time: cells are found from the bits of each
// lane's value as tabulated() finds them, their coefficients loaded one cell per lane, and
// branches become lane masks (all-ones or all-zero lanes, AVX2 having no mask registers).
// Compiled with -mavx2 only — no FMA, so every product and sum rounds as the scalar
// code's does — and called only where the CPU has AVX2.
#include <immintrin.h>

#include <algorithm>
#include <limits>

#include "engine/random/table_lanes.h"

namespace rushrisk::table_lanes {
namespace {

constexpr std::size_t kLanes = 4;

// A lane mask from a double comparison, as 64-bit integer lanes (for the integer blends).
__m256i as_int(__m256d mask) { return _mm256_castpd_si256(mask); }
__m256d as_double(__m256i mask) { return _mm256_castsi256_pd(mask); }

// The coefficients of cells `index`, as columns c[0..3]: one 32-byte load per lane and a
// 4x4 transpose (fewer loads than a gather per coefficient, and gathers are slow on AMD).
// Lanes outside `found` read cell 0.
void load_cells(__m256i found, __m256i index, const double* cells, __m256d (&c)[4]) {
  alignas(32) std::int64_t at[kLanes];
  _mm256_store_si256(reinterpret_cast<__m256i*>(at), _mm256_and_si256(found, index));
  __m256d row[kLanes];  // lane i's four coefficients
  for (std::size_t i = 0; i < kLanes; ++i) row[i] = _mm256_loadu_pd(cells + 4 * at[i]);
  // Lanes (0, 1 | 0, 1) and (2, 3 | 2, 3) of coefficients 0 | 2, then of 1 | 3; the
  // 128-bit halves are then paired up.
  const __m256d even_low = _mm256_unpacklo_pd(row[0], row[1]);
  const __m256d even_high = _mm256_unpacklo_pd(row[2], row[3]);
  const __m256d odd_low = _mm256_unpackhi_pd(row[0], row[1]);
  const __m256d odd_high = _mm256_unpackhi_pd(row[2], row[3]);
  c[0] = _mm256_permute2f128_pd(even_low, even_high, 0x20);
  c[2] = _mm256_permute2f128_pd(even_low, even_high, 0x31);
  c[1] = _mm256_permute2f128_pd(odd_low, odd_high, 0x20);
  c[3] = _mm256_permute2f128_pd(odd_low, odd_high, 0x31);
}

// The cubic of cells `index` at t (cubic_cell::evaluate), NaN outside `found`; then
// std::clamp(q, lo, hi) = q < lo ? lo : (hi < q ? hi : q), which keeps NaN and -0.
__m256d evaluate(__m256i found, __m256i index, __m256d t, const double* cells, double lo,
                 double hi) {
  __m256d c[4];
  load_cells(found, index, cells, c);
  const __m256d q = _mm256_add_pd(
      c[0],
      _mm256_mul_pd(
          t, _mm256_add_pd(c[1], _mm256_mul_pd(t, _mm256_add_pd(c[2], _mm256_mul_pd(t, c[3]))))));
  const __m256d low = _mm256_set1_pd(lo), high = _mm256_set1_pd(hi);
  __m256d clamped = _mm256_blendv_pd(q, high, _mm256_cmp_pd(high, q, _CMP_LT_OQ));
  clamped = _mm256_blendv_pd(clamped, low, _mm256_cmp_pd(q, low, _CMP_LT_OQ));
  return _mm256_blendv_pd(_mm256_set1_pd(std::numeric_limits<double>::quiet_NaN()), clamped,
                          as_double(found));
}

// The segment holding u, as in tabulated(): the first whose end lies beyond it (the last
// takes the rest, and NaN stays in the first).
__m256i segment_of(const QuantileColumns& c, __m256d u) {
  __m256i segment = _mm256_setzero_si256();
  for (std::size_t s = 0; s + 1 < c.segments; ++s) {
    const __m256i at_s =
        _mm256_cmpeq_epi64(segment, _mm256_set1_epi64x(static_cast<std::int64_t>(s)));
    const __m256i past =
        _mm256_and_si256(at_s, as_int(_mm256_cmp_pd(u, _mm256_set1_pd(c.to[s]), _CMP_GE_OQ)));
    segment = _mm256_sub_epi64(segment, past);  // a true lane is -1
  }
  return segment;
}

// QuantileTable::tabulated for four lanes.
__m256d quantile_lanes(const QuantileColumns& c, __m256d u) {
  const __m256i segment = segment_of(c, u);
  // Most tables have one or two segments (a mixture with an atom): broadcasts, not gathers.
  const __m256i second = _mm256_cmpeq_epi64(segment, _mm256_set1_epi64x(1));
  const bool few = c.segments <= 2;
  const auto field = [&](const double* column) {
    return few ? _mm256_blendv_pd(_mm256_set1_pd(column[0]), _mm256_set1_pd(column[c.segments - 1]),
                                  as_double(second))
               : _mm256_i64gather_pd(column, segment, 8);
  };
  const __m256d from = field(c.from);
  const __m256d to = field(c.to);
  const __m256d per_u = field(c.per_u);
  const __m256i offset =
      few ? _mm256_blendv_epi8(_mm256_set1_epi64x(c.offset[0]),
                               _mm256_set1_epi64x(c.offset[c.segments - 1]), second)
          : _mm256_i64gather_epi64(reinterpret_cast<const long long*>(c.offset), segment, 8);
  const __m256d below = _mm256_mul_pd(_mm256_sub_pd(u, from), per_u);
  const __m256d above = _mm256_mul_pd(_mm256_sub_pd(to, u), per_u);
  const __m256d upper = _mm256_cmp_pd(above, below, _CMP_LT_OQ);
  const __m256d v = _mm256_blendv_pd(below, above, upper);
  const __m256i found =
      as_int(_mm256_and_pd(_mm256_cmp_pd(v, _mm256_set1_pd(0x1.0p-31), _CMP_GE_OQ),
                           _mm256_cmp_pd(v, _mm256_set1_pd(0.5), _CMP_LT_OQ)));
  // cell_of: (exponent + 31) * 32 + the top five mantissa bits = (bits >> 47) - 992 * 32,
  // and t = the other 47 mantissa bits * 2^-47 (made a double exactly through 2^52, as
  // AVX2 has no int64 -> double conversion).
  const __m256i bits = _mm256_castpd_si256(v);
  const __m256i cell = _mm256_sub_epi64(_mm256_srli_epi64(bits, 47), _mm256_set1_epi64x(992 * 32));
  const __m256i side = _mm256_and_si256(as_int(upper), _mm256_set1_epi64x(c.cells_per_side));
  const __m256i index = _mm256_add_epi64(_mm256_add_epi64(offset, side), cell);
  const __m256i low_bits = _mm256_and_si256(bits, _mm256_set1_epi64x((std::int64_t{1} << 47) - 1));
  const __m256d two52 = _mm256_set1_pd(0x1.0p52);
  const __m256d whole = _mm256_sub_pd(
      _mm256_castsi256_pd(_mm256_or_si256(low_bits, _mm256_castpd_si256(two52))), two52);
  const __m256d t = _mm256_mul_pd(whole, _mm256_set1_pd(0x1.0p-47));
  return evaluate(found, index, t, c.cells, c.support_min, c.support_max);
}

// NormalScaleTable::tabulated for four lanes.
__m256d normal_scale_lanes(const NormalScaleColumns& c, __m256d x) {
  const __m256d position =
      _mm256_mul_pd(_mm256_sub_pd(x, _mm256_set1_pd(c.low)), _mm256_set1_pd(c.cells_per_unit));
  const __m256d found =
      _mm256_and_pd(_mm256_cmp_pd(position, _mm256_setzero_pd(), _CMP_GE_OQ),
                    _mm256_cmp_pd(position, _mm256_set1_pd(c.cell_count), _CMP_LT_OQ));
  // Truncation is floor on [0, cells); lanes outside convert 0 instead (and are masked off).
  const __m128i whole = _mm256_cvttpd_epi32(_mm256_and_pd(found, position));
  const __m256d t = _mm256_sub_pd(position, _mm256_cvtepi32_pd(whole));
  return evaluate(as_int(found), _mm256_cvtepi32_epi64(whole), t, c.cells, c.support_min,
                  c.support_max);
}

template <class Lanes>
void for_lanes(const double* in, std::size_t count, double* out, const Lanes& lanes) {
  std::size_t i = 0;
  for (; i + kLanes <= count; i += kLanes)
    _mm256_storeu_pd(out + i, lanes(_mm256_loadu_pd(in + i)));
  if (i == count) return;
  // The tail, masked: lanes past the count read 0.5 (inside every table, so nothing there
  // is undefined) and are not stored.
  const __m256i mask = _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<std::int64_t>(count - i)),
                                          _mm256_setr_epi64x(0, 1, 2, 3));
  const __m256d value =
      _mm256_blendv_pd(_mm256_set1_pd(0.5), _mm256_maskload_pd(in + i, mask), as_double(mask));
  _mm256_maskstore_pd(out + i, mask, lanes(value));
}

}  // namespace

void quantile_avx2(const QuantileColumns& c, const double* u, std::size_t count, double* out) {
  for_lanes(u, count, out, [&](__m256d lanes) { return quantile_lanes(c, lanes); });
}

void normal_scale_avx2(const NormalScaleColumns& c, const double* x, std::size_t count,
                       double* out) {
  for_lanes(x, count, out, [&](__m256d lanes) { return normal_scale_lanes(c, lanes); });
}

}  // namespace rushrisk::table_lanes
