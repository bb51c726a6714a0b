#include "engine/scenario/parse_distribution.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

#include <fmt/format.h>

#include "engine/random/normal.h"

namespace rushrisk::detail {
namespace {

constexpr std::string_view kDistNames[] = {"fixed",    "uniform",   "triangular",  "pert",
                                           "normal",   "lognormal", "exponential", "gamma",
                                           "discrete", "empirical", "mixture"};

constexpr double kMaxSdBelowZero = 37.5;

DurationUnits units_of(ValueKind kind) {
  return kind == ValueKind::effort ? DurationUnits::effort : DurationUnits::wall_clock;
}

// One value of an input: a duration (hours) or a count (integer).
std::optional<double> read_value(ParseContext& context, const toml::node& node,
                                 std::string_view path, ValueKind kind) {
  if (kind != ValueKind::count) return read_duration(context, node, path, units_of(kind));
  if (const auto* i = node.as_integer()) {
    if (i->get() >= 0) return static_cast<double>(i->get());
    context.error(node, path, "must be a non-negative integer");
    return std::nullopt;
  }
  context.error(node, path, "expected a non-negative integer");
  return std::nullopt;
}

class DistReader {
 public:
  DistReader(const TableView& view, ValueKind kind) : view_(view), kind_(kind) {}

  std::optional<double> value(std::string_view key) const {
    const toml::node* node = view_.find(key);
    if (!node) {
      view_.missing(
          key, kind_ == ValueKind::count ? "an integer is required" : "a duration is required");
      return std::nullopt;
    }
    return read_value(view_.context(), *node, view_.path_of(key), kind_);
  }
  std::optional<double> signed_duration(std::string_view key) const {
    const toml::node* node = view_.find(key);
    if (!node) {
      view_.missing(key, "a duration is required");
      return std::nullopt;
    }
    return read_duration(view_.context(), *node, view_.path_of(key), units_of(kind_), true);
  }
  std::optional<double> number(std::string_view key) const {
    const toml::node* node = view_.find(key);
    if (!node) {
      view_.missing(key, "a number is required");
      return std::nullopt;
    }
    return read_number(view_.context(), *node, view_.path_of(key));
  }
  bool positive(std::string_view key, double v) const {
    if (v > 0) return true;
    fail(key, "must be positive");
    return false;
  }
  void fail(std::string_view key, std::string reason) const {
    const toml::node* node = view_.find(key);
    if (node) {
      view_.context().error(*node, view_.path_of(key), std::move(reason));
    } else {
      view_.context().error(view_.table(), view_.path(), std::move(reason));
    }
  }
  const TableView& view() const { return view_; }
  ValueKind kind() const { return kind_; }

 private:
  const TableView& view_;
  ValueKind kind_;
};

std::optional<Distribution> read_min_max(const DistReader& r, bool with_mode, double lambda = 0) {
  const auto min = r.value("min");
  const auto mode = with_mode ? r.value("mode") : std::optional<double>(0.0);
  const auto max = r.value("max");
  if (!min || !mode || !max) return std::nullopt;
  if (*min > *max) {
    r.fail("max", fmt::format("less than min ({})", format_hours(*min)));
    return std::nullopt;
  }
  if (!with_mode) return Distribution::uniform(*min, *max);
  if (*mode < *min || *mode > *max) {
    r.fail("mode",
           fmt::format("outside [min, max] = [{}, {}]", format_hours(*min), format_hours(*max)));
    return std::nullopt;
  }
  if (lambda > 0) return Distribution::pert(*min, *mode, *max, lambda);
  return Distribution::triangular(*min, *mode, *max);
}

std::optional<Distribution> read_lognormal(const DistReader& r) {
  const TableView& v = r.view();
  const bool by_quantiles = v.find("median") || v.find("p90");
  if (by_quantiles && (v.find("mu") || v.find("sigma"))) {
    r.fail("mu", "give either median and p90, or mu and sigma, not both");
    return std::nullopt;
  }
  if (!by_quantiles) {
    const auto mu = r.number("mu");
    const auto sigma = r.number("sigma");
    if (!mu || !sigma || !r.positive("sigma", *sigma)) return std::nullopt;
    return Distribution::lognormal(*mu, *sigma);
  }
  const auto median = r.value("median");
  const auto p90 = r.value("p90");
  if (!median || !p90 || !r.positive("median", *median)) return std::nullopt;
  if (*p90 <= *median) {
    r.fail("p90", fmt::format("must be greater than median ({})", format_hours(*median)));
    return std::nullopt;
  }
  return Distribution::lognormal(std::log(*median),
                                 std::log(*p90 / *median) / normal_quantile(0.9));
}

std::optional<std::vector<double>> read_value_array(const DistReader& r, std::string_view key) {
  const toml::node* node = r.view().find(key);
  if (!node) {
    r.view().missing(key, "an array is required");
    return std::nullopt;
  }
  const auto* array = node->as_array();
  if (!array || array->empty()) {
    r.view().context().error(*node, r.view().path_of(key), "expected a non-empty array");
    return std::nullopt;
  }
  std::vector<double> values;
  bool ok = true;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string path = fmt::format("{}[{}]", r.view().path_of(key), i);
    const auto v = key == "weights"
                       ? read_number(r.view().context(), *array->get(i), path)
                       : read_value(r.view().context(), *array->get(i), path, r.kind());
    ok = ok && v.has_value();
    if (v) values.push_back(*v);
  }
  if (!ok) return std::nullopt;
  return values;
}

bool check_weights(const DistReader& r, std::string_view key, const std::vector<double>& weights) {
  for (double w : weights) {
    if (w < 0) {
      r.fail(key, "weights cannot be negative");
      return false;
    }
  }
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (std::abs(sum - 1.0) > 1e-9) {
    r.fail(key, fmt::format("weights sum to {}, not 1", sum));
    return false;
  }
  return true;
}

std::optional<Distribution> read_discrete(const DistReader& r) {
  const auto values = read_value_array(r, "values");
  const auto weights = read_value_array(r, "weights");
  if (!values || !weights) return std::nullopt;
  if (values->size() != weights->size()) {
    r.fail("weights", fmt::format("{} weights for {} values", weights->size(), values->size()));
    return std::nullopt;
  }
  if (!check_weights(r, "weights", *weights)) return std::nullopt;
  return Distribution::discrete(*values, *weights);
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  cells.push_back(cell);
  for (std::string& s : cells) {
    while (!s.empty() && s.front() == ' ') s.erase(s.begin());
    while (!s.empty() && s.back() == ' ') s.pop_back();
  }
  return cells;
}

std::optional<std::vector<double>> read_csv_column(const DistReader& r) {
  const auto file = r.view().string("file", true);
  const auto column = r.view().string("column", true);
  if (!file || !column) return std::nullopt;
  const std::filesystem::path path = r.view().context().base_dir() / *file;
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) {
    r.fail("file", fmt::format("cannot read {}", path.string()));
    return std::nullopt;
  }
  const std::vector<std::string> header = split_csv_line(line);
  const auto it = std::find(header.begin(), header.end(), *column);
  if (it == header.end()) {
    r.fail("column", fmt::format("no such column in {}", *file));
    return std::nullopt;
  }
  const auto index = static_cast<std::size_t>(it - header.begin());
  std::vector<double> samples;
  for (int row = 2; std::getline(in, line); ++row) {
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> cells = split_csv_line(line);
    std::string why;
    const auto hours = index < cells.size()
                           ? parse_duration(cells[index], units_of(r.kind()), false, why)
                           : std::nullopt;
    char* end = nullptr;
    const double bare = index < cells.size() ? std::strtod(cells[index].c_str(), &end) : 0;
    if (hours) {
      samples.push_back(*hours);
    } else if (index < cells.size() && !cells[index].empty() && *end == '\0' && bare >= 0 &&
               std::isfinite(bare)) {
      samples.push_back(bare);
    } else {
      r.fail("file", fmt::format("{} line {}: cell \"{}\" is not a duration", *file, row,
                                 index < cells.size() ? cells[index] : ""));
      return std::nullopt;
    }
  }
  if (samples.empty()) {
    r.fail("file", fmt::format("{} has no samples in column \"{}\"", *file, *column));
    return std::nullopt;
  }
  return samples;
}

std::optional<Distribution> read_empirical(const DistReader& r) {
  if (r.view().find("samples") && r.view().find("file")) {
    r.fail("file", "give either samples or file, not both");
    return std::nullopt;
  }
  const auto samples = r.view().find("file") ? read_csv_column(r) : read_value_array(r, "samples");
  if (!samples) return std::nullopt;
  return Distribution::empirical(*samples);
}

std::optional<Distribution> read_mixture(const DistReader& r);

std::optional<Distribution> read_by_kind(const DistReader& r, std::string_view dist) {
  if (dist == "fixed") {
    auto v = r.value("value");
    return v ? std::optional(Distribution::fixed(*v)) : std::nullopt;
  }
  if (dist == "uniform") return read_min_max(r, false);
  if (dist == "triangular") return read_min_max(r, true);
  if (dist == "pert") {
    const auto lambda = r.view().find("lambda") ? r.number("lambda") : std::optional(4.0);
    if (!lambda || !r.positive("lambda", *lambda)) return std::nullopt;
    return read_min_max(r, true, *lambda);
  }
  if (dist == "normal") {
    const auto mean = r.signed_duration("mean");
    const auto sd = r.value("sd");
    if (!mean || !sd || !r.positive("sd", *sd)) return std::nullopt;
    // Truncated at 0: a mean far below 0 leaves less mass above 0 than a double can hold.
    if (*mean < -kMaxSdBelowZero * *sd) {
      r.fail("mean",
             fmt::format("more than {} sd below 0: nothing is left above 0", kMaxSdBelowZero));
      return std::nullopt;
    }
    return Distribution::normal(*mean, *sd, true);
  }
  if (dist == "lognormal") return read_lognormal(r);
  if (dist == "exponential") {
    const auto mean = r.value("mean");
    if (!mean || !r.positive("mean", *mean)) return std::nullopt;
    return Distribution::exponential(*mean);
  }
  if (dist == "gamma") {
    const auto mean = r.value("mean");
    const auto sd = r.value("sd");
    if (!mean || !sd || !r.positive("mean", *mean) || !r.positive("sd", *sd)) return std::nullopt;
    return Distribution::gamma(*mean, *sd);
  }
  if (dist == "discrete") return read_discrete(r);
  if (dist == "empirical") return read_empirical(r);
  return read_mixture(r);
}

std::vector<std::string_view> keys_of(std::string_view dist) {
  if (dist == "fixed") return {"dist", "value"};
  if (dist == "uniform") return {"dist", "min", "max"};
  if (dist == "triangular") return {"dist", "min", "mode", "max"};
  if (dist == "pert") return {"dist", "min", "mode", "max", "lambda"};
  if (dist == "normal") return {"dist", "mean", "sd"};
  if (dist == "lognormal") return {"dist", "median", "p90", "mu", "sigma"};
  if (dist == "exponential") return {"dist", "mean"};
  if (dist == "gamma") return {"dist", "mean", "sd"};
  if (dist == "discrete") return {"dist", "values", "weights"};
  if (dist == "empirical") return {"dist", "samples", "file", "column"};
  return {"dist", "components"};
}

// `extra_keys` lets a mixture component carry its `weight`.
std::optional<Distribution> read_table(ParseContext& context, const toml::table& table,
                                       std::string_view path, ValueKind kind,
                                       std::string_view extra_key = {}) {
  const toml::node* dist_node = table.get("dist");
  const auto* dist_string = dist_node ? dist_node->as_string() : nullptr;
  if (!dist_string) {
    if (dist_node) {
      context.error(*dist_node, join_path(path, "dist"), "expected the name of a distribution");
    } else {
      context.error_at(table.source(), join_path(path, "dist"), "",
                       "missing: name the distribution, e.g. dist = \"pert\"");
    }
    return std::nullopt;
  }
  const std::string dist = dist_string->get();
  const auto* known = std::find(std::begin(kDistNames), std::end(kDistNames), dist);
  if (known == std::end(kDistNames)) {
    std::string reason = "unknown distribution";
    const std::string guess = closest_match(
        dist, std::vector<std::string_view>(std::begin(kDistNames), std::end(kDistNames)));
    if (!guess.empty()) reason += fmt::format(" (did you mean \"{}\"?)", guess);
    context.error(*dist_node, join_path(path, "dist"), reason);
    return std::nullopt;
  }
  if (kind == ValueKind::count && dist != "fixed" && dist != "discrete" && dist != "empirical") {
    context.error(*dist_node, join_path(path, "dist"),
                  "a count takes fixed, discrete or empirical integers");
    return std::nullopt;
  }
  std::vector<std::string_view> allowed = keys_of(dist);
  if (!extra_key.empty()) allowed.push_back(extra_key);
  const std::size_t before = context.diagnostics().size();
  const TableView view(context, table, std::string(path), allowed);
  auto result = read_by_kind(DistReader(view, kind), dist);
  if (context.diagnostics().size() != before) return std::nullopt;
  return result;
}

std::optional<Distribution> read_mixture(const DistReader& r) {
  const toml::node* node = r.view().find("components");
  const auto* array = node ? node->as_array() : nullptr;
  if (!array || array->empty()) {
    if (node) r.fail("components", "expected an array of component tables");
    if (!node) r.view().missing("components", "an array of {weight, dist, ...} tables is required");
    return std::nullopt;
  }
  std::vector<Distribution::Component> components;
  std::vector<double> weights;
  bool ok = true;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string path = fmt::format("{}[{}]", r.view().path_of("components"), i);
    const auto* table = array->get(i)->as_table();
    if (!table) {
      r.view().context().error(*array->get(i), path, "expected a table {weight, dist, ...}");
      ok = false;
      continue;
    }
    const toml::node* dist = table->get("dist");
    if (dist && dist->value<std::string>() == "mixture") {
      r.view().context().error(*dist, join_path(path, "dist"),
                               "a mixture cannot contain a mixture");
      ok = false;
      continue;
    }
    const toml::node* weight_node = table->get("weight");
    auto weight = weight_node
                      ? read_number(r.view().context(), *weight_node, join_path(path, "weight"))
                      : std::nullopt;
    if (!weight_node) {
      r.view().context().error_at(table->source(), join_path(path, "weight"), "",
                                  "missing: a weight is required");
    }
    auto dist_value = read_table(r.view().context(), *table, path, r.kind(), "weight");
    ok = ok && weight && dist_value;
    if (weight && dist_value) {
      weights.push_back(*weight);
      components.push_back({*weight, *dist_value});
    }
  }
  if (!ok || !check_weights(r, "components", weights)) return std::nullopt;
  return Distribution::mixture(std::move(components));
}

}  // namespace

std::optional<Distribution> read_distribution(ParseContext& context, const toml::node& node,
                                              std::string_view path, ValueKind kind) {
  if (const auto* table = node.as_table()) return read_table(context, *table, path, kind);
  const auto value = read_value(context, node, path, kind);
  if (!value) return std::nullopt;
  return Distribution::fixed(*value);
}

}  // namespace rushrisk::detail
