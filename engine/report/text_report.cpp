#include <cmath>

#include <fmt/format.h>

#include "engine/report/report.h"

namespace rushrisk {
namespace {

constexpr const char* kWeekdayNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// "Fri 20 Nov 11:15"
std::string human_instant(const Report& r, double hours) {
  const double minutes = std::round((r.start.epoch_hours() + hours) * 60.0);
  const LocalDateTime t = LocalDateTime::from_epoch_hours(minutes / 60.0);
  const auto minute_of_day = static_cast<int>(std::lround(t.seconds_of_day / 60.0));
  return fmt::format("{} {} {} {:02}:{:02}", kWeekdayNames[t.date.weekday()], t.date.day,
                     kMonthNames[t.date.month - 1], minute_of_day / 60, minute_of_day % 60);
}

std::string percent(double p) {
  if (p > 0 && p < 0.001) return "<0.1%";
  return fmt::format("{:.1f}%", 100 * p);
}

std::string finish_text(const Report& r, const std::optional<double>& hours) {
  if (!hours) return "not within 28 days of the deadline";
  const double slack = r.deadline - *hours;
  return fmt::format("{} ({:.1f} h {} the deadline)", human_instant(r, *hours), std::abs(slack),
                     slack >= 0 ? "before" : "after");
}

std::string odds_in_words(double p) {
  if (p < 0.05) return "rarely";
  const int in = static_cast<int>(std::lround(1 / p));
  if (in <= 1) return "almost always";
  if (in == 2) return "about 1 time in 2";
  return fmt::format("about 1 time in {}", in);
}

std::string meaning(const Report& r) {
  const double p = r.p_low_quality.estimate;
  const std::string verdict = p <= r.max_risk
                                  ? fmt::format("within the {} you accept", percent(r.max_risk))
                                  : fmt::format("above the {} you accept", percent(r.max_risk));
  return fmt::format(
      "In plain words: taken on as it stands, this request ends in a low-quality deliverable "
      "{} ({}) — {}.",
      odds_in_words(p), percent(p), verdict);
}

}  // namespace

std::string to_text(const Report& r) {
  std::string out;
  auto line = [&out](std::string text) { out += text + "\n"; };
  line(fmt::format("{} — deadline {}   ({} trials, seed {})", r.scenario,
                   human_instant(r, r.deadline), r.trials, r.seed));
  line("");
  line(fmt::format("Risk of a low-quality deliverable: {}  (95% CI {} – {})",
                   percent(r.p_low_quality.estimate), percent(r.p_low_quality.low),
                   percent(r.p_low_quality.high)));
  line(fmt::format("  final version late:             {}", percent(r.p_late.estimate)));
  line(fmt::format("  nothing usable at the deadline: {}", percent(r.p_nothing_usable.estimate)));
  line("");
  line("Final version ready by");
  line(fmt::format("  50% of the time: {}", finish_text(r, r.finish_p50)));
  line(fmt::format("  80% of the time: {}", finish_text(r, r.finish_p80)));
  line(fmt::format("  95% of the time: {}", finish_text(r, r.finish_p95)));
  line("");
  line(fmt::format("Quality of the version used: mean {:.2f}, p10 {:.2f}, median {:.2f}",
                   r.quality_mean, r.quality_p10, r.quality_p50));
  std::string missed;
  for (std::size_t m = 0; m < r.missed_rounds_share.size(); ++m) {
    if (r.missed_rounds_share[m] > 0) {
      missed +=
          fmt::format("{}{}: {}", missed.empty() ? "" : ", ", m, percent(r.missed_rounds_share[m]));
    }
  }
  line(fmt::format("Rounds of changes the client wanted but did not get: {}", missed));
  line(
      fmt::format("Overtime before the deadline: {:.1f} person-hours on average (p90 {:.1f}), {} "
                  "of the effort",
                  r.overtime_hours_mean, r.overtime_hours_p90, percent(r.overtime_share)));
  if (!r.converged) line("Note: the requested precision was not reached within --max-trials.");
  line("");
  line(meaning(r));
  return out;
}

}  // namespace rushrisk
