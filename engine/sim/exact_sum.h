// ExactSum: a sum of doubles that does not depend on the order of addition.
//
// Each value is rounded to a multiple of 2^-40 (about 1e-12) and added as an integer, so
// any split of the trials over threads or batches gives the same total, bit for bit. The
// rounding error is at most 2^-41 per value: far below any Monte Carlo error. Values must
// be finite with |x| < 2^22 (4 million; hours and qualities are far smaller).
#pragma once

#include <cmath>
#include <cstdint>

namespace rushrisk {

class ExactSum {
 public:
  static constexpr double kScale = 0x1.0p40;

  void add(double x) { total_ += rounded(x * kScale); }
  void add(const ExactSum& other) { total_ += other.total_; }
  double value() const { return static_cast<double>(total_) / kScale; }
  friend bool operator==(const ExactSum&, const ExactSum&) = default;

 private:
  // std::llround (half away from zero), inline: |scaled| < 2^62, so the truncation is
  // exact and so is the fraction left over. (The libm call cost more than the rest of a
  // trial's bookkeeping.)
  static std::int64_t rounded(double scaled) {
    auto whole = static_cast<std::int64_t>(scaled);
    const double fraction = scaled - static_cast<double>(whole);
    if (fraction >= 0.5) ++whole;
    if (fraction <= -0.5) --whole;
    return whole;
  }

  __extension__ __int128 total_ = 0;
};

}  // namespace rushrisk
