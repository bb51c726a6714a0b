// Rendering a Report: the JSON contract (spec §7) and the account manager's text.
#pragma once

#include <string>

#include "engine/sim/statistics.h"

namespace rushrisk {

// The JSON document of the contract, pretty-printed, ending in a newline. Deterministic:
// the same Report gives the same bytes.
std::string to_json(const Report& report);

// A short plain-text report: the headline risk, what else can go wrong, when it finishes.
std::string to_text(const Report& report);

}  // namespace rushrisk
