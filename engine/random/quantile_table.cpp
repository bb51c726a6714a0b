#include "engine/random/quantile_table.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "engine/random/cubic_cell.h"
#include "engine/random/parallel_chunks.h"
#include "engine/random/table_lanes.h"

namespace rushrisk {
namespace {

constexpr int kMantissaBits = 52;
// Table entries built per task (a few hundred exact quantiles).
constexpr std::size_t kChunk = 128;

// Segment ends: 0, the atom edges that leave room for a segment, 1.
std::vector<double> segment_ends(const Distribution& dist) {
  std::vector<double> ends{0.0};
  for (double edge : dist.atom_edges()) {
    if (edge - ends.back() >= QuantileTable::kShortestSegment &&
        1.0 - edge >= QuantileTable::kShortestSegment) {
      ends.push_back(edge);
    }
  }
  ends.push_back(1.0);
  return ends;
}

}  // namespace

QuantileTable::QuantileTable(const Distribution& dist)
    : dist_(dist), support_min_(dist.support_min()), support_max_(dist.support_max()) {
  const std::vector<double> ends = segment_ends(dist);
  for (std::size_t i = 0; i + 1 < ends.size(); ++i) {
    segments_.push_back(
        {ends[i], ends[i + 1], 1.0 / (ends[i + 1] - ends[i]), 2 * i * kCellsPerSide});
  }
  for (const Segment& segment : segments_) {
    segment_from_.push_back(segment.from);
    segment_to_.push_back(segment.to);
    segment_per_u_.push_back(segment.per_u);
    segment_offset_.push_back(static_cast<std::int64_t>(segment.offset));
  }
  cells_.assign(2 * kCellsPerSide * segments_.size(), cubic_cell::kDeferred);
  // Side s is side s % 2 of segment s / 2. First the exact quantile at every node of the
  // fitted cells of every side, with one extra node on each end for the stencils; then
  // every fitted cell, fitted and checked. Both loops run on all cores: the exact quantile
  // is what a build costs.
  constexpr int kFitted = kCellsPerSide - kFirstTabulatedCell;
  constexpr std::size_t kNodes = kFitted + 3;  // nodes kFirstTabulatedCell - 1 on
  const std::size_t sides = 2 * segments_.size();
  std::vector<double> x(sides * kNodes), y(sides * kNodes);
  const auto u_of = [&](std::size_t s, double v) {
    return u_at(segments_[s / 2], static_cast<int>(s % 2), v);
  };
  for_each_chunk(sides * kNodes, kChunk, [&](std::size_t begin, std::size_t end) {
    for (std::size_t j = begin; j < end; ++j) {
      x[j] = node(kFirstTabulatedCell - 1 + static_cast<int>(j % kNodes));
      y[j] = dist_.quantile(u_of(j / kNodes, x[j]));
    }
  });
  for_each_chunk(sides * kFitted, kChunk, [&](std::size_t begin, std::size_t end) {
    for (std::size_t j = begin; j < end; ++j) {
      const std::size_t s = j / kFitted, i = j % kFitted;
      const double* xs = &x[s * kNodes + i];
      const double* ys = &y[s * kNodes + i];
      cells_[segments_[s / 2].offset + (s % 2) * kCellsPerSide + kFirstTabulatedCell + i] =
          cubic_cell::fitted({xs[0], xs[1], xs[2], xs[3]}, {ys[0], ys[1], ys[2], ys[3]}, s % 2 == 0,
                             kTableTolerance, [&](double v) { return dist_.quantile(u_of(s, v)); });
    }
  });
  refine_failed_cells();
}

void QuantileTable::refine_failed_cells() {
  first_subcell_.assign(cells_.size(), -1);
  struct Failed {
    std::size_t side;  // side s % 2 of segment s / 2
    int cell;
  };
  const auto index_of = [&](const Failed& f) {
    return segments_[f.side / 2].offset + (f.side % 2) * kCellsPerSide +
           static_cast<std::size_t>(f.cell);
  };
  std::vector<Failed> failed;
  for (std::size_t s = 0; s < 2 * segments_.size(); ++s) {
    for (int c = kFirstTabulatedCell; c < kCellsPerSide; ++c) {
      if (cubic_cell::is_deferred(cells_[index_of({s, c})])) failed.push_back({s, c});
    }
  }
  subcells_.assign(failed.size() * kSubcells, cubic_cell::kDeferred);
  // A sub-cell's stencil is its own two nodes and one on each side, the outer ones in the
  // neighbouring cells (v stays inside the segment: v <= 1/2 + 1/1024).
  for_each_chunk(failed.size(), 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t j = begin; j < end; ++j) {
      const Failed f = failed[j];
      const double x1 = node(f.cell), step = (node(f.cell + 1) - x1) / kSubcells;
      const auto exact = [&](double v) {
        return dist_.quantile(u_at(segments_[f.side / 2], static_cast<int>(f.side % 2), v));
      };
      std::array<double, kSubcells + 3> x, y;
      for (int k = 0; k < kSubcells + 3; ++k) {
        x[k] = x1 + (k - 1) * step;
        y[k] = exact(x[k]);
      }
      for (int k = 0; k < kSubcells; ++k) {
        subcells_[j * kSubcells + static_cast<std::size_t>(k)] = cubic_cell::fitted(
            {x[k], x[k + 1], x[k + 2], x[k + 3]}, {y[k], y[k + 1], y[k + 2], y[k + 3]},
            f.side % 2 == 0, kTableTolerance, exact);
      }
    }
  });
  for (std::size_t j = 0; j < failed.size(); ++j) {
    first_subcell_[index_of(failed[j])] = static_cast<std::int32_t>(j * kSubcells);
  }
}

double QuantileTable::node(int index) {
  const int octave = index / kCellsPerOctave;
  const int cell = index % kCellsPerOctave;
  return std::ldexp(1.0 + static_cast<double>(cell) / kCellsPerOctave, kLowestExponent + octave);
}

double QuantileTable::u_at(const Segment& segment, int side, double v) {
  const double length = segment.to - segment.from;
  return side == 0 ? segment.from + v * length : segment.to - v * length;
}

int QuantileTable::cell_of(double v, double& t) {
  const auto bits = std::bit_cast<std::uint64_t>(v);
  const int exponent = static_cast<int>(bits >> kMantissaBits) - 1023;
  constexpr int shift = kMantissaBits - kCellsPerOctaveLog2;
  const auto cell = static_cast<int>((bits >> shift) & (kCellsPerOctave - 1));
  t = static_cast<double>(bits & ((std::uint64_t{1} << shift) - 1)) * 0x1.0p-47;
  return (exponent - kLowestExponent) * kCellsPerOctave + cell;
}

bool QuantileTable::locate(double u, std::size_t& index, double& t) const {
  const Segment* segment = segments_.data();
  while (u >= segment->to && segment + 1 != segments_.data() + segments_.size()) ++segment;
  // The distance to the nearer end, each computed from its own end so it stays exact.
  const double below = (u - segment->from) * segment->per_u;
  const double above = (segment->to - u) * segment->per_u;
  const int side = above < below ? 1 : 0;
  const double v = side ? above : below;
  if (!(v >= 0x1.0p-31 && v < 0.5)) return false;
  index = segment->offset + static_cast<std::size_t>(side * kCellsPerSide) +
          static_cast<std::size_t>(cell_of(v, t));
  return true;
}

double QuantileTable::tabulated(double u) const {
  std::size_t index = 0;
  double t = 0;
  if (!locate(u, index, t)) return cubic_cell::kNaN;
  // NaN stays NaN through evaluate() and clamp() (a deferred cell).
  return std::clamp(cubic_cell::evaluate(cells_[index], t), support_min_, support_max_);
}

double QuantileTable::deferred(double u) const {
  std::size_t index = 0;
  double t = 0;
  if (locate(u, index, t) && first_subcell_[index] >= 0) {
    const double scaled = t * kSubcells;  // exact
    const int k = std::min(static_cast<int>(scaled), kSubcells - 1);
    const auto& cell = subcells_[static_cast<std::size_t>(first_subcell_[index] + k)];
    if (!cubic_cell::is_deferred(cell)) {
      return std::clamp(cubic_cell::evaluate(cell, scaled - k), support_min_, support_max_);
    }
  }
  return dist_.quantile(u);
}

double QuantileTable::operator()(double u) const {
  const double q = tabulated(u);
  return std::isnan(q) ? deferred(u) : q;
}

void QuantileTable::operator()(std::span<const double> u, double* out) const {
  static const VectorPath best = used_vector_path();
  (*this)(best, u, out);
}

void QuantileTable::operator()(VectorPath path, std::span<const double> u, double* out) const {
#ifdef RUSHRISK_TABLE_KERNELS
  if (path == VectorPath::avx512 || path == VectorPath::avx2) {
    const table_lanes::QuantileColumns columns{
        segments_.size(),      segment_from_.data(),   segment_to_.data(),
        segment_per_u_.data(), segment_offset_.data(), cells_.front().data(),
        kCellsPerSide,         support_min_,           support_max_};
    const auto kernel =
        path == VectorPath::avx512 ? table_lanes::quantile_avx512 : table_lanes::quantile_avx2;
    kernel(columns, u.data(), u.size(), out);
    fill_deferred(u, out);
    return;
  }
#endif
  (void)path;
  for (std::size_t i = 0; i < u.size(); ++i) out[i] = tabulated(u[i]);
  fill_deferred(u, out);
}

void QuantileTable::fill_deferred(std::span<const double> u, double* out) const {
  cubic_cell::fill_deferred(u.data(), u.size(), out,
                            [this](double value) { return deferred(value); });
}

bool QuantileTable::answered_by_subcells(std::size_t cell) const {
  const std::int32_t first = first_subcell_[cell];
  return first >= 0 &&
         std::none_of(subcells_.begin() + first, subcells_.begin() + first + kSubcells,
                      [](const auto& c) { return cubic_cell::is_deferred(c); });
}

int QuantileTable::exact_cells() const {
  int exact = 0;
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    const bool fitted = static_cast<int>(i % kCellsPerSide) >= kFirstTabulatedCell;
    exact += fitted && cubic_cell::is_deferred(cells_[i]) && !answered_by_subcells(i);
  }
  return exact;
}

int QuantileTable::refined_cells() const {
  int refined = 0;
  for (std::size_t i = 0; i < cells_.size(); ++i) refined += answered_by_subcells(i);
  return refined;
}

}  // namespace rushrisk
