// SweepSpec: a sweep file (spec §9) read into a plain value — the base scenario, the axes
// and how points are chosen — and the points themselves, each a list of `--set`
// overrides applied to the base scenario.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/scenario/parse.h"

namespace rushrisk {

struct SweepAxis {
  std::string param;                // a key path that --set accepts
  std::vector<std::string> values;  // TOML text of each value (grid)
  // A range, for Latin hypercube sampling: numbers in the axis's own unit.
  enum class Unit { number, integer, hours, instant } unit = Unit::number;
  double from = 0, to = 0, step = 0;
  bool has_range = false;
};

struct SweepSpec {
  std::string file;
  std::string base_path;  // resolved against the sweep file's folder
  std::vector<SweepAxis> axes;
  std::optional<std::uint64_t> lhs_points;  // [sample] method = "lhs"
  std::optional<std::uint64_t> trials;
  std::optional<double> precision;
  std::uint64_t seed = 1;
  std::string content;  // sweep file text, for the output's content hash
};

struct SweepPoint {
  std::uint64_t id = 0;
  std::vector<std::string> values;  // TOML text, one per axis
  std::vector<Override> overrides() const;
  const SweepSpec* spec = nullptr;
};

// Reads and validates a sweep file; throws InputError (exit code 2) naming the file, the
// key path and the reason.
SweepSpec load_sweep(const std::string& path);

// Every point: the full grid (first axis slowest), or the Latin hypercube sample.
std::vector<SweepPoint> sweep_points(const SweepSpec& spec);

}  // namespace rushrisk
