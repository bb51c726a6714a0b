// ExactSum: a sum of doubles that does not depend on the order of addition.
//
// Each value is rounded to the nearest multiple of 2^-40 (about 1e-12; ties to even, so
// ties carry no bias) and added as an integer, so any split of the trials over threads or
// batches gives the same total, bit for bit. The rounding error is at most 2^-41 per
// value: far below any Monte Carlo error. Values must be finite with |x| < 2^22 (4 million;
// hours and qualities are far smaller).
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#if defined(__x86_64__)
#include <emmintrin.h>
#endif

namespace rushrisk {

class ExactSum {
 public:
  static constexpr double kScale = 0x1.0p40;

  void add(double x) { total_ += rounded(x * kScale); }
  // add() of each of n <= 2^31 values: the same total, bit for bit, in a loop of adds and
  // multiplications that vectorises (x86-64 has no vector conversion of doubles to 64-bit
  // integers before AVX-512DQ). Each scaled value s, |s| < 2^62, is taken apart exactly:
  // - h = s / 2^31 rounded to an integer, |h| <= 2^31, by adding 1.5 * 2^52, where doubles
  //   are 1 apart, whose bits are then h plus those of 1.5 * 2^52;
  // - s - h * 2^31, |.| <= min(|s|, 2^30) (h is 0 where |s| < 2^30), a multiple of s's
  //   last bit, so exact; rounded the same way.
  // s = h * 2^31 + (s - h * 2^31), and h * 2^31 is an even integer, so rounding the second
  // part to nearest, ties to even, rounds s: the integer rounded() gives (both round in
  // the default mode, to nearest).
  __attribute__((always_inline)) void add_all(const double* values, std::size_t n) {
    // Sums of the h and of the rounded remainders, unsigned so that they wrap, defined,
    // even for values outside the contract (a NaN or an infinity gives a garbage total, as
    // add() does, not undefined behaviour); in range they never wrap.
    std::uint64_t high = 0, low = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double scaled = values[i] * kScale;
      const double shifted = scaled * 0x1.0p-31 + kOffset;
      const double h = (shifted - kOffset) * 0x1.0p31;
      high += std::bit_cast<std::uint64_t>(shifted) - kOffsetBits;
      low += std::bit_cast<std::uint64_t>((scaled - h) + kOffset) - kOffsetBits;
    }
    total_ +=
        static_cast<decltype(total_)>(static_cast<std::int64_t>(high)) * (std::int64_t{1} << 31) +
        static_cast<std::int64_t>(low);
  }
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

  static constexpr double kOffset = 0x1.8p52;
  static constexpr std::uint64_t kOffsetBits = std::bit_cast<std::uint64_t>(kOffset);

  __extension__ __int128 total_ = 0;
};

}  // namespace rushrisk
