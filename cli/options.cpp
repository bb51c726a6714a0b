#include "cli/options.h"

#include <charconv>
#include <sstream>

#include <fmt/format.h>
#include <boost/program_options.hpp>

#include "engine/scenario/errors.h"

namespace rushrisk::cli {
namespace po = boost::program_options;
namespace {

constexpr const char* kUsage =
    "rushrisk — how likely is an urgent request to end in a low-quality deliverable?\n"
    "\n"
    "Usage:\n"
    "  rushrisk evaluate SCENARIO.toml [options]   simulate the request and report the risk\n"
    "  rushrisk sweep SWEEP.toml [options]         evaluate a grid or sample of what-ifs\n"
    "  rushrisk validate SCENARIO.toml [--set k=v]  check a scenario, print it normalised\n"
    "  rushrisk COMMAND --help                      options of a command\n";

constexpr double kDefaultPrecision = 0.0025;

InputError usage_error(std::string reason) {
  return InputError(Diagnostic{"rushrisk", 0, 0, "", "", std::move(reason)});
}

// clang-format off
po::options_description evaluate_options() {
  po::options_description d("rushrisk evaluate SCENARIO.toml [options]");
  d.add_options()
      ("help,h", "show this help")
      ("trials,n", po::value<std::string>(),
       "run exactly this many trials (no default: see --precision)")
      ("precision", po::value<std::string>(),
       "run until the 95% CI half-width of the risk is at most this; without --trials or "
       "--precision: 0.0025 (+-0.25 percentage points)")
      ("max-trials", po::value<std::string>()->default_value("100000000"),
       "cap on trials when running to a precision")
      ("seed,s", po::value<std::string>()->default_value("1"), "random seed (0 .. 2^64-1)")
      ("threads,t", po::value<std::string>()->default_value("0"),
       "worker threads; 0 = all cores (results do not depend on it)")
      ("format,f", po::value<std::string>()->default_value("text"), "output: text or json")
      ("no-recommend", "skip the verdict and its conditions (only the numbers and drivers)")
      ("set", po::value<std::vector<std::string>>()->composing(),
       "override a scenario key, e.g. --set team.people=3 (repeatable; no default)");
  return d;
}
// clang-format on

// clang-format off
po::options_description sweep_options() {
  po::options_description d("rushrisk sweep SWEEP.toml [options]");
  d.add_options()
      ("help,h", "show this help")
      ("out,o", po::value<std::string>(), "output file (no default: rows go to stdout)")
      ("format,f", po::value<std::string>()->default_value("csv"), "output: csv or jsonl")
      ("resume", "continue an interrupted sweep into --out (skips finished points)")
      ("shard", po::value<std::string>(), "k/n: run only points with point_id % n == k (0 <= k < n)")
      ("threads,t", po::value<std::string>()->default_value("0"), "worker threads; 0 = all cores")
      ("trials,n", po::value<std::string>(), "trials per point (default: the sweep file's, else 100000)")
      ("precision", po::value<std::string>(), "run each point to this CI half-width instead");
  return d;
}
// clang-format on

po::options_description validate_options() {
  po::options_description d("rushrisk validate SCENARIO.toml [options]");
  d.add_options()("help,h", "show this help")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario key, e.g. --set team.people=3 (repeatable; no default)");
  return d;
}

po::variables_map parse(const po::options_description& visible,
                        const std::vector<std::string>& args) {
  po::options_description all;
  all.add(visible);
  all.add_options()("scenario", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("scenario", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw usage_error(e.what());
  }
  return vm;
}

std::string help_of(const po::options_description& d) {
  std::ostringstream out;
  out << d;
  return out.str();
}

void read_common(const po::variables_map& vm, Options& options) {
  const auto scenarios = vm.count("scenario") ? vm["scenario"].as<std::vector<std::string>>()
                                              : std::vector<std::string>{};
  if (scenarios.size() != 1) throw usage_error("expected exactly one SCENARIO.toml");
  options.scenario_path = scenarios.front();
  if (vm.count("set")) {
    for (const std::string& s : vm["set"].as<std::vector<std::string>>()) {
      options.overrides.push_back(parse_override(s));
    }
  }
}

// A whole number written in digits only: Boost would wrap "-5" to 2^64 - 5.
std::uint64_t whole_number(const po::variables_map& vm, const char* name, std::uint64_t min) {
  const std::string text = vm[name].as<std::string>();
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min) {
    throw usage_error(fmt::format("--{} {}: expected a whole number >= {}", name, text, min));
  }
  return value;
}

double fraction(const po::variables_map& vm, const char* name) {
  const std::string text = vm[name].as<std::string>();
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !(value > 0) ||
      !(value < 0.5)) {
    throw usage_error(
        fmt::format("--{} {}: expected a half-width in (0, 0.5), e.g. 0.0025", name, text));
  }
  return value;
}

void read_evaluate(const po::variables_map& vm, Options& options) {
  read_common(vm, options);
  if (vm.count("trials") && vm.count("precision")) {
    throw usage_error("give --trials or --precision, not both");
  }
  if (vm.count("trials")) {
    options.trials = whole_number(vm, "trials", 1);
  } else {
    options.precision = kDefaultPrecision;
  }
  options.seed = whole_number(vm, "seed", 0);
  options.max_trials = whole_number(vm, "max-trials", 1);
  options.threads =
      static_cast<unsigned>(std::min<std::uint64_t>(whole_number(vm, "threads", 0), 1024));
  if (vm.count("precision")) options.precision = fraction(vm, "precision");
  const std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    throw usage_error(fmt::format("--format {}: expected text or json", format));
  }
  options.format = format == "json" ? Format::json : Format::text;
  options.recommend = vm.count("no-recommend") == 0;
}

void read_sweep(const po::variables_map& vm, Options& options) {
  const auto files = vm.count("scenario") ? vm["scenario"].as<std::vector<std::string>>()
                                          : std::vector<std::string>{};
  if (files.size() != 1) throw usage_error("expected exactly one SWEEP.toml");
  options.scenario_path = files.front();
  if (vm.count("out")) options.out = vm["out"].as<std::string>();
  const std::string format = vm["format"].as<std::string>();
  if (format != "csv" && format != "jsonl") {
    throw usage_error(fmt::format("--format {}: expected csv or jsonl", format));
  }
  options.jsonl = format == "jsonl";
  options.resume = vm.count("resume") > 0;
  if (options.resume && options.out.empty()) throw usage_error("--resume needs --out FILE");
  options.threads =
      static_cast<unsigned>(std::min<std::uint64_t>(whole_number(vm, "threads", 0), 1024));
  if (vm.count("trials") && vm.count("precision")) {
    throw usage_error("give --trials or --precision, not both");
  }
  if (vm.count("trials")) {
    options.trials = whole_number(vm, "trials", 1);
    options.trials_given = true;
  }
  if (vm.count("precision")) options.precision = fraction(vm, "precision");
  if (vm.count("shard")) {
    const std::string shard = vm["shard"].as<std::string>();
    const std::size_t slash = shard.find('/');
    std::uint64_t k = 0, n = 0;
    const bool ok = slash != std::string::npos &&
                    std::from_chars(shard.data(), shard.data() + slash, k).ec == std::errc{} &&
                    std::from_chars(shard.data() + slash + 1, shard.data() + shard.size(), n).ec ==
                        std::errc{} &&
                    n > 0 && k < n;
    if (!ok) throw usage_error(fmt::format("--shard {}: expected k/n with 0 <= k < n", shard));
    options.shard_index = k;
    options.shard_count = n;
  }
}

}  // namespace

Options parse_command_line(int argc, const char* const argv[]) {
  Options options;
  const std::vector<std::string> args(argv + std::min(argc, 2), argv + argc);
  const std::string command = argc >= 2 ? argv[1] : "--help";
  if (command == "--help" || command == "-h" || command == "help") {
    options.help_text = std::string(kUsage) + "\n" + help_of(evaluate_options()) + "\n" +
                        help_of(sweep_options()) + "\n" + help_of(validate_options());
    return options;
  }
  if (command != "evaluate" && command != "validate" && command != "sweep") {
    throw usage_error(
        fmt::format("unknown command \"{}\"; expected evaluate, validate or sweep", command));
  }
  const po::options_description visible = command == "evaluate" ? evaluate_options()
                                          : command == "sweep"  ? sweep_options()
                                                                : validate_options();
  const po::variables_map vm = parse(visible, args);
  if (vm.count("help")) {
    options.help_text = help_of(visible);
    return options;
  }
  if (command == "evaluate") {
    options.command = Command::evaluate;
    read_evaluate(vm, options);
  } else if (command == "sweep") {
    options.command = Command::sweep;
    read_sweep(vm, options);
  } else {
    options.command = Command::validate;
    read_common(vm, options);
  }
  return options;
}

}  // namespace rushrisk::cli
