#include "engine/sweep/sweep_spec.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "engine/random/philox_stream.h"
#include "engine/scenario/errors.h"
#include "engine/scenario/toml_guard.h"
#include "engine/scenario/toml_reader.h"

namespace rushrisk {
namespace {

using detail::ParseContext;
using detail::TableView;

// The value of a range bound in the axis's unit, or nullopt (with a diagnostic).
std::optional<double> bound(ParseContext& c, const toml::node& node, std::string_view path,
                            SweepAxis::Unit unit) {
  switch (unit) {
    case SweepAxis::Unit::instant: {
      const auto at = detail::read_instant(c, node, path);
      return at ? std::optional(at->epoch_hours()) : std::nullopt;
    }
    case SweepAxis::Unit::hours:
      return detail::read_duration(c, node, path, DurationUnits::wall_clock, true);
    default:
      return detail::read_number(c, node, path);
  }
}

SweepAxis::Unit unit_of(const toml::node& from, const toml::node& to, const toml::node& step) {
  if (from.is_date_time()) return SweepAxis::Unit::instant;
  if (from.is_string()) return SweepAxis::Unit::hours;
  if (from.is_integer() && to.is_integer() && step.is_integer()) return SweepAxis::Unit::integer;
  return SweepAxis::Unit::number;
}

std::string value_text(double v, SweepAxis::Unit unit) {
  switch (unit) {
    case SweepAxis::Unit::instant:
      return LocalDateTime::from_epoch_hours(std::round(v * 60) / 60).to_string();
    case SweepAxis::Unit::hours:
      return fmt::format("\"{}h\"", v);
    case SweepAxis::Unit::integer:
      return fmt::format("{}", std::llround(v));
    default:
      return fmt::format("{}", v);
  }
}

bool same_kind(const toml::node& a, const toml::node& b) {
  if (a.is_number() && b.is_number()) return true;
  return a.type() == b.type();
}

void read_range(ParseContext& c, const TableView& view, SweepAxis& axis) {
  const toml::table* range = detail::child_table(view, "range");
  if (!range) return;
  const TableView r(c, *range, view.path_of("range"), {"from", "to", "step"});
  const toml::node* from = r.find("from");
  const toml::node* to = r.find("to");
  const toml::node* step = r.find("step");
  if (!from || !to || !step) {
    r.missing(!from ? "from" : !to ? "to" : "step", "a range needs from, to and step");
    return;
  }
  const bool instants = from->is_date_time();
  if (!same_kind(*from, *to) || (instants ? !step->is_string() : !same_kind(*from, *step))) {
    c.error(*range, r.path(),
            "from, to and step must be of one kind (numbers, durations, or "
            "instants with a duration step)");
    return;
  }
  axis.unit = unit_of(*from, *to, *step);
  const auto f = bound(c, *from, r.path_of("from"), axis.unit);
  const auto t = bound(c, *to, r.path_of("to"), axis.unit);
  const auto s = bound(c, *step, r.path_of("step"), instants ? SweepAxis::Unit::hours : axis.unit);
  if (!f || !t || !s) return;
  if (*s == 0) return c.error(*step, r.path_of("step"), "a step cannot be 0");
  if ((*t - *f) * *s < 0) {
    return c.error(*step, r.path_of("step"), "the step goes away from `to`");
  }
  axis.from = *f;
  axis.to = *t;
  axis.step = *s;
  axis.has_range = true;
  const auto count = static_cast<std::uint64_t>(std::floor((*t - *f) / *s + 1e-9)) + 1;
  if (count > 1'000'000) return c.error(*range, r.path(), "more than 1,000,000 values");
  for (std::uint64_t k = 0; k < count; ++k) {
    axis.values.push_back(value_text(*f + static_cast<double>(k) * *s, axis.unit));
  }
}

void read_values(ParseContext& c, const TableView& view, SweepAxis& axis) {
  const toml::node* node = view.find("values");
  const auto* array = node ? node->as_array() : nullptr;
  if (!array || array->empty()) {
    c.error(*node, view.path_of("values"), "expected a non-empty list of values");
    return;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (!same_kind(*array->get(0), *array->get(i))) {
      c.error(*array->get(i), fmt::format("{}[{}]", view.path_of("values"), i),
              "values of one axis must be of one kind");
      return;
    }
    axis.values.push_back(detail::render(*array->get(i)));
  }
}

// The axis's param must be one that --set accepts on the base scenario.
void check_param(ParseContext& c, const toml::node& param_node, const SweepAxis& axis,
                 const std::string& base, std::string_view path) {
  if (axis.values.empty()) return;
  try {
    load_scenario(base, {Override{axis.param, axis.values.front()}});
  } catch (const InputError& e) {
    c.error(param_node, path, e.diagnostics().front().reason);
  }
}

void read_axes(ParseContext& c, const TableView& root, SweepSpec& spec) {
  const toml::node* node = root.find("axis");
  const auto* array = node ? node->as_array() : nullptr;
  if (!array || !array->is_array_of_tables() || array->empty()) {
    if (node) c.error(*node, "axis", "expected [[axis]] tables");
    if (!node) root.missing("axis", "at least one [[axis]] with param and values or range");
    return;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const TableView view(c, *array->get(i)->as_table(), fmt::format("axis[{}]", i),
                         {"param", "values", "range"});
    SweepAxis axis;
    const auto param = view.string("param", true);
    if (!param) continue;
    axis.param = *param;
    if (view.find("values") && view.find("range")) {
      c.error(*view.find("range"), view.path_of("range"), "give values or range, not both");
      continue;
    }
    if (!view.find("values") && !view.find("range")) {
      view.missing("values", "values = [...] or range = {from, to, step}");
      continue;
    }
    const std::size_t before = c.diagnostics().size();
    view.find("values") ? read_values(c, view, axis) : read_range(c, view, axis);
    if (c.diagnostics().size() != before) continue;
    if (c.ok()) check_param(c, *view.find("param"), axis, spec.base_path, view.path_of("param"));
    spec.axes.push_back(std::move(axis));
  }
}

void read_settings(ParseContext& c, const TableView& root, SweepSpec& spec) {
  if (const auto* seed = root.find("seed")) {
    if (seed->is_integer() && seed->as_integer()->get() >= 0) {
      spec.seed = static_cast<std::uint64_t>(seed->as_integer()->get());
    } else {
      c.error(*seed, "seed", "expected a whole number >= 0");
    }
  }
  if (const auto* trials = root.find("trials")) {
    if (trials->is_integer() && trials->as_integer()->get() > 0) {
      spec.trials = static_cast<std::uint64_t>(trials->as_integer()->get());
    } else {
      c.error(*trials, "trials", "expected a whole number > 0");
    }
  }
  if (const auto* precision = root.find("precision")) {
    const auto p = detail::read_number(c, *precision, "precision");
    if (p && (*p <= 0 || *p >= 0.5))
      c.error(*precision, "precision", "expected a value in (0, 0.5)");
    if (p && *p > 0 && *p < 0.5) spec.precision = p;
  }
  if (spec.trials && spec.precision) {
    c.error(*root.find("precision"), "precision", "give trials or precision, not both");
  }
  if (const toml::table* sample = detail::child_table(root, "sample")) {
    const TableView view(c, *sample, "sample", {"method", "points"});
    const auto method = view.string("method", true);
    if (method && *method != "lhs")
      c.error(*view.find("method"), "sample.method", "expected \"lhs\"");
    const toml::node* points = view.find("points");
    if (!points) view.missing("points", "the number of points");
    if (points && (!points->is_integer() || points->as_integer()->get() <= 0)) {
      c.error(*points, "sample.points", "expected a whole number > 0");
    } else if (points) {
      spec.lhs_points = static_cast<std::uint64_t>(points->as_integer()->get());
    }
  }
}

}  // namespace

std::vector<Override> SweepPoint::overrides() const {
  std::vector<Override> list;
  for (std::size_t a = 0; a < values.size(); ++a) list.push_back({spec->axes[a].param, values[a]});
  return list;
}

SweepSpec load_sweep(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot read", path));
  std::ostringstream text;
  text << in.rdbuf();
  SweepSpec spec;
  spec.file = path;
  spec.content = text.str();
  if (auto refused = check_toml_limits(spec.content, path)) throw InputError(*refused);
  toml::table table;
  try {
    table = toml::parse(spec.content, path);
  } catch (const toml::parse_error& e) {
    throw InputError(Diagnostic{path, static_cast<int>(e.source().begin.line),
                                static_cast<int>(e.source().begin.column), "", "",
                                std::string(e.description())});
  }
  ParseContext c(path, std::filesystem::path(path).parent_path());
  c.set_source_text(spec.content);
  const TableView root(c, table, "", {"base", "seed", "trials", "precision", "axis", "sample"});
  if (const auto base = root.string("base", true)) {
    spec.base_path = (std::filesystem::path(path).parent_path() / *base).string();
    if (!std::filesystem::is_regular_file(spec.base_path)) {
      c.error(*root.find("base"), "base", "no such scenario file (relative to the sweep file)");
    }
  }
  read_settings(c, root, spec);
  if (c.ok()) read_axes(c, root, spec);
  if (c.ok() && spec.lhs_points) {
    for (std::size_t a = 0; a < spec.axes.size(); ++a) {
      if (!spec.axes[a].has_range) {
        c.error_at(table.source(), fmt::format("axis[{}]", a), "",
                   "Latin hypercube sampling needs a range on every axis");
      }
    }
  }
  if (!c.ok()) throw InputError(std::move(c.diagnostics()));
  return spec;
}

namespace {

std::vector<SweepPoint> grid(const SweepSpec& spec) {
  std::uint64_t total = 1;
  for (const SweepAxis& a : spec.axes) total *= a.values.size();
  std::vector<SweepPoint> points(total);
  for (std::uint64_t id = 0; id < total; ++id) {
    SweepPoint& p = points[id];
    p.id = id;
    p.spec = &spec;
    p.values.resize(spec.axes.size());
    std::uint64_t rest = id;
    for (std::size_t a = spec.axes.size(); a-- > 0;) {
      const auto n = spec.axes[a].values.size();
      p.values[a] = spec.axes[a].values[rest % n];
      rest /= n;
    }
  }
  return points;
}

// Latin hypercube: each axis's range cut into N equal strata, one point in each, the
// strata of different axes paired by seeded shuffles.
std::vector<SweepPoint> latin_hypercube(const SweepSpec& spec) {
  const std::uint64_t n = *spec.lhs_points;
  std::vector<SweepPoint> points(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    points[i].id = i;
    points[i].spec = &spec;
    points[i].values.resize(spec.axes.size());
  }
  for (std::size_t a = 0; a < spec.axes.size(); ++a) {
    const SweepAxis& axis = spec.axes[a];
    const PhiloxStream stream(spec.seed, stream_id(fmt::format("sweep/lhs/{}", a)));
    std::vector<std::uint64_t> strata(n);
    std::iota(strata.begin(), strata.end(), 0);
    for (std::uint64_t i = n; i-- > 1;) {  // Fisher-Yates
      const auto j = static_cast<std::uint64_t>(stream.uniform(i, 1) * static_cast<double>(i + 1));
      std::swap(strata[i], strata[std::min(j, i)]);
    }
    for (std::uint64_t i = 0; i < n; ++i) {
      const double u =
          (static_cast<double>(strata[i]) + stream.uniform(i, 2)) / static_cast<double>(n);
      double v = axis.from + u * (axis.to - axis.from);
      if (axis.unit == SweepAxis::Unit::integer) v = std::round(v);
      if (axis.unit == SweepAxis::Unit::hours) v = std::round(v * 60) / 60;
      points[i].values[a] = value_text(v, axis.unit);
    }
  }
  return points;
}

}  // namespace

std::vector<SweepPoint> sweep_points(const SweepSpec& spec) {
  return spec.lhs_points ? latin_hypercube(spec) : grid(spec);
}

}  // namespace rushrisk
