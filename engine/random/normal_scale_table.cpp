#include "engine/random/normal_scale_table.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "engine/random/cubic_cell.h"
#include "engine/random/normal.h"
#include "engine/random/parallel_chunks.h"
#include "engine/random/quantile_table.h"
#include "engine/random/table_lanes.h"

namespace rushrisk {
namespace {

// Table entries built per task.
constexpr std::size_t kChunk = 128;

double node(int index) {
  return NormalScaleTable::kLow + static_cast<double>(index) / NormalScaleTable::kCellsPerUnit;
}

}  // namespace

NormalScaleTable::NormalScaleTable(const Distribution& dist,
                                   std::shared_ptr<const QuantileTable> in_u)
    : dist_(dist),
      support_min_(dist.support_min()),
      support_max_(dist.support_max()),
      in_u_(std::move(in_u)),
      cells_(kCells) {
  // Exact values at every node, with one extra node on each end for the stencils; then
  // every cell, fitted and checked. Both loops run on all cores.
  std::vector<double> y(kCells + 3);
  for_each_chunk(y.size(), kChunk, [&](std::size_t begin, std::size_t end) {
    for (std::size_t j = begin; j < end; ++j) y[j] = exact(node(static_cast<int>(j) - 1));
  });
  for_each_chunk(kCells, kChunk, [&](std::size_t begin, std::size_t end) {
    for (std::size_t j = begin; j < end; ++j) {
      const int i = static_cast<int>(j);
      const std::array<double, 4> xs{node(i - 1), node(i), node(i + 1), node(i + 2)};
      const std::array<double, 4> ys{y[j], y[j + 1], y[j + 2], y[j + 3]};
      cells_[j] =
          cubic_cell::fitted(xs, ys, true, kTableTolerance, [&](double x) { return exact(x); });
    }
  });
}

double uniform_of_normal(double x) {
  // Phi(x) rounds to 1 from x = 8.3 on (and to 0 below x = -38), where quantiles may be
  // infinite or fail: keep u inside (0, 1).
  constexpr double kHighest = 1 - 0x1.0p-53;
  return std::clamp(normal_cdf(x), std::numeric_limits<double>::min(), kHighest);
}

double NormalScaleTable::exact(double x) const { return dist_.quantile(uniform_of_normal(x)); }

double NormalScaleTable::deferred(double x) const {
  return in_u_ ? (*in_u_)(uniform_of_normal(x)) : exact(x);
}

double NormalScaleTable::tabulated(double x) const {
  const double position = (x - kLow) * kCellsPerUnit;
  if (!(position >= 0 && position < kCells)) return cubic_cell::kNaN;
  const auto index = static_cast<std::size_t>(position);
  // NaN stays NaN through evaluate() and clamp() (a deferred cell).
  return std::clamp(cubic_cell::evaluate(cells_[index], position - static_cast<double>(index)),
                    support_min_, support_max_);
}

double NormalScaleTable::operator()(double x) const {
  const double q = tabulated(x);
  return std::isnan(q) ? deferred(x) : q;
}

void NormalScaleTable::operator()(std::span<const double> x, double* out) const {
  static const VectorPath best = used_vector_path();
  (*this)(best, x, out);
}

void NormalScaleTable::operator()(VectorPath path, std::span<const double> x, double* out) const {
#ifdef RUSHRISK_TABLE_KERNELS
  if (path == VectorPath::avx512 || path == VectorPath::avx2) {
    const table_lanes::NormalScaleColumns columns{
        kLow, kCellsPerUnit, kCells, cells_.front().data(), support_min_, support_max_};
    const auto kernel = path == VectorPath::avx512 ? table_lanes::normal_scale_avx512
                                                   : table_lanes::normal_scale_avx2;
    kernel(columns, x.data(), x.size(), out);
    fill_deferred(x, out);
    return;
  }
#endif
  (void)path;
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = tabulated(x[i]);
  fill_deferred(x, out);
}

void NormalScaleTable::fill_deferred(std::span<const double> x, double* out) const {
  cubic_cell::fill_deferred(x.data(), x.size(), out,
                            [this](double value) { return deferred(value); });
}

int NormalScaleTable::exact_cells() const {
  return static_cast<int>(std::count_if(cells_.begin(), cells_.end(), cubic_cell::is_deferred));
}

namespace {
const QuantileTable& standard_normal_table() {
  static const QuantileTable table(Distribution::normal(0, 1, false));
  return table;
}
}  // namespace

double tabulated_normal_quantile(double u) { return standard_normal_table()(u); }

void tabulated_normal_quantile(std::span<const double> u, double* out) {
  standard_normal_table()(u, out);
}

}  // namespace rushrisk
