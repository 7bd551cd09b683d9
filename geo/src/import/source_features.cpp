#include "import/source_features.h"

#include <charconv>

#include <fmt/format.h>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/proj.h"
#include "geo/web_map_offsets.h"

namespace geo::import {

namespace fs = std::filesystem;

bool layer_wanted(const std::vector<std::string>& patterns, const SourceLayer& layer) {
  const std::string qualified = layer.file.filename().string() + "/" + layer.name;
  for (const auto& p : patterns)
    if (glob_match(p, layer.name) || glob_match(p, qualified)) return true;
  return false;
}

namespace {

// The roles that look in a layer: only features some of them match are kept (a city's extract is
// mostly rivers, power lines and land cover that no role takes).
std::vector<const RoleRule*> roles_in(const ImportProfile& profile, const SourceLayer& layer) {
  std::vector<const RoleRule*> out;
  for (const auto& role : profile.roles)
    if (layer_wanted(role.layers, layer)) out.push_back(&role);
  return out;
}

bool some_role_matches(const std::vector<const RoleRule*>& roles, const Tags& tags) {
  for (const RoleRule* role : roles) {
    if (any_matches(role->match, tags)) return true;
    for (const auto& kind : role->kinds)
      if (any_matches(kind.match, tags)) return true;
  }
  return false;
}

// Reads one feature's geometry into lon/lat; false when it has none or cannot be transformed.
enum class GeometryRead { Ok, Missing, Untransformable };

struct LayerReader {
  const Transformer* to_lonlat = nullptr;
  WebMapOffset offset = WebMapOffset::None;
  std::string location_field;

  GeometryRead geometry(const OGRFeature& f, const Tags& tags, Geometry& out) const {
    const OGRGeometry* g = f.GetGeometryRef();
    if (g && !g->IsEmpty()) {
      out = from_ogr(*g);
    } else if (!location_field.empty()) {
      const std::string* text = find_tag(tags, location_field);
      if (!text) return GeometryRead::Missing;
      double lon = 0, lat = 0;
      const auto comma = text->find(',');
      if (comma == std::string::npos) return GeometryRead::Missing;
      const char* begin = text->data();
      if (std::from_chars(begin, begin + comma, lon).ec != std::errc() ||
          std::from_chars(begin + comma + 1, begin + text->size(), lat).ec != std::errc())
        return GeometryRead::Missing;
      out = Geometry::point({lon, lat});
    } else {
      return GeometryRead::Missing;
    }
    if (out.empty()) return GeometryRead::Missing;
    try {
      if (offset != WebMapOffset::None)
        for (auto& part : out.parts)
          for (auto& path : part)
            for (auto& p : path) p = to_wgs84(p, offset);
      if (to_lonlat && !to_lonlat->is_identity()) to_lonlat->forward(out);
    } catch (const Error&) {
      return GeometryRead::Untransformable;
    }
    return GeometryRead::Ok;
  }
};

// The end of reading one feature, whatever the source: its geometry into lon/lat, then kept when it
// lies in the area asked for; otherwise counted on its layer.
void finish_feature(const LayerReader& reader, const OGRFeature& f, SourceFeature&& sf, SourceLayer& stats, const ReadRequest& request,
                    SourceData& out) {
  switch (reader.geometry(f, sf.tags, sf.lonlat)) {
    case GeometryRead::Missing: ++stats.without_geometry; return;
    case GeometryRead::Untransformable:
      ++stats.untransformable;
      if (stats.untransformable_ids.size() < 5) stats.untransformable_ids.push_back(sf.id);
      return;
    case GeometryRead::Ok: break;
  }
  if (request.keep && !request.keep(extent_of(sf.lonlat))) {
    ++stats.outside;
    return;
  }
  out.features.push_back(std::move(sf));
}

std::string osm_id(const std::string& layer, const OGRFeature& f) {
  auto field = [&](const char* name) -> std::string {
    const int i = f.GetFieldIndex(name);
    return i >= 0 && f.IsFieldSetAndNotNull(i) ? f.GetFieldAsString(i) : "";
  };
  if (layer == "points") return "n" + field("osm_id");
  if (layer == "lines") return "w" + field("osm_id");
  if (layer == "multipolygons") {
    const std::string way = field("osm_way_id");
    return way.empty() ? "r" + field("osm_id") : "w" + way;
  }
  return "r" + field("osm_id");
}

void read_tags(const OGRFeature& f, bool osm, Tags& tags) {
  const OGRFeatureDefn& defn = *f.GetDefnRef();
  for (int i = 0; i < defn.GetFieldCount(); ++i) {
    if (!f.IsFieldSetAndNotNull(i)) continue;
    const char* name = defn.GetFieldDefn(i)->GetNameRef();
    if (osm && std::string_view(name) == "other_tags") {
      parse_hstore(f.GetFieldAsString(i), tags);
    } else {
      std::string value = f.GetFieldAsString(i);
      if (!value.empty()) tags.emplace_back(name, std::move(value));
    }
  }
}

// The CRS a layer's coordinates are read in: the profile's, the layer's, or lon/lat when the
// coordinates can only be that.
std::string layer_crs(OGRLayer& layer, const SourceRule* rule, const fs::path& file) {
  if (rule && !rule->crs.empty()) return rule->crs;
  if (rule && rule->offset != WebMapOffset::None) return "EPSG:4326";
  if (std::string def = crs_definition_of(layer.GetSpatialRef()); !def.empty()) return def;
  if (rule && !rule->location_field.empty()) return "EPSG:4326";
  OGREnvelope env;
  if (layer.GetExtent(&env, TRUE) == OGRERR_NONE && env.MinX >= -180 && env.MaxX <= 180 && env.MinY >= -90 && env.MaxY <= 90)
    return "EPSG:4326";
  throw Error("the layer declares no CRS and its coordinates are not longitude/latitude: give the profile a [[sources]] entry "
              "with crs = \"EPSG:...\" for this file",
              {.file = file.string(), .layer = layer.GetName()});
}

void read_osm(const fs::path& file, GDALDataset& ds, const ReadRequest& request, SourceData& out, Feedback* feedback) {
  ProjContext proj;
  Transformer to_lonlat(proj, "EPSG:4326", epsg_definition(kCgcs2000Geographic));
  LayerReader reader{&to_lonlat, WebMapOffset::None, {}};
  // Per GDAL layer: its index in out.layers and the roles that look in it (none: skipped).
  struct Wanted {
    std::uint32_t index = 0;
    std::vector<const RoleRule*> roles;
  };
  std::map<const OGRLayer*, Wanted> wanted;
  for (int i = 0; i < ds.GetLayerCount(); ++i) {
    OGRLayer* layer = ds.GetLayer(i);
    SourceLayer info{file, layer->GetName(), "OSM"};
    info.crs = "EPSG:4326 (OSM)";
    std::vector<const RoleRule*> roles = roles_in(*request.profile, info);
    if (roles.empty()) continue;
    wanted[layer] = {static_cast<std::uint32_t>(out.layers.size()), std::move(roles)};
    out.layers.push_back(std::move(info));
  }
  OGRLayer* layer = nullptr;
  double percent = 0;
  std::size_t n = 0;
  for (;;) {
    OGRFeatureUniquePtr f(ds.GetNextFeature(&layer, &percent, nullptr, nullptr));
    if (!f) break;
    if (++n % 4096 == 0 && feedback) {
      feedback->throw_if_cancelled();
      feedback->set_progress(percent * 100.0, "reading " + file.filename().string());
    }
    const auto it = wanted.find(layer);
    if (it == wanted.end()) continue;
    SourceLayer& info = out.layers[it->second.index];
    ++info.read;
    SourceFeature sf;
    sf.layer = it->second.index;
    read_tags(*f, true, sf.tags);
    if (!some_role_matches(it->second.roles, sf.tags)) continue;
    sf.id = osm_id(info.name, *f);
    finish_feature(reader, *f, std::move(sf), info, request, out);
  }
}

void read_layers(const fs::path& file, OpenedSource& opened, const ReadRequest& request, SourceData& out, Feedback* feedback) {
  GDALDataset& ds = *opened.dataset;
  const SourceRule* rule = request.profile->source_for(file);
  ProjContext proj;
  const int count = ds.GetLayerCount();
  for (int i = 0; i < count; ++i) {
    OGRLayer& layer = *ds.GetLayer(i);
    SourceLayer info{file, layer.GetName(), opened.dataset->GetDriver() ? opened.dataset->GetDriver()->GetDescription() : ""};
    const std::vector<const RoleRule*> roles = roles_in(*request.profile, info);
    if (roles.empty()) continue;
    info.crs = layer_crs(layer, rule, file);
    Transformer to_lonlat(proj, info.crs, epsg_definition(kCgcs2000Geographic));
    LayerReader reader{&to_lonlat, rule ? rule->offset : WebMapOffset::None, rule ? rule->location_field : std::string()};
    const auto layer_index = static_cast<std::uint32_t>(out.layers.size());
    out.layers.push_back(info);
    SourceLayer& stats = out.layers.back();
    const auto expected = std::max<GIntBig>(1, layer.GetFeatureCount(FALSE));
    layer.ResetReading();
    for (auto& f : layer) {
      if (++stats.read % 4096 == 0 && feedback) {
        feedback->throw_if_cancelled();
        feedback->set_progress(100.0 * (i + static_cast<double>(stats.read) / static_cast<double>(expected)) / count,
                               "reading " + file.filename().string());
      }
      SourceFeature sf;
      sf.layer = layer_index;
      read_tags(*f, false, sf.tags);
      if (!some_role_matches(roles, sf.tags)) continue;
      sf.id = std::to_string(f->GetFID());
      finish_feature(reader, *f, std::move(sf), stats, request, out);
    }
  }
}

}  // namespace

SourceData read_sources(const ReadRequest& request, Feedback* feedback) {
  SourceData out;
  const double share = 100.0 / static_cast<double>(std::max<std::size_t>(1, request.files.size()));
  for (std::size_t s = 0; s < request.files.size(); ++s) {
    const fs::path& file = request.files[s];
    Feedback::Stage stage(feedback, share * static_cast<double>(s), share * static_cast<double>(s + 1));
    if (!fs::exists(file)) throw Error("no such file", {.file = file.string()});
    const SourceRule* rule = request.profile->source_for(file);
    OpenedSource opened = open_vector_source(file.string(), {.encoding = rule ? rule->encoding : std::string()});
    const std::string driver = opened.dataset->GetDriver() ? opened.dataset->GetDriver()->GetDescription() : "";
    if (!request.profile->driver.empty() && driver != request.profile->driver)
      throw Error(fmt::format("the profile '{}' reads {} files, and GDAL opened this one as {}", request.profile->name,
                              request.profile->driver, driver),
                  {.file = file.string()});
    if (driver == "OSM") read_osm(file, *opened.dataset, request, out, feedback);
    else read_layers(file, opened, request, out, feedback);
  }
  return out;
}

}  // namespace geo::import
