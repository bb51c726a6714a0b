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

Json drivers_json(const std::vector<Driver>& drivers) {
  Json list = Json::array();
  for (const Driver& d : drivers) {
    list.push_back({{"input", d.input},
                    {"kind", d.is_risk ? "risk" : "input"},
                    {"p_low_if_low", d.p_low_if_low},
                    {"p_low_if_high", d.p_low_if_high},
                    {"spearman_quality", d.spearman_quality}});
  }
  return list;
}

std::string_view kind_name(Condition::Kind kind) {
  switch (kind) {
    case Condition::Kind::materials_cutoff:
      return "materials_cutoff";
    case Condition::Kind::decide_now:
      return "decide_now";
    case Condition::Kind::lever:
      return "lever";
    case Condition::Kind::lever_pair:
      return "lever_pair";
  }
  return "lever";
}

Json recommendation_json(const Report& r, const Recommendation& rec) {
  Json conditions = Json::array();
  for (const Condition& c : rec.conditions) {
    Json condition = {{"name", c.name},
                      {"kind", kind_name(c.kind)},
                      {"p_low_quality", c.p_low_quality},
                      {"meets", c.meets}};
    if (c.kind == Condition::Kind::materials_cutoff) {
      condition["cutoff"] = c.cutoff ? instant_or_null(r, c.cutoff) : Json(nullptr);
    }
    conditions.push_back(condition);
  }
  return {
      {"verdict", to_string(rec.verdict)}, {"max_risk", rec.max_risk}, {"conditions", conditions}};
}

Json metrics_json(const Report& r);

}  // namespace

std::string to_json(const Assessment& a) {
  const Report& r = a.report;
  Json document = {
      {"scenario", r.scenario},
      {"trials", r.trials},
      {"seed", r.seed},
      {"converged", r.converged},
      {"deadline",
       LocalDateTime::from_epoch_hours(r.start.epoch_hours() + r.deadline).to_minute_string()},
      {"metrics", metrics_json(r)},
  };
  if (!a.drivers.empty()) document["drivers"] = drivers_json(a.drivers);
  if (a.recommendation) document["recommendation"] = recommendation_json(r, *a.recommendation);
  return document.dump(2) + "\n";
}

std::string to_json(const Report& r) { return to_json(Assessment{r, {}, std::nullopt}); }

namespace {

Json metrics_json(const Report& r) {
  Json missed = Json::object();
  for (std::size_t m = 0; m < r.missed_rounds_share.size(); ++m) {
    missed[std::to_string(m)] = r.missed_rounds_share[m];
  }
  return {
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
}

}  // namespace
}  // namespace rushrisk
