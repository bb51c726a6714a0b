// Private to the random library: the look-ups of QuantileTable and NormalScaleTable over
// plain columns, and the vector kernels that compute them several lanes at a time
// (table_lanes_avx512.cpp, table_lanes_avx2.cpp). Each kernel mirrors the table's own
// tabulated() operation for operation — the same IEEE arithmetic in the same order, no fused
// multiply-add, the same clamp — so every lane is bit-identical to the scalar look-up (tests
// compare them); a lane whose cell defers comes out NaN, for the table to answer exactly.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rushrisk::table_lanes {

// A QuantileTable: its segments as columns, its cells as 4 coefficients each.
struct QuantileColumns {
  std::size_t segments;
  const double* from;          // [segments]
  const double* to;            // [segments]
  const double* per_u;         // [segments]
  const std::int64_t* offset;  // [segments]: the segment's first cell
  const double* cells;         // cell i's coefficients at [4 i, 4 i + 4)
  std::int64_t cells_per_side;
  double support_min, support_max;
};

// A NormalScaleTable: a uniform grid of cells over [low, low + cells / cells_per_unit).
struct NormalScaleColumns {
  double low;
  double cells_per_unit;
  double cell_count;
  const double* cells;  // as above
  double support_min, support_max;
};

#if defined(__x86_64__) && defined(__GNUC__)
#define RUSHRISK_TABLE_KERNELS 1
// out[i] = the table's value at u[i] (x[i]), or NaN where the cell defers. Need AVX-512F
// (AVX2); call only where the CPU has it.
void quantile_avx512(const QuantileColumns& c, const double* u, std::size_t count, double* out);
void normal_scale_avx512(const NormalScaleColumns& c, const double* x, std::size_t count,
                         double* out);
void quantile_avx2(const QuantileColumns& c, const double* u, std::size_t count, double* out);
void normal_scale_avx2(const NormalScaleColumns& c, const double* x, std::size_t count,
                       double* out);
#endif

}  // namespace rushrisk::table_lanes
