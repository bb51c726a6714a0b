// Reading a distribution node (spec §6). Private to rushrisk_scenario.
#pragma once

#include <optional>
#include <string_view>

#include "engine/random/distribution.h"
#include "engine/scenario/toml_reader.h"

namespace rushrisk::detail {

// What an input measures, which decides the units its values may use.
enum class ValueKind {
  duration,  // wall-clock hours: m, h, d
  effort,    // person-hours: m, h
  count,     // a non-negative integer (review rounds, people)
};

// A bare duration/number means `fixed`; an inline table with `dist` names the rest.
std::optional<Distribution> read_distribution(ParseContext& context, const toml::node& node,
                                              std::string_view path, ValueKind kind);

}  // namespace rushrisk::detail
