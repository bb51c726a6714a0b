#include "engine/random/input_sampler.h"

#include <map>
#include <mutex>
#include <string>

#include <fmt/format.h>

namespace rushrisk {
namespace {

bool worth_a_table(DistKind kind) {
  switch (kind) {
    case DistKind::pert:
    case DistKind::gamma:
    case DistKind::normal:
    case DistKind::lognormal:
    case DistKind::exponential:
    case DistKind::mixture:
      return true;
    default:
      return false;
  }
}

// Tables are built once per distinct distribution and shared: the recommendation builds a
// model per condition, and a sweep one per point, mostly with the same distributions.
std::shared_ptr<const QuantileTable> shared_table(const Distribution& dist) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const QuantileTable>> cache;
  const std::string key = format_distribution(dist, false) + fmt::format("|{}", dist.support_min());
  const std::lock_guard lock(mutex);
  if (auto table = cache[key].lock()) return table;
  auto table = std::make_shared<const QuantileTable>(dist);
  cache[key] = table;
  return table;
}

}  // namespace

InputSampler::InputSampler(const Distribution& dist)
    : dist_(&dist), degenerate_(dist.is_degenerate()), constant_(dist.quantile(0.5)) {
  if (!degenerate_ && worth_a_table(dist.kind())) {
    table_ = shared_table(dist);
  }
}

}  // namespace rushrisk
