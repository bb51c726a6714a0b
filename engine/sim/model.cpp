#include "engine/sim/model.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <Eigen/Cholesky>
#include <Eigen/Core>

namespace rushrisk {
namespace {

std::vector<double> cholesky_of_pairs(const std::vector<Input>& inputs,
                                      const std::vector<RankPair>& pairs) {
  const auto n = static_cast<Eigen::Index>(inputs.size());
  const auto index = [&](Input i) {
    return static_cast<Eigen::Index>(std::find(inputs.begin(), inputs.end(), i) - inputs.begin());
  };
  Eigen::MatrixXd matrix = Eigen::MatrixXd::Identity(n, n);
  for (const RankPair& p : pairs) {
    // Spearman's rho of a Gaussian copula relates to its correlation by 2 sin(pi r / 6).
    matrix(index(p.a), index(p.b)) = matrix(index(p.b), index(p.a)) =
        2 * std::sin(M_PI * p.spearman / 6);
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(matrix);
  if (llt.info() != Eigen::Success) {
    throw std::logic_error("correlation pairs are not positive definite (the parser checks this)");
  }
  const Eigen::MatrixXd lower = llt.matrixL();
  std::vector<double> factor(static_cast<std::size_t>(n * n));
  for (Eigen::Index r = 0; r < n; ++r) {
    for (Eigen::Index c = 0; c < n; ++c) factor[static_cast<std::size_t>(r * n + c)] = lower(r, c);
  }
  return factor;
}

int people_upper_bound(const Scenario& scenario) {
  double bound = scenario.team_people.support_max();
  double added = 0;
  for (const RiskEvent& risk : scenario.risks) {
    for (const Effect& e : risk.effects) {
      if (e.target == Input::team_people && e.amount > 0) added += e.amount;
    }
  }
  double lever_max = bound;
  for (const Lever& lever : scenario.levers) {
    double lever_added = 0;
    for (const Effect& e : lever.effects) {
      if (e.target == Input::team_people && e.amount > 0) lever_added += e.amount;
    }
    for (const Lever::Setting& s : lever.set) {
      if (s.target == Input::team_people) lever_max = std::max(lever_max, s.value.support_max());
    }
    added += lever_added;
  }
  return static_cast<int>(std::max(bound, lever_max) + added);
}

}  // namespace

std::uint32_t input_stream(Input input) { return stream_id(key_path(input)); }

std::uint32_t risk_stream(std::string_view risk_name) {
  return stream_id(fmt::format("risk/{}", risk_name));
}

std::uint32_t client_factor_stream() { return stream_id("correlation.client_factor"); }

namespace {

void apply_settings(const std::vector<Lever>& levers, Scenario& scenario) {
  for (const Lever& lever : levers) {
    for (const Lever::Setting& setting : lever.set) scenario.input(setting.target) = setting.value;
    if (lever.set_materials_promised) scenario.materials.promised = *lever.set_materials_promised;
  }
}

Scenario with_settings(Scenario scenario, const std::vector<Lever>& levers) {
  apply_settings(levers, scenario);
  return scenario;
}

}  // namespace

Model::Model(Scenario scenario, std::vector<Lever> levers)
    : scenario_(with_settings(std::move(scenario), levers)),
      horizon_(scenario_.deadline + kHorizonAfterDeadlineHours),
      regular_(scenario_.calendar, scenario_.start, horizon_, false),
      with_overtime_(scenario_.calendar, scenario_.start, horizon_, true) {
  if (scenario_.client_calendar) {
    client_.emplace(*scenario_.client_calendar, scenario_.start, horizon_, false, true);
  }
  const Correlation& c = scenario_.correlation;
  if (c.client_factor > 0) {
    if (c.include_decision) client_inputs_.push_back(Input::decision_delay);
    client_inputs_.push_back(Input::materials_delay);
    client_inputs_.push_back(Input::review_latency);
  }
  for (Input input : client_inputs_) client_driven_[static_cast<int>(input)] = true;
  // A fixed canonical order (the Input enum's), so the factor does not depend on how the
  // pairs are listed.
  for (int i = 0; i < kInputCount; ++i) {
    const auto input = static_cast<Input>(i);
    for (const RankPair& p : c.pairs) {
      if ((p.a == input || p.b == input) &&
          std::find(paired_inputs_.begin(), paired_inputs_.end(), input) == paired_inputs_.end()) {
        paired_inputs_.push_back(input);
      }
    }
  }
  if (!paired_inputs_.empty()) pair_cholesky_ = cholesky_of_pairs(paired_inputs_, c.pairs);
  max_people_ = std::max(1, people_upper_bound(scenario_));
  // A sampler's quantile tables take milliseconds to build (thousands of exact
  // quantiles): the inputs that have tables get them side by side.
  std::vector<std::future<void>> samplers_built;
  for (int i = 0; i < kInputCount; ++i) {
    const auto input = static_cast<Input>(i);
    const bool copula = client_driven_[i] || std::find(paired_inputs_.begin(), paired_inputs_.end(),
                                                       input) != paired_inputs_.end();
    input_streams_[i] = input_stream(input);
    const Distribution& dist = scenario_.input(input);
    if (!InputSampler::builds_tables(dist, copula)) {
      samplers_[i] = InputSampler(dist, copula);
    } else {
      samplers_built.push_back(std::async(std::launch::async, [this, i, &dist, copula] {
        samplers_[i] = InputSampler(dist, copula);
      }));
    }
  }
  for (std::future<void>& built : samplers_built) built.get();
  for (const RiskEvent& risk : scenario_.risks) risk_streams_.push_back(risk_stream(risk.name));
  for (const Lever& lever : levers) {
    lever_effects_.insert(lever_effects_.end(), lever.effects.begin(), lever.effects.end());
    lever_caps_.insert(lever_caps_.end(), lever.caps.begin(), lever.caps.end());
  }
  if (scenario_.risks.size() > kMaxRisks) {
    throw std::logic_error(fmt::format("{} risks; at most {}", scenario_.risks.size(), kMaxRisks));
  }
}

}  // namespace rushrisk
