#include "cli_runner.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace cli_test {

namespace fs = std::filesystem;

CplanRun run_shell(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

CplanRun cplan(const std::string& args, const fs::path& cache_dir, bool stdout_only, const std::string& env) {
  std::string command = env.empty() ? std::string() : env + " ";
  if (!cache_dir.empty()) command += "XDG_CACHE_HOME='" + cache_dir.string() + "' ";
  command += std::string("'") + CPLAN_BINARY + "' " + args + (stdout_only ? " 2>/dev/null" : " 2>&1");
  return run_shell(command);
}

}  // namespace cli_test
