// run_sweep: evaluate every point of a sweep on the same trial streams (common random
// numbers) and write one row per point, crash-safely.
//
// Rows are appended to OUT.partial (with a content hash on its first line) and flushed
// to disk as points finish; when every point is done the rows are sorted by point_id and
// OUT is written in one rename. --resume continues a .partial written by the same sweep,
// base scenario and settings: finished points are skipped, a torn last line is dropped,
// no point is written twice. So an interrupted-and-resumed run gives the same file as an
// uninterrupted one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/sweep/sweep_spec.h"

namespace rushrisk {

struct SweepOptions {
  std::string out;  // empty: rows to stdout as they finish (no resume)
  enum class Format { csv, jsonl } format = Format::csv;
  bool resume = false;
  std::uint64_t shard_index = 0;  // run points with id % shard_count == shard_index
  std::uint64_t shard_count = 1;
  unsigned threads = 0;
  std::optional<std::uint64_t> trials;  // override the sweep file's
  std::optional<double> precision;
  bool progress = false;  // points done, trials/s and ETA on stderr
};

// Returns the number of points evaluated in this call. Throws InputError / IoError.
std::uint64_t run_sweep(const SweepSpec& spec, const SweepOptions& options);

}  // namespace rushrisk
