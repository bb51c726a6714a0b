// CubicCell: one cell of a tabulated function — the cubic through the function's values
// at the four nodes around the cell, in the cell's local coordinate t in [0, 1).
// Shared by the tables that stand in for expensive quantile functions (private to the
// random library).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

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

// What a cell holds where the table defers to the function itself: NaN, which
// evaluate() carries through, so a look-up needs no separate flag.
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr Coefficients kDeferred{kNaN, kNaN, kNaN, kNaN};
inline bool is_deferred(const Coefficients& c) { return std::isnan(c[0]); }

// out[i] = deferred(in[i]) wherever a batch look-up left out[i] NaN (a deferred cell). The
// NaN lanes are listed first, without a branch: they fall at random, and a branch on each
// lane would mispredict about as often as there are such lanes.
template <class Deferred>
void fill_deferred(const double* in, std::size_t count, double* out, const Deferred& deferred) {
  constexpr std::size_t kBlock = 128;
  std::array<std::uint32_t, kBlock> lanes;
  for (std::size_t first = 0; first < count; first += kBlock) {
    const std::size_t n = std::min(kBlock, count - first);
    std::size_t found = 0;
    for (std::size_t i = 0; i < n; ++i) {
      lanes[found] = static_cast<std::uint32_t>(first + i);
      found += std::isnan(out[first + i]);
    }
    for (std::size_t j = 0; j < found; ++j) out[lanes[j]] = deferred(in[lanes[j]]);
  }
}

// The checked cell over [x_1, x_2] for f with f(x_k) = y_k: the cubic through the four
// nodes, or kDeferred where a node is not finite, the cubic is not monotone, or it is off
// by more than `tolerance` (relative) from f at a quarter, half and three quarters across.
template <class Function>
Coefficients fitted(const std::array<double, 4>& x, const std::array<double, 4>& y, bool increasing,
                    double tolerance, const Function& f) {
  const Coefficients c = through(x, y);
  if (!std::all_of(y.begin(), y.end(), [](double q) { return std::isfinite(q); }) ||
      !monotone(c, increasing)) {
    return kDeferred;
  }
  for (double t : {0.25, 0.5, 0.75}) {
    const double want = f(x[1] + t * (x[2] - x[1]));
    if (!(std::abs(evaluate(c, t) - want) <= tolerance * std::max(std::abs(want), 1e-300))) {
      return kDeferred;
    }
  }
  return c;
}

}  // namespace rushrisk::cubic_cell
