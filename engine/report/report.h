// Rendering a Report: the JSON contract (spec §7) and the account manager's text.
#pragma once

#include <string>

#include "engine/decide/assess.h"
#include "engine/sim/statistics.h"

namespace rushrisk {

// The JSON document of the contract, pretty-printed, ending in a newline. Deterministic:
// the same Report gives the same bytes.
std::string to_json(const Assessment& assessment);
std::string to_json(const Report& report);

// A short plain-text report: the headline risk, what else can go wrong, when it finishes.
// With drivers and a recommendation: the verdict first, then the conditions in plain
// words, then the drivers as a small text tornado.
std::string to_text(const Assessment& assessment);
std::string to_text(const Report& report);

}  // namespace rushrisk
