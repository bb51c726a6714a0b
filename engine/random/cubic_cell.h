// CubicCell: one cell of a tabulated function — the cubic through the function's values
// at the four nodes around the cell, in the cell's local coordinate t in [0, 1).
// Shared by the tables that stand in for expensive quantile functions (private to the
// random library).
#pragma once

#include <array>

namespace rushrisk::cubic_cell {

using Coefficients = std::array<double, 4>;  // p(t) = c0 + t (c1 + t (c2 + t c3))

// The cubic through (x_k, y_k), k = 0..3, where the cell spans [x_1, x_2] and
// t = (x - x_1) / (x_2 - x_1).
Coefficients through(const std::array<double, 4>& x, const std::array<double, 4>& y);

inline double evaluate(const Coefficients& c, double t) {
  return c[0] + t * (c[1] + t * (c[2] + t * c[3]));
}

// True when p keeps one direction (non-decreasing, or non-increasing) on [0, 1].
bool monotone(const Coefficients& c, bool increasing);

}  // namespace rushrisk::cubic_cell
