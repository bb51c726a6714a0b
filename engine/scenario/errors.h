// Input errors: one small hierarchy. The library throws; only main() prints and picks
// the exit code (2 for bad input).
//
// A Diagnostic renders as `file:line:col: key.path: value: reason`; parts that are
// unknown (no line for a --set override, no value for a missing key) are left out.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rushrisk {

struct Diagnostic {
  std::string file;      // scenario path, or "--set" for a command-line override
  int line = 0;          // 1-based; 0 = unknown
  int column = 0;        // 1-based; 0 = unknown
  std::string key_path;  // e.g. "review.latency.max"; empty for file-level errors
  std::string value;     // the offending value as written; empty if none
  std::string reason;

  std::string to_string() const;
};

// Bad input: a scenario, sweep, or command-line value. Carries every problem found.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  explicit InputError(Diagnostic diagnostic);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Reading or writing a file failed (exit code 3).
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word` if it is close enough to be a likely typo, else "".
std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace rushrisk
