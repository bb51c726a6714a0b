// Reading TOML nodes into validated values, collecting diagnostics instead of stopping at
// the first problem. Private to rushrisk_scenario.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "engine/scenario/errors.h"
#include "engine/scenario/time.h"

namespace rushrisk::detail {

// Where diagnostics go, and what file relative paths are resolved against.
class ParseContext {
 public:
  ParseContext(std::string file, std::filesystem::path base_dir)
      : file_(std::move(file)), base_dir_(std::move(base_dir)) {}

  // A problem with a value: `file:line:col: path: value: reason`.
  void error(const toml::node& node, std::string_view path, std::string reason);
  // A problem located at a key (unknown key) or at a table (missing key).
  void error_at(const toml::source_region& where, std::string_view path, std::string value,
                std::string reason);

  // The text the nodes came from, so values can be quoted exactly as written.
  void set_source_text(std::string_view text);
  // A node's value as the user wrote it (falls back to TOML formatting).
  std::string render(const toml::node& node) const;

  bool ok() const { return diagnostics_.empty(); }
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }
  const std::filesystem::path& base_dir() const { return base_dir_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::filesystem::path base_dir_;
  std::vector<std::string_view> lines_;
  std::vector<Diagnostic> diagnostics_;
};

// The TOML text of a node as toml++ formats it, on one line.
std::string render(const toml::node& node);

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string join_path(std::string_view parent, std::string_view key);

// A table being read. Unknown keys are reported at construction with a "did you mean".
class TableView {
 public:
  TableView(ParseContext& context, const toml::table& table, std::string path,
            std::initializer_list<std::string_view> allowed);
  TableView(ParseContext& context, const toml::table& table, std::string path,
            const std::vector<std::string_view>& allowed);

  const toml::node* find(std::string_view key) const;
  std::string path_of(std::string_view key) const { return join_path(path_, key); }
  const std::string& path() const { return path_; }
  const toml::table& table() const { return table_; }
  ParseContext& context() const { return context_; }
  // Reports `key` as missing (located at this table).
  void missing(std::string_view key, std::string_view what) const;

  // Typed readers: nullopt (with a diagnostic) on a wrong value, or on a missing key when
  // required. `fallback` is returned when the key is absent.
  std::optional<std::string> string(std::string_view key, bool required = false) const;
  std::optional<double> number(std::string_view key, double fallback) const;
  std::optional<bool> boolean(std::string_view key, bool fallback) const;
  std::optional<double> duration(std::string_view key, double fallback, DurationUnits units) const;
  std::optional<double> time_of_day(std::string_view key, std::optional<double> fallback) const;

 private:
  void check_keys(const std::vector<std::string_view>& allowed);

  ParseContext& context_;
  const toml::table& table_;
  std::string path_;
};

// A table at `key` of `parent` (or nullptr, with a diagnostic if it is not a table).
const toml::table* child_table(const TableView& parent, std::string_view key);

// A duration node: a string with a unit, or a bare number of hours.
std::optional<double> read_duration(ParseContext& context, const toml::node& node,
                                    std::string_view path, DurationUnits units,
                                    bool allow_sign = false);
// A TOML local date-time, as a LocalDateTime.
std::optional<LocalDateTime> read_instant(ParseContext& context, const toml::node& node,
                                          std::string_view path);
// A TOML local date.
std::optional<LocalDate> read_date(ParseContext& context, const toml::node& node,
                                   std::string_view path);
// A number (integer or float), finite.
std::optional<double> read_number(ParseContext& context, const toml::node& node,
                                  std::string_view path);

}  // namespace rushrisk::detail
