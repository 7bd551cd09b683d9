#include "geo/project.h"


#include <algorithm>
#include <future>
#include <iterator>
#include <thread>

#include <cpl_string.h>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/geos.h"
#include "geo/proj.h"
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
        {"households", false, true, {"户数", "总户数", "住户数"}}}},
      {Role::Buildings,
       {{"building_id", false, false, {"建筑编号", "楼栋编号", "id"}},
        {"households", true, true, {"户数", "住户数", "总户数", "hh"}},
        {"floor_area_m2", false, true, {"建筑面积", "总建筑面积", "面积"}},
        {"levels", false, true, {"层数", "楼层数", "floors"}},
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
        {"use", false, false, {"用地性质", "用途"}}}},
      {Role::Facilities,
       {{"facility_id", false, false, {"设施编号", "编号", "id"}},
        {"kind", true, false, {"设施类型", "类型", "类别", "type"}},
        {"name", false, false, {"设施名称", "名称"}},
        {"floor_area_m2", false, true, {"建筑面积", "面积", "使用面积"}}}},
      {Role::Parking,
       {{"parking_id", false, false, {"停车场编号", "编号", "id"}},
        {"spaces", true, true, {"车位数", "泊位数", "停车位", "capacity"}},
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
  for (const auto& [key, value] : *table) {
    const std::string name(key.str());
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
    else if (name == "tunnels_walkable") {
      auto v = value.value<bool>();
      if (!v) throw Error("'tunnels_walkable' must be true or false", at(file, value));
      n.tunnels_walkable = *v;
    } else {
      throw Error("unknown key '" + name +
                      "' in [network] (known: walkable_classes, not_walkable_classes, pedestrian_classes, needs_sidewalk_classes, "
                      "tunnels_walkable, snap_tolerance_m)",
                  at(file, value));
    }
  }
  return n;
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
        else
          throw Error("unknown key '" + name + "' in [project] (known: name, crs)", at(file, pv));
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
            ls.source = fs::u8path(string_value(lv, file, name));
            if (ls.source.is_relative()) ls.source = base / ls.source;
          } else if (name == "layer") {
            ls.layer = string_value(lv, file, name);
          } else if (name == "crs") {
            ls.crs = string_value(lv, file, name);
          } else if (name == "encoding") {
            ls.encoding = string_value(lv, file, name);
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
            throw Error("unknown key '" + name + "' in [layers." + role_name + "] (known: source, layer, crs, offset, encoding, fields)",
                        at(file, lv));
          }
        }
        if (ls.source.empty()) throw Error("[layers." + role_name + "] needs a source", at(file, role_node));
        spec.layers.push_back(std::move(ls));
      }
    } else if (k == "network") {
      spec.network = parse_network_table(node, file);
    } else if (k == "styles") {
      const auto* table = node.as_table();
      if (!table) throw Error("[styles] must be a table", at(file, node));
      for (const auto& [layer_key, layer_node] : *table) {
        const std::string id(layer_key.str());
        const auto* st = layer_node.as_table();
        if (!st) throw Error("[styles." + id + "] must be a table", at(file, layer_node));
        LayerStyleSpec style;
        for (const auto& [sk, sv] : *st) {
          const std::string name(sk.str());
          if (name == "fill") style.fill = string_value(sv, file, name);
          else if (name == "stroke") style.stroke = string_value(sv, file, name);
          else if (name == "label") style.label = string_value(sv, file, name);
          else if (name == "categorize") style.categorize = string_value(sv, file, name);
          else if (name == "stroke_width") {
            auto w = sv.value<double>();
            if (!w || *w < 0) throw Error("stroke_width must be a number of pixels", at(file, sv));
            style.stroke_width = *w;
          } else {
            throw Error("unknown key '" + name + "' in [styles." + id + "] (known: fill, stroke, stroke_width, label, categorize)",
                        at(file, sv));
          }
        }
        spec.styles[id] = style;
      }
    } else {
      throw Error("unknown section '" + k + "' (known: project, layers, network, styles)", at(file, node));
    }
  }
  if (spec.layers.empty()) throw Error("the project names no layers ([layers.communities] ...)", {.file = file.string()});
  return spec;
}

void save_project_styles(const fs::path& toml_file, const std::map<std::string, LayerStyleSpec>& styles) {
  std::ifstream in(toml_file, std::ios::binary);
  if (!in) throw Error("cannot read the project file", {.file = toml_file.string()});
  // Keep every line outside the [styles.*] tables, then write those tables anew at the end.
  std::string kept, line;
  bool in_styles = false;
  while (std::getline(in, line)) {
    std::string trimmed = line;
    trimmed.erase(0, trimmed.find_first_not_of(" \t"));
    if (!trimmed.empty() && trimmed[0] == '[') in_styles = trimmed.rfind("[styles", 0) == 0;
    if (!in_styles) kept += line + "\n";
  }
  while (kept.size() >= 2 && kept.substr(kept.size() - 2) == "\n\n") kept.pop_back();
  for (const auto& [id, s] : styles) {
    kept += "\n[styles." + id + "]\n";
    auto quoted = [](const std::string& v) { return "\"" + v + "\""; };
    if (!s.fill.empty()) kept += "fill = " + quoted(s.fill) + "\n";
    if (!s.stroke.empty()) kept += "stroke = " + quoted(s.stroke) + "\n";
    if (s.stroke_width >= 0) kept += fmt::format("stroke_width = {}\n", s.stroke_width);
    if (!s.label.empty()) kept += "label = " + quoted(s.label) + "\n";
    if (!s.categorize.empty()) kept += "categorize = " + quoted(s.categorize) + "\n";
  }
  parse_project(kept, toml_file);  // never write a file that would not read back
  const fs::path temp = toml_file.parent_path() / ("." + toml_file.filename().string() + ".saving");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << kept;
    if (!out.flush()) throw Error("cannot write the project file", {.file = temp.string()});
  }
  fs::rename(temp, toml_file);
}

ProjectSpec read_project(const fs::path& toml_file) {
  std::ifstream in(toml_file, std::ios::binary);
  if (!in) throw Error("cannot read the project file", {.file = toml_file.string()});
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_project(buffer.str(), toml_file);
}

std::optional<double> LayerData::number(std::size_t i, const std::string& field) const {
  auto it = columns.find(field);
  if (it == columns.end()) return std::nullopt;
  const Value& v = it->second.at(i);
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<std::string>(&v)) {
    try {
      std::size_t used = 0;
      const double d = std::stod(*p, &used);
      if (used == p->size()) return d;
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

std::string value_to_string(const Value& v) {
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return fmt::format("{}", *p);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  return {};
}

std::string LayerData::describe_source() const {
  return source_file.filename().string() + ", layer '" + source_layer + "'";
}

std::string LayerData::text(std::size_t i, const std::string& field) const {
  auto it = columns.find(field);
  return it == columns.end() ? std::string() : value_to_string(it->second.at(i));
}

std::vector<std::string> LayerData::column_names() const {
  std::vector<std::string> names;
  for (const auto& c : column_order)
    if (columns.count(c) && std::find(names.begin(), names.end(), c) == names.end()) names.push_back(c);
  for (const auto& [c, values] : columns)
    if (std::find(names.begin(), names.end(), c) == names.end()) names.push_back(c);
  return names;
}

const LayerData* Project::layer(Role role) const {
  auto it = layers.find(role);
  return it == layers.end() ? nullptr : it->second.get();
}

namespace {

struct OpenLayer {
  const LayerSpec* spec;
  OGRLayer* layer = nullptr;
  std::string driver;
  std::string source_crs;  // definition used to read it (after the override)
  std::optional<LayerCrs> crs;
  Extent native_extent;
  std::vector<Finding> findings;
};

std::string field_names(const OGRFeatureDefn& defn) {
  std::string list;
  for (int i = 0; i < defn.GetFieldCount(); ++i) list += (i ? ", " : "") + std::string(defn.GetFieldDefn(i)->GetNameRef());
  return list.empty() ? "none" : list;
}

bool is_polygonal_role(Role r) { return r == Role::Communities || r == Role::Plots || r == Role::Buildings; }

// Which source field feeds a model field: the explicit mapping, else the model name itself,
// else the first alias found (case-insensitive for ASCII names).
std::optional<std::string> resolve_field(const ModelField& field, const LayerSpec& spec, const OGRFeatureDefn& defn,
                                         const std::string& where) {
  auto find = [&defn](const std::string& name) -> std::optional<std::string> {
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
      const char* candidate = defn.GetFieldDefn(i)->GetNameRef();
      if (EQUAL(candidate, name.c_str())) return std::string(candidate);
    }
    return std::nullopt;
  };
  if (auto it = spec.field_map.find(field.name); it != spec.field_map.end()) {
    if (auto found = find(it->second)) return found;
    throw Error("the project maps '" + field.name + "' to '" + it->second + "', which the layer lacks; fields found: " + field_names(defn),
                {.file = where});
  }
  if (auto found = find(field.name)) return found;
  for (const auto& alias : field.aliases)
    if (auto found = find(alias)) return found;
  return std::nullopt;
}

Value read_value(const OGRFeature& f, int index) {
  if (!f.IsFieldSetAndNotNull(index)) return std::monostate{};
  switch (f.GetFieldDefnRef(index)->GetType()) {
    case OFTInteger:
    case OFTInteger64: return static_cast<std::int64_t>(f.GetFieldAsInteger64(index));
    case OFTReal: return f.GetFieldAsDouble(index);
    default: return std::string(f.GetFieldAsString(index));
  }
}

// How features of one layer are read: the same for a single reader and for parallel ones.
struct ReadPlan {
  WebMapOffset offset;
  std::string source_crs;
  std::string working_crs;
  bool validate;
  std::vector<int> field_indexes;
};

struct ChunkResult {
  std::vector<std::int64_t> fids;
  std::vector<Geometry> geometries;
  std::vector<std::optional<std::string>> invalid_reasons;
  std::vector<std::vector<Value>> columns;  // in the plan's field order
  std::int64_t untransformable = 0;
  std::vector<std::int64_t> untransformable_ids;
  Extent extent;
};

// Reads the layer's features (as filtered) with this thread's own PROJ and GEOS contexts.
ChunkResult read_chunk(OGRLayer& layer, const ReadPlan& plan, const SubFeedback* progress, std::int64_t expected,
                       Feedback* cancel = nullptr) {
  ProjContext proj;
  GeosContext geos;
  Transformer to_working(proj, plan.source_crs, plan.working_crs);
  ChunkResult out;
  out.columns.resize(plan.field_indexes.size());
  layer.ResetReading();
  std::int64_t n = 0;
  for (auto& feature : layer) {
    if (++n % 4096 == 0) {
      if (progress) {
        progress->throw_if_cancelled();
        progress->set_progress(100.0 * static_cast<double>(n) / static_cast<double>(std::max<std::int64_t>(1, expected)));
      }
      if (cancel) cancel->throw_if_cancelled();
    }
    Geometry g;
    if (const OGRGeometry* og = feature->GetGeometryRef()) g = from_ogr(*og);
    try {
      if (plan.offset != WebMapOffset::None)
        for (auto& part : g.parts)
          for (auto& path : part)
            for (auto& p : path) p = to_wgs84(p, plan.offset);
      to_working.forward(g);
    } catch (const Error&) {
      ++out.untransformable;
      if (out.untransformable_ids.size() < kMaxListedFeatures) out.untransformable_ids.push_back(feature->GetFID());
      g = Geometry{};
    }
    std::optional<std::string> invalid;
    if (plan.validate && !g.empty()) {
      auto gg = geos.from_geometry(g);
      invalid = geos.invalid_reason(gg.get());
    }
    out.extent.include(extent_of(g));
    out.fids.push_back(feature->GetFID());
    out.geometries.push_back(std::move(g));
    out.invalid_reasons.push_back(std::move(invalid));
    for (std::size_t c = 0; c < plan.field_indexes.size(); ++c) out.columns[c].push_back(read_value(*feature, plan.field_indexes[c]));
  }
  return out;
}

}  // namespace

Project load_project(const ProjectSpec& spec, Feedback* feedback, const LoadOptions& options) {
  ensure_gdal_registered();
  Project project;
  project.spec = spec;
  ProjContext proj;

  std::map<std::string, OpenedSource> sources;  // one open dataset per file, shared by roles
  std::vector<OpenLayer> open_layers;
  Extent lonlat_extent;

  for (const auto& ls : spec.layers) {
    if (!options.roles.empty() && std::find(options.roles.begin(), options.roles.end(), ls.role) == options.roles.end()) continue;
    const std::string key = ls.source.string() + "|" + ls.encoding;
    if (!sources.count(key)) sources.emplace(key, open_vector_source(ls.source.string(), {.encoding = ls.encoding}));
    GDALDataset& ds = *sources.at(key).dataset;
    OpenLayer ol{&ls};
    ol.driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
    ol.layer = ls.layer.empty() ? ds.GetLayer(0) : ds.GetLayerByName(ls.layer.c_str());
    if (!ol.layer) {
      std::string list;
      for (int i = 0; i < ds.GetLayerCount(); ++i) list += (i ? ", " : "") + std::string(ds.GetLayer(i)->GetName());
      throw Error("no layer '" + ls.layer + "' for role " + to_string(ls.role) + "; layers found: " + list,
                  {.file = ls.source.string()});
    }
    const std::string where = ls.source.string();
    OGREnvelope env;
    if (ol.layer->GetExtent(&env, TRUE) == OGRERR_NONE) {
      ol.native_extent.include(Point{env.MinX, env.MinY});
      ol.native_extent.include(Point{env.MaxX, env.MaxY});
    }
    if (!ls.crs.empty()) {
      ol.source_crs = ls.crs;
      const CrsDescription d = describe_crs(proj, ls.crs);
      ol.crs = LayerCrs{d.name, d.epsg, d.geographic};
    } else if (ls.offset != WebMapOffset::None) {
      ol.source_crs = "EPSG:4326";
      ol.crs = LayerCrs{"WGS 84 (web-map offset)", 4326, true};
    } else if (const std::string def = crs_definition_of(ol.layer->GetSpatialRef()); !def.empty()) {
      ol.source_crs = def;
      const CrsDescription d = describe_crs(proj, def);
      ol.crs = LayerCrs{d.name, d.epsg, d.geographic};
    }
    if (auto axis = check_axis_order(ol.native_extent, ol.crs)) {
      if (axis->severity == Severity::Error) throw Error(axis->message, {.file = where, .layer = ol.layer->GetName()});
      if (axis->code == "crs_guess") {
        ol.source_crs = "EPSG:4490";
        ol.crs = LayerCrs{"China Geodetic Coordinate System 2000", 4490, true};
        axis->message = "no CRS declared; read as EPSG:4490 (CGCS2000 longitude/latitude) because of its coordinates";
      }
      ol.findings.push_back(*axis);
    }
    if (ol.source_crs.empty())
      throw Error("the layer declares no CRS and its coordinates do not tell one: add crs = \"EPSG:...\" to [layers." +
                      std::string(to_string(ls.role)) + "]",
                  {.file = where, .layer = ol.layer->GetName()});
    if (!ol.native_extent.is_empty()) {
      Transformer to_lonlat(proj, ol.source_crs, epsg_definition(kCgcs2000Geographic));
      Point c = ol.native_extent.center();
      if (ls.offset != WebMapOffset::None) c = to_wgs84(c, ls.offset);
      lonlat_extent.include(to_lonlat.forward(c));
    }
    open_layers.push_back(std::move(ol));
  }

  if (spec.crs.empty() || spec.crs == "auto") {
    const WorkingCrsChoice choice = choose_working_crs(lonlat_extent);
    project.working_epsg = choice.epsg;
    project.working_crs_reason = choice.why;
  } else {
    const CrsDescription d = describe_crs(proj, spec.crs);
    if (d.geographic) throw Error("the working CRS must be projected in metres; '" + spec.crs + "' is geographic", {.file = spec.file.string()});
    if (!d.epsg) throw Error("the working CRS '" + spec.crs + "' has no EPSG code PROJ recognises", {.file = spec.file.string()});
    project.working_epsg = *d.epsg;
    project.working_crs_reason = "named in the project: " + d.name;
  }
  const std::string working = epsg_definition(project.working_epsg);

  std::size_t done = 0;
  for (auto& ol : open_layers) {
    const LayerSpec& ls = *ol.spec;
    SubFeedback sub(feedback, 100.0 * static_cast<double>(done) / static_cast<double>(open_layers.size()),
                    100.0 * static_cast<double>(done + 1) / static_cast<double>(open_layers.size()));
    ++done;
    const std::string where = ls.source.string();
    const std::string layer_name = ol.layer->GetName();
    LayerData data;
    data.role = ls.role;
    data.source_file = ls.source;
    data.source_layer = layer_name;
    data.findings = std::move(ol.findings);

    const OGRFeatureDefn& defn = *ol.layer->GetLayerDefn();
    std::vector<std::pair<std::string, int>> mapped;  // model name -> source index
    std::set<int> used;
    for (const ModelField& mf : model_fields(ls.role)) {
      auto source_name = resolve_field(mf, ls, defn, where);
      if (!source_name) {
        if (mf.required) {
          throw Error("required field '" + mf.name + "' of " + to_string(ls.role) + " not found (map it under [layers." +
                          to_string(ls.role) + ".fields]); fields found: " + field_names(defn),
                      {.file = where, .layer = layer_name});
        }
        continue;
      }
      const int index = defn.GetFieldIndex(source_name->c_str());
      mapped.emplace_back(mf.name, index);
      used.insert(index);
      data.field_sources[mf.name] = *source_name;
    }
    if (!options.model_fields_only)
      for (int i = 0; i < defn.GetFieldCount(); ++i)
        if (!used.count(i)) mapped.emplace_back(defn.GetFieldDefn(i)->GetNameRef(), i);
    for (const auto& [name, index] : mapped) {
      data.columns[name];
      data.column_order.push_back(name);
    }

    ReadPlan plan{ls.offset, ol.source_crs, working, is_polygonal_role(ls.role) && ls.role != Role::Buildings, {}};
    for (const auto& [name, index] : mapped) plan.field_indexes.push_back(index);
    if (options.model_fields_only) {
      // OGR then skips decoding the fields no analysis reads.
      CPLStringList ignored;
      for (int i = 0; i < defn.GetFieldCount(); ++i)
        if (!used.count(i)) ignored.AddString(defn.GetFieldDefn(i)->GetNameRef());
      ol.layer->SetIgnoredFields(const_cast<const char**>(ignored.List()));
    }
    const std::int64_t expected = std::max<std::int64_t>(1, ol.layer->GetFeatureCount(FALSE));
    std::vector<ChunkResult> chunks;
    const bool split = ol.driver == "GPKG" && expected >= options.parallel_read_min_features && ol.layer->GetFIDColumn()[0] != '\0';
    const unsigned threads = split ? std::clamp(std::thread::hardware_concurrency(), 1u, 4u) : 1u;
    if (threads <= 1) {
      chunks.push_back(read_chunk(*ol.layer, plan, &sub, expected));
    } else {
      // GDAL datasets are not shared between threads: each worker opens its own and reads one
      // range of feature ids.
      const std::int64_t per_thread = expected / threads + 1;
      const std::string fid_column = ol.layer->GetFIDColumn();
      std::vector<std::future<ChunkResult>> futures;
      for (unsigned t = 0; t < threads; ++t) {
        const std::string filter = fmt::format("\"{}\" >= {} AND \"{}\" < {}", fid_column, 1 + t * per_thread, fid_column,
                                               1 + (t + 1) * per_thread);
        const bool last = t + 1 == threads;
        futures.push_back(std::async(std::launch::async, [&, filter, last, t] {
          OpenedSource own = open_vector_source(ls.source.string(), {.encoding = ls.encoding});
          OGRLayer* layer = own.dataset->GetLayerByName(layer_name.c_str());
          if (options.model_fields_only) {
            CPLStringList ignored;
            for (int i = 0; i < defn.GetFieldCount(); ++i)
              if (!used.count(i)) ignored.AddString(defn.GetFieldDefn(i)->GetNameRef());
            layer->SetIgnoredFields(const_cast<const char**>(ignored.List()));
          }
          // The last range is open-ended so that no feature is missed if the count was approximate.
          const std::string own_filter =
              last ? fmt::format("\"{}\" >= {}", fid_column, 1 + t * per_thread) : filter;
          if (layer->SetAttributeFilter(own_filter.c_str()) != OGRERR_NONE)
            throw Error("cannot filter by feature id", {.file = ls.source.string(), .layer = layer_name});
          return read_chunk(*layer, plan, t == 0 ? &sub : nullptr, per_thread, feedback);
        }));
      }
      // Feature ids below 1 (allowed, if unusual) are read here.
      OGRLayer& below = *ol.layer;
      below.SetAttributeFilter(fmt::format("\"{}\" < 1", fid_column).c_str());
      chunks.push_back(read_chunk(below, plan, nullptr, 1, feedback));
      below.SetAttributeFilter(nullptr);
      for (auto& f : futures) chunks.push_back(f.get());
    }
    std::int64_t untransformable = 0;
    std::vector<std::int64_t> untransformable_ids;
    std::vector<std::vector<Value>*> columns;
    for (const auto& [name, index] : mapped) columns.push_back(&data.columns[name]);
    for (auto& chunk : chunks) {
      data.fids.insert(data.fids.end(), chunk.fids.begin(), chunk.fids.end());
      std::move(chunk.geometries.begin(), chunk.geometries.end(), std::back_inserter(data.geometries));
      std::move(chunk.invalid_reasons.begin(), chunk.invalid_reasons.end(), std::back_inserter(data.invalid_reasons));
      for (std::size_t c = 0; c < columns.size(); ++c)
        std::move(chunk.columns[c].begin(), chunk.columns[c].end(), std::back_inserter(*columns[c]));
      untransformable += chunk.untransformable;
      for (auto id : chunk.untransformable_ids)
        if (untransformable_ids.size() < kMaxListedFeatures) untransformable_ids.push_back(id);
      project.extent.include(chunk.extent);
    }
    if (untransformable > 0) {
      data.findings.push_back({Severity::Error, "untransformable",
                               fmt::format("{} feature(s) could not be brought into EPSG:{}", untransformable, project.working_epsg),
                               untransformable_ids});
    }
    std::int64_t invalid_count = 0;
    Finding invalid_finding{Severity::Error, "invalid_geometry", "", {}};
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (!data.invalid_reasons[i]) continue;
      if (invalid_count == 0) invalid_finding.message = fmt::format("feature {}: {}", data.fids[i], *data.invalid_reasons[i]);
      if (invalid_finding.feature_ids.size() < kMaxListedFeatures) invalid_finding.feature_ids.push_back(data.fids[i]);
      ++invalid_count;
    }
    if (invalid_count > 0) {
      invalid_finding.message = fmt::format("{} invalid geometr{}; first: {}", invalid_count, invalid_count == 1 ? "y" : "ies",
                                            invalid_finding.message);
      data.findings.push_back(std::move(invalid_finding));
    }
    if (ls.role == Role::Facilities && data.has("kind")) {
      auto& kinds = data.columns["kind"];
      std::set<std::string> unknown;
      for (auto& v : kinds) {
        const std::string text = value_to_string(v);
        if (auto k = normalise_facility_kind(text))
          v = *k;
        else if (!text.empty())
          unknown.insert(text);
      }
      if (!unknown.empty()) {
        std::string list;
        for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
        data.findings.push_back({Severity::Warning, "unknown_facility_kind",
                                 "facility kinds not recognised (kept as given): " + list, {}});
      }
    }
    project.layers[ls.role] = std::make_shared<LayerData>(std::move(data));
  }
  if (feedback) feedback->set_progress(100.0);
  return project;
}

std::size_t save_layer_edits(const Project& project, Role role, const LayerData& loaded, const LayerData& edited) {
  const LayerSpec* spec = project.spec.find(role);
  if (!spec) throw Error(std::string("the project has no ") + to_string(role) + " layer");
  OpenedSource source = open_vector_source(spec->source.string(), {.encoding = spec->encoding, .update = true});
  const std::string driver = source.dataset->GetDriver() ? source.dataset->GetDriver()->GetDescription() : "";
  if (driver != "GPKG")
    throw Error("saving edits is built for GeoPackage sources only (this one is " + driver + "); export the layer to a GeoPackage",
                {.file = spec->source.string()});
  OGRLayer* layer = spec->layer.empty() ? source.dataset->GetLayer(0) : source.dataset->GetLayerByName(spec->layer.c_str());
  if (!layer) throw Error("no layer '" + spec->layer + "'", {.file = spec->source.string()});
  const std::string where = spec->source.string();
  std::string source_crs = spec->crs.empty() ? crs_definition_of(layer->GetSpatialRef()) : spec->crs;
  if (source_crs.empty()) source_crs = epsg_definition(kCgcs2000Geographic);
  if (spec->offset != WebMapOffset::None)
    throw Error("saving edits into a layer in web-map offset coordinates is not supported", {.file = where});
  ProjContext proj;
  Transformer to_source(proj, epsg_definition(project.working_epsg), source_crs);

  std::map<std::int64_t, std::size_t> loaded_index;
  for (std::size_t i = 0; i < loaded.size(); ++i) loaded_index[loaded.fids[i]] = i;
  auto set_value = [](OGRFeature& f, const std::string& field, const Value& v) {
    const int index = f.GetFieldIndex(field.c_str());
    if (index < 0) return;
    if (auto p = std::get_if<std::int64_t>(&v)) f.SetField(index, static_cast<GIntBig>(*p));
    else if (auto d = std::get_if<double>(&v)) {
      if (f.GetFieldDefnRef(index)->GetType() == OFTInteger || f.GetFieldDefnRef(index)->GetType() == OFTInteger64)
        f.SetField(index, static_cast<GIntBig>(std::llround(*d)));
      else
        f.SetField(index, *d);
    } else if (auto t = std::get_if<std::string>(&v)) f.SetField(index, t->c_str());
    else f.SetFieldNull(index);
  };
  GdalErrorCollector errors;
  if (source.dataset->StartTransaction() != OGRERR_NONE) throw Error(errors.summary("cannot start a transaction"), {.file = where});
  std::size_t written = 0;
  try {
    for (std::size_t i = 0; i < edited.size(); ++i) {
      auto it = loaded_index.find(edited.fids[i]);
      if (it != loaded_index.end()) {
        bool changed = false;
        for (const auto& [model, source_field] : edited.field_sources)
          changed = changed || edited.columns.at(model).at(i) != loaded.columns.at(model).at(it->second);
        if (!changed) continue;
        OGRFeatureUniquePtr f(layer->GetFeature(edited.fids[i]));
        if (!f) throw Error("feature no longer in the source", {.file = where, .layer = layer->GetName(), .feature = edited.fids[i]});
        for (const auto& [model, source_field] : edited.field_sources) set_value(*f, source_field, edited.columns.at(model).at(i));
        if (layer->SetFeature(f.get()) != OGRERR_NONE)
          throw Error(errors.summary("cannot update the feature"), {.file = where, .layer = layer->GetName(), .feature = edited.fids[i]});
      } else {
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        for (const auto& [model, source_field] : edited.field_sources) set_value(*f, source_field, edited.columns.at(model).at(i));
        Geometry g = edited.geometries[i];
        for (auto& part : g.parts)
          for (auto& path : part)
            for (auto& p : path) p = to_source.forward(p);
        std::unique_ptr<OGRGeometry> og = to_ogr(g);
        if (wkbFlatten(layer->GetGeomType()) == wkbMultiPolygon) og.reset(OGRGeometryFactory::forceToMultiPolygon(og.release()));
        f->SetGeometryDirectly(og.release());
        if (layer->CreateFeature(f.get()) != OGRERR_NONE)
          throw Error(errors.summary("cannot add the feature"), {.file = where, .layer = layer->GetName()});
      }
      ++written;
    }
    if (source.dataset->CommitTransaction() != OGRERR_NONE) throw Error(errors.summary("cannot commit the edits"), {.file = where});
  } catch (...) {
    source.dataset->RollbackTransaction();
    throw;
  }
  return written;
}

std::shared_ptr<LayerData> load_display_layer(const fs::path& source, int working_epsg, const std::string& layer_name,
                                              Feedback* feedback) {
  OpenedSource opened = open_vector_source(source.string());
  OGRLayer* layer = layer_name.empty() ? opened.dataset->GetLayer(0) : opened.dataset->GetLayerByName(layer_name.c_str());
  if (!layer) throw Error("no layer '" + layer_name + "'", {.file = source.string()});
  std::string crs = crs_definition_of(layer->GetSpatialRef());
  if (crs.empty()) {
    OGREnvelope env;
    Extent e;
    if (layer->GetExtent(&env, TRUE) == OGRERR_NONE) {
      e.include(Point{env.MinX, env.MinY});
      e.include(Point{env.MaxX, env.MaxY});
    }
    auto guess = check_axis_order(e, std::nullopt);
    if (!guess || guess->code != "crs_guess")
      throw Error("the layer declares no CRS; add it to a project with crs = \"EPSG:...\"", {.file = source.string(), .layer = layer->GetName()});
    crs = epsg_definition(kCgcs2000Geographic);
  }
  ReadPlan plan{WebMapOffset::None, crs, epsg_definition(working_epsg), false, {}};
  const OGRFeatureDefn& defn = *layer->GetLayerDefn();
  for (int i = 0; i < defn.GetFieldCount(); ++i) plan.field_indexes.push_back(i);
  SubFeedback progress(feedback, 0, 100);
  ChunkResult chunk = read_chunk(*layer, plan, &progress, std::max<std::int64_t>(1, layer->GetFeatureCount(FALSE)), feedback);
  auto out = std::make_shared<LayerData>();
  out->source_file = source;
  out->source_layer = layer->GetName();
  out->fids = std::move(chunk.fids);
  out->geometries = std::move(chunk.geometries);
  out->invalid_reasons = std::move(chunk.invalid_reasons);
  for (int i = 0; i < defn.GetFieldCount(); ++i) {
    out->columns[defn.GetFieldDefn(i)->GetNameRef()] = std::move(chunk.columns[static_cast<std::size_t>(i)]);
    out->column_order.push_back(defn.GetFieldDefn(i)->GetNameRef());
  }
  if (chunk.untransformable > 0)
    out->findings.push_back({Severity::Error, "untransformable",
                             fmt::format("{} feature(s) could not be brought into EPSG:{}", chunk.untransformable, working_epsg),
                             chunk.untransformable_ids});
  return out;
}

}  // namespace geo
