// The 11 input distributions: factories, quantile, cdf, mean and support.
//
// Parameters by kind (p0_ ... p4_):
//   fixed        p0 value
//   uniform      p0 min, p1 max
//   triangular   p0 min, p1 mode, p2 max
//   pert         p0 min, p1 mode, p2 max, p3 alpha, p4 beta
//   normal       p0 mean, p1 sd, p2 lower bound (0 when truncated, else -inf),
//                p3 Phi(a), p4 1 - Phi(a), where a = (lower bound - mean) / sd
//   lognormal    p0 mu, p1 sigma
//   exponential  p0 mean
//   gamma        p0 shape, p1 scale, p2 mean, p3 sd
//   discrete, empirical: values_ (sorted) and cumulative_ (last exactly 1)
//   mixture      components_ (weights normalised)
#include "engine/random/distribution.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/tools/toms748_solve.hpp>

#include "engine/random/normal.h"
#include "engine/random/vector_code.h"

namespace rushrisk {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Boost.Math in plain double: promoting to long double (its default) would make results
// depend on the platform's long double (80-bit x87, 128-bit, or just double) and is
// several times slower; double already gives ~1e-15 relative, far inside the 1e-6
// contract.
using BoostPolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

// A u within this of a cumulative weight counts as equal to it, so the lower value is
// picked: prefix sums of weights like 0.2 + 0.35 differ from the decimal sum by a few
// ulps (~n * 2^-53), far below 1e-12, and 1e-12 is far below any weight a scenario can
// state (weights are checked to sum to 1 within 1e-9). Bias: a probability of 1e-12 per
// step moves to the lower value.
constexpr double kTieTolerance = 1e-12;

// The mixture root finder stops when its bracket is within 2^-44 (~5.7e-14) relative.
constexpr double kMixtureRelativeTolerance = 0x1.0p-44;
constexpr std::uintmax_t kMixtureMaxIterations = 200;

// Factory preconditions, already validated by the scenario parser: a failure is a
// programming error. Throws (never aborts) with the condition and both operands.
void check(bool ok, const char* condition, double lhs, double rhs) {
  if (ok) return;
  char message[256];
  std::snprintf(message, sizeof message, "CHECK failed: %s (%.17g vs %.17g)", condition, lhs, rhs);
  throw std::logic_error(message);
}

void check_finite(double value, const char* name) { check(std::isfinite(value), name, value, 0.0); }

double clamp01(double p) { return std::clamp(p, 0.0, 1.0); }

// The position of x in [min, max] as a fraction, for min < max.
double fraction(double x, double min, double max) { return clamp01((x - min) / (max - min)); }

double triangular_quantile(double min, double mode, double max, double u) {
  if (min == max) return min;
  const double width = max - min;
  // F(mode) = (mode - min) / width; each side inverts its own quadratic, the upper side
  // through 1 - u (exact for u >= 0.5), so both tails keep their precision.
  const double x = u * width < mode - min ? min + std::sqrt(u * width * (mode - min))
                                          : max - std::sqrt((1.0 - u) * width * (max - mode));
  return std::clamp(x, min, max);
}

double triangular_cdf(double min, double mode, double max, double x) {
  if (x >= max) return 1.0;
  if (x <= min) return 0.0;
  const double width = max - min;
  if (x < mode) return (x - min) * (x - min) / (width * (mode - min));
  return 1.0 - (max - x) * (max - x) / (width * (max - mode));
}

double triangular_ccdf(double min, double mode, double max, double x) {
  if (x >= max) return 0.0;
  if (x <= min) return 1.0;
  const double width = max - min;
  if (x < mode) return 1.0 - (x - min) * (x - min) / (width * (mode - min));
  return (max - x) * (max - x) / (width * (max - mode));
}

double standard_normal_density(double z) {
  return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
}

// 8-point Gauss-Legendre rule on [-1, 1]: the positive nodes (the rule is symmetric).
constexpr double kGaussNodes[4] = {0.1834346424956498049, 0.5255324099163289858,
                                   0.7966664774136267396, 0.9602898564975362317};
constexpr double kGaussWeights[4] = {0.3626837833783619830, 0.3137066458778872873,
                                     0.2223810344533744705, 0.1012285362903762592};

// The integral over [0, t] of exp(-a s - s^2/2), i.e. (Phic(a) - Phic(a + t)) / phi(a)
// without the cancellation between the two tail areas. Used only where
// t (|a| + t/2) <= kSlabLimit: there the integrand is smooth enough that the 8-point rule
// is exact to rounding (its error term is ~1e-23 t^17 times the 16th derivative).
double gaussian_slab(double a, double t) {
  auto integrand = [a](double s) { return std::exp(-s * (a + 0.5 * s)); };
  double sum = 0;
  for (int i = 0; i < 4; ++i) {
    sum += kGaussWeights[i] *
           (integrand(0.5 * t * (1 - kGaussNodes[i])) + integrand(0.5 * t * (1 + kGaussNodes[i])));
  }
  return 0.5 * t * sum;
}
constexpr double kSlabLimit = 0.5;

bool within_slab(double a, double t) { return t * (std::fabs(a) + 0.5 * t) <= kSlabLimit; }

// Near the truncation point, mean + sd z cancels (for mean -5, sd 1 the 1e-9 quantile
// would keep 5 digits; for mean 0 the sum Phi(a) + u (1 - Phi(a)) drops u's digits).
// There X = lower + sd t, where t has density exp(-a t - t^2/2) / mills on [0, inf), and
// gaussian_slab(a, t) = u mills is solved for t by Newton from the root of the
// exponential approximation (1 - exp(-a t)) / a, which never exceeds the slab integral's
// root; Newton then converges quadratically. Returns NaN outside the slab.
double offset_above_truncation(double a, double mills, double u) {
  const double target = u * mills;
  double t = a == 0 ? target : -std::log1p(-a * target) / a;
  if (!within_slab(a, t)) return std::nan("");
  for (int i = 0; i < 8; ++i) {
    const double step = (target - gaussian_slab(a, t)) * std::exp(t * (a + 0.5 * t));
    t += step;
    if (std::fabs(step) <= 1e-16 * t) break;
  }
  return t;
}

// Normal(mean, sd) conditioned on X >= lower (-inf: not truncated), with
// tail_below = Phi(a) and mass_above = 1 - Phi(a), a = (lower - mean) / sd: then
// Phi(z) = Phi(a) + u (1 - Phi(a)). Below the median of the result the lower-tail form is
// exact enough; above it, 1 - Phi(z) = (1 - u) mass_above is computed directly, which
// stays accurate when the truncation point is far in the upper tail.
double normal_quantile_truncated(double mean, double sd, double lower, double tail_below,
                                 double mass_above, double u) {
  const double a = (lower - mean) / sd;
  if (std::isfinite(a)) {
    const double t = offset_above_truncation(a, mass_above / standard_normal_density(a), u);
    if (!std::isnan(t)) return lower + sd * t;
  }
  const double p = tail_below + u * mass_above;
  const double z = p < 0.5 ? normal_quantile(p) : -normal_quantile((1.0 - u) * mass_above);
  return std::max(lower, mean + sd * z);
}

// P(X <= x) for the normal conditioned on X >= lower, for x >= lower.
double normal_cdf_truncated(double mean, double sd, double lower, double tail_below,
                            double mass_above, double x) {
  const double a = (lower - mean) / sd;
  const double t = (x - lower) / sd;
  // Near the truncation point the slab integral avoids subtracting two close tail areas.
  if (std::isfinite(a) && within_slab(a, t)) {
    return gaussian_slab(a, t) * standard_normal_density(a) / mass_above;
  }
  const double z = (x - mean) / sd;
  // Subtracting Phi(a) is only exact while Phi(a) is small; otherwise work in the upper tail.
  return clamp01(tail_below < 0.5 ? (normal_cdf(z) - tail_below) / mass_above
                                  : 1.0 - normal_ccdf(z) / mass_above);
}

// Smallest index whose cumulative weight reaches u (up to kTieTolerance).
std::size_t step_index(const std::vector<double>& cumulative, double u) {
  const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), u - kTieTolerance);
  return std::min<std::size_t>(it - cumulative.begin(), cumulative.size() - 1);
}

// Number of values <= x, as the index just past them.
std::size_t count_at_or_below(const std::vector<double>& values, double x) {
  return std::upper_bound(values.begin(), values.end(), x) - values.begin();
}

bool is_integer(double x) { return std::isfinite(x) && std::floor(x) == x; }

}  // namespace

std::string_view to_string(DistKind kind) {
  switch (kind) {
    case DistKind::fixed:
      return "fixed";
    case DistKind::uniform:
      return "uniform";
    case DistKind::triangular:
      return "triangular";
    case DistKind::pert:
      return "pert";
    case DistKind::normal:
      return "normal";
    case DistKind::lognormal:
      return "lognormal";
    case DistKind::exponential:
      return "exponential";
    case DistKind::gamma:
      return "gamma";
    case DistKind::discrete:
      return "discrete";
    case DistKind::empirical:
      return "empirical";
    case DistKind::mixture:
      return "mixture";
  }
  return "unknown";
}

// ---- Factories -------------------------------------------------------------------------

Distribution Distribution::fixed(double value) {
  check_finite(value, "fixed: value is finite");
  Distribution d;
  d.kind_ = DistKind::fixed;
  d.p0_ = value;
  return d;
}

Distribution Distribution::uniform(double min, double max) {
  check_finite(min, "uniform: min is finite");
  check_finite(max, "uniform: max is finite");
  check(min <= max, "uniform: min <= max", min, max);
  Distribution d;
  d.kind_ = DistKind::uniform;
  d.p0_ = min;
  d.p1_ = max;
  return d;
}

Distribution Distribution::triangular(double min, double mode, double max) {
  check_finite(min, "triangular: min is finite");
  check_finite(max, "triangular: max is finite");
  check(min <= mode, "triangular: min <= mode", min, mode);
  check(mode <= max, "triangular: mode <= max", mode, max);
  Distribution d;
  d.kind_ = DistKind::triangular;
  d.p0_ = min;
  d.p1_ = mode;
  d.p2_ = max;
  return d;
}

Distribution Distribution::pert(double min, double mode, double max, double lambda) {
  check_finite(min, "pert: min is finite");
  check_finite(max, "pert: max is finite");
  check(min <= mode, "pert: min <= mode", min, mode);
  check(mode <= max, "pert: mode <= max", mode, max);
  check(lambda > 0 && std::isfinite(lambda), "pert: 0 < lambda < inf", 0.0, lambda);
  Distribution d;
  d.kind_ = DistKind::pert;
  d.p0_ = min;
  d.p1_ = mode;
  d.p2_ = max;
  // min == max is a point mass; alpha and beta are then unused.
  const double width = max - min;
  d.p3_ = width > 0 ? 1.0 + lambda * (mode - min) / width : 1.0;
  d.p4_ = width > 0 ? 1.0 + lambda * (max - mode) / width : 1.0;
  return d;
}

Distribution Distribution::normal(double mean, double sd, bool truncate_at_zero) {
  check_finite(mean, "normal: mean is finite");
  check(sd > 0 && std::isfinite(sd), "normal: 0 < sd < inf", 0.0, sd);
  Distribution d;
  d.kind_ = DistKind::normal;
  d.p0_ = mean;
  d.p1_ = sd;
  d.p2_ = truncate_at_zero ? 0.0 : -kInf;
  const double a = (d.p2_ - mean) / sd;
  d.p3_ = normal_cdf(a);
  d.p4_ = normal_ccdf(a);
  // Beyond ~37.5 sd the mass left above zero is not a normal double, and the
  // conditional law cannot be inverted in double precision.
  check(d.p4_ >= std::numeric_limits<double>::min(),
        "normal: truncation point (0 - mean)/sd < 37.5", a, 37.5);
  return d;
}

Distribution Distribution::lognormal(double mu, double sigma) {
  check_finite(mu, "lognormal: mu is finite");
  check(sigma > 0 && std::isfinite(sigma), "lognormal: 0 < sigma < inf", 0.0, sigma);
  Distribution d;
  d.kind_ = DistKind::lognormal;
  d.p0_ = mu;
  d.p1_ = sigma;
  return d;
}

Distribution Distribution::exponential(double mean) {
  check(mean > 0 && std::isfinite(mean), "exponential: 0 < mean < inf", 0.0, mean);
  Distribution d;
  d.kind_ = DistKind::exponential;
  d.p0_ = mean;
  return d;
}

Distribution Distribution::gamma(double mean, double sd) {
  check(mean > 0 && std::isfinite(mean), "gamma: 0 < mean < inf", 0.0, mean);
  check(sd > 0 && std::isfinite(sd), "gamma: 0 < sd < inf", 0.0, sd);
  Distribution d;
  d.kind_ = DistKind::gamma;
  d.p0_ = (mean / sd) * (mean / sd);
  d.p1_ = sd * sd / mean;
  d.p2_ = mean;
  d.p3_ = sd;
  return d;
}

Distribution Distribution::discrete(std::vector<double> values, std::vector<double> weights) {
  check(!values.empty(), "discrete: values not empty", 0.0, 0.0);
  check(values.size() == weights.size(), "discrete: as many weights as values",
        static_cast<double>(values.size()), static_cast<double>(weights.size()));
  std::vector<std::pair<double, double>> points;  // (value, weight), zero weights dropped
  double total = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    check_finite(values[i], "discrete: value is finite");
    check(weights[i] >= 0 && std::isfinite(weights[i]), "discrete: 0 <= weight < inf", 0.0,
          weights[i]);
    total += weights[i];
    if (weights[i] > 0) points.emplace_back(values[i], weights[i]);
  }
  check(std::fabs(total - 1.0) <= 1e-9, "discrete: weights sum to 1 +- 1e-9", total, 1.0);
  std::stable_sort(points.begin(), points.end(),
                   [](const auto& l, const auto& r) { return l.first < r.first; });
  Distribution d;
  d.kind_ = DistKind::discrete;
  double running = 0;
  for (const auto& [value, weight] : points) {
    running += weight;
    d.values_.push_back(value);
    d.cumulative_.push_back(running / total);
  }
  d.cumulative_.back() = 1.0;  // so every u < 1 finds a value
  return d;
}

Distribution Distribution::empirical(std::vector<double> samples) {
  check(!samples.empty(), "empirical: samples not empty", 0.0, 0.0);
  for (double s : samples) check_finite(s, "empirical: sample is finite");
  std::sort(samples.begin(), samples.end());
  Distribution d;
  d.kind_ = DistKind::empirical;
  const double n = static_cast<double>(samples.size());
  d.cumulative_.resize(samples.size());
  // (i + 1) / n is correctly rounded, with no accumulated error; the last is exactly 1.
  for (std::size_t i = 0; i < samples.size(); ++i) {
    d.cumulative_[i] = static_cast<double>(i + 1) / n;
  }
  d.values_ = std::move(samples);
  return d;
}

Distribution Distribution::mixture(std::vector<Component> components) {
  check(!components.empty(), "mixture: components not empty", 0.0, 0.0);
  double total = 0;
  for (const Component& c : components) {
    check(c.weight >= 0 && std::isfinite(c.weight), "mixture: 0 <= weight < inf", 0.0, c.weight);
    total += c.weight;
  }
  check(std::fabs(total - 1.0) <= 1e-9, "mixture: weights sum to 1 +- 1e-9", total, 1.0);
  Distribution d;
  d.kind_ = DistKind::mixture;
  for (Component& c : components) {
    if (c.weight > 0) d.components_.push_back({c.weight / total, std::move(c.dist)});
  }
  return d;
}

// ---- Queries ---------------------------------------------------------------------------

bool Distribution::is_degenerate() const { return support_min() == support_max(); }

double Distribution::quantile(double u) const {
  switch (kind_) {
    case DistKind::fixed:
      return p0_;
    case DistKind::uniform:
      return std::min(p1_, p0_ + u * (p1_ - p0_));
    case DistKind::triangular:
      return triangular_quantile(p0_, p1_, p2_, u);
    case DistKind::pert:
      if (p0_ == p2_) return p0_;
      return std::min(p2_, p0_ + (p2_ - p0_) * boost::math::ibeta_inv(p3_, p4_, u, BoostPolicy()));
    case DistKind::normal:
      return normal_quantile_truncated(p0_, p1_, p2_, p3_, p4_, u);
    case DistKind::lognormal:
      return std::exp(p0_ + p1_ * normal_quantile(u));
    // log1p keeps the small-u end exact; 1 - u is exact near 1.
    case DistKind::exponential:
      return -p0_ * std::log1p(-u);
    case DistKind::gamma:
      return p1_ * boost::math::gamma_p_inv(p0_, u, BoostPolicy());
    case DistKind::discrete:
    case DistKind::empirical:
      return values_[step_index(cumulative_, u)];
    case DistKind::mixture:
      return mixture_quantile(u);
  }
  return p0_;
}

void Distribution::quantiles(std::span<const double> u, double* out) const {
  // Tables this short are searched by counting, without branches.
  constexpr std::size_t kShortTable = 16;
  switch (kind_) {
    case DistKind::triangular: {
      if (p0_ == p2_) break;
      // triangular_quantile() with the side picked around one square root. The same
      // operations on the side taken, so the same bits. Locals, not members: as far as the
      // compiler knows, out might alias *this.
      const double min = p0_, max = p2_;
      const double width = max - min, below = p1_ - min, above = max - p1_;
      // Written so that it vectorises: every operation is made on every lane (with
      // -ftrapping-math GCC will not make one that a branch would skip), x - root as
      // x + (-root), which gives the same bits for every number (a NaN's sign might differ,
      // and no u in (0, 1) makes one), and the clamp's two comparisons both made (min <= max,
      // so the result is the same). Captures by value: a select of two
      // references would be a load that might fault. In vector code where the CPU has it.
      const auto loop = [=]() RUSHRISK_INLINE {
        for (std::size_t i = 0, n = u.size(); i < n; ++i) {
          const double from_min = u[i], from_max = 1.0 - u[i];
          const bool lower = from_min * width < below;
          const double root =
              std::sqrt((lower ? from_min : from_max) * width * (lower ? below : above));
          const double x = (lower ? min : max) + (lower ? root : -root);
          const double above_min = x < min ? min : x;
          out[i] = max < above_min ? max : above_min;
        }
      };
      if (!in_vector_code(loop)) loop();
      return;
    }
    case DistKind::discrete:
    case DistKind::empirical:
      if (cumulative_.size() <= kShortTable) {
        // step_index(): the number of cumulative weights below u - kTieTolerance (what
        // lower_bound finds), at most the last index.
        // Copied out first: as far as the compiler knows, out might alias the vectors.
        const std::size_t size = cumulative_.size(), last = size - 1;
        double cumulative[kShortTable], values[kShortTable];
        std::copy_n(cumulative_.begin(), size, cumulative);
        std::copy_n(values_.begin(), size, values);
        for (std::size_t i = 0; i < u.size(); ++i) {
          const double target = u[i] - kTieTolerance;
          std::size_t below = 0;
          for (std::size_t c = 0; c < size; ++c) below += cumulative[c] < target;
          out[i] = values[std::min(below, last)];
        }
        return;
      }
      break;
    default:
      break;
  }
  for (std::size_t i = 0; i < u.size(); ++i) out[i] = quantile(u[i]);
}

double Distribution::cdf(double x) const {
  switch (kind_) {
    case DistKind::fixed:
      return x >= p0_ ? 1.0 : 0.0;
    case DistKind::uniform:
      if (p0_ == p1_) return x >= p0_ ? 1.0 : 0.0;
      return fraction(x, p0_, p1_);
    case DistKind::triangular:
      return triangular_cdf(p0_, p1_, p2_, x);
    case DistKind::pert:
      if (x >= p2_) return 1.0;
      if (x <= p0_) return 0.0;
      return boost::math::ibeta(p3_, p4_, fraction(x, p0_, p2_), BoostPolicy());
    case DistKind::normal: {
      if (x < p2_) return 0.0;
      return normal_cdf_truncated(p0_, p1_, p2_, p3_, p4_, x);
    }
    case DistKind::lognormal:
      return x > 0 ? normal_cdf((std::log(x) - p0_) / p1_) : 0.0;
    case DistKind::exponential:
      return x > 0 ? -std::expm1(-x / p0_) : 0.0;
    case DistKind::gamma:
      return x > 0 ? boost::math::gamma_p(p0_, x / p1_, BoostPolicy()) : 0.0;
    case DistKind::discrete:
    case DistKind::empirical: {
      const std::size_t n = count_at_or_below(values_, x);
      return n == 0 ? 0.0 : cumulative_[n - 1];
    }
    case DistKind::mixture: {
      double sum = 0;
      for (const Component& c : components_) sum += c.weight * c.dist.cdf(x);
      return std::min(sum, 1.0);
    }
  }
  return 0.0;
}

double Distribution::ccdf(double x) const {
  switch (kind_) {
    case DistKind::uniform:
      if (p0_ == p1_) return x < p0_ ? 1.0 : 0.0;
      return fraction(p1_ - x, 0.0, p1_ - p0_);
    case DistKind::triangular:
      return triangular_ccdf(p0_, p1_, p2_, x);
    case DistKind::pert:
      if (x >= p2_) return 0.0;
      if (x <= p0_) return 1.0;
      return boost::math::ibetac(p3_, p4_, fraction(x, p0_, p2_), BoostPolicy());
    case DistKind::normal:
      return x < p2_ ? 1.0 : std::min(1.0, normal_ccdf((x - p0_) / p1_) / p4_);
    case DistKind::lognormal:
      return x > 0 ? normal_ccdf((std::log(x) - p0_) / p1_) : 1.0;
    case DistKind::exponential:
      return x > 0 ? std::exp(-x / p0_) : 1.0;
    case DistKind::gamma:
      return x > 0 ? boost::math::gamma_q(p0_, x / p1_, BoostPolicy()) : 1.0;
    case DistKind::mixture: {
      double sum = 0;
      for (const Component& c : components_) sum += c.weight * c.dist.ccdf(x);
      return std::min(sum, 1.0);
    }
    // Atoms only: 1 - cdf loses nothing that matters at a step.
    case DistKind::fixed:
    case DistKind::discrete:
    case DistKind::empirical:
      return 1.0 - cdf(x);
  }
  return 0.0;
}

double Distribution::smallest_atom_in(double lo, double hi) const {
  switch (kind_) {
    case DistKind::discrete:
    case DistKind::empirical: {
      const std::size_t n = count_at_or_below(values_, lo);
      return n < values_.size() && values_[n] <= hi ? values_[n] : kInf;
    }
    case DistKind::mixture: {
      double smallest = kInf;
      for (const Component& c : components_) {
        smallest = std::min(smallest, c.dist.smallest_atom_in(lo, hi));
      }
      return smallest;
    }
    default: {
      // fixed, and continuous kinds squeezed to a point (min == max).
      const double point = support_min();
      return is_degenerate() && lo < point && point <= hi ? point : kInf;
    }
  }
}

// Inverts F(x) = sum_i w_i F_i(x): the smallest x with F(x) >= u.
std::vector<double> Distribution::atom_edges() const {
  std::vector<double> edges;
  if (kind_ != DistKind::mixture) return edges;
  for (const Component& atom : components_) {
    if (!atom.dist.is_degenerate()) continue;
    const double value = atom.dist.support_min();
    double mass = 0;  // every degenerate component at this value
    for (const Component& c : components_) {
      if (c.dist.is_degenerate() && c.dist.support_min() == value) mass += c.weight;
    }
    const double upper = cdf(value);
    for (double edge : {upper - mass, upper}) {
      if (edge > 0 && edge < 1) edges.push_back(edge);
    }
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  return edges;
}

double Distribution::mixture_quantile(double u) const {
  // Each F_i is monotone, so F < u below every Q_i(u) and F >= u at the largest of them:
  // [lo, hi] brackets the answer.
  double lo = kInf, hi = -kInf;
  for (const Component& c : components_) {
    const double q = c.dist.quantile(u);
    lo = std::min(lo, q);
    hi = std::max(hi, q);
  }
  // A single point, or an infinite end (u at 0 or 1): nothing to solve.
  if (lo == hi || !std::isfinite(lo) || !std::isfinite(hi)) return lo == hi ? lo : hi;
  // reached(x) >= 0 iff F(x) >= u. Above the median it compares upper tails, 1 - u
  // (exact there) against the summed ccdfs, so relative precision survives near u = 1.
  const bool upper = u > 0.5;
  const double tail = 1.0 - u;
  auto reached = [&](double x) {
    const double gap = upper ? tail - ccdf(x) : cdf(x) - u;
    // An exact 0 (F flat at u) counts as reached, so the root is the left end of the flat.
    return gap == 0 ? std::numeric_limits<double>::min() : gap;
  };
  const double reached_lo = reached(lo);
  if (reached_lo > 0) return lo;  // e.g. an atom at lo holding enough mass
  // Rounding in the component quantiles can leave F(hi) a few ulps short of u: widen.
  double reached_hi = reached(hi);
  for (double step = 1e-12; reached_hi < 0 && step <= 1e-4; step *= 100) {
    hi = std::min(support_max(), hi + step * std::max(std::fabs(hi), 1e-300));
    reached_hi = reached(hi);
  }
  if (reached_hi < 0) return hi;  // u beyond what double can resolve: best effort
  std::uintmax_t iterations = kMixtureMaxIterations;
  auto close_enough = [](double a, double b) {
    return b - a <= kMixtureRelativeTolerance * std::min(std::fabs(a), std::fabs(b));
  };
  const auto [below, above] = boost::math::tools::toms748_solve(
      reached, lo, hi, reached_lo, reached_hi, close_enough, iterations, BoostPolicy());
  // F jumps at an atom, so the root finder only closes in on it: return the atom itself.
  for (double atom = smallest_atom_in(below, above); atom <= above;
       atom = smallest_atom_in(atom, above)) {
    if (reached(atom) > 0) return atom;
  }
  return above;
}

double Distribution::mean() const {
  switch (kind_) {
    case DistKind::fixed:
      return p0_;
    case DistKind::uniform:
      return 0.5 * (p0_ + p1_);
    case DistKind::triangular:
      return (p0_ + p1_ + p2_) / 3.0;
    case DistKind::pert:
      return p0_ + (p2_ - p0_) * p3_ / (p3_ + p4_);
    case DistKind::normal: {
      if (p2_ == -kInf) return p0_;
      // Inverse Mills ratio: E[X | X >= 0] = mean + sd phi(a) / (1 - Phi(a)).
      const double a = (p2_ - p0_) / p1_;
      return p0_ + p1_ * standard_normal_density(a) / p4_;
    }
    case DistKind::lognormal:
      return std::exp(p0_ + 0.5 * p1_ * p1_);
    case DistKind::exponential:
      return p0_;
    case DistKind::gamma:
      return p2_;
    case DistKind::discrete:
    case DistKind::empirical: {
      double sum = 0, previous = 0;
      for (std::size_t i = 0; i < values_.size(); ++i) {
        sum += values_[i] * (cumulative_[i] - previous);
        previous = cumulative_[i];
      }
      return sum;
    }
    case DistKind::mixture: {
      double sum = 0;
      for (const Component& c : components_) sum += c.weight * c.dist.mean();
      return sum;
    }
  }
  return p0_;
}

double Distribution::support_min() const {
  switch (kind_) {
    case DistKind::fixed:
    case DistKind::uniform:
    case DistKind::triangular:
    case DistKind::pert:
      return p0_;
    case DistKind::normal:
      return p2_;
    case DistKind::lognormal:
    case DistKind::exponential:
    case DistKind::gamma:
      return 0.0;
    case DistKind::discrete:
    case DistKind::empirical:
      return values_.front();
    case DistKind::mixture: {
      double lowest = kInf;
      for (const Component& c : components_) lowest = std::min(lowest, c.dist.support_min());
      return lowest;
    }
  }
  return p0_;
}

double Distribution::support_max() const {
  switch (kind_) {
    case DistKind::fixed:
      return p0_;
    case DistKind::uniform:
      return p1_;
    case DistKind::triangular:
    case DistKind::pert:
      return p2_;
    case DistKind::normal:
    case DistKind::lognormal:
    case DistKind::exponential:
    case DistKind::gamma:
      return kInf;
    case DistKind::discrete:
    case DistKind::empirical:
      return values_.back();
    case DistKind::mixture: {
      double highest = -kInf;
      for (const Component& c : components_) highest = std::max(highest, c.dist.support_max());
      return highest;
    }
  }
  return p0_;
}

bool Distribution::is_integer_valued() const {
  switch (kind_) {
    case DistKind::discrete:
    case DistKind::empirical:
      return std::all_of(values_.begin(), values_.end(), is_integer);
    case DistKind::mixture:
      return std::all_of(components_.begin(), components_.end(),
                         [](const Component& c) { return c.dist.is_integer_valued(); });
    default:
      return is_degenerate() && is_integer(support_min());
  }
}

}  // namespace rushrisk
