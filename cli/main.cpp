// rushrisk: the command-line front end. Only this file prints errors and picks exit
// codes: 0 ok, 1 internal error, 2 bad input, 3 I/O error.
#include <cstdio>
#include <exception>
#include <iostream>

#include <fmt/format.h>

#include "cli/options.h"
#include "engine/report/report.h"
#include "engine/scenario/describe.h"
#include "engine/scenario/errors.h"
#include "engine/sim/evaluate.h"

namespace {

int run(const rushrisk::cli::Options& options) {
  using rushrisk::cli::Command;
  if (options.command == Command::help) {
    std::cout << options.help_text;
    return 0;
  }
  const rushrisk::Scenario scenario =
      rushrisk::load_scenario(options.scenario_path, options.overrides);
  if (options.command == Command::validate) {
    std::cout << rushrisk::describe(scenario);
    return 0;
  }
  rushrisk::EvaluateOptions evaluate;
  evaluate.seed = options.seed;
  evaluate.trials = options.trials;
  evaluate.precision = options.precision;
  evaluate.max_trials = options.max_trials;
  evaluate.threads = options.threads;
  const rushrisk::Report report = rushrisk::evaluate(scenario, evaluate);
  std::cout << (options.format == rushrisk::cli::Format::json ? rushrisk::to_json(report)
                                                              : rushrisk::to_text(report));
  std::cout.flush();
  return std::cout ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(rushrisk::cli::parse_command_line(argc, argv));
  } catch (const rushrisk::InputError& e) {
    for (const rushrisk::Diagnostic& d : e.diagnostics()) fmt::print(stderr, "{}\n", d.to_string());
    return 2;
  } catch (const rushrisk::IoError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 3;
  } catch (const std::exception& e) {
    fmt::print(stderr, "rushrisk: internal error: {}\n", e.what());
    return 1;
  }
}
