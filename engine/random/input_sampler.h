// InputSampler: the quantile function a simulation uses for one input — the exact one
// where it is cheap (closed forms, small discrete tables), a QuantileTable where it is
// not (PERT, gamma, normal, lognormal, exponential, mixture). Both agree to the
// contract's 1e-6 relative error.
//
// References the Distribution it was built from, which must outlive it. Thread-safe.
#pragma once

#include <memory>

#include "engine/random/distribution.h"
#include "engine/random/quantile_table.h"

namespace rushrisk {

class InputSampler {
 public:
  InputSampler() = default;
  explicit InputSampler(const Distribution& dist);

  double operator()(double u) const { return table_ ? (*table_)(u) : dist_->quantile(u); }
  bool is_degenerate() const { return degenerate_; }
  // The table behind this sampler, or nullptr where the exact quantile is used.
  const QuantileTable* table() const { return table_.get(); }
  // The value of a degenerate input.
  double constant() const { return constant_; }

 private:
  const Distribution* dist_ = nullptr;
  std::shared_ptr<const QuantileTable> table_;
  bool degenerate_ = true;
  double constant_ = 0;
};

}  // namespace rushrisk
