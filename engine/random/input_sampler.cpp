#include "engine/random/input_sampler.h"

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

}  // namespace

InputSampler::InputSampler(const Distribution& dist)
    : dist_(&dist), degenerate_(dist.is_degenerate()), constant_(dist.quantile(0.5)) {
  if (!degenerate_ && worth_a_table(dist.kind())) {
    table_ = std::make_shared<const QuantileTable>(dist);
  }
}

}  // namespace rushrisk
