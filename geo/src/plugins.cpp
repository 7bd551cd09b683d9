#include "geo/plugins.h"

#include <algorithm>
#include <cstdlib>

#include "geo/error.h"

namespace geo {

namespace fs = std::filesystem;

fs::path plugin_directory(const std::string& kind) {
  if (const char* env = std::getenv("CPLAN_PLUGINS_DIR"); env && *env) return fs::path(env) / kind;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "community-planner" / kind;
    if (fs::exists(installed)) return installed;
  }
  return fs::path(CPLAN_SOURCE_PLUGINS_DIR) / kind;
}

std::vector<std::string> shipped_plugins(const std::string& kind) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(plugin_directory(kind), ec))
    if (e.path().extension() == ".toml") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

fs::path resolve_plugin(const std::string& kind, const std::string& name_or_path, const std::string& what) {
  const fs::path as_path = fs::u8path(name_or_path);
  if (as_path.has_extension() || as_path.has_parent_path()) {
    if (!fs::exists(as_path)) throw Error("no such " + what + " file", {.file = name_or_path});
    return as_path;
  }
  const fs::path shipped = plugin_directory(kind) / (name_or_path + ".toml");
  if (fs::exists(shipped)) return shipped;
  std::string known;
  for (const auto& n : shipped_plugins(kind)) known += (known.empty() ? "" : ", ") + n;
  throw Error("no " + what + " named '" + name_or_path + "' (shipped: " + known + ")");
}

}  // namespace geo
