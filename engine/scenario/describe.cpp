#include "engine/scenario/describe.h"

#include <fmt/format.h>

namespace rushrisk {
namespace {

std::string instant(const Scenario& s, double hours) {
  return LocalDateTime::from_epoch_hours(s.start.epoch_hours() + hours).to_string();
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string time_of_day(double hours) {
  const auto minutes = static_cast<int>(std::lround(hours * 60));
  return fmt::format("\"{:02}:{:02}\"", minutes / 60, minutes % 60);
}

std::string days(const CalendarWindow& w) {
  std::string out;
  for (int d = 0; d < 7; ++d) {
    if (w.days[d]) out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", weekday_name(d));
  }
  return "[" + out + "]";
}

std::string holidays(const WorkCalendar& c) {
  std::string out;
  for (DayNumber d : c.holidays) {
    const LocalDate date = LocalDate::from_day_number(d);
    out += fmt::format("{}{:04}-{:02}-{:02}", out.empty() ? "" : ", ", date.year, date.month,
                       date.day);
  }
  return "[" + out + "]";
}

void write_calendar(std::string& out, const WorkCalendar& c, std::string_view table, bool client) {
  out += fmt::format("\n[{}]\nholidays = {}\n", table, holidays(c));
  for (const CalendarWindow& w : c.windows) {
    out += fmt::format("\n[[{}.window]]\nname = {}\ndays = {}\nfrom = {}\nto = {}\n", table,
                       quoted(w.name), days(w), time_of_day(w.from_hours), time_of_day(w.to_hours));
    if (!client) {
      out += fmt::format("productivity = {}\nquality = {}\nkind = \"{}\"\n", w.productivity,
                         w.quality, w.kind == WindowKind::overtime ? "overtime" : "regular");
    }
  }
}

std::string effect_value(const Effect& e) {
  if (is_count_input(e.target)) return fmt::format("{}", e.amount);
  if (e.op == Effect::Op::multiply) return fmt::format("\"x{}\"", e.amount);
  return fmt::format("\"{}{}h\"", e.amount >= 0 ? "+" : "", e.amount);
}

std::string effects(const std::vector<Effect>& list) {
  std::string out;
  for (const Effect& e : list) {
    out +=
        fmt::format("{}\"{}\" = {}", out.empty() ? "" : ", ", key_path(e.target), effect_value(e));
  }
  return "{ " + out + " }";
}

std::string promise(const Scenario& s, const Promise& p) {
  return p.absolute ? instant(s, p.hours) : fmt::format("\"+{}h\"", p.hours);
}

std::string dist(const Distribution& d, Input input) {
  return format_distribution(d, !is_count_input(input));
}

void write_inputs(std::string& out, const Scenario& s) {
  out += fmt::format("\n[decision]\ndelay = {}\n", dist(s.decision_delay, Input::decision_delay));
  out += fmt::format("\n[team]\npeople = {}\n", dist(s.team_people, Input::team_people));
  out += fmt::format("\n[materials]\npromised = {}\ndelay = {}\n", promise(s, s.materials.promised),
                     dist(s.materials.delay, Input::materials_delay));
  out += fmt::format("\n[work]\nprep_effort = {}\neffort = {}\n",
                     dist(s.prep_effort, Input::prep_effort), dist(s.effort, Input::effort));
  out += fmt::format("\n[review]\nrounds = {}\nlatency = {}\nrework = {}\n",
                     dist(s.review_rounds, Input::review_rounds),
                     dist(s.review_latency, Input::review_latency),
                     dist(s.review_rework, Input::review_rework));
}

void write_levers(std::string& out, const Scenario& s) {
  for (const Lever& lever : s.levers) {
    out += fmt::format("\n[[lever]]\nname = {}\n", quoted(lever.name));
    std::string set;
    if (lever.set_materials_promised) {
      set += fmt::format("\"materials.promised\" = {}", promise(s, *lever.set_materials_promised));
    }
    for (const Lever::Setting& setting : lever.set) {
      set += fmt::format("{}\"{}\" = {}", set.empty() ? "" : ", ", key_path(setting.target),
                         dist(setting.value, setting.target));
    }
    if (!set.empty()) out += fmt::format("set = {{ {} }}\n", set);
    if (!lever.effects.empty()) out += fmt::format("effect = {}\n", effects(lever.effects));
    std::string caps;
    for (const Cap& cap : lever.caps) {
      caps += fmt::format("{}\"{}\" = {}", caps.empty() ? "" : ", ", key_path(cap.target),
                          is_count_input(cap.target) ? fmt::format("{}", cap.max_value)
                                                     : fmt::format("\"{}h\"", cap.max_value));
    }
    if (!caps.empty()) out += fmt::format("cap = {{ {} }}\n", caps);
  }
}

}  // namespace

std::string describe(const Scenario& s) {
  std::string out = "# normalised by rushrisk validate: defaults filled in, durations in hours\n";
  out += fmt::format("[scenario]\nname = {}\nstart = {}\ndeadline = {}\n", quoted(s.name),
                     s.start.to_string(), instant(s, s.deadline));
  write_inputs(out, s);
  write_calendar(out, s.calendar, "calendar", false);
  if (s.client_calendar) write_calendar(out, *s.client_calendar, "client.calendar", true);
  constexpr const char* kPolicies[] = {"never", "always", "when_late"};
  out += fmt::format("\n[policy]\novertime = \"{}\"\nbuffer = \"{}h\"\n",
                     kPolicies[static_cast<int>(s.overtime)], s.buffer);
  out += fmt::format("\n[correlation]\nclient_factor = {}\ninclude_decision = {}\n",
                     s.correlation.client_factor, s.correlation.include_decision);
  for (const RankPair& p : s.correlation.pairs) {
    out += fmt::format("\n[[correlation.pair]]\na = \"{}\"\nb = \"{}\"\nrho = {}\n", key_path(p.a),
                       key_path(p.b), p.spearman);
  }
  out += fmt::format("\n[quality]\nthreshold = {}\nmissed_round_penalty = {}\n",
                     s.quality_threshold, s.missed_round_penalty);
  out += fmt::format("\n[acceptance]\nmax_risk = {}\n", s.max_risk);
  for (const RiskEvent& r : s.risks) {
    out += fmt::format("\n[[risk]]\nname = {}\nprobability = {}\neffect = {}\n", quoted(r.name),
                       r.probability, effects(r.effects));
  }
  write_levers(out, s);
  return out;
}

}  // namespace rushrisk
