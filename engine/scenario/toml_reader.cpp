#include "engine/scenario/toml_reader.h"

#include <cmath>
#include <sstream>

#include <fmt/format.h>

namespace rushrisk::detail {
namespace {

std::string file_of(const toml::source_region& where, const std::string& fallback) {
  return where.path ? *where.path : fallback;
}

// Command-line overrides have no line to point at.
bool is_override(const toml::source_region& where) {
  return where.path && where.path->starts_with("--set");
}

}  // namespace

void ParseContext::error(const toml::node& node, std::string_view path, std::string reason) {
  error_at(node.source(), path, render(node), std::move(reason));
}

void ParseContext::set_source_text(std::string_view text) {
  lines_.clear();
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines_.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

std::string ParseContext::render(const toml::node& node) const {
  const toml::source_region& where = node.source();
  const bool from_file = where.path && *where.path == file_;
  if (from_file && where.begin.line == where.end.line && where.begin.line >= 1 &&
      where.begin.line <= lines_.size() && where.end.column > where.begin.column) {
    const std::string_view line = lines_[where.begin.line - 1];
    const std::size_t first = where.begin.column - 1;
    if (where.end.column - 1 <= line.size()) {
      return std::string(line.substr(first, where.end.column - where.begin.column));
    }
  }
  return detail::render(node);
}

void ParseContext::error_at(const toml::source_region& where, std::string_view path,
                            std::string value, std::string reason) {
  Diagnostic d;
  d.file = is_override(where) ? "--set" : file_of(where, file_);
  if (!is_override(where)) {
    d.line = static_cast<int>(where.begin.line);
    d.column = static_cast<int>(where.begin.column);
  }
  d.key_path = std::string(path);
  d.value = std::move(value);
  d.reason = std::move(reason);
  diagnostics_.push_back(std::move(d));
}

std::string render(const toml::node& node) {
  if (const auto* text = node.as_string()) {
    std::string quoted = "\"";
    for (char c : text->get()) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\"";
  }
  std::ostringstream out;
  node.visit([&out](const auto& value) { out << value; });
  std::string text = out.str();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return fmt::format("{}.{}", parent, key);
}

TableView::TableView(ParseContext& context, const toml::table& table, std::string path,
                     std::initializer_list<std::string_view> allowed)
    : TableView(context, table, std::move(path), std::vector<std::string_view>(allowed)) {}

TableView::TableView(ParseContext& context, const toml::table& table, std::string path,
                     const std::vector<std::string_view>& allowed)
    : context_(context), table_(table), path_(std::move(path)) {
  check_keys(allowed);
}

void TableView::check_keys(const std::vector<std::string_view>& allowed) {
  for (auto&& [key, node] : table_) {
    const std::string_view name = key.str();
    bool known = false;
    for (std::string_view a : allowed) known = known || a == name;
    if (known) continue;
    std::string reason = "unknown key";
    const std::string suggestion = closest_match(name, allowed);
    if (!suggestion.empty()) reason += fmt::format(" (did you mean \"{}\"?)", suggestion);
    context_.error_at(key.source(), path_of(name), "", std::move(reason));
  }
}

const toml::node* TableView::find(std::string_view key) const { return table_.get(key); }

void TableView::missing(std::string_view key, std::string_view what) const {
  context_.error_at(table_.source(), path_of(key), "", fmt::format("missing: {}", what));
}

std::optional<std::string> TableView::string(std::string_view key, bool required) const {
  const toml::node* node = find(key);
  if (!node) {
    if (required) missing(key, "a string is required");
    return std::nullopt;
  }
  if (const auto* s = node->as_string()) return s->get();
  context_.error(*node, path_of(key), "expected a string");
  return std::nullopt;
}

std::optional<double> TableView::number(std::string_view key, double fallback) const {
  const toml::node* node = find(key);
  if (!node) return fallback;
  return read_number(context_, *node, path_of(key));
}

std::optional<bool> TableView::boolean(std::string_view key, bool fallback) const {
  const toml::node* node = find(key);
  if (!node) return fallback;
  if (const auto* b = node->as_boolean()) return b->get();
  context_.error(*node, path_of(key), "expected true or false");
  return std::nullopt;
}

std::optional<double> TableView::duration(std::string_view key, double fallback,
                                          DurationUnits units) const {
  const toml::node* node = find(key);
  if (!node) return fallback;
  return read_duration(context_, *node, path_of(key), units);
}

std::optional<double> TableView::time_of_day(std::string_view key,
                                             std::optional<double> fallback) const {
  const toml::node* node = find(key);
  if (!node) {
    if (!fallback) missing(key, "a time of day \"HH:MM\" is required");
    return fallback;
  }
  std::string why = "expected a time of day \"HH:MM\" between \"00:00\" and \"24:00\"";
  if (const auto* s = node->as_string()) {
    if (auto hours = parse_time_of_day(s->get(), why)) return hours;
  }
  context_.error(*node, path_of(key), why);
  return std::nullopt;
}

const toml::table* child_table(const TableView& parent, std::string_view key) {
  const toml::node* node = parent.find(key);
  if (!node) return nullptr;
  if (const auto* table = node->as_table()) return table;
  parent.context().error(*node, parent.path_of(key), "expected a table");
  return nullptr;
}

std::optional<double> read_number(ParseContext& context, const toml::node& node,
                                  std::string_view path) {
  if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
  if (const auto* f = node.as_floating_point()) {
    if (std::isfinite(f->get())) return f->get();
    context.error(node, path, "expected a finite number");
    return std::nullopt;
  }
  context.error(node, path, "expected a number");
  return std::nullopt;
}

std::optional<double> read_duration(ParseContext& context, const toml::node& node,
                                    std::string_view path, DurationUnits units, bool allow_sign) {
  if (node.is_integer() || node.is_floating_point()) {
    const std::optional<double> hours = read_number(context, node, path);
    if (hours && *hours < 0 && !allow_sign) {
      context.error(node, path, "a duration cannot be negative");
      return std::nullopt;
    }
    return hours;
  }
  if (const auto* s = node.as_string()) {
    std::string why;
    if (auto hours = parse_duration(s->get(), units, allow_sign, why)) return hours;
    context.error(node, path, why);
    return std::nullopt;
  }
  context.error(node, path,
                units == DurationUnits::effort
                    ? "expected an effort such as \"45m\" or \"6h\", or a number of hours"
                    : "expected a duration such as \"45m\", \"6h\" or \"1.5d\", or a number of "
                      "hours");
  return std::nullopt;
}

std::optional<LocalDateTime> read_instant(ParseContext& context, const toml::node& node,
                                          std::string_view path) {
  const auto* dt = node.as_date_time();
  if (!dt) {
    context.error(node, path, "expected a local date-time such as 2026-11-19T10:00:00");
    return std::nullopt;
  }
  const toml::date_time& value = dt->get();
  if (value.offset) {
    context.error(node, path, "time zones are not supported: write a local date-time");
    return std::nullopt;
  }
  const LocalDate date{value.date.year, value.date.month, value.date.day};
  if (!date.is_valid()) {
    context.error(node, path, "not a calendar date");
    return std::nullopt;
  }
  const double seconds = value.time.hour * 3600.0 + value.time.minute * 60.0 + value.time.second +
                         value.time.nanosecond * 1e-9;
  return LocalDateTime{date, seconds};
}

std::optional<LocalDate> read_date(ParseContext& context, const toml::node& node,
                                   std::string_view path) {
  const auto* d = node.as_date();
  if (!d) {
    context.error(node, path, "expected a local date such as 2026-12-25");
    return std::nullopt;
  }
  const LocalDate date{d->get().year, d->get().month, d->get().day};
  if (!date.is_valid()) {
    context.error(node, path, "not a calendar date");
    return std::nullopt;
  }
  return date;
}

}  // namespace rushrisk::detail
