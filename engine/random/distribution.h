// Distribution: the 11 input distributions of the scenario contract (spec §6), each
// sampled through its quantile function so that a uniform u in (0,1) maps to a value.
//
// Contract: a Distribution is an immutable value, built by the factory functions below
// from parameters the scenario parser has already validated (the factories only
// CHECK their preconditions). quantile(u) is exact, or accurate to a relative error
// of 1e-6 on u in (1e-9, 1-1e-9); it is monotone non-decreasing in u and always
// returns a value inside the support. Thread-safe: all members are const.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rushrisk {

enum class DistKind {
  fixed,
  uniform,
  triangular,
  pert,
  normal,  // on durations: truncated to [0, inf) (conditioned, not clipped)
  lognormal,
  exponential,
  gamma,
  discrete,
  empirical,
  mixture,
};

std::string_view to_string(DistKind kind);

class Distribution {
 public:
  // A distribution that always gives `value`.
  Distribution() = default;

  static Distribution fixed(double value);
  static Distribution uniform(double min, double max);
  static Distribution triangular(double min, double mode, double max);
  // Beta-PERT: alpha = 1 + lambda (mode-min)/(max-min), beta = 1 + lambda (max-mode)/(max-min).
  static Distribution pert(double min, double mode, double max, double lambda = 4.0);
  // Normal(mean, sd) conditioned on >= 0 when truncate_at_zero (every duration input).
  static Distribution normal(double mean, double sd, bool truncate_at_zero);
  // ln X ~ Normal(mu, sigma).
  static Distribution lognormal(double mu, double sigma);
  static Distribution exponential(double mean);
  // shape (mean/sd)^2, scale sd^2/mean.
  static Distribution gamma(double mean, double sd);
  // values in any order; weights sum to 1. Quantile: smallest value (after sorting)
  // whose cumulative weight >= u.
  static Distribution discrete(std::vector<double> values, std::vector<double> weights);
  // Equal weights on the samples.
  static Distribution empirical(std::vector<double> samples);
  // Weights sum to 1. Sampled through the inverse of the mixture CDF (never by picking
  // a component), so a copula acting on u acts on the mixture as a whole.
  struct Component;  // {weight, dist}, defined below the class (it holds a Distribution)
  static Distribution mixture(std::vector<Component> components);

  DistKind kind() const { return kind_; }
  // True when every u gives the same value (fixed, min == max, or a one-point
  // discrete/empirical/mixture).
  bool is_degenerate() const;
  // The smallest x with cdf(x) >= u, for u in (0, 1).
  double quantile(double u) const;
  // out[i] = quantile(u[i]) for every i, bit for bit: one loop per kind rather than a
  // dispatch per value (the closed forms and short discrete tables then run as tight loops).
  void quantiles(std::span<const double> u, double* out) const;
  // P(X <= x).
  double cdf(double x) const;
  double mean() const;
  // Bounds of the support (may be +-infinity).
  double support_min() const;
  double support_max() const;
  // True when every value the distribution can take is an integer.
  bool is_integer_valued() const;
  // For a mixture, the u in (0, 1) at the edges of its fixed components' atoms, sorted:
  // where its quantile may jump or lose smoothness. Empty for every other kind (discrete
  // and empirical quantiles jump everywhere and are never tabulated).
  std::vector<double> atom_edges() const;

  // The distribution as a TOML inline table (or bare value when fixed), in the scenario
  // format: durations as "<hours>h" strings when `as_hours`, else plain numbers.
  friend std::string format_distribution(const Distribution& dist, bool as_hours);

  // The same kind with the same parameters: the same quantile function.
  friend bool operator==(const Distribution&, const Distribution&) = default;

 private:
  DistKind kind_ = DistKind::fixed;
  // Parameters, meaning by kind (see distribution.cpp).
  double p0_ = 0, p1_ = 0, p2_ = 0, p3_ = 0, p4_ = 0;
  std::vector<double> values_;         // discrete/empirical: sorted values
  std::vector<double> cumulative_;     // discrete/empirical: cumulative weights, last == 1
  std::vector<Component> components_;  // mixture: weights normalised to sum to 1

  // 1 - cdf(x), computed directly so that the upper tail keeps its relative precision.
  double ccdf(double x) const;
  double mixture_quantile(double u) const;
  // The smallest value in (lo, hi] that has positive probability, or +infinity if none.
  double smallest_atom_in(double lo, double hi) const;
};

struct Distribution::Component {
  double weight;
  Distribution dist;

  friend bool operator==(const Component&, const Component&) = default;
};

std::string format_distribution(const Distribution& dist, bool as_hours);

}  // namespace rushrisk
