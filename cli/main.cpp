// rushrisk: the command-line front end. Only this file prints errors and picks exit
// codes: 0 ok, 1 internal error, 2 bad input, 3 I/O error.
#include <cstdio>
#include <exception>
#include <iostream>

#include <fmt/format.h>

#include "cli/options.h"
#include "engine/decide/assess.h"
#include "engine/report/report.h"
#include "engine/scenario/describe.h"
#include "engine/scenario/errors.h"

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
  rushrisk::AssessOptions assess;
  assess.evaluate.seed = options.seed;
  assess.evaluate.trials = options.trials;
  assess.evaluate.precision = options.precision;
  assess.evaluate.max_trials = options.max_trials;
  assess.evaluate.threads = options.threads;
  assess.recommend = options.recommend;
  const rushrisk::Assessment assessment = rushrisk::assess(scenario, assess);
  const bool json = options.format == rushrisk::cli::Format::json;
  std::cout << (json ? rushrisk::to_json(assessment) : rushrisk::to_text(assessment));
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
