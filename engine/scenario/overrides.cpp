#include "engine/scenario/overrides.h"

#include <charconv>

#include <fmt/format.h>

#include "engine/scenario/errors.h"

namespace rushrisk {
namespace detail {
namespace {

struct PathPart {
  std::string key;
  std::optional<std::size_t> index;  // `key[i]`
};

InputError bad_override(const Override& o, std::string reason) {
  return InputError(Diagnostic{"--set", 0, 0, o.key_path, o.value, std::move(reason)});
}

std::optional<std::size_t> parse_index(std::string_view text) {
  std::size_t index = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return index;
}

std::vector<PathPart> split_path(const Override& o) {
  std::vector<PathPart> parts(1);
  const std::string& path = o.key_path;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '"') {
      const std::size_t close = path.find('"', i + 1);
      if (close == std::string::npos) throw bad_override(o, "unterminated quote in the key path");
      parts.back().key += path.substr(i + 1, close - i - 1);
      i = close;
    } else if (c == '.') {
      parts.emplace_back();
    } else if (c == '[') {
      const std::size_t close = path.find(']', i);
      const auto index = close == std::string::npos
                             ? std::nullopt
                             : parse_index(std::string_view(path).substr(i + 1, close - i - 1));
      if (!index) throw bad_override(o, "expected key[index] with a whole-number index");
      parts.back().index = index;
      i = close;
    } else {
      parts.back().key += c;
    }
  }
  for (const PathPart& part : parts) {
    if (part.key.empty()) throw bad_override(o, "empty part in the key path");
  }
  return parts;
}

// The override's value as a TOML node whose source names the override.
toml::table parse_value(const Override& o) {
  const std::string source = fmt::format("--set {}", o.key_path);
  try {
    return toml::parse("value = " + o.value, source);
  } catch (const toml::parse_error&) {
    std::string quoted;
    for (char c : o.value) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    try {
      return toml::parse("value = \"" + quoted + "\"", source);
    } catch (const toml::parse_error& e) {
      throw bad_override(o, std::string(e.description()));
    }
  }
}

toml::key override_key(const std::string& name, const std::string& path) {
  toml::source_region where;
  where.path = std::make_shared<const std::string>("--set " + path);
  return toml::key(name, std::move(where));
}

// The table at `part` under `table`, created if absent.
toml::table& descend(toml::table& table, const PathPart& part, const Override& o) {
  toml::node* node = table.get(part.key);
  if (!node) {
    if (part.index) throw bad_override(o, fmt::format("there is no array \"{}\"", part.key));
    node = &table.insert(override_key(part.key, o.key_path), toml::table{}).first->second;
  }
  if (part.index) {
    auto* array = node->as_array();
    if (!array || *part.index >= array->size() || !array->get(*part.index)->is_table()) {
      throw bad_override(o, fmt::format("\"{}\" has no table at index {}", part.key, *part.index));
    }
    return *array->get(*part.index)->as_table();
  }
  if (auto* child = node->as_table()) return *child;
  throw bad_override(o, fmt::format("\"{}\" is not a table", part.key));
}

void apply(toml::table& root, const Override& o) {
  const std::vector<PathPart> parts = split_path(o);
  toml::table* table = &root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) table = &descend(*table, parts[i], o);
  const PathPart& last = parts.back();
  if (last.index) throw bad_override(o, "an override sets a key, not an array element");
  toml::table value = parse_value(o);
  toml::node& node = *value.get("value");
  if (toml::node* existing = table->get(last.key)) {
    node.visit([&](auto&& v) { table->insert_or_assign(last.key, std::move(v)); });
    (void)existing;
  } else {
    node.visit([&](auto&& v) { table->insert(override_key(last.key, o.key_path), std::move(v)); });
  }
}

}  // namespace

void apply_overrides(toml::table& root, const std::vector<Override>& overrides) {
  for (const Override& o : overrides) apply(root, o);
}

}  // namespace detail

Override parse_override(std::string_view argument) {
  const std::size_t equals = argument.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw InputError(Diagnostic{"--set", 0, 0, "", std::string(argument),
                                "expected key.path=value, e.g. team.people=3"});
  }
  return {std::string(argument.substr(0, equals)), std::string(argument.substr(equals + 1))};
}

}  // namespace rushrisk
