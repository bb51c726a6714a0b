#include "engine/sim/binned_quantiles.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace rushrisk {

BinnedQuantiles::BinnedQuantiles(double low, double high, std::size_t bins)
    : low_(low), width_((high - low) / static_cast<double>(bins)), bins_(bins + 2) {
  if (!(high > low) || bins == 0) throw std::logic_error("BinnedQuantiles: empty range");
}

std::size_t BinnedQuantiles::bin_of(double value) const {
  if (value < low_) return 0;
  const double position = (value - low_) / width_;
  const std::size_t in_range = bins_.size() - 2;
  if (!(position < static_cast<double>(in_range))) return bins_.size() - 1;
  return static_cast<std::size_t>(position) + 1;
}

void BinnedQuantiles::add(double value) {
  Bin& bin = bins_[bin_of(value)];
  if (bin.count == 0 || value < bin.min) bin.min = value;
  if (bin.count == 0 || value > bin.max) bin.max = value;
  ++bin.count;
  ++total_;
}

void BinnedQuantiles::merge(const BinnedQuantiles& other) {
  if (other.bins_.size() != bins_.size()) throw std::logic_error("BinnedQuantiles: shape differs");
  for (std::size_t i = 0; i < bins_.size(); ++i) {
    const Bin& o = other.bins_[i];
    if (o.count == 0) continue;
    Bin& b = bins_[i];
    if (b.count == 0 || o.min < b.min) b.min = o.min;
    if (b.count == 0 || o.max > b.max) b.max = o.max;
    b.count += o.count;
  }
  total_ += other.total_;
}

double BinnedQuantiles::quantile_percent(int percent) const {
  if (total_ == 0) return std::numeric_limits<double>::quiet_NaN();
  // k = ceil(p N) in integers, so 0.1 * N has no rounding surprise.
  const std::uint64_t rank =
      std::max<std::uint64_t>(1, (static_cast<std::uint64_t>(percent) * total_ + 99) / 100);
  std::uint64_t seen = 0;
  for (const Bin& bin : bins_) {
    seen += bin.count;
    if (seen < rank) continue;
    if (bin.min == bin.max || std::isinf(bin.max)) return bin.max;
    return bin.min + (bin.max - bin.min) / 2;
  }
  return bins_.back().max;
}

}  // namespace rushrisk
