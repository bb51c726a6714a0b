// Loads the benchmark scenarios (see bench_scenarios.h); nothing here is measured.
#include "bench/bench_scenarios.h"

#include <map>
#include <memory>

#include "engine/scenario/parse.h"

namespace rushrisk::bench {

const Model& scenario_model(const std::string& name) {
  // A Model cannot move (its samplers point into it), so each one lives on the heap.
  static std::map<std::string, std::unique_ptr<const Model>> models;
  std::unique_ptr<const Model>& model = models[name];
  if (!model) {
    model = std::make_unique<const Model>(
        load_scenario(RUSHRISK_SOURCE_DIR "/scenarios/" + name + ".toml"));
  }
  return *model;
}

}  // namespace rushrisk::bench
