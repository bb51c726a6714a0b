// Runs the rushrisk program as a user would and captures what it printed.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rushrisk::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// `arguments` is appended to the program's path and run by the shell in `directory`.
inline CliResult run_cli(const std::string& arguments,
                         const std::filesystem::path& directory = std::filesystem::current_path()) {
  static int counter = 0;
  const auto scratch =
      std::filesystem::temp_directory_path() /
      ("rushrisk_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  std::filesystem::create_directories(scratch);
  const std::string command = "cd '" + directory.string() + "' && '" RUSHRISK_BINARY "' " +
                              arguments + " >'" + (scratch / "out").string() + "' 2>'" +
                              (scratch / "err").string() + "'";
  const int status = std::system(command.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(scratch / "out");
  result.err = read_file(scratch / "err");
  std::filesystem::remove_all(scratch);
  return result;
}

inline std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(RUSHRISK_SOURCE_DIR) / relative;
}

}  // namespace rushrisk::testing
