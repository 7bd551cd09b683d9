#include "import/profile.h"

#include <fstream>
#include <sstream>

#include "geo/error.h"
#include "geo/project.h"
#include "toml_support.h"

namespace geo::import {

namespace fs = std::filesystem;
using toml_support::at;
using toml_support::string_value;

const char* to_string(GeometryNeed need) {
  switch (need) {
    case GeometryNeed::Area: return "area";
    case GeometryNeed::Line: return "line";
    case GeometryNeed::Point: return "point";
    case GeometryNeed::Any: return "any";
  }
  return "any";
}

const RoleRule* ImportProfile::role(const std::string& target) const {
  for (const auto& r : roles)
    if (r.target == target) return &r;
  return nullptr;
}

const SourceRule* ImportProfile::source_for(const fs::path& source) const {
  const std::string file_name = source.filename().string();
  for (const auto& s : sources)
    for (const auto& pattern : s.files)
      if (glob_match(pattern, file_name)) return &s;
  return nullptr;
}

namespace {

std::vector<std::string> strings(const toml::node& node, const fs::path& file, const std::string& key) {
  std::vector<std::string> out;
  if (auto s = node.value<std::string>()) return {*s};
  const auto* array = node.as_array();
  if (!array) throw Error("'" + key + "' must be a string or a list of strings", at(file, node));
  for (const auto& item : *array) out.push_back(string_value(item, file, key));
  return out;
}

std::vector<TagPattern> patterns(const toml::node& node, const fs::path& file, const std::string& key) {
  std::vector<TagPattern> out;
  for (const auto& text : strings(node, file, key)) {
    try {
      out.push_back(TagPattern::parse(text));
    } catch (const Error& e) {
      throw Error(e.problem(), at(file, node));
    }
  }
  return out;
}

// Roles, residential land for the household estimate, and the city map's water and green space.
bool is_target(const std::string& name) {
  return name == "residential_areas" || name == "water" || name == "green" || parse_role(name).has_value();
}

RoleRule parse_role_table(const std::string& target, const toml::table& table, const fs::path& file) {
  RoleRule rule;
  rule.target = target;
  for (const auto& [key, value] : table) {
    const std::string k(key.str());
    if (k == "layers") {
      rule.layers = strings(value, file, k);
    } else if (k == "geometry") {
      const std::string g = string_value(value, file, k);
      if (g == "area") rule.geometry = GeometryNeed::Area;
      else if (g == "line") rule.geometry = GeometryNeed::Line;
      else if (g == "point") rule.geometry = GeometryNeed::Point;
      else if (g == "any") rule.geometry = GeometryNeed::Any;
      else throw Error("'geometry' must be area, line, point or any", at(file, value));
    } else if (k == "match") {
      rule.match = patterns(value, file, k);
    } else if (k == "exclude") {
      rule.exclude = patterns(value, file, k);
    } else if (k == "otherwise") {
      rule.otherwise = string_value(value, file, k);
      if (rule.otherwise != "buildings" || target != "candidates")
        throw Error("'otherwise' is only for candidates, and only \"buildings\"", at(file, value));
    } else if (k == "fields") {
      const auto* fields = value.as_table();
      if (!fields) throw Error("[" + target + ".fields] must be a table", at(file, value));
      for (const auto& [fk, fv] : *fields) rule.fields.push_back({std::string(fk.str()), strings(fv, file, std::string(fk.str()))});
    } else if (k == "kinds") {
      const auto* kinds = value.as_array();
      if (!kinds || target != "facilities") throw Error("'kinds' is a list of [[facilities.kinds]] tables", at(file, value));
      for (const auto& item : *kinds) {
        const auto* kt = item.as_table();
        if (!kt) throw Error("[[facilities.kinds]] must be tables", at(file, item));
        KindRule kr;
        for (const auto& [kk, kv] : *kt) {
          const std::string name(kk.str());
          if (name == "kind") {
            kr.kind = string_value(kv, file, name);
            if (!normalise_facility_kind(kr.kind))
              throw Error("unknown facility kind '" + kr.kind +
                              "' (known: community_office, health_station, kindergarten, elderly_care, market, parking)",
                          at(file, kv));
            kr.kind = *normalise_facility_kind(kr.kind);
          } else if (name == "match") {
            kr.match = patterns(kv, file, name);
          } else {
            throw Error("unknown key '" + name + "' in [[facilities.kinds]] (known: kind, match)", at(file, kv));
          }
        }
        if (kr.kind.empty() || kr.match.empty()) throw Error("[[facilities.kinds]] needs kind and match", at(file, item));
        rule.kinds.push_back(std::move(kr));
      }
    } else if (k == "estimate") {
      const auto* et = value.as_table();
      if (!et) throw Error("[" + target + ".estimate] must be a table", at(file, value));
      for (const auto& [ek, ev] : *et) {
        const std::string name(ek.str());
        if (name == "field") {
          rule.estimate_field = string_value(ev, file, name);
        } else if (name == "area_per_unit_m2") {
          const auto v = ev.value<double>();
          if (!v || !(*v > 0)) throw Error("'area_per_unit_m2' must be a number above 0", at(file, ev));
          rule.area_per_unit_m2 = *v;
        } else {
          throw Error("unknown key '" + name + "' in [" + target + ".estimate] (known: field, area_per_unit_m2)", at(file, ev));
        }
      }
      if (rule.estimate_field.empty() || rule.area_per_unit_m2 <= 0)
        throw Error("[" + target + ".estimate] needs field and area_per_unit_m2", at(file, value));
    } else {
      throw Error("unknown key '" + k + "' in [" + target + "] (known: layers, geometry, match, exclude, fields, kinds, estimate, otherwise)",
                  at(file, value));
    }
  }
  if (rule.layers.empty()) rule.layers = {"*"};
  if (rule.match.empty() && rule.kinds.empty())
    throw Error("[" + target + "] needs match (the tags that take a feature) or kinds", at(file, table));
  return rule;
}

SourceRule parse_source(const toml::table& table, const fs::path& file) {
  SourceRule s;
  for (const auto& [key, value] : table) {
    const std::string k(key.str());
    if (k == "files") s.files = strings(value, file, k);
    else if (k == "crs") s.crs = string_value(value, file, k);
    else if (k == "encoding") s.encoding = string_value(value, file, k);
    else if (k == "location_field") s.location_field = string_value(value, file, k);
    else if (k == "offset") {
      auto offset = parse_web_map_offset(string_value(value, file, k));
      if (!offset) throw Error("unknown offset (known: none, gcj02, bd09)", at(file, value));
      s.offset = *offset;
    } else {
      throw Error("unknown key '" + k + "' in [[sources]] (known: files, crs, offset, encoding, location_field)", at(file, value));
    }
  }
  if (s.files.empty()) throw Error("[[sources]] needs files = [\"*.csv\", ...]", at(file, table));
  return s;
}

}  // namespace

ImportProfile read_import_profile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot read the import profile", {.file = file.string()});
  std::stringstream buffer;
  buffer << in.rdbuf();
  const toml::table root = toml_support::parse(buffer.str(), file);
  ImportProfile profile;
  profile.file = file;
  profile.name = file.stem().string();
  for (const auto& [key, node] : root) {
    const std::string k(key.str());
    if (k == "profile") {
      const auto* table = node.as_table();
      if (!table) throw Error("[profile] must be a table", at(file, node));
      for (const auto& [pk, pv] : *table) {
        const std::string name(pk.str());
        if (name == "description") profile.description = string_value(pv, file, name);
        else if (name == "driver") profile.driver = string_value(pv, file, name);
        else throw Error("unknown key '" + name + "' in [profile] (known: description, driver)", at(file, pv));
      }
    } else if (k == "sources") {
      const auto* array = node.as_array();
      if (!array) throw Error("sources must be [[sources]] tables", at(file, node));
      for (const auto& item : *array) {
        if (!item.as_table()) throw Error("[[sources]] must be tables", at(file, item));
        profile.sources.push_back(parse_source(*item.as_table(), file));
      }
    } else if (k == "network" || k == "households") {
      if (!node.as_table()) throw Error("[" + k + "] must be a table", at(file, node));
      (k == "network" ? profile.network : profile.households) = *node.as_table();
      // Checked now, so that a mistake is reported against the profile rather than a project.
      toml::table probe;
      probe.insert(k, *node.as_table());
      probe.insert("layers", toml::table{{"roads", toml::table{{"source", "x.gpkg"}}}});
      std::ostringstream text;
      text << toml::toml_formatter(probe);
      try {
        parse_project(text.str(), file);
      } catch (const Error& e) {
        throw Error("[" + k + "]: " + e.problem(), at(file, node));
      }
    } else if (is_target(k)) {
      if (!node.as_table()) throw Error("[" + k + "] must be a table", at(file, node));
      profile.roles.push_back(parse_role_table(k, *node.as_table(), file));
    } else {
      throw Error("unknown section '" + k +
                      "' (known: profile, sources, network, households, and the roles communities, buildings, plots, facilities, "
                      "parking, roads, candidates, residential_areas, and the city map's water and green)",
                  at(file, node));
    }
  }
  if (profile.roles.empty()) throw Error("the profile fills no role ([buildings], [roads], ...)", {.file = file.string()});
  return profile;
}

}  // namespace geo::import
