#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "engine/report/report.h"

namespace rushrisk {
namespace {

using Json = nlohmann::ordered_json;

Json probability(const Probability& p) {
  return Json{{"estimate", p.estimate}, {"ci95", Json::array({p.low, p.high})}};
}

Json instant_or_null(const Report& r, const std::optional<double>& hours) {
  if (!hours) return nullptr;
  return LocalDateTime::from_epoch_hours(r.start.epoch_hours() + *hours).to_minute_string();
}

Json slack_or_null(const Report& r, const std::optional<double>& hours) {
  if (!hours) return nullptr;
  return r.deadline - *hours;
}

}  // namespace

std::string to_json(const Report& r) {
  Json missed = Json::object();
  for (std::size_t m = 0; m < r.missed_rounds_share.size(); ++m) {
    missed[std::to_string(m)] = r.missed_rounds_share[m];
  }
  Json metrics = {
      {"p_low_quality", probability(r.p_low_quality)},
      {"p_late", probability(r.p_late)},
      {"p_nothing_usable", probability(r.p_nothing_usable)},
      {"quality",
       {{"mean", r.quality_mean},
        {"p10", r.quality_p10},
        {"p50", r.quality_p50},
        {"p90", r.quality_p90}}},
      {"missed_rounds", missed},
      {"finish",
       {{"p50", instant_or_null(r, r.finish_p50)},
        {"p80", instant_or_null(r, r.finish_p80)},
        {"p95", instant_or_null(r, r.finish_p95)}}},
      {"slack_hours",
       {{"p50", slack_or_null(r, r.finish_p50)},
        {"p80", slack_or_null(r, r.finish_p80)},
        {"p95", slack_or_null(r, r.finish_p95)}}},
      {"overtime_hours", {{"mean", r.overtime_hours_mean}, {"p90", r.overtime_hours_p90}}},
      {"overtime_share", r.overtime_share},
  };
  const Json document = {
      {"scenario", r.scenario},
      {"trials", r.trials},
      {"seed", r.seed},
      {"converged", r.converged},
      {"deadline",
       LocalDateTime::from_epoch_hours(r.start.epoch_hours() + r.deadline).to_minute_string()},
      {"metrics", metrics},
  };
  return document.dump(2) + "\n";
}

}  // namespace rushrisk
