// Applying `--set key.path=value` what-ifs to a parsed TOML document, before validation,
// so an override is checked exactly like the file. Private to rushrisk_scenario.
#pragma once

#include <vector>

#include <toml++/toml.h>

#include "engine/scenario/parse.h"

namespace rushrisk::detail {

// Paths are dotted keys; `name[i]` selects an element of an array of tables, and a quoted
// part ("work.effort") is one key. Values are TOML (3, "6h", 2026-11-20T09:00:00,
// {dist = "pert", ...}) or, failing that, a bare string (6h). Throws InputError.
void apply_overrides(toml::table& root, const std::vector<Override>& overrides);

}  // namespace rushrisk::detail
