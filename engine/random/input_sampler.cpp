#include "engine/random/input_sampler.h"

#include <future>
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
// model per condition, and a sweep one per point, mostly with the same distributions. A
// build runs outside the lock, so that a model's tables are built side by side; a thread
// that wants a table another thread is building waits for that one.
template <class Table, class... Extra>
std::shared_ptr<const Table> shared_table(const Distribution& dist, Extra&&... extra) {
  using Shared = std::shared_ptr<const Table>;
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const Table>> cache;
  static std::map<std::string, std::shared_future<Shared>> building;
  const std::string key = format_distribution(dist, false) + fmt::format("|{}", dist.support_min());
  std::promise<Shared> built;
  {
    std::unique_lock lock(mutex);
    if (Shared table = cache[key].lock()) return table;
    if (const auto other = building.find(key); other != building.end()) {
      const std::shared_future<Shared> table = other->second;
      lock.unlock();
      return table.get();
    }
    building.emplace(key, built.get_future().share());
  }
  // Whatever happens, the key leaves `building` and its waiters get the table or the error.
  Shared table;
  try {
    table = std::make_shared<const Table>(dist, std::forward<Extra>(extra)...);
    const std::lock_guard lock(mutex);
    cache[key] = table;
    building.erase(key);
  } catch (...) {
    {
      const std::lock_guard lock(mutex);
      building.erase(key);
    }
    built.set_exception(std::current_exception());
    throw;
  }
  built.set_value(table);
  return table;
}

}  // namespace

bool InputSampler::tabulates(DistKind kind) { return worth_a_table(kind); }
bool InputSampler::tabulates_on_normal_scale(DistKind kind) { return continuous(kind); }
bool InputSampler::builds_tables(const Distribution& dist, bool on_normal_scale) {
  return !dist.is_degenerate() &&
         (tabulates(dist.kind()) || (on_normal_scale && tabulates_on_normal_scale(dist.kind())));
}

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
