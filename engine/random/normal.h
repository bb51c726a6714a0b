// Standard normal CDF and quantile, in double precision.
#pragma once

namespace rushrisk {

// Phi(x) = P(Z <= x), Z ~ N(0, 1).
double normal_cdf(double x);
// 1 - Phi(x), accurate in the upper tail.
double normal_ccdf(double x);
// Phi^{-1}(p) for p in (0, 1); -inf / +inf at 0 / 1. Relative error below 1e-15
// (Wichura's algorithm AS 241).
double normal_quantile(double p);

}  // namespace rushrisk
