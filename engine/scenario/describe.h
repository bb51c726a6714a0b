// describe: a Scenario written back as normalised TOML — every default filled in, every
// duration in hours, instants absolute — what `rushrisk validate` prints. Parsing the
// output gives the same Scenario.
#pragma once

#include <string>

#include "engine/scenario/scenario.h"

namespace rushrisk {

std::string describe(const Scenario& scenario);

}  // namespace rushrisk
