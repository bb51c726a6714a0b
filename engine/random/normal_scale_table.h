// NormalScaleTable: an input's quantile function on the normal scale, G(x) = Q(Phi(x)),
// tabulated on a uniform grid in x.
//
// A Gaussian copula (spec §5) hands each input it drives a standard normal deviate x; the
// input's value is Q(Phi(x)). Computed directly that is an erfc and then a quantile
// (itself a table lookup at best); looked up here it is one cubic. G is smooth in x where
// Q is smooth in u — for a lognormal it is exactly exp(mu + sigma x) — so a uniform grid
// of 64 cells per unit over [-12, 12) suffices. As in QuantileTable, each cell is checked
// against the exact G at three interior points when the table is built, and a cell that
// misses the tolerance, is not monotone, or holds a jump (an atom's edge) defers to
// Q(Phi(x)) computed in two steps — through the input's QuantileTable where it has one
// (next to a mixture's atom, where G has a corner the uniform grid cannot follow), else
// exactly; so does any x outside the grid.
//
// Immutable after build; thread-safe.
#pragma once

#include <array>
#include <memory>
#include <span>
#include <vector>

#include "engine/random/distribution.h"
#include "engine/random/quantile_table.h"

namespace rushrisk {

class NormalScaleTable {
 public:
  static constexpr double kLow = -12.0;
  static constexpr double kHigh = 12.0;
  static constexpr int kCellsPerUnit = 64;
  static constexpr int kCells = static_cast<int>((kHigh - kLow) * kCellsPerUnit);
  static constexpr double kTableTolerance = 1e-7;

  // Builds the table for `dist` (keeping a copy of it for the exact fallback); cells that
  // defer use `in_u` when given (the same distribution's QuantileTable).
  explicit NormalScaleTable(const Distribution& dist,
                            std::shared_ptr<const QuantileTable> in_u = nullptr);

  // Q(Phi(x)).
  double operator()(double x) const;
  // out[i] = (*this)(x[i]) for every i, deferred cells after the look-ups.
  void operator()(std::span<const double> x, double* out) const;
  // The same on a given path, one of supported_vector_paths() (philox_batch.h); every path
  // gives the same bits.
  void operator()(VectorPath path, std::span<const double> x, double* out) const;
  // The same, always computed exactly.
  double exact(double x) const;

  // Cells answered by the exact G (for tests and benchmarks).
  int exact_cells() const;

 private:
  // Q(Phi(x)) in two steps, for the cells that defer.
  double deferred(double x) const;
  // deferred() where tabulated() left out[i] NaN.
  void fill_deferred(std::span<const double> x, double* out) const;
  // The table's value at x, or NaN where deferred() must answer.
  double tabulated(double x) const;

  Distribution dist_;
  double support_min_, support_max_;
  std::shared_ptr<const QuantileTable> in_u_;
  // Cubic in t across cell i, [kLow + i / kCellsPerUnit, kLow + (i + 1) / kCellsPerUnit);
  // NaN coefficients where the cell defers to the exact G.
  std::vector<std::array<double, 4>> cells_;
};

// Phi(x), kept inside (0, 1) where it rounds to 0 or 1 (x below -38 or above 8.3).
double uniform_of_normal(double x);

// Phi^{-1}(u) for the copulas, from a QuantileTable of the standard normal (relative
// error below 1e-7 on (4.7e-10, 1 - 4.7e-10); exact outside).
double tabulated_normal_quantile(double u);
// out[i] = tabulated_normal_quantile(u[i]) for every i.
void tabulated_normal_quantile(std::span<const double> u, double* out);

}  // namespace rushrisk
