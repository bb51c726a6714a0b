#include "engine/decide/recommend.h"

#include <cmath>

#include "engine/decide/input_cache.h"

namespace rushrisk {
namespace {

constexpr double kGridHours = 0.25;  // cut-offs are whole quarter-hours of the clock
// The cut-off search locates its answer on every kSampleEvery-th trial first, when that
// leaves at least kSmallestSample trials.
constexpr std::uint64_t kSampleEvery = 8;
constexpr std::uint64_t kSmallestSample = 4096;

// What the cut-off search knows: quarter-hour `good` meets the risk limit (with
// probability good_p; first - 1 before any does), `bad` does not (or lies past the
// deadline), and the answer lies in [good, bad).
struct CutoffBracket {
  long good, bad;
  double good_p;
  double max_risk;

  // Evaluates quarter-hour g (through p_at) when it lies strictly inside the bracket and
  // narrows it; true when g meets the limit.
  template <class PAt>
  bool learn(long g, const PAt& p_at) {
    if (g <= good) return true;
    if (g >= bad) return false;
    const double p = p_at(g);
    if (p > max_risk) {
      bad = g;
      return false;
    }
    good = g;
    good_p = p;
    return true;
  }
};

// The largest g in [first, last] that `meets`, found by bisection; first itself is not
// asked (first is the answer when nothing later meets).
template <class Meets>
long crossing(long first, long last, const Meets& meets) {
  long good = first, bad = last + 1;
  while (bad - good > 1) {
    const long mid = good + (bad - good) / 2;
    (meets(mid) ? good : bad) = mid;
  }
  return good;
}

// Steps of 1, 2, 4, ... quarter-hours from `from` in `direction` until the bracket holds
// the crossing between two adjacent known points or the step crosses the boundary found.
template <class Judge>
void gallop(const CutoffBracket& bracket, long from, int direction, const Judge& judge) {
  for (long step = 1; bracket.bad - bracket.good > 1; step *= 2) {
    const long probe = direction > 0 ? std::min(from + step, bracket.bad - 1)
                                     : std::max(from - step, bracket.good + 1);
    if (judge(probe) != (direction > 0)) return;
  }
}

// Runs each condition on the base run's trials: through the cache of their drawn inputs
// where it serves the condition's model (it does for a cut-off, "decide now", and levers
// that fix inputs, add effects or caps), else by a full run of the same trials.
class ConditionRunner {
 public:
  ConditionRunner(const Scenario& scenario, const Report& base, const EvaluateOptions& options,
                  std::optional<InputCache> drawn)
      : scenario_(scenario),
        max_risk_(scenario.max_risk),
        options_(options),
        model_(scenario),
        cache_(drawn ? std::move(drawn)
                     : InputCache::build(model_, options.seed, base.trials, options.threads)) {
    options_.trials = base.trials;
    options_.precision.reset();
    options_.records = nullptr;
    options_.drawn = nullptr;
    options_.counts_only = true;
  }

  double p_low(const Model& model, const TrialAdjustments& adjustments = {}) const {
    if (cache_ && cache_->serves(model)) {
      return static_cast<double>(cache_->count_low(model, adjustments)) /
             static_cast<double>(cache_->sample_size());
    }
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

  // The latest quarter-hour T in [start, deadline] with P(low | M = min(M, T)) <= max_risk.
  // P(low) grows as the cut-off moves later, so T is bracketed and bisected. To spend few
  // runs on all the trials, T is first located on a fixed sample of them (every
  // kSampleEvery-th trial); all trials then judge that guess and the quarter-hour after it,
  // galloping away from the guess where the sample was wrong, and bisect what is left.
  // Every reported probability comes from all trials; where P(low) is monotone in the
  // cut-off the answer is the one bisecting on all trials would give.
  Condition materials_cutoff() const {
    const Model& model = model_;
    const std::optional<InputCache>& cache = cache_;
    const double start = scenario_.start.epoch_hours();
    const auto first = static_cast<long>(std::ceil(start / kGridHours - 1e-9));
    const auto last =
        static_cast<long>(std::floor((start + scenario_.deadline) / kGridHours + 1e-9));
    const auto at = [&](long g, std::uint64_t every) {
      TrialAdjustments cutoff;
      cutoff.materials_cutoff = static_cast<double>(g) * kGridHours - start;
      if (!cache) return p_low(model, cutoff);
      return static_cast<double>(cache->count_low(model, cutoff, every)) /
             static_cast<double>(cache->sample_size(every));
    };
    // Nothing is known to meet the limit yet (good = first - 1); all trials judge `first`
    // only where the search comes down to it.
    CutoffBracket bracket{first - 1, last + 1, 0, max_risk_};
    double p_first = 0;
    const auto judge = [&](long g) {
      return bracket.learn(g, [&](long h) {
        const double p = at(h, 1);
        if (h == first) p_first = p;
        return p;
      });
    };
    if (cache && cache->sample_size(kSampleEvery) >= kSmallestSample) {
      const long guess =
          crossing(first, last, [&](long g) { return at(g, kSampleEvery) <= max_risk_; });
      if (judge(guess)) {
        if (guess < last && judge(guess + 1)) gallop(bracket, guess + 1, +1, judge);
      } else {
        gallop(bracket, guess, -1, judge);
      }
    } else if (judge(first)) {
      judge(last);
    }
    while (bracket.bad - bracket.good > 1) judge(bracket.good + (bracket.bad - bracket.good) / 2);
    Condition c{Condition::Kind::materials_cutoff, "materials cut-off", p_first, false, {}};
    if (bracket.good < first) return c;  // not even materials at the start meet the limit
    c.p_low_quality = bracket.good_p;
    c.meets = true;
    c.cutoff = static_cast<double>(bracket.good) * kGridHours - start;
    return c;
  }

 private:
  Condition make(Condition::Kind kind, std::string name, double p) const {
    return {kind, std::move(name), p, p <= max_risk_, {}};
  }

  const Scenario& scenario_;
  double max_risk_;
  EvaluateOptions options_;
  const Model model_;  // the scenario as it stands
  // The base run's trials as drawn; nullopt for runs too large to keep.
  const std::optional<InputCache> cache_;
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
                         const EvaluateOptions& options, std::optional<InputCache> drawn) {
  Recommendation r;
  r.max_risk = scenario.max_risk;
  if (base.p_low_quality.estimate <= scenario.max_risk) return r;
  const ConditionRunner runner(scenario, base, options, std::move(drawn));
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
