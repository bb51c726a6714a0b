#include "engine/scenario/parse.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "engine/scenario/overrides.h"
#include "engine/scenario/parse_distribution.h"
#include "engine/scenario/toml_guard.h"
#include "engine/scenario/toml_reader.h"

namespace rushrisk {
namespace {

using detail::ParseContext;
using detail::TableView;
using detail::ValueKind;

constexpr double kMaxDeadlineHours = 366 * 24;

ValueKind value_kind(Input input) {
  if (is_count_input(input)) return ValueKind::count;
  return is_effort_input(input) ? ValueKind::effort : ValueKind::duration;
}

std::vector<std::string_view> input_paths() {
  std::vector<std::string_view> paths;
  for (int i = 0; i < kInputCount; ++i) paths.push_back(key_path(static_cast<Input>(i)));
  return paths;
}

// Reads the distribution at `key` of `view` into `out` when present.
void read_input(const TableView& view, std::string_view key, ValueKind kind, Distribution& out,
                bool required = false) {
  const toml::node* node = view.find(key);
  if (!node) {
    if (required) view.missing(key, "a value or distribution is required");
    return;
  }
  if (auto dist = detail::read_distribution(view.context(), *node, view.path_of(key), kind)) {
    out = std::move(*dist);
  }
}

// ---- [scenario] ----------------------------------------------------------------------

void read_scenario_section(ParseContext& context, const TableView& root, Scenario& scenario) {
  const toml::table* table = detail::child_table(root, "scenario");
  if (!table) {
    if (!root.find("scenario"))
      root.missing("scenario", "a [scenario] table with start and deadline");
    return;
  }
  const TableView view(context, *table, "scenario", {"name", "start", "deadline"});
  if (auto name = view.string("name")) scenario.name = *name;
  const toml::node* start = view.find("start");
  const toml::node* deadline = view.find("deadline");
  if (!start) view.missing("start", "a local date-time is required");
  if (!deadline) view.missing("deadline", "a local date-time is required");
  if (!start || !deadline) return;
  const auto start_at = detail::read_instant(context, *start, "scenario.start");
  const auto deadline_at = detail::read_instant(context, *deadline, "scenario.deadline");
  if (!start_at || !deadline_at) return;
  scenario.start = *start_at;
  scenario.deadline = deadline_at->epoch_hours() - start_at->epoch_hours();
  if (scenario.deadline <= 0) {
    context.error(*deadline, "scenario.deadline", "must be after scenario.start");
  } else if (scenario.deadline > kMaxDeadlineHours) {
    context.error(*deadline, "scenario.deadline", "more than a year after scenario.start");
  }
}

// Hours since start of a TOML local date-time node.
std::optional<double> read_instant_hours(ParseContext& context, const toml::node& node,
                                         std::string_view path, const Scenario& scenario) {
  const auto at = detail::read_instant(context, node, path);
  if (!at) return std::nullopt;
  return at->epoch_hours() - scenario.start.epoch_hours();
}

// ---- calendars -----------------------------------------------------------------------

std::optional<CalendarWindow> read_window(ParseContext& context, const toml::table& table,
                                          const std::string& path, std::size_t index) {
  const TableView view(context, table, path,
                       {"name", "days", "from", "to", "productivity", "quality", "kind"});
  CalendarWindow window;
  window.name = view.string("name").value_or(fmt::format("window {}", index + 1));
  const toml::node* days = view.find("days");
  const auto* day_array = days ? days->as_array() : nullptr;
  if (!days) view.missing("days", "a list of weekdays such as [\"mon\", \"tue\"]");
  if (days && (!day_array || day_array->empty())) {
    context.error(*days, view.path_of("days"), "expected a non-empty list of weekdays");
  }
  for (std::size_t i = 0; day_array && i < day_array->size(); ++i) {
    const toml::node& day = *day_array->get(i);
    const auto weekday = parse_weekday(day.value<std::string>().value_or(""));
    if (weekday) window.days[*weekday] = true;
    if (!weekday) {
      context.error(day, fmt::format("{}[{}]", view.path_of("days"), i),
                    "expected a weekday: mon, tue, wed, thu, fri, sat or sun");
    }
  }
  const auto from = view.time_of_day("from", std::nullopt);
  const auto to = view.time_of_day("to", std::nullopt);
  const auto productivity = view.number("productivity", 1.0);
  const auto quality = view.number("quality", 1.0);
  const auto kind = view.string("kind").value_or("regular");
  if (productivity && *productivity <= 0) {
    context.error(*view.find("productivity"), view.path_of("productivity"), "must be positive");
  }
  if (quality && (*quality <= 0 || *quality > 1)) {
    context.error(*view.find("quality"), view.path_of("quality"), "must be in (0, 1]");
  }
  if (kind != "regular" && kind != "overtime") {
    context.error(*view.find("kind"), view.path_of("kind"), "expected \"regular\" or \"overtime\"");
  }
  if (from && *from == 24) {
    context.error(*view.find("from"), view.path_of("from"), "\"24:00\" is allowed only as an end");
    return std::nullopt;
  }
  if (from && to && *from == *to) {
    context.error(*view.find("to"), view.path_of("to"), "a window cannot end where it starts");
    return std::nullopt;
  }
  if (!from || !to || !productivity || !quality) return std::nullopt;
  window.from_hours = *from;
  window.to_hours = *to;
  window.productivity = *productivity;
  window.quality = *quality;
  window.kind = kind == "overtime" ? WindowKind::overtime : WindowKind::regular;
  return window;
}

// Two windows of one calendar overlap if their weekly occurrences intersect.
std::optional<std::string> find_overlap(const CalendarWindow& a, const CalendarWindow& b) {
  for (int day_a = 0; day_a < 14; ++day_a) {
    if (!a.days[day_a % 7]) continue;
    const double a_start = day_a * 24 + a.from_hours, a_end = a_start + a.length_hours();
    for (int day_b = 0; day_b < 14; ++day_b) {
      if (!b.days[day_b % 7]) continue;
      const double b_start = day_b * 24 + b.from_hours, b_end = b_start + b.length_hours();
      if (a_start < b_end && b_start < a_end) {
        return std::string(weekday_name(static_cast<int>(std::max(a_start, b_start) / 24) % 7));
      }
    }
  }
  return std::nullopt;
}

std::optional<WorkCalendar> read_calendar(ParseContext& context, const toml::table& table,
                                          const std::string& path, bool client) {
  const TableView view(context, table, path, {"window", "holidays"});
  WorkCalendar calendar;
  const toml::node* windows = view.find("window");
  const auto* array = windows ? windows->as_array() : nullptr;
  if (!windows) view.missing("window", "at least one [[" + view.path_of("window") + "]]");
  if (windows && (!array || array->empty() || !array->is_array_of_tables())) {
    context.error(*windows, view.path_of("window"),
                  "expected [[" + view.path_of("window") + "]] tables");
    array = nullptr;
  }
  std::vector<const toml::node*> window_nodes;
  std::vector<std::string> window_paths;
  for (std::size_t i = 0; array && i < array->size(); ++i) {
    const std::string window_path = fmt::format("{}[{}]", view.path_of("window"), i);
    if (auto window = read_window(context, *array->get(i)->as_table(), window_path, i)) {
      if (client) window->productivity = window->quality = 1, window->kind = WindowKind::regular;
      calendar.windows.push_back(std::move(*window));
      window_nodes.push_back(array->get(i));
      window_paths.push_back(window_path);
    }
  }
  for (std::size_t i = 0; i < calendar.windows.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (auto day = find_overlap(calendar.windows[j], calendar.windows[i])) {
        context.error_at(window_nodes[i]->source(), window_paths[i], "",
                         fmt::format("windows \"{}\" and \"{}\" overlap on {}",
                                     calendar.windows[j].name, calendar.windows[i].name, *day));
      }
    }
  }
  if (const toml::node* holidays = view.find("holidays")) {
    const auto* list = holidays->as_array();
    if (!list) context.error(*holidays, view.path_of("holidays"), "expected a list of dates");
    for (std::size_t i = 0; list && i < list->size(); ++i) {
      const auto date = detail::read_date(context, *list->get(i),
                                          fmt::format("{}[{}]", view.path_of("holidays"), i));
      if (date) calendar.holidays.push_back(date->day_number());
    }
    std::sort(calendar.holidays.begin(), calendar.holidays.end());
  }
  return calendar;
}

void read_team_calendar(ParseContext& context, const TableView& root, Scenario& scenario) {
  const toml::table* table = detail::child_table(root, "calendar");
  if (!table) {
    if (!root.find("calendar")) root.missing("calendar", "at least one [[calendar.window]]");
    return;
  }
  if (auto calendar = read_calendar(context, *table, "calendar", false)) {
    scenario.calendar = std::move(*calendar);
  }
}

void read_client(ParseContext& context, const TableView& root, Scenario& scenario) {
  const toml::table* table = detail::child_table(root, "client");
  if (!table) return;
  const TableView view(context, *table, "client", {"calendar"});
  const toml::table* calendar = detail::child_table(view, "calendar");
  if (!calendar) return;
  if (auto client = read_calendar(context, *calendar, "client.calendar", true)) {
    // Public holidays of the team calendar apply to the client as well.
    client->holidays.insert(client->holidays.end(), scenario.calendar.holidays.begin(),
                            scenario.calendar.holidays.end());
    std::sort(client->holidays.begin(), client->holidays.end());
    client->holidays.erase(std::unique(client->holidays.begin(), client->holidays.end()),
                           client->holidays.end());
    scenario.client_calendar = std::move(*client);
  }
}

// ---- policy, materials, work, review, team, decision ----------------------------------

void read_policy(ParseContext& context, const TableView& root, Scenario& scenario) {
  const toml::table* table = detail::child_table(root, "policy");
  if (!table) return;
  const TableView view(context, *table, "policy", {"overtime", "buffer"});
  if (auto policy = view.string("overtime")) {
    if (*policy == "never") {
      scenario.overtime = OvertimePolicy::never;
    } else if (*policy == "always") {
      scenario.overtime = OvertimePolicy::always;
    } else if (*policy == "when_late") {
      scenario.overtime = OvertimePolicy::when_late;
    } else {
      context.error(*view.find("overtime"), "policy.overtime",
                    "expected \"never\", \"always\" or \"when_late\"");
    }
  }
  if (auto buffer = view.duration("buffer", 0, DurationUnits::wall_clock))
    scenario.buffer = *buffer;
}

std::optional<Promise> read_promise(ParseContext& context, const toml::node& node,
                                    std::string_view path, const Scenario& scenario) {
  if (node.is_date_time()) {
    const auto hours = read_instant_hours(context, node, path, scenario);
    if (!hours) return std::nullopt;
    return Promise{true, *hours};
  }
  if (node.is_string() || node.is_number()) {
    const auto hours = detail::read_duration(context, node, path, DurationUnits::wall_clock);
    if (!hours) return std::nullopt;
    return Promise{false, *hours};
  }
  context.error(node, path,
                "expected an instant such as 2026-11-20T09:00:00, or a delay after the decision "
                "such as \"+1d\"");
  return std::nullopt;
}

void read_materials(ParseContext& context, const TableView& root, Scenario& scenario) {
  const toml::table* table = detail::child_table(root, "materials");
  if (!table) return;
  const TableView view(context, *table, "materials", {"promised", "delay"});
  if (const toml::node* promised = view.find("promised")) {
    if (auto promise = read_promise(context, *promised, "materials.promised", scenario)) {
      scenario.materials.promised = *promise;
    }
  }
  read_input(view, "delay", ValueKind::duration, scenario.materials.delay);
}

void read_simple_sections(ParseContext& context, const TableView& root, Scenario& scenario) {
  if (const toml::table* t = detail::child_table(root, "decision")) {
    read_input(TableView(context, *t, "decision", {"delay"}), "delay", ValueKind::duration,
               scenario.decision_delay);
  }
  if (const toml::table* t = detail::child_table(root, "team")) {
    read_input(TableView(context, *t, "team", {"people"}), "people", ValueKind::count,
               scenario.team_people);
    if (scenario.team_people.support_min() < 1) {
      context.error(*t->get("people"), "team.people", "a team has at least 1 person");
    }
  }
  const toml::table* work = detail::child_table(root, "work");
  if (!work && !root.find("work")) root.missing("work", "a [work] table with effort");
  if (work) {
    const TableView view(context, *work, "work", {"prep_effort", "effort"});
    read_input(view, "prep_effort", ValueKind::effort, scenario.prep_effort);
    read_input(view, "effort", ValueKind::effort, scenario.effort, true);
  }
  if (const toml::table* t = detail::child_table(root, "review")) {
    const TableView view(context, *t, "review", {"rounds", "latency", "rework"});
    read_input(view, "rounds", ValueKind::count, scenario.review_rounds);
    if (scenario.review_rounds.support_max() > kMaxReviewRounds) {
      context.error(*t->get("rounds"), "review.rounds",
                    fmt::format("at most {} rounds of changes", kMaxReviewRounds));
    }
    read_input(view, "latency", ValueKind::duration, scenario.review_latency);
    read_input(view, "rework", ValueKind::effort, scenario.review_rework);
  }
}

// ---- quality, acceptance ---------------------------------------------------------------

std::optional<double> read_fraction(const TableView& view, std::string_view key, double fallback,
                                    double max = 1) {
  auto value = view.number(key, fallback);
  if (value && (*value < 0 || *value > max)) {
    view.context().error(*view.find(key), view.path_of(key),
                         max == 1 ? "must be in [0, 1]" : fmt::format("must be in [0, {}]", max));
    return std::nullopt;
  }
  return value;
}

void read_quality(ParseContext& context, const TableView& root, Scenario& scenario) {
  if (const toml::table* t = detail::child_table(root, "quality")) {
    const TableView view(context, *t, "quality", {"threshold", "missed_round_penalty"});
    scenario.quality_threshold = read_fraction(view, "threshold", 0.75).value_or(0.75);
    scenario.missed_round_penalty = read_fraction(view, "missed_round_penalty", 0.2).value_or(0.2);
  }
  if (const toml::table* t = detail::child_table(root, "acceptance")) {
    const TableView view(context, *t, "acceptance", {"max_risk"});
    scenario.max_risk = read_fraction(view, "max_risk", 0.2).value_or(0.2);
  }
}

// ---- correlation -----------------------------------------------------------------------

bool is_client_factor_input(Input input, const Scenario& scenario) {
  if (scenario.correlation.client_factor <= 0) return false;
  return input == Input::materials_delay || input == Input::review_latency ||
         (input == Input::decision_delay && scenario.correlation.include_decision);
}

std::optional<Input> read_pair_input(const TableView& view, std::string_view key,
                                     const Scenario& scenario) {
  const auto name = view.string(key, true);
  if (!name) return std::nullopt;
  const auto input = input_from_key_path(*name);
  const toml::node& node = *view.find(key);
  if (!input) {
    std::string reason = "not an input";
    const std::string guess = closest_match(*name, input_paths());
    if (!guess.empty()) reason += fmt::format(" (did you mean \"{}\"?)", guess);
    view.context().error(node, view.path_of(key), reason);
  } else if (is_per_round_input(*input)) {
    view.context().error(node, view.path_of(key),
                         "drawn once per review round; pairs couple inputs drawn once per trial");
  } else if (is_client_factor_input(*input, scenario)) {
    view.context().error(node, view.path_of(key), "already coupled by correlation.client_factor");
  } else {
    return input;
  }
  return std::nullopt;
}

void check_positive_definite(ParseContext& context, const toml::node& where,
                             const std::vector<RankPair>& pairs) {
  std::vector<Input> inputs;
  for (const RankPair& p : pairs) {
    for (Input i : {p.a, p.b}) {
      if (std::find(inputs.begin(), inputs.end(), i) == inputs.end()) inputs.push_back(i);
    }
  }
  const auto index = [&](Input i) {
    return std::find(inputs.begin(), inputs.end(), i) - inputs.begin();
  };
  Eigen::MatrixXd matrix = Eigen::MatrixXd::Identity(inputs.size(), inputs.size());
  std::string names;
  for (const RankPair& p : pairs) {
    const double gaussian = 2 * std::sin(M_PI * p.spearman / 6);
    matrix(index(p.a), index(p.b)) = matrix(index(p.b), index(p.a)) = gaussian;
    names += fmt::format("{}({}, {})", names.empty() ? "" : ", ", key_path(p.a), key_path(p.b));
  }
  const Eigen::LLT<Eigen::MatrixXd> cholesky(matrix);
  if (cholesky.info() != Eigen::Success) {
    context.error_at(where.source(), "correlation.pair", "",
                     fmt::format("the pairs {} imply a correlation matrix that is not positive "
                                 "definite",
                                 names));
  }
}

void read_correlation(ParseContext& context, const TableView& root, Scenario& scenario) {
  const toml::table* table = detail::child_table(root, "correlation");
  if (!table) return;
  const TableView view(context, *table, "correlation",
                       {"client_factor", "include_decision", "pair"});
  scenario.correlation.client_factor = read_fraction(view, "client_factor", 0).value_or(0);
  scenario.correlation.include_decision = view.boolean("include_decision", false).value_or(false);
  const toml::node* pairs = view.find("pair");
  if (!pairs) return;
  const auto* array = pairs->as_array();
  if (!array || !array->is_array_of_tables()) {
    context.error(*pairs, "correlation.pair", "expected [[correlation.pair]] tables");
    return;
  }
  std::set<std::pair<Input, Input>> seen;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const TableView pair(context, *array->get(i)->as_table(),
                         fmt::format("correlation.pair[{}]", i), {"a", "b", "rho"});
    const auto a = read_pair_input(pair, "a", scenario);
    const auto b = read_pair_input(pair, "b", scenario);
    const toml::node* rho_node = pair.find("rho");
    if (!rho_node) pair.missing("rho", "a Spearman rank correlation in [-1, 1]");
    auto rho =
        rho_node ? detail::read_number(context, *rho_node, pair.path_of("rho")) : std::nullopt;
    if (rho && std::abs(*rho) > 1) {
      context.error(*rho_node, pair.path_of("rho"), "must be in [-1, 1]");
      rho.reset();
    }
    if (a && b && *a == *b) {
      context.error(*pair.find("b"), pair.path_of("b"), "a pair needs two different inputs");
    } else if (a && b && !seen.insert(std::minmax(*a, *b)).second) {
      context.error_at(array->get(i)->source(), pair.path(), "", "this pair is given twice");
    } else if (a && b && rho) {
      scenario.correlation.pairs.push_back({*a, *b, *rho});
    }
  }
  if (context.ok() && !scenario.correlation.pairs.empty()) {
    check_positive_definite(context, *pairs, scenario.correlation.pairs);
  }
}

// ---- risks and levers ------------------------------------------------------------------

std::optional<Input> read_target(ParseContext& context, const toml::key& key,
                                 std::string_view path) {
  if (auto input = input_from_key_path(key.str())) return input;
  std::string reason = "not an input an effect can change";
  const std::string guess = closest_match(key.str(), input_paths());
  if (!guess.empty()) reason += fmt::format(" (did you mean \"{}\"?)", guess);
  context.error_at(key.source(), path, "", reason);
  return std::nullopt;
}

std::optional<Effect> read_effect(ParseContext& context, const toml::node& node,
                                  std::string_view path, Input target) {
  if (is_count_input(target)) {
    if (const auto* i = node.as_integer()) {
      return Effect{target, Effect::Op::add, static_cast<double>(i->get())};
    }
    context.error(node, path, "a count changes by a whole number, e.g. 1 or -1");
    return std::nullopt;
  }
  const auto* text = node.as_string();
  if (text && !text->get().empty() && text->get().front() == 'x') {
    double factor = 0;
    std::istringstream in(text->get().substr(1));
    if (in >> factor && in.eof() && factor >= 0 && std::isfinite(factor)) {
      return Effect{target, Effect::Op::multiply, factor};
    }
    context.error(node, path, "expected a factor such as \"x1.3\"");
    return std::nullopt;
  }
  const DurationUnits units =
      is_effort_input(target) ? DurationUnits::effort : DurationUnits::wall_clock;
  const auto hours = detail::read_duration(context, node, path, units, true);
  if (!hours) return std::nullopt;
  return Effect{target, Effect::Op::add, *hours};
}

std::vector<Effect> read_effects(ParseContext& context, const TableView& owner) {
  std::vector<Effect> effects;
  const toml::table* table = detail::child_table(owner, "effect");
  if (!table) return effects;
  for (auto&& [key, node] : *table) {
    const std::string path = fmt::format("{}.effect.\"{}\"", owner.path(), key.str());
    if (auto target = read_target(context, key, path)) {
      if (auto effect = read_effect(context, node, path, *target)) effects.push_back(*effect);
    }
  }
  return effects;
}

std::string read_name(const TableView& view, std::set<std::string>& names, std::string_view what) {
  const auto name = view.string("name", true);
  if (!name) return "";
  if (name->empty())
    view.context().error(*view.find("name"), view.path_of("name"), "cannot be empty");
  if (!names.insert(*name).second) {
    view.context().error(*view.find("name"), view.path_of("name"),
                         fmt::format("another {} has this name", what));
  }
  return *name;
}

void read_risks(ParseContext& context, const TableView& root, Scenario& scenario) {
  const toml::node* node = root.find("risk");
  if (!node) return;
  const auto* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    context.error(*node, "risk", "expected [[risk]] tables");
    return;
  }
  if (array->size() > static_cast<std::size_t>(kMaxRiskEvents)) {
    context.error_at(array->source(), "risk", "",
                     fmt::format("{} risk events; at most {}", array->size(), kMaxRiskEvents));
    return;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const TableView view(context, *array->get(i)->as_table(), fmt::format("risk[{}]", i),
                         {"name", "probability", "effect"});
    RiskEvent risk;
    risk.name = read_name(view, names, "risk");
    if (!view.find("probability")) view.missing("probability", "a probability in [0, 1]");
    risk.probability = read_fraction(view, "probability", 0).value_or(0);
    if (!view.find("effect")) view.missing("effect", "a table of input = change");
    risk.effects = read_effects(context, view);
    scenario.risks.push_back(std::move(risk));
  }
}

void read_lever_set(ParseContext& context, const TableView& view, Lever& lever,
                    const Scenario& scenario) {
  const toml::table* table = detail::child_table(view, "set");
  if (!table) return;
  for (auto&& [key, node] : *table) {
    const std::string path = fmt::format("{}.set.\"{}\"", view.path(), key.str());
    if (key.str() == "materials.promised") {
      lever.set_materials_promised = read_promise(context, node, path, scenario);
      continue;
    }
    if (auto target = read_target(context, key, path)) {
      if (auto dist = detail::read_distribution(context, node, path, value_kind(*target))) {
        lever.set.push_back({*target, std::move(*dist)});
      }
    }
  }
}

void read_lever_caps(ParseContext& context, const TableView& view, Lever& lever) {
  const toml::table* table = detail::child_table(view, "cap");
  if (!table) return;
  for (auto&& [key, node] : *table) {
    const std::string path = fmt::format("{}.cap.\"{}\"", view.path(), key.str());
    if (auto target = read_target(context, key, path)) {
      auto dist = detail::read_distribution(context, node, path, value_kind(*target));
      if (dist && !dist->is_degenerate()) {
        context.error(node, path, "a cap is a single value");
      } else if (dist) {
        lever.caps.push_back({*target, dist->quantile(0.5)});
      }
    }
  }
}

void read_levers(ParseContext& context, const TableView& root, Scenario& scenario) {
  const toml::node* node = root.find("lever");
  if (!node) return;
  const auto* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    context.error(*node, "lever", "expected [[lever]] tables");
    return;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const TableView view(context, *array->get(i)->as_table(), fmt::format("lever[{}]", i),
                         {"name", "set", "effect", "cap"});
    Lever lever;
    lever.name = read_name(view, names, "lever");
    read_lever_set(context, view, lever, scenario);
    lever.effects = read_effects(context, view);
    read_lever_caps(context, view, lever);
    if (!view.find("set") && !view.find("effect") && !view.find("cap")) {
      context.error_at(array->get(i)->source(), view.path(), "",
                       "a lever needs a set, effect or cap table");
    }
    scenario.levers.push_back(std::move(lever));
  }
}

// ---- the whole file --------------------------------------------------------------------

Scenario read_scenario(ParseContext& context, const toml::table& root_table) {
  const TableView root(
      context, root_table, "",
      {"scenario", "decision", "team", "calendar", "policy", "materials", "work", "review",
       "client", "correlation", "quality", "acceptance", "risk", "lever"});
  Scenario scenario;
  scenario.source = context.file();
  scenario.name = std::filesystem::path(context.file()).stem().string();
  read_scenario_section(context, root, scenario);
  read_simple_sections(context, root, scenario);
  read_team_calendar(context, root, scenario);
  read_client(context, root, scenario);
  read_policy(context, root, scenario);
  read_materials(context, root, scenario);
  read_quality(context, root, scenario);
  read_correlation(context, root, scenario);
  read_risks(context, root, scenario);
  read_levers(context, root, scenario);
  return scenario;
}

}  // namespace

Scenario parse_scenario(std::string_view text, const std::string& file,
                        const std::vector<Override>& overrides) {
  if (auto refused = check_toml_limits(text, file)) throw InputError(*refused);
  toml::table table;
  try {
    table = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw InputError(Diagnostic{file, static_cast<int>(e.source().begin.line),
                                static_cast<int>(e.source().begin.column), "", "",
                                std::string(e.description())});
  }
  detail::apply_overrides(table, overrides);
  ParseContext context(file, std::filesystem::path(file).parent_path());
  context.set_source_text(text);
  Scenario scenario = read_scenario(context, table);
  if (!context.ok()) throw InputError(std::move(context.diagnostics()));
  return scenario;
}

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw IoError(fmt::format("{}: cannot read: {}", path, ec.message()));
  const TomlLimits limits;
  if (size > limits.max_bytes) {
    throw InputError(Diagnostic{path, 0, 0, "", "",
                                fmt::format("file is {} bytes; scenario files are limited to {} "
                                            "bytes",
                                            size, limits.max_bytes)});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot read", path));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path, overrides);
}

}  // namespace rushrisk
