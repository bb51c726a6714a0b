// BinnedQuantiles: quantiles of a stream of values in memory independent of its length.
//
// Values fall into equal-width bins over [low, high); each bin keeps its count and the
// smallest and largest value it received (values outside go to an underflow or overflow
// bin, +inf included). The p-quantile is the inverse empirical CDF — the k-th smallest
// value, k = ceil(p N) — located exactly by the counts; within its bin it is reported as
// the midpoint of the bin's [min, max], so the error is at most half the bin width, and
// zero when the bin holds one distinct value. Merging is exact and order-independent,
// so any split of the trials gives the same bytes. Values are not NaN (the engine's
// outcomes never are); a NaN is counted in the overflow bin but is neither its min nor
// its max, and a quantile that lands in a bin of NaNs alone is NaN.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

namespace rushrisk {

class BinnedQuantiles {
 public:
  BinnedQuantiles() = default;
  BinnedQuantiles(double low, double high, std::size_t bins);
  BinnedQuantiles(const BinnedQuantiles& other);
  BinnedQuantiles& operator=(const BinnedQuantiles& other);
  BinnedQuantiles(BinnedQuantiles&&) noexcept = default;
  BinnedQuantiles& operator=(BinnedQuantiles&&) noexcept = default;

  // A bin: how many values it received, and the least and greatest of them. An empty
  // bin's min and max stand beyond any value, so the first value becomes both without a
  // test of the count (+inf included: it is not below +inf, and stays).
  struct Bin {
    std::uint64_t count = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
  };

  void add(double value) { add_to(bin_for(value), value); }
  // The same in two steps, for adding many values: a value's bin, then the value. Touch
  // the bins of values a few places ahead first, and their cache misses overlap.
  Bin& bin_for(double value) { return bin(bin_of(value)); }
  // bin_for() in two steps: the bins' indices, then each bin. indices_of() is bin_of()
  // as selects, without a branch, and with a 32-bit conversion (the constructor keeps the
  // bins fewer than 2^31), which AVX2 has for vectors and a 64-bit one it has not: it
  // vectorises where it is compiled for AVX2 or AVX-512 (vector_code.h). The same index as
  // bin_of(), for every value.
  __attribute__((always_inline)) void indices_of(const double* values, std::size_t n,
                                                 std::int32_t* indices) const {
    const double low = low_, width = width_, in_range = in_range_;
    for (std::size_t i = 0; i < n; ++i) {
      const double position = (values[i] - low) / width;
      // A NaN position (a NaN value) is not below in_range: the overflow bin, as bin_of().
      double clamped = position < in_range ? position : in_range;
      clamped = values[i] < low ? -1.0 : clamped;
      indices[i] = static_cast<std::int32_t>(clamped) + 1;
    }
  }
  Bin& bin_at(std::int32_t index) { return bin(static_cast<std::size_t>(index)); }
  static void touch(const Bin& b) { __builtin_prefetch(&b); }
  void add_to(Bin& b, double value) {
    add_to_bin(b, value);
    ++total_;
  }
  // add_to() in two parts, for a loop of adds: the bins, then the count once, by
  // add_to_total(). Bin counts and the total are both std::uint64_t, so the compiler must
  // assume that a bin's store may change the total, and reads and writes it every add.
  static void add_to_bin(Bin& b, double value) {
    b.min = value < b.min ? value : b.min;
    b.max = value > b.max ? value : b.max;
    ++b.count;
  }
  // add_to_bin(b, value) `times` times over: after the first, min and max stay.
  static void add_to_bin(Bin& b, double value, std::uint64_t times) {
    if (times == 0) return;
    add_to_bin(b, value);
    b.count += times - 1;
  }
  void add_to_total(std::uint64_t values) { total_ += values; }
  void merge(const BinnedQuantiles& other);
  // The quantile at percent/100 (percent in [1, 100]) within error bound(); NaN if empty.
  double quantile_percent(int percent) const;
  std::uint64_t count() const { return total_; }
  double bin_width() const { return width_; }
  // The largest error quantile_percent() can make (half a bin width).
  double error_bound() const { return width_ / 2; }

 private:
  // The bound as a double, and the truncation to a signed integer (position is in
  // [0, in_range_) there, and the bins, allocated, are far fewer than 2^63): baseline
  // x86-64 converts between doubles and unsigned 64-bit integers in several
  // instructions, signed ones in one, and a tally finds three bins a trial.
  std::size_t bin_of(double value) const {
    if (value < low_) return 0;
    const double position = (value - low_) / width_;
    if (!(position < in_range_)) return bin_count_ - 1;
    return static_cast<std::size_t>(static_cast<std::int64_t>(position)) + 1;
  }
  // Bins live in pages allocated when first touched: a run touches few of them, and
  // fresh memory (page faults, zeroing, merging) was most of a short run's fixed cost.
  static constexpr std::size_t kPageBins = 512;
  using Page = std::array<Bin, kPageBins>;

  Bin& bin(std::size_t index) {
    Page* page = pages_[index / kPageBins].get();
    if (!page) [[unlikely]]
      page = allocate_page(index / kPageBins);
    return (*page)[index % kPageBins];
  }
  Page* allocate_page(std::size_t page);

  double low_ = 0;
  double width_ = 1;
  std::size_t bin_count_ = 0;                 // [0] underflow, [1..n] in range, [n + 1] overflow
  double in_range_ = 0;                       // n, the bins in range
  std::vector<std::unique_ptr<Page>> pages_;  // page p holds bins [p * kPageBins, ...)
  std::uint64_t total_ = 0;
};

}  // namespace rushrisk
