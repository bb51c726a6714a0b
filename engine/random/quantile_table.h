// QuantileTable: a fast, tabulated quantile function for distributions whose exact
// quantile is expensive (PERT and gamma through Boost's inverse incomplete functions, the
// mixture through root finding, ...).
//
// The table works on v = min(u, 1 - u), separately for each side, on a grid that is
// uniform within each binary octave of v (32 cells per octave, v from 2^-31 to 1/2), so a
// cell is found from the bits of v in O(1) and the tails are as finely resolved, in
// relative terms, as the middle. Each cell holds the cubic through the exact quantile at
// the four nearest nodes. Every cell is checked against the exact quantile at three
// interior points when the table is built; a cell whose error exceeds kTableTolerance
// (relative), or whose cubic is not monotone, or that holds an atom's edge, is marked
// and answered by the exact quantile instead — so the contract's 1e-6 relative error
// holds everywhere by construction, and monotonicity within each cell is checked.
// v below 2^-31 (u < 4.7e-10 or u > 1 - 4.7e-10) also falls back to the exact quantile.
//
// Immutable after build; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/random/distribution.h"

namespace rushrisk {

class QuantileTable {
 public:
  static constexpr int kCellsPerOctaveLog2 = 5;
  static constexpr int kCellsPerOctave = 1 << kCellsPerOctaveLog2;
  static constexpr int kLowestExponent = -31;            // v >= 2^-31
  static constexpr int kOctaves = -kLowestExponent - 1;  // v in [2^-31, 1/2)
  static constexpr int kCellsPerSide = kOctaves * kCellsPerOctave;
  static constexpr double kTableTolerance = 1e-7;

  // Builds the table for `dist` (keeping a copy of it for the exact fallback).
  explicit QuantileTable(const Distribution& dist);

  double operator()(double u) const;

  // Cells answered by the exact quantile (for tests and benchmarks).
  int exact_cells() const;

 private:
  struct Cell {
    std::array<double, 4> c;  // Q = c0 + t (c1 + t (c2 + t c3)), t in [0, 1) across the cell
  };
  // Index of the cell holding v in [2^-31, 1/2], and the position t within it.
  static int cell_of(double v, double& t);
  // The left edge of cell `index` on one side (v coordinate), index in [0, kCellsPerSide].
  static double node(int index);
  void build_side(int side);

  Distribution dist_;
  std::vector<Cell> cells_;          // [side * kCellsPerSide + index]; side 0: u = v, 1: u = 1 - v
  std::vector<std::uint8_t> exact_;  // 1 where the cell defers to the exact quantile
};

}  // namespace rushrisk
