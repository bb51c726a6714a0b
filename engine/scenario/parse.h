// parse_scenario: TOML scenario file -> validated Scenario (spec §2–8).
//
// Every problem in the file is collected and thrown together as one InputError whose
// diagnostics read `file:line:col: key.path: value: reason`. Files over 1 MiB, and keys
// or nesting deep enough to endanger the TOML parser, are refused before parsing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/scenario.h"

namespace rushrisk {

// A command-line what-if: `key.path=value` (value in TOML syntax, or a bare string).
struct Override {
  std::string key_path;
  std::string value;
};

// Parses `key.path=value`; throws InputError naming the argument when malformed.
Override parse_override(std::string_view argument);

// Reads and parses a scenario file; overrides are applied before validation, so they are
// validated exactly like the file. Throws InputError (bad content) or IoError (unreadable).
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {});

// Parses scenario text; `file` names it in messages and anchors relative paths.
Scenario parse_scenario(std::string_view text, const std::string& file,
                        const std::vector<Override>& overrides = {});

}  // namespace rushrisk
