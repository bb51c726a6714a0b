#include "engine/sim/binned_quantiles.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace rushrisk {

BinnedQuantiles::BinnedQuantiles(double low, double high, std::size_t bins)
    : low_(low),
      width_((high - low) / static_cast<double>(bins)),
      bin_count_(bins + 2),
      in_range_(static_cast<double>(bins)),
      pages_((bin_count_ + kPageBins - 1) / kPageBins) {
  if (!(high > low) || bins == 0) throw std::logic_error("BinnedQuantiles: empty range");
  if (bin_count_ > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw std::logic_error("BinnedQuantiles: more bins than a 32-bit index holds");
  }
}

BinnedQuantiles::BinnedQuantiles(const BinnedQuantiles& other)
    : low_(other.low_),
      width_(other.width_),
      bin_count_(other.bin_count_),
      in_range_(other.in_range_),
      pages_(other.pages_.size()),
      total_(other.total_) {
  for (std::size_t p = 0; p < pages_.size(); ++p) {
    if (other.pages_[p]) pages_[p] = std::make_unique<Page>(*other.pages_[p]);
  }
}

BinnedQuantiles& BinnedQuantiles::operator=(const BinnedQuantiles& other) {
  if (this != &other) *this = BinnedQuantiles(other);
  return *this;
}

BinnedQuantiles::Page* BinnedQuantiles::allocate_page(std::size_t page) {
  // Default-initialised: each bin gets its member initialisers, without the zeroing of
  // the whole page that value-initialisation would do first.
  pages_[page] = std::make_unique_for_overwrite<Page>();
  return pages_[page].get();
}

void BinnedQuantiles::merge(const BinnedQuantiles& other) {
  if (other.bin_count_ != bin_count_) throw std::logic_error("BinnedQuantiles: shape differs");
  for (std::size_t p = 0; p < pages_.size(); ++p) {
    if (!other.pages_[p]) continue;
    for (std::size_t i = 0; i < kPageBins; ++i) {
      const Bin& o = (*other.pages_[p])[i];
      if (o.count == 0) continue;
      Bin& b = bin(p * kPageBins + i);
      b.min = o.min < b.min ? o.min : b.min;
      b.max = o.max > b.max ? o.max : b.max;
      b.count += o.count;
    }
  }
  total_ += other.total_;
}

double BinnedQuantiles::quantile_percent(int percent) const {
  if (total_ == 0) return std::numeric_limits<double>::quiet_NaN();
  // k = ceil(p N) in integers, so 0.1 * N has no rounding surprise.
  const std::uint64_t rank =
      std::max<std::uint64_t>(1, (static_cast<std::uint64_t>(percent) * total_ + 99) / 100);
  std::uint64_t seen = 0;
  for (const auto& page : pages_) {
    if (!page) continue;
    for (const Bin& b : *page) {
      seen += b.count;
      if (seen < rank) continue;
      if (b.min > b.max) return std::numeric_limits<double>::quiet_NaN();  // NaNs alone
      if (b.min == b.max || std::isinf(b.max)) return b.max;
      // The midpoint of [-inf, x] would be -inf + inf, NaN; as [x, +inf] reads +inf, the
      // unbounded end is the answer.
      if (std::isinf(b.min)) return b.min;
      return b.min + (b.max - b.min) / 2;
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace rushrisk
