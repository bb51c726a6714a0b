#include <algorithm>
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

std::string verdict_line(const Report& r, const Recommendation& rec) {
  constexpr const char* kVerdicts[] = {"ACCEPT", "ACCEPT WITH CONDITIONS", "DECLINE"};
  return fmt::format(
      "{} — risk of a low-quality deliverable {} (95% CI {} – {}); you accept up to {}",
      kVerdicts[static_cast<int>(rec.verdict)], percent(r.p_low_quality.estimate),
      percent(r.p_low_quality.low), percent(r.p_low_quality.high), percent(rec.max_risk));
}

std::string condition_line(const Report& r, const Condition& c) {
  const std::string mark = c.meets ? "yes" : "no ";
  const std::string risk =
      fmt::format("risk {} (now {})", percent(c.p_low_quality), percent(r.p_low_quality.estimate));
  switch (c.kind) {
    case Condition::Kind::materials_cutoff:
      if (!c.cutoff) {
        return fmt::format(
            "  {}  No materials cut-off is enough: even materials at the start leave {}", mark,
            risk);
      }
      return fmt::format("  {}  Agree in writing: materials by {} -> {}", mark,
                         human_instant(r, *c.cutoff), risk);
    case Condition::Kind::decide_now:
      return fmt::format("  {}  Decide now (no decision delay) -> {}", mark, risk);
    case Condition::Kind::lever:
      return fmt::format("  {}  {} -> {}", mark, c.name, risk);
    case Condition::Kind::lever_pair:
      return fmt::format("  {}  Both: {} -> {}", mark, c.name, risk);
  }
  return "";
}

// One tornado bar on a 0..100% scale: '=' spans P(low) from the input's lowest 20% to its
// highest 20%, '|' marks the overall risk.
std::string tornado_bar(double low, double high, double base) {
  static constexpr int kWidth = 40;
  const auto column = [](double p) {
    return std::clamp(static_cast<int>(std::lround(p * kWidth)), 0, kWidth);
  };
  std::string bar(kWidth + 1, '.');
  for (int i = column(std::min(low, high)); i <= column(std::max(low, high)); ++i) bar[i] = '=';
  bar[column(base)] = '|';
  return bar;
}

std::string drivers_text(const Report& r, const std::vector<Driver>& drivers) {
  std::string out =
      "What drives the risk: P(low quality) when an input is in its lowest 20% -> highest 20%\n"
      "(risk events: not occurring -> occurring); | marks the overall risk, scale 0-100%\n";
  std::size_t width = 0;
  for (const Driver& d : drivers) width = std::max(width, d.input.size());
  for (const Driver& d : drivers) {
    out += fmt::format("  {:<{}}  {:>6} -> {:<6} {}\n", d.input, width, percent(d.p_low_if_low),
                       percent(d.p_low_if_high),
                       tornado_bar(d.p_low_if_low, d.p_low_if_high, r.p_low_quality.estimate));
  }
  return out;
}

}  // namespace

std::string to_text(const Assessment& a) {
  // The report's title line, then the verdict and its conditions, then the numbers.
  const std::string numbers = to_text(a.report);
  const std::size_t title_end = numbers.find("\n\n") + 2;
  std::string out = numbers.substr(0, title_end);
  if (a.recommendation) {
    out += verdict_line(a.report, *a.recommendation) + "\n";
    if (!a.recommendation->conditions.empty()) {
      out += fmt::format("Conditions (does it bring the risk within {}?):\n",
                         percent(a.recommendation->max_risk));
      for (const Condition& c : a.recommendation->conditions) {
        out += condition_line(a.report, c) + "\n";
      }
    }
    out += "\n";
  }
  out += numbers.substr(title_end);
  // Appended in two steps: "\n" + a temporary makes GCC 12 warn, falsely, of an
  // overlapping copy (-Wrestrict).
  if (!a.drivers.empty()) {
    out += '\n';
    out += drivers_text(a.report, a.drivers);
  }
  return out;
}

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
