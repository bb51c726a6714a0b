#include "engine/decide/recommend.h"

#include <cmath>

#include "engine/decide/input_cache.h"

namespace rushrisk {
namespace {

constexpr double kGridHours = 0.25;  // cut-offs are whole quarter-hours of the clock

class ConditionRunner {
 public:
  ConditionRunner(const Scenario& scenario, const Report& base, const EvaluateOptions& options)
      : scenario_(scenario), max_risk_(scenario.max_risk), options_(options) {
    options_.trials = base.trials;
    options_.precision.reset();
    options_.records = nullptr;
    options_.counts_only = true;
  }

  double p_low(const Model& model, const TrialAdjustments& adjustments = {}) const {
    EvaluateOptions o = options_;
    o.adjustments = adjustments;
    return evaluate(model, o).p_low_quality.estimate;
  }

  Condition lever_condition(Condition::Kind kind, std::vector<Lever> levers) const {
    std::string name;
    for (const Lever& l : levers) name += (name.empty() ? "" : " + ") + l.name;
    const Model model(scenario_, std::move(levers));
    return make(kind, std::move(name), p_low(model));
  }

  Condition decide_now() const {
    Scenario now = scenario_;
    now.decision_delay = Distribution::fixed(0);
    const Model model(std::move(now));
    return make(Condition::Kind::decide_now, "decide now", p_low(model));
  }

  // The latest quarter-hour T in [start, deadline] with P(low | M = min(M, T)) <= max_risk,
  // by bisection: P(low) grows as the cut-off moves later.
  Condition materials_cutoff() const {
    const Model model(scenario_);
    // The candidates differ only in the cut-off: draw each trial once, re-simulate it.
    const std::optional<InputCache> cache =
        InputCache::build(model, options_.seed, options_.trials, options_.threads);
    const double start = scenario_.start.epoch_hours();
    const auto first = static_cast<long>(std::ceil(start / kGridHours - 1e-9));
    const auto last =
        static_cast<long>(std::floor((start + scenario_.deadline) / kGridHours + 1e-9));
    const auto at = [&](long g) {
      TrialAdjustments cutoff;
      cutoff.materials_cutoff = static_cast<double>(g) * kGridHours - start;
      if (!cache) return p_low(model, cutoff);
      return static_cast<double>(cache->count_low(model, cutoff)) /
             static_cast<double>(options_.trials);
    };
    Condition c{Condition::Kind::materials_cutoff, "materials cut-off", at(first), false, {}};
    if (c.p_low_quality > max_risk_) return c;
    long good = first, bad = last + 1;
    double good_p = c.p_low_quality;
    if (const double p = at(last); p <= max_risk_) {
      good = last;
      good_p = p;
    }
    while (bad - good > 1 && good != last) {
      const long mid = good + (bad - good) / 2;
      const double p = at(mid);
      if (p <= max_risk_) {
        good = mid;
        good_p = p;
      } else {
        bad = mid;
      }
    }
    c.p_low_quality = good_p;
    c.meets = true;
    c.cutoff = static_cast<double>(good) * kGridHours - start;
    return c;
  }

 private:
  Condition make(Condition::Kind kind, std::string name, double p) const {
    return {kind, std::move(name), p, p <= max_risk_, {}};
  }

  const Scenario& scenario_;
  double max_risk_;
  EvaluateOptions options_;
};

}  // namespace

std::string_view to_string(Recommendation::Verdict verdict) {
  switch (verdict) {
    case Recommendation::Verdict::accept:
      return "accept";
    case Recommendation::Verdict::accept_with_conditions:
      return "accept_with_conditions";
    case Recommendation::Verdict::decline:
      return "decline";
  }
  return "decline";
}

Recommendation recommend(const Scenario& scenario, const Report& base,
                         const EvaluateOptions& options) {
  Recommendation r;
  r.max_risk = scenario.max_risk;
  if (base.p_low_quality.estimate <= scenario.max_risk) return r;
  const ConditionRunner runner(scenario, base, options);
  r.conditions.push_back(runner.materials_cutoff());
  const Distribution& decision = scenario.decision_delay;
  if (!(decision.is_degenerate() && decision.quantile(0.5) == 0)) {
    r.conditions.push_back(runner.decide_now());
  }
  bool single_lever_meets = false;
  for (const Lever& lever : scenario.levers) {
    r.conditions.push_back(runner.lever_condition(Condition::Kind::lever, {lever}));
    single_lever_meets = single_lever_meets || r.conditions.back().meets;
  }
  if (!single_lever_meets) {
    for (std::size_t a = 0; a < scenario.levers.size(); ++a) {
      for (std::size_t b = a + 1; b < scenario.levers.size(); ++b) {
        r.conditions.push_back(runner.lever_condition(Condition::Kind::lever_pair,
                                                      {scenario.levers[a], scenario.levers[b]}));
      }
    }
  }
  const bool any = std::any_of(r.conditions.begin(), r.conditions.end(),
                               [](const Condition& c) { return c.meets; });
  r.verdict =
      any ? Recommendation::Verdict::accept_with_conditions : Recommendation::Verdict::decline;
  return r;
}

}  // namespace rushrisk
