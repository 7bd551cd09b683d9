#pragma once
// cplan run as a user runs it, from the tests: in a shell, its exit code and what it printed.
#include <filesystem>
#include <string>

namespace cli_test {

struct CplanRun {
  int exit_code;
  std::string out;  // stdout and stderr together, unless asked for stdout only
};

// A shell command's exit code and what it printed (the command decides where stderr goes).
CplanRun run_shell(const std::string& command);

// cplan with these arguments; cache_dir stands for the user's ~/.cache (where the demo city is
// generated); env is prepended as VAR=value assignments.
CplanRun cplan(const std::string& args, const std::filesystem::path& cache_dir = {}, bool stdout_only = false,
               const std::string& env = {});

}  // namespace cli_test
