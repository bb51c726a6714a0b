// The command line, parsed into one plain struct and validated in one place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/scenario/parse.h"

namespace rushrisk::cli {

enum class Command { evaluate, validate, sweep, help };
enum class Format { text, json };

struct Options {
  Command command = Command::help;
  std::string scenario_path;
  std::uint64_t trials = 0;  // used when precision is not set
  std::uint64_t seed = 1;
  std::optional<double> precision;  // set by default (0.0025) when trials is not given
  std::uint64_t max_trials = 100'000'000;
  unsigned threads = 0;  // 0 = all cores
  Format format = Format::text;
  bool recommend = true;
  std::vector<Override> overrides;
  std::string help_text;  // filled for Command::help
  // sweep
  std::string out;
  bool jsonl = false;
  bool resume = false;
  std::uint64_t shard_index = 0;
  std::uint64_t shard_count = 1;
  bool trials_given = false;
};

// Parses argv; throws InputError for a bad command line (exit code 2).
Options parse_command_line(int argc, const char* const argv[]);

}  // namespace rushrisk::cli
