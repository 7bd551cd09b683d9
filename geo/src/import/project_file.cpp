#include "import/project_file.h"

#include <algorithm>
#include <fstream>
#include <tuple>

#include <fmt/format.h>

#include "geo/error.h"
#include "geo/project.h"
#include "toml_support.h"

namespace geo::import {

namespace {

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// TOML as a planner would write it: toml++'s own formatter prints 2.8 as 2.7999999999999998.
std::string format_value(const toml::node& node) {
  if (auto v = node.value_exact<std::string>()) return toml_string(*v);
  if (auto v = node.value_exact<bool>()) return *v ? "true" : "false";
  if (auto v = node.value_exact<std::int64_t>()) return fmt::format("{}", *v);
  if (auto v = node.value_exact<double>()) {
    std::string text = fmt::format("{}", *v);
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    return text;
  }
  if (const auto* array = node.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < array->size(); ++i) out += (i ? ", " : "") + format_value(*array->get(i));
    return out + "]";
  }
  return "\"\"";
}

std::string format_table(const std::string& name, const toml::table& table) {
  std::string out = "[" + name + "]\n", nested;
  for (const auto& [key, value] : table) {
    if (const auto* t = value.as_table()) nested += "\n" + format_table(name + "." + std::string(key.str()), *t);
    else out += std::string(key.str()) + " = " + format_value(value) + "\n";
  }
  return out + nested;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

void write_project_file(const std::filesystem::path& file, const std::filesystem::path& final_path, const ProjectFileContent& c) {
  std::string sources;
  for (const auto& s : c.sources) sources += (sources.empty() ? "" : ", ") + s;
  std::string text = fmt::format(
      "# Written by cplan import with the profile '{}' from {}.\n"
      "# Every table can be edited; `cplan check {}` reads it back.\n\n"
      "[project]\nname = {}\n# {}\ncrs = \"EPSG:{}\"\n",
      c.profile.name, sources, final_path.filename().string(), toml_string(c.name), c.crs_reason, c.working_epsg);
  if (c.merge_pieces) text += "# Features sharing an id (pieces cut at tile or sheet edges) are joined on load.\nmerge_pieces = true\n";
  for (const Role role : kAllRoles) {
    const std::string r = to_string(role);
    if (role == Role::Candidates && c.candidates_are_buildings) {
      text += fmt::format("\n# No candidate site in the source: every building is one.\n[layers.candidates]\nsource = {}\nlayer = "
                          "\"buildings\"\n[layers.candidates.fields]\ncandidate_id = \"building_id\"\n",
                          toml_string(c.gpkg));
      continue;
    }
    if (!contains(c.layers, r)) continue;
    text += fmt::format("\n[layers.{}]\nsource = {}\nlayer = {}\n", r, toml_string(c.gpkg), toml_string(r));
  }
  // The city map: water and green space under the planning layers, in the city-map style.
  for (const auto& [target, name, fill, stroke] :
       {std::tuple{"water", "水系 Water", "#a6cee3", "#6a9fc9"}, std::tuple{"green", "绿地 Green space", "#cfe8c2", "#a8d29a"}}) {
    if (!contains(c.layers, target)) continue;
    text += fmt::format("\n[[map_layers]]\nid = \"map:{0}\"\nname = {1}\nsource = {2}\nlayer = \"{0}\"\nplace = \"below\"\n", target,
                        toml_string(name), toml_string(c.gpkg));
    text += fmt::format("\n[styles.\"map:{}\"]\nfill = \"{}\"\nstroke = \"{}\"\nstroke_width = 0.6\n", target, fill, stroke);
  }
  if (!c.profile.network.empty()) text += "\n" + format_table("network", c.profile.network);
  if (contains(c.layers, "buildings")) {
    toml::table households = c.profile.households;
    if (!households.empty() || c.calibrate_to_communities || contains(c.layers, "residential_areas")) {
      if (contains(c.layers, "residential_areas")) {
        households.insert_or_assign("residential_areas", c.gpkg);
        households.insert_or_assign("residential_areas_layer", "residential_areas");
      }
      if (c.calibrate_to_communities && !households.contains("calibration")) {
        toml::table calibration;
        calibration.insert("to", "communities");
        households.insert("calibration", calibration);
      }
      text += "\n" + format_table("households", households);
    }
  }
  parse_project(text, final_path);  // never write a project that would not read back
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) throw Error("cannot write the project file", {.file = file.string()});
}

}  // namespace geo::import
