// InputSampler: the quantile function a simulation uses for one input — the exact one
// where it is cheap (closed forms, small discrete tables), a QuantileTable where it is
// not (PERT, gamma, normal, lognormal, exponential, mixture). Both agree to the
// contract's 1e-6 relative error. For an input a Gaussian copula drives, it also maps a
// normal deviate x to Q(Phi(x)), through a NormalScaleTable where the input is continuous.
//
// References the Distribution it was built from, which must outlive it. Thread-safe.
#pragma once

#include <memory>
#include <span>

#include "engine/random/distribution.h"
#include "engine/random/normal_scale_table.h"
#include "engine/random/quantile_table.h"

namespace rushrisk {

class InputSampler {
 public:
  InputSampler() = default;
  // `on_normal_scale`: the input is driven by a Gaussian copula, so from_normal() is used
  // and worth its own table.
  explicit InputSampler(const Distribution& dist, bool on_normal_scale = false);

  // Q(u).
  double operator()(double u) const { return table_ ? (*table_)(u) : dist_->quantile(u); }
  // Q(Phi(x)): the value for a standard normal deviate x.
  double from_normal(double x) const {
    return normal_scale_ ? (*normal_scale_)(x) : (*this)(uniform_of_normal(x));
  }
  // The same for a batch: out[i] = Q(u[i]), or Q(Phi(x[i])), for every i (the same values,
  // bit for bit, as one at a time).
  void operator()(std::span<const double> u, double* out) const;
  void from_normal(std::span<const double> x, double* out) const;
  bool is_degenerate() const { return degenerate_; }
  // Whether a sampler of a distribution of `kind` (not degenerate) has a table(), and, on
  // the normal scale, a normal_scale_table().
  static bool tabulates(DistKind kind);
  static bool tabulates_on_normal_scale(DistKind kind);
  // Whether InputSampler(dist, on_normal_scale) has any table (built, or shared with a
  // sampler of the same distribution).
  static bool builds_tables(const Distribution& dist, bool on_normal_scale);
  // The table behind this sampler, or nullptr where the exact quantile is used.
  const QuantileTable* table() const { return table_.get(); }
  // The table behind from_normal(), or nullptr where it computes Q(Phi(x)).
  const NormalScaleTable* normal_scale_table() const { return normal_scale_.get(); }
  // The value of a degenerate input.
  double constant() const { return constant_; }

 private:
  const Distribution* dist_ = nullptr;
  std::shared_ptr<const QuantileTable> table_;
  std::shared_ptr<const NormalScaleTable> normal_scale_;
  bool degenerate_ = true;
  double constant_ = 0;
};

}  // namespace rushrisk
