// A cheap pre-scan that refuses TOML input the parser could choke on, before parsing.
//
// toml++ 3.3.0 recurses once per dotted-key part and per nested array/inline table; a
// single line `k.k.k...k = 1` with ~4,000 parts overflows a 1 MiB stack. The guard walks
// the text once (strings and comments skipped) and bounds the file size, the number of
// parts in one dotted key, and the nesting depth of [ ] and { }.
#pragma once

#include <optional>
#include <string_view>

#include "engine/scenario/errors.h"

namespace rushrisk {

struct TomlLimits {
  std::size_t max_bytes = 1 << 20;
  int max_key_parts = 32;
  int max_nesting = 32;
};

// A diagnostic (file, line, column, reason) if `text` exceeds a limit, else nullopt.
std::optional<Diagnostic> check_toml_limits(std::string_view text, std::string_view file,
                                            const TomlLimits& limits = {});

}  // namespace rushrisk
