// Project files: the roles, the model's fields and their aliases, and the TOML that names them.
#include "geo/project.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "geo/database.h"
#include "geo/error.h"
#include "project_map.h"
#include "toml_support.h"

namespace geo {

namespace fs = std::filesystem;

const char* to_string(Role role) {
  switch (role) {
    case Role::Communities: return "communities";
    case Role::Buildings: return "buildings";
    case Role::Plots: return "plots";
    case Role::Facilities: return "facilities";
    case Role::Parking: return "parking";
    case Role::Roads: return "roads";
    case Role::Candidates: return "candidates";
  }
  return "?";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : kAllRoles)
    if (name == to_string(r)) return r;
  return std::nullopt;
}

const std::vector<ModelField>& model_fields(Role role) {
  // Aliases: the names planners' data actually carries, Chinese first.
  static const std::map<Role, std::vector<ModelField>> fields = {
      {Role::Communities,
       {{"community_id", false, false, {"社区代码", "社区编码", "统计用区划代码", "区划代码", "code", "id"}},
        {"name", true, false, {"社区名称", "社区名", "名称", "cname"}},
        {"street", false, false, {"街道", "街道名称", "所属街道"}},
        {"households", false, true, {"户数", "总户数", "住户数"}},
        // The county (区县) a community lies in, for district tables such as the census; else the
        // first six digits of a 12-digit 统计用区划代码 in community_id.
        {"district_code", false, false, {"区县代码", "县级代码", "adcode"}}}},
      {Role::Buildings,
       {{"building_id", false, false, {"建筑编号", "楼栋编号", "id"}},
        {"households", true, true, {"户数", "住户数", "总户数", "hh"}},
        {"floor_area_m2", false, true, {"建筑面积", "总建筑面积", "面积"}},
        {"levels", false, true, {"层数", "楼层数", "floors", "building:levels"}},
        {"height_m", false, true, {"height", "高度", "建筑高度"}},
        {"use", false, false, {"用途", "建筑用途", "类型"}}}},
      {Role::Plots,
       {{"plot_id", false, false, {"地块编号", "地块号", "地块代码", "id"}},
        {"name", false, false, {"项目名称", "地块名称", "名称"}},
        {"households", true, true, {"户数", "总户数", "规划户数", "住户数"}},
        {"gross_floor_area_m2", true, true, {"建筑面积", "总建筑面积", "计容建筑面积", "住宅建筑面积", "gfa"}},
        {"reserved_office_m2", true, true, {"社区用房面积", "配建社区用房", "社区办公用房", "预留社区用房", "社区服务用房"}},
        {"small_units", false, true, {"小户型套数", "40平米以下套数", "units_lt40"}},
        {"medium_units", false, true, {"中户型套数", "units_41_70"}},
        {"activity_m2", false, true, {"居民活动用房面积", "活动用房面积"}},
        {"reserved_elderly_m2", false, true, {"居家养老用房面积", "养老用房面积"}},
        {"parking_spaces", false, true, {"配建车位", "配建车位数", "机动车停车位", "停车位数"}},
        {"use", false, false, {"用地性质", "用途"}}}},
      {Role::Facilities,
       {{"facility_id", false, false, {"设施编号", "编号", "id"}},
        {"kind", true, false, {"设施类型", "类型", "类别", "type"}},
        {"name", false, false, {"设施名称", "名称"}},
        {"floor_area_m2", false, true, {"建筑面积", "面积", "使用面积"}}}},
      {Role::Parking,
       {{"parking_id", false, false, {"停车场编号", "编号", "id"}},
        // Optional: a zone without its capacity is estimated from its area by the rule pack's m² per space.
        {"spaces", false, true, {"车位数", "泊位数", "停车位", "capacity"}},
        {"spaces_estimated", false, true, {"车位数估算"}},  // 1 where an import estimated spaces from the area
        {"name", false, false, {"名称"}}}},
      {Role::Roads,
       {{"road_id", false, false, {"道路编号", "id"}},
        {"road_class", false, false, {"道路等级", "等级", "highway", "fclass", "class"}},
        {"name", false, false, {"道路名称", "路名", "名称"}},
        // What the walking network's rules read ([network]): OSM's tags, Tilezen's is_tunnel.
        {"foot", false, false, {"步行"}},
        {"access", false, false, {"通行"}},
        {"tunnel", false, false, {"is_tunnel", "隧道"}},
        {"sidewalk", false, false, {"人行道"}}}},
      {Role::Candidates,
       {{"candidate_id", false, false, {"候选编号", "编号", "id"}},
        {"kind", false, false, {"设施类型", "类型"}},
        {"floor_area_m2", false, true, {"建筑面积", "面积"}}}},
  };
  return fields.at(role);
}

std::optional<std::string> normalise_facility_kind(std::string_view value) {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kinds = {
      {"community_office", {"community_office", "社区用房", "社区办公用房", "社区服务站", "社区服务用房", "社区综合服务站", "居委会", "党群服务中心"}},
      {"health_station", {"health_station", "社区卫生服务站", "卫生服务站", "卫生站", "社区卫生服务中心"}},
      {"kindergarten", {"kindergarten", "幼儿园", "托幼"}},
      {"elderly_care", {"elderly_care", "老年人日间照料中心", "日间照料中心", "居家养老服务中心", "养老服务站", "养老"}},
      {"market", {"market", "菜市场", "农贸市场", "生鲜超市", "综合超市"}},
      {"parking", {"parking", "停车场", "公共停车场"}},
  };
  std::string v(value);
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [kind, names] : kinds)
    for (const auto& n : names)
      if (v == n) return kind;
  return std::nullopt;
}

const LayerSpec* ProjectSpec::find(Role role) const {
  for (const auto& l : layers)
    if (l.role == role) return &l;
  return nullptr;
}

namespace {

using toml_support::at;
using toml_support::string_value;

using toml_support::bool_value;
using toml_support::path_value;

std::set<std::string> string_set(const toml::node& node, const fs::path& file, const std::string& key) {
  const auto* array = node.as_array();
  if (!array) throw Error("'" + key + "' must be a list of strings", at(file, node));
  std::set<std::string> out;
  for (const auto& item : *array) out.insert(string_value(item, file, key));
  return out;
}

NetworkOptions parse_network_table(const toml::node& node, const fs::path& file) {
  const auto* table = node.as_table();
  if (!table) throw Error("[network] must be a table", at(file, node));
  NetworkOptions n;
  for (const auto& entry : *table) {
    const std::string name(entry.first.str());
    const toml::node& value = entry.second;
    auto metres = [&]() {
      auto v = value.value<double>();
      if (!v || *v < 0 || !std::isfinite(*v)) throw Error("'" + name + "' must be a distance in metres, 0 or more", at(file, value));
      return *v;
    };
    if (name == "walkable_classes") n.walkable_classes = string_set(value, file, name);
    else if (name == "not_walkable_classes") n.not_walkable_classes = string_set(value, file, name);
    else if (name == "pedestrian_classes") n.pedestrian_classes = string_set(value, file, name);
    else if (name == "needs_sidewalk_classes") n.needs_sidewalk_classes = string_set(value, file, name);
    else if (name == "snap_tolerance_m") n.snap_tolerance_m = metres();
    else if (name == "tunnels_walkable") n.tunnels_walkable = bool_value(value, file, name);
    else {
      throw Error("unknown key '" + name +
                      "' in [network] (known: walkable_classes, not_walkable_classes, pedestrian_classes, needs_sidewalk_classes, "
                      "tunnels_walkable, snap_tolerance_m)",
                  at(file, value));
    }
  }
  return n;
}

double positive(const toml::node& node, const fs::path& file, const std::string& key) {
  const auto v = node.value<double>();
  if (!v || !(*v > 0) || !std::isfinite(*v)) throw Error("'" + key + "' must be a number above 0", at(file, node));
  return *v;
}


HouseholdCalibration parse_calibration_table(const toml::node& node, const fs::path& file, const fs::path& base) {
  const auto* table = node.as_table();
  if (!table) throw Error("[households.calibration] must be a table", at(file, node));
  HouseholdCalibration c;
  for (const auto& [key, value] : *table) {
    const std::string name(key.str());
    if (name == "to") {
      c.to = string_value(value, file, name);
      if (c.to != "communities" && c.to != "zones")
        throw Error("'to' must be \"communities\" (their households field) or \"zones\" (a zones layer)", at(file, value));
    } else if (name == "zones") c.zones = path_value(value, file, name, base);
    else if (name == "zones_layer") c.zones_layer = string_value(value, file, name);
    else if (name == "zones_crs") c.zones_crs = string_value(value, file, name);
    else if (name == "zones_offset") {
      auto offset = parse_web_map_offset(string_value(value, file, name));
      if (!offset) throw Error("unknown offset (known: none, gcj02, bd09)", at(file, value));
      c.zones_offset = *offset;
    } else if (name == "zone_key") c.zone_key = string_value(value, file, name);
    else if (name == "zone_total") c.zone_total = string_value(value, file, name);
    else if (name == "tables") {
      const auto* array = value.as_array();
      if (!array) throw Error("'tables' must be a list of file names", at(file, value));
      for (const auto& item : *array) c.tables.push_back(path_value(item, file, name, base));
    } else if (name == "table_key") c.table_key = string_value(value, file, name);
    else if (name == "total") c.total = string_value(value, file, name);
    else if (name == "describe") c.describe = string_value(value, file, name);
    else
      throw Error("unknown key '" + name +
                      "' in [households.calibration] (known: to, zones, zones_layer, zones_crs, zones_offset, zone_key, zone_total, "
                      "tables, table_key, total, describe)",
                  at(file, value));
  }
  if (c.to == "zones") {
    if (c.zones.empty()) throw Error("calibration to zones needs zones = \"FILE\"", at(file, node));
    if (c.zone_total.empty() && (c.tables.empty() || c.zone_key.empty() || c.table_key.empty() || c.total.empty()))
      throw Error("calibration to zones needs zone_total (a field of the zones), or tables, zone_key, table_key and total",
                  at(file, node));
  }
  return c;
}

HouseholdEstimate parse_households_table(const toml::node& node, const fs::path& file, const fs::path& base) {
  const auto* table = node.as_table();
  if (!table) throw Error("[households] must be a table", at(file, node));
  HouseholdEstimate h;
  h.enabled = true;
  for (const auto& [key, value] : *table) {
    const std::string name(key.str());
    if (name == "estimate") {
      const std::string v = string_value(value, file, name);
      if (v == "missing") h.replace_data = false;
      else if (v == "all") h.replace_data = true;
      else if (v == "none") h.enabled = false;
      else throw Error("'estimate' must be \"missing\", \"all\" or \"none\"", at(file, value));
    } else if (name == "floor_area_per_household_m2") h.floor_area_per_household_m2 = positive(value, file, name);
    else if (name == "storey_height_m") h.storey_height_m = positive(value, file, name);
    else if (name == "default_levels") h.default_levels = positive(value, file, name);
    else if (name == "residential_uses") h.residential_uses = string_set(value, file, name);
    else if (name == "unknown_uses") h.unknown_uses = string_set(value, file, name);
    else if (name == "unknown_use") {
      h.unknown_use = string_value(value, file, name);
      if (h.unknown_use != "by_landuse" && h.unknown_use != "residential" && h.unknown_use != "not_residential")
        throw Error("'unknown_use' must be \"by_landuse\", \"residential\" or \"not_residential\"", at(file, value));
    } else if (name == "residential_areas") h.residential_areas = path_value(value, file, name, base);
    else if (name == "residential_areas_layer") h.residential_areas_layer = string_value(value, file, name);
    else if (name == "calibration") h.calibration = parse_calibration_table(value, file, base);
    else
      throw Error("unknown key '" + name +
                      "' in [households] (known: estimate, floor_area_per_household_m2, storey_height_m, default_levels, "
                      "residential_uses, unknown_uses, unknown_use, residential_areas, residential_areas_layer, calibration)",
                  at(file, value));
  }
  return h;
}

}  // namespace

ProjectSpec parse_project(const std::string& toml_text, const fs::path& file) {
  const toml::table root = toml_support::parse(toml_text, file);
  ProjectSpec spec;
  spec.file = file;
  const fs::path base = file.has_parent_path() ? file.parent_path() : fs::path(".");

  for (const auto& [key, node] : root) {
    const std::string k(key.str());
    if (k == "project") {
      const auto* table = node.as_table();
      if (!table) throw Error("[project] must be a table", at(file, node));
      for (const auto& [pk, pv] : *table) {
        const std::string name(pk.str());
        if (name == "name")
          spec.name = string_value(pv, file, name);
        else if (name == "crs")
          spec.crs = string_value(pv, file, name);
        else if (name == "merge_pieces")
          spec.merge_pieces = bool_value(pv, file, name);
        else
          throw Error("unknown key '" + name + "' in [project] (known: name, crs, merge_pieces)", at(file, pv));
      }
    } else if (k == "layers") {
      const auto* table = node.as_table();
      if (!table) throw Error("[layers] must be a table", at(file, node));
      for (const auto& [role_key, role_node] : *table) {
        const std::string role_name(role_key.str());
        auto role = parse_role(role_name);
        if (!role)
          throw Error("unknown layer role '" + role_name +
                          "' (known: communities, buildings, plots, facilities, parking, roads, candidates)",
                      at(file, role_node));
        const auto* lt = role_node.as_table();
        if (!lt) throw Error("[layers." + role_name + "] must be a table", at(file, role_node));
        LayerSpec ls;
        ls.role = *role;
        for (const auto& [lk, lv] : *lt) {
          const std::string name(lk.str());
          if (name == "source") {
            ls.source = path_value(lv, file, name, base);
          } else if (name == "layer") {
            ls.layer = string_value(lv, file, name);
          } else if (name == "crs") {
            ls.crs = string_value(lv, file, name);
          } else if (name == "encoding") {
            ls.encoding = string_value(lv, file, name);
          } else if (name == "merge_pieces") {
            ls.merge_pieces = bool_value(lv, file, name);
          } else if (name == "offset") {
            auto offset = parse_web_map_offset(string_value(lv, file, name));
            if (!offset) throw Error("unknown offset '" + *lv.value<std::string>() + "' (known: none, gcj02, bd09)", at(file, lv));
            ls.offset = *offset;
          } else if (name == "fields") {
            const auto* ft = lv.as_table();
            if (!ft) throw Error("[layers." + role_name + ".fields] must be a table", at(file, lv));
            const auto& known = model_fields(*role);
            for (const auto& [fk, fv] : *ft) {
              const std::string model_name(fk.str());
              const bool is_known = std::any_of(known.begin(), known.end(), [&](const ModelField& f) { return f.name == model_name; });
              if (!is_known) {
                std::string list;
                for (const auto& f : known) list += (list.empty() ? "" : ", ") + f.name;
                throw Error("'" + model_name + "' is not a field of " + role_name + " (known: " + list + ")", at(file, fv));
              }
              ls.field_map[model_name] = string_value(fv, file, model_name);
            }
          } else {
            throw Error("unknown key '" + name + "' in [layers." + role_name + "] (known: source, layer, crs, offset, encoding, merge_pieces, fields)",
                        at(file, lv));
          }
        }
        if (ls.source.empty()) throw Error("[layers." + role_name + "] needs a source", at(file, role_node));
        spec.layers.push_back(std::move(ls));
      }
    } else if (k == "network") {
      spec.network = parse_network_table(node, file);
    } else if (k == "households") {
      spec.households = parse_households_table(node, file, base);
    } else if (k == "styles") {
      spec.styles = parse_styles_table(node, file);
    } else if (k == "map_layers") {
      spec.map_layers = parse_map_layers(node, file, base);
    } else {
      throw Error("unknown section '" + k + "' (known: project, layers, network, households, styles, map_layers)", at(file, node));
    }
  }
  if (spec.layers.empty()) throw Error("the project names no layers ([layers.communities] ...)", {.file = file.string()});
  return spec;
}

ProjectSpec read_project(const fs::path& toml_file) {
  std::ifstream in(toml_file, std::ios::binary);
  if (!in) throw Error("cannot read the project file", {.file = toml_file.string()});
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_project(buffer.str(), toml_file);
}

}  // namespace geo
