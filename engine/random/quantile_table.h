// QuantileTable: a fast, tabulated quantile function for distributions whose exact
// quantile is expensive (PERT and gamma through Boost's inverse incomplete functions, the
// mixture through root finding, ...).
//
// (0, 1) is cut into segments at the distribution's atom edges (a mixture with a "40% on
// time" component jumps, or turns a corner, at u = 0.4); a distribution without atoms has
// one segment. Within a segment [a, b), the table works on the distance to the nearer
// end, v = (u - a) / (b - a) or (b - u) / (b - a) in [0, 1/2], on a grid that is uniform
// within each binary octave of v (32 cells per octave, v from 2^-31 to 1/2), so a cell is
// found from the bits of v in O(1) and both ends are as finely resolved, in relative
// terms, as the middle: the tails, and the corner next to an atom. Each cell holds the
// cubic through the exact quantile at the four nearest nodes. Every cell is checked
// against the exact quantile at three interior points when the table is built; a cell
// whose error exceeds kTableTolerance (relative), or whose cubic is not monotone, is
// marked and answered by the exact quantile instead — so the contract's 1e-6 relative
// error holds everywhere by construction, and monotonicity within each cell is checked.
// A cell that fails the check is cut into kSubcells equal sub-cells, each fitted and
// checked the same way (a cubic's error falls with the fourth power of its width), and
// only a sub-cell that still fails defers: the widest cells of a lognormal bend too much
// for one cubic, and root finding a mixture there cost ~600 ns a draw.
// The cells below v = 2^-16 (kFirstTabulatedExponent) are left to the exact quantile
// too: a draw falls there once in 2^15, while fitting and checking them was half of what
// a table cost to build (PERT's exact quantile takes ~3 µs). So is v below 2^-31.
//
// Immutable after build; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/random/distribution.h"
#include "engine/random/philox_batch.h"

namespace rushrisk {

class QuantileTable {
 public:
  static constexpr int kCellsPerOctaveLog2 = 5;
  static constexpr int kCellsPerOctave = 1 << kCellsPerOctaveLog2;
  static constexpr int kLowestExponent = -31;            // v >= 2^-31
  static constexpr int kOctaves = -kLowestExponent - 1;  // v in [2^-31, 1/2)
  static constexpr int kCellsPerSide = kOctaves * kCellsPerOctave;
  static constexpr int kFirstTabulatedExponent = -16;  // cells from v = 2^-16 on are fitted
  static constexpr int kFirstTabulatedCell =
      (kFirstTabulatedExponent - kLowestExponent) * kCellsPerOctave;
  static_assert(kFirstTabulatedCell >= 1, "the first fitted cell's stencil needs a node below");
  static constexpr double kTableTolerance = 1e-7;
  // Atom edges closer than this to each other (or to 0 or 1) do not start a segment.
  static constexpr double kShortestSegment = 1e-6;
  // Sub-cells of a cell that fails the check (a power of two: t * kSubcells is exact).
  static constexpr int kSubcells = 8;

  // Builds the table for `dist` (keeping a copy of it for the exact fallback).
  explicit QuantileTable(const Distribution& dist);

  double operator()(double u) const;
  // out[i] = (*this)(u[i]) for every i: the table look-ups of a batch first, one after
  // another, then the exact quantile where a cell defers.
  void operator()(std::span<const double> u, double* out) const;
  // The same on a given path, one of supported_vector_paths() (philox_batch.h); every path
  // gives the same bits.
  void operator()(VectorPath path, std::span<const double> u, double* out) const;

  // Of the cells fitted (v from 2^-16 on), those where the exact quantile still answers
  // some part (a sub-cell failed too), and those answered by sub-cells alone (for tests
  // and benchmarks).
  int exact_cells() const;
  int refined_cells() const;
  int cell_count() const {
    return 2 * (kCellsPerSide - kFirstTabulatedCell) * static_cast<int>(segments_.size());
  }
  int segments() const { return static_cast<int>(segments_.size()); }

 private:
  struct Segment {
    double from, to;     // [from, to) in u
    double per_u;        // 1 / (to - from)
    std::size_t offset;  // its first cell in cells_: lower side, then upper side
  };
  // Index of the cell holding v in [2^-31, 1/2] on a side, and the position t within it.
  static int cell_of(double v, double& t);
  // The left edge of cell `index` on one side (v coordinate), index in [0, kCellsPerSide].
  static double node(int index);
  // u at distance v from the segment's lower (side 0) or upper (side 1) end.
  static double u_at(const Segment& segment, int side, double v);
  // The cell holding u (an index into cells_) and the position t in it; false where u
  // lies outside every cell (v below 2^-31).
  bool locate(double u, std::size_t& index, double& t) const;
  // The table's value at u, or NaN where the cell defers.
  double tabulated(double u) const;
  // The value at u of a cell that defers: its sub-cell's, else the exact quantile's.
  double deferred(double u) const;
  // Cuts every fitted cell that failed its check into sub-cells (the build's last step).
  void refine_failed_cells();
  // Whether cell `cell` failed its check and every one of its sub-cells passed.
  bool answered_by_subcells(std::size_t cell) const;

  // Where deferred() answers the lanes tabulated() left NaN.
  void fill_deferred(std::span<const double> u, double* out) const;

  Distribution dist_;
  double support_min_, support_max_;
  std::vector<Segment> segments_;
  // The segments again as columns, for the vector look-up (table_lanes.h).
  std::vector<double> segment_from_, segment_to_, segment_per_u_;
  std::vector<std::int64_t> segment_offset_;
  // Cubic in t across each cell; NaN coefficients where the cell defers.
  std::vector<std::array<double, 4>> cells_;
  // For each cell, the first of its kSubcells sub-cells in subcells_, or -1 (a cell that
  // passed, or one left to the exact quantile); a failed sub-cell holds NaN.
  std::vector<std::int32_t> first_subcell_;
  std::vector<std::array<double, 4>> subcells_;
};

}  // namespace rushrisk
