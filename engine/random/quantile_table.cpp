#include "engine/random/quantile_table.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace rushrisk {
namespace {

constexpr int kMantissaBits = 52;

// The quantile at v on a side: u = v on the lower side, u = 1 - v on the upper.
double exact_at(const Distribution& dist, int side, double v) {
  return dist.quantile(side == 0 ? v : 1.0 - v);
}

// Coefficients in t of the cubic through (x_k, y_k), k = 0..3, where the cell spans
// [x_1, x_2] and t = (x - x_1) / (x_2 - x_1).
std::array<double, 4> cubic_through(const std::array<double, 4>& x,
                                    const std::array<double, 4>& y) {
  const double width = x[2] - x[1];
  std::array<double, 4> s;  // nodes in t units
  for (int k = 0; k < 4; ++k) s[k] = (x[k] - x[1]) / width;
  // Newton divided differences, then expand to monomials in t.
  std::array<double, 4> d = y;
  for (int level = 1; level < 4; ++level) {
    for (int k = 3; k >= level; --k) d[k] = (d[k] - d[k - 1]) / (s[k] - s[k - level]);
  }
  // p(t) = d0 + d1 (t - s0) + d2 (t - s0)(t - s1) + d3 (t - s0)(t - s1)(t - s2)
  std::array<double, 4> c{d[3], 0, 0, 0};  // Horner on the Newton form, as polynomials
  for (int k = 2; k >= 0; --k) {
    // c <- c * (t - s_k) + d_k
    std::array<double, 4> next{};
    for (int p = 3; p >= 1; --p) next[p] = c[p - 1] - s[k] * c[p];
    next[0] = -s[k] * c[0] + d[k];
    c = next;
  }
  return c;
}

double evaluate_cubic(const std::array<double, 4>& c, double t) {
  return c[0] + t * (c[1] + t * (c[2] + t * c[3]));
}

bool monotone_on_cell(const std::array<double, 4>& c, bool increasing) {
  // p'(t) = c1 + 2 c2 t + 3 c3 t^2 must keep one sign on [0, 1].
  const auto slope = [&](double t) { return c[1] + 2 * c[2] * t + 3 * c[3] * t * t; };
  std::array<double, 3> points{0.0, 1.0, 0.5};
  if (c[3] != 0) {
    const double vertex = -c[2] / (3 * c[3]);
    if (vertex > 0 && vertex < 1) points[2] = vertex;
  }
  for (double t : points) {
    if (increasing ? slope(t) < 0 : slope(t) > 0) return false;
  }
  return true;
}

}  // namespace

QuantileTable::QuantileTable(const Distribution& dist)
    : dist_(dist), cells_(2 * kCellsPerSide), exact_(2 * kCellsPerSide, 0) {
  build_side(0);
  build_side(1);
}

double QuantileTable::node(int index) {
  const int octave = index / kCellsPerOctave;
  const int cell = index % kCellsPerOctave;
  return std::ldexp(1.0 + static_cast<double>(cell) / kCellsPerOctave, kLowestExponent + octave);
}

int QuantileTable::cell_of(double v, double& t) {
  const auto bits = std::bit_cast<std::uint64_t>(v);
  const int exponent = static_cast<int>(bits >> kMantissaBits) - 1023;
  constexpr int shift = kMantissaBits - kCellsPerOctaveLog2;
  const auto cell = static_cast<int>((bits >> shift) & (kCellsPerOctave - 1));
  t = static_cast<double>(bits & ((std::uint64_t{1} << shift) - 1)) * 0x1.0p-47;
  return (exponent - kLowestExponent) * kCellsPerOctave + cell;
}

void QuantileTable::build_side(int side) {
  // Exact values at every node, with one extra node on each end for the stencils.
  std::vector<double> x(kCellsPerSide + 3), y(kCellsPerSide + 3);
  for (int i = -1; i <= kCellsPerSide + 1; ++i) {
    const double v = i < 0 ? node(0) * (1 - 1.0 / (2 * kCellsPerOctave)) : node(i);
    x[i + 1] = v;
    y[i + 1] = exact_at(dist_, side, v);
  }
  const bool increasing = side == 0;
  for (int i = 0; i < kCellsPerSide; ++i) {
    const std::array<double, 4> xs{x[i], x[i + 1], x[i + 2], x[i + 3]};
    const std::array<double, 4> ys{y[i], y[i + 1], y[i + 2], y[i + 3]};
    const std::array<double, 4> c = cubic_through(xs, ys);
    bool ok = std::all_of(ys.begin(), ys.end(), [](double q) { return std::isfinite(q); }) &&
              monotone_on_cell(c, increasing);
    for (double t : {0.25, 0.5, 0.75}) {
      if (!ok) break;
      const double exact = exact_at(dist_, side, xs[1] + t * (xs[2] - xs[1]));
      const double approx = evaluate_cubic(c, t);
      ok = std::abs(approx - exact) <= kTableTolerance * std::max(std::abs(exact), 1e-300);
    }
    cells_[side * kCellsPerSide + i].c = c;
    exact_[side * kCellsPerSide + i] = ok ? 0 : 1;
  }
}

double QuantileTable::operator()(double u) const {
  const int side = u > 0.5 ? 1 : 0;
  const double v = side ? 1.0 - u : u;
  if (!(v >= 0x1.0p-31) || v == 0.5) return dist_.quantile(u);
  double t = 0;
  const int index = side * kCellsPerSide + cell_of(v, t);
  if (exact_[index]) return dist_.quantile(u);
  const double q = evaluate_cubic(cells_[index].c, t);
  return std::clamp(q, dist_.support_min(), dist_.support_max());
}

int QuantileTable::exact_cells() const {
  return static_cast<int>(std::count(exact_.begin(), exact_.end(), 1));
}

}  // namespace rushrisk
