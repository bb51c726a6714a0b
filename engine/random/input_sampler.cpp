#include "engine/random/input_sampler.h"

#include <map>
#include <mutex>
#include <string>
#include <utility>

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

// Discrete inputs jump at every value: a table on the normal scale would defer to the
// exact quantile in most cells, which is itself a short search.
bool continuous(DistKind kind) { return kind != DistKind::discrete && kind != DistKind::empirical; }

// Tables are built once per distinct distribution and shared: the recommendation builds a
// model per condition, and a sweep one per point, mostly with the same distributions.
// A build runs outside the lock, so a model's tables can be built side by side; two
// threads that want the same new table both build it (the same bits) and the first kept
// is shared.
template <class Table, class... Extra>
std::shared_ptr<const Table> shared_table(const Distribution& dist, Extra&&... extra) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const Table>> cache;
  const std::string key = format_distribution(dist, false) + fmt::format("|{}", dist.support_min());
  {
    const std::lock_guard lock(mutex);
    if (auto table = cache[key].lock()) return table;
  }
  auto built = std::make_shared<const Table>(dist, std::forward<Extra>(extra)...);
  const std::lock_guard lock(mutex);
  if (auto table = cache[key].lock()) return table;
  cache[key] = built;
  return built;
}

}  // namespace

bool InputSampler::tabulates(DistKind kind) { return worth_a_table(kind); }
bool InputSampler::tabulates_on_normal_scale(DistKind kind) { return continuous(kind); }

InputSampler::InputSampler(const Distribution& dist, bool on_normal_scale)
    : dist_(&dist), degenerate_(dist.is_degenerate()), constant_(dist.quantile(0.5)) {
  if (degenerate_) return;
  if (tabulates(dist.kind())) table_ = shared_table<QuantileTable>(dist);
  if (on_normal_scale && tabulates_on_normal_scale(dist.kind())) {
    normal_scale_ = shared_table<NormalScaleTable>(dist, table_);
  }
}

void InputSampler::operator()(std::span<const double> u, double* out) const {
  if (table_) {
    (*table_)(u, out);
  } else {
    dist_->quantiles(u, out);
  }
}

void InputSampler::from_normal(std::span<const double> x, double* out) const {
  if (normal_scale_) {
    (*normal_scale_)(x, out);
  } else {
    for (std::size_t i = 0; i < x.size(); ++i) out[i] = from_normal(x[i]);
  }
}

}  // namespace rushrisk
