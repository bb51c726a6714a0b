#include "engine/random/cubic_cell.h"

namespace rushrisk::cubic_cell {

Coefficients through(const std::array<double, 4>& x, const std::array<double, 4>& y) {
  const double width = x[2] - x[1];
  std::array<double, 4> s;  // nodes in t units
  for (int k = 0; k < 4; ++k) s[k] = (x[k] - x[1]) / width;
  // Newton divided differences, then expand to monomials in t.
  std::array<double, 4> d = y;
  for (int level = 1; level < 4; ++level) {
    for (int k = 3; k >= level; --k) d[k] = (d[k] - d[k - 1]) / (s[k] - s[k - level]);
  }
  // p(t) = d0 + d1 (t - s0) + d2 (t - s0)(t - s1) + d3 (t - s0)(t - s1)(t - s2)
  Coefficients c{d[3], 0, 0, 0};  // Horner on the Newton form, as polynomials
  for (int k = 2; k >= 0; --k) {
    // c <- c * (t - s_k) + d_k
    Coefficients next{};
    for (int p = 3; p >= 1; --p) next[p] = c[p - 1] - s[k] * c[p];
    next[0] = -s[k] * c[0] + d[k];
    c = next;
  }
  return c;
}

bool monotone(const Coefficients& c, bool increasing) {
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

}  // namespace rushrisk::cubic_cell
