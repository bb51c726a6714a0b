#include "engine/decide/drivers.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "engine/decide/sorted_order.h"

namespace rushrisk {
namespace {

constexpr double kTail = 0.2;

// Mid-ranks (1-based, ties averaged) of `values`, and the order that sorts them.
// Indices are 32-bit (drivers look at up to kDriverTrials records): half the memory to
// fault in and to stream through.
using Index = std::uint32_t;
struct Ranking {
  std::vector<double> rank;
  std::vector<Index> order;
};

Ranking rank_of(const std::vector<double>& values) {
  Ranking r;
  r.order = sorted_order(values);
  r.rank.resize(values.size());
  for (std::size_t i = 0; i < r.order.size();) {
    std::size_t j = i;
    while (j < r.order.size() && values[r.order[j]] == values[r.order[i]]) ++j;
    const double mid = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k) r.rank[r.order[k]] = mid;
    i = j;
  }
  return r;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0;
}

// P(low) over the trials whose value is in the lowest (or highest) 20%, ties at the
// boundary counted fractionally.
double p_low_in_tail(const std::vector<double>& values, const Ranking& ranking,
                     const std::vector<bool>& low, bool highest) {
  const double wanted = kTail * static_cast<double>(values.size());
  const std::size_t n = ranking.order.size();
  const auto at = [&](std::size_t k) { return ranking.order[highest ? n - 1 - k : k]; };
  double taken = 0, low_count = 0;
  for (std::size_t i = 0; i < n && taken < wanted;) {
    std::size_t j = i;
    double group_low = 0;
    while (j < n && values[at(j)] == values[at(i)]) group_low += low[at(j++)];
    const double size = static_cast<double>(j - i);
    const double weight = std::min(1.0, (wanted - taken) / size);
    taken += weight * size;
    low_count += weight * group_low;
    i = j;
  }
  return taken > 0 ? low_count / taken : 0;
}

bool varies(const std::vector<double>& values) {
  return std::any_of(values.begin(), values.end(), [&](double v) { return v != values.front(); });
}

// The trials where an input has a value (per-round inputs have none without rounds).
struct Column {
  std::vector<double> values;
  std::vector<double> quality;
  std::vector<bool> low;
};

Column column_of(std::span<const TrialRecord> records, const auto& value_of) {
  Column c;
  c.values.reserve(records.size());
  c.quality.reserve(records.size());
  c.low.reserve(records.size());
  for (const TrialRecord& r : records) {
    const double v = value_of(r);
    if (std::isnan(v)) continue;
    c.values.push_back(v);
    c.quality.push_back(r.quality);
    c.low.push_back(r.low_quality);
  }
  return c;
}

// `all_quality_rank`: the ranks of Q over every record, reused when the column is complete.
std::optional<Driver> driver_of(std::string name, bool is_risk, const Column& c,
                                const std::vector<double>& all_quality_rank) {
  if (c.values.empty() || !varies(c.values)) return std::nullopt;
  const Ranking ranking = rank_of(c.values);
  const bool complete = c.values.size() == all_quality_rank.size();
  return Driver{std::move(name), is_risk, p_low_in_tail(c.values, ranking, c.low, false),
                p_low_in_tail(c.values, ranking, c.low, true),
                pearson(ranking.rank, complete ? all_quality_rank : rank_of(c.quality).rank)};
}

double conditional_p_low(const Column& c, double value) {
  double count = 0, low = 0;
  for (std::size_t t = 0; t < c.values.size(); ++t) {
    if (c.values[t] != value) continue;
    ++count;
    low += c.low[t];
  }
  return count > 0 ? low / count : 0;
}

}  // namespace

std::vector<Driver> compute_drivers(const Model& model, std::span<const TrialRecord> records) {
  if (records.size() > std::numeric_limits<Index>::max()) {
    throw std::length_error("drivers: more records than 32-bit indices can address");
  }
  std::vector<double> quality(records.size());
  for (std::size_t t = 0; t < records.size(); ++t) quality[t] = records[t].quality;
  const std::vector<double> quality_rank = rank_of(quality).rank;
  // One job per input, then per risk; each ranks its own column (the costly part), so the
  // jobs run on all cores, and their results are kept in job order.
  const auto& risks = model.scenario().risks;
  const std::size_t jobs = kInputCount + risks.size();
  std::vector<std::optional<Driver>> found(jobs);
  auto driver_for = [&](std::size_t job) -> std::optional<Driver> {
    if (job < kInputCount) {
      const auto i = static_cast<int>(job);
      const Column c = column_of(records, [i](const TrialRecord& r) { return r.inputs[i]; });
      return driver_of(std::string(key_path(static_cast<Input>(i))), false, c, quality_rank);
    }
    const std::size_t r = job - kInputCount;
    // An indicator: its "lowest 20%" is the trials where the risk did not occur.
    const Column c = column_of(records, [r](const TrialRecord& t) {
      return static_cast<double>(t.risks_occurred >> r & 1);
    });
    auto d = driver_of(risks[r].name, true, c, quality_rank);
    if (d) {
      d->p_low_if_low = conditional_p_low(c, 0);
      d->p_low_if_high = conditional_p_low(c, 1);
    }
    return d;
  };
  std::atomic<std::size_t> next_job{0};
  auto work = [&] {
    for (std::size_t job = next_job++; job < jobs; job = next_job++) found[job] = driver_for(job);
  };
  {
    const std::size_t helpers =
        std::min<std::size_t>(jobs, std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::jthread> threads;
    for (std::size_t t = 1; t < helpers; ++t) threads.emplace_back(work);
    work();
  }  // joined here
  std::vector<Driver> drivers;
  for (auto& d : found) {
    if (d) drivers.push_back(std::move(*d));
  }
  std::stable_sort(drivers.begin(), drivers.end(), [](const Driver& a, const Driver& b) {
    return std::abs(a.swing()) > std::abs(b.swing());
  });
  return drivers;
}

}  // namespace rushrisk
