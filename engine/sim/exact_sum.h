// ExactSum: a sum of doubles that does not depend on the order of addition.
//
// Each value is rounded to the nearest multiple of 2^-40 (about 1e-12; ties to even, so
// ties carry no bias) and added as an integer, so any split of the trials over threads or
// batches gives the same total, bit for bit. The rounding error is at most 2^-41 per
// value: far below any Monte Carlo error. Values must be finite with |x| < 2^22 (4 million;
// hours and qualities are far smaller).
#pragma once

#include <cmath>
#include <cstdint>
#if defined(__x86_64__)
#include <emmintrin.h>
#endif

namespace rushrisk {

class ExactSum {
 public:
  static constexpr double kScale = 0x1.0p40;

  void add(double x) { total_ += rounded(x * kScale); }
  void add(const ExactSum& other) { total_ += other.total_; }
  double value() const { return static_cast<double>(total_) / kScale; }
  friend bool operator==(const ExactSum&, const ExactSum&) = default;

 private:
  // std::llrint: to the nearest integer, ties to even (the default rounding mode), in one
  // instruction on x86-64 (the libm call cost more than the rest of a trial's bookkeeping).
  // |scaled| < 2^62, so it fits.
  static std::int64_t rounded(double scaled) {
#if defined(__x86_64__)
    return _mm_cvtsd_si64(_mm_set_sd(scaled));
#else
    return std::llrint(scaled);
#endif
  }

  __extension__ __int128 total_ = 0;
};

}  // namespace rushrisk
