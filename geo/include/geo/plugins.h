#pragma once
// What varies by jurisdiction or source lives in plugins/ as TOML a planner can read and edit:
// rule packs (plugins/rules) and import profiles (plugins/importers). Found in CPLAN_PLUGINS_DIR,
// else beside the executable (../share/community-planner), else in the source tree.
#include <filesystem>
#include <string>
#include <vector>

namespace geo {

// The folder of one kind of plugin: "rules" or "importers".
std::filesystem::path plugin_directory(const std::string& kind);

// The names of the shipped plugins of a kind (file stems), sorted.
std::vector<std::string> shipped_plugins(const std::string& kind);

// A shipped plugin's name ("hangzhou", "osm"), or a path to a .toml; `what` names it in errors
// ("rule pack", "import profile").
std::filesystem::path resolve_plugin(const std::string& kind, const std::string& name_or_path, const std::string& what);

}  // namespace geo
