// Writing a Distribution back in the scenario format (for `rushrisk validate`).
#include <fmt/format.h>

#include "engine/random/distribution.h"

namespace rushrisk {
namespace {

std::string value(double v, bool as_hours) {
  return as_hours ? fmt::format("\"{}h\"", v) : fmt::format("{}", v);
}

std::string list(const std::vector<double>& values, bool as_hours) {
  std::string out;
  for (double v : values) out += fmt::format("{}{}", out.empty() ? "" : ", ", value(v, as_hours));
  return "[" + out + "]";
}

// PERT keeps alpha and beta; lambda follows from either.
double pert_lambda(double min, double mode, double max, double alpha, double beta) {
  if (mode > min) return (alpha - 1) * (max - min) / (mode - min);
  if (max > mode) return (beta - 1) * (max - min) / (max - mode);
  return 4;
}

}  // namespace

std::string format_distribution(const Distribution& d, bool as_hours) {
  const auto v = [as_hours](double x) { return value(x, as_hours); };
  switch (d.kind_) {
    case DistKind::fixed:
      return v(d.p0_);
    case DistKind::uniform:
      return fmt::format("{{ dist = \"uniform\", min = {}, max = {} }}", v(d.p0_), v(d.p1_));
    case DistKind::triangular:
      return fmt::format("{{ dist = \"triangular\", min = {}, mode = {}, max = {} }}", v(d.p0_),
                         v(d.p1_), v(d.p2_));
    case DistKind::pert:
      return fmt::format("{{ dist = \"pert\", min = {}, mode = {}, max = {}, lambda = {} }}",
                         v(d.p0_), v(d.p1_), v(d.p2_),
                         pert_lambda(d.p0_, d.p1_, d.p2_, d.p3_, d.p4_));
    case DistKind::normal:
      return fmt::format("{{ dist = \"normal\", mean = {}, sd = {} }}", v(d.p0_), v(d.p1_));
    case DistKind::lognormal:
      return fmt::format("{{ dist = \"lognormal\", mu = {}, sigma = {} }}", d.p0_, d.p1_);
    case DistKind::exponential:
      return fmt::format("{{ dist = \"exponential\", mean = {} }}", v(d.p0_));
    case DistKind::gamma:
      return fmt::format("{{ dist = \"gamma\", mean = {}, sd = {} }}", v(d.p2_), v(d.p3_));
    case DistKind::discrete: {
      std::vector<double> weights;
      double previous = 0;
      for (double c : d.cumulative_) {
        weights.push_back(c - previous);
        previous = c;
      }
      return fmt::format("{{ dist = \"discrete\", values = {}, weights = {} }}",
                         list(d.values_, as_hours), list(weights, false));
    }
    case DistKind::empirical:
      return fmt::format("{{ dist = \"empirical\", samples = {} }}", list(d.values_, as_hours));
    case DistKind::mixture: {
      std::string components;
      for (const Distribution::Component& c : d.components_) {
        std::string inner = format_distribution(c.dist, as_hours);
        if (c.dist.kind_ == DistKind::fixed) {
          inner = fmt::format("{{ dist = \"fixed\", value = {} }}", inner);
        }
        components += fmt::format("{}{{ weight = {}, {}", components.empty() ? "" : ", ", c.weight,
                                  inner.substr(2));
      }
      return fmt::format("{{ dist = \"mixture\", components = [{}] }}", components);
    }
  }
  return v(d.p0_);
}

}  // namespace rushrisk
