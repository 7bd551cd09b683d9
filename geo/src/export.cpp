#include "geo/export.h"

#include <cpl_string.h>
#include <iconv.h>
#include <unistd.h>

#include <fstream>
#include <map>

#include <fmt/format.h>

#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/proj.h"

namespace geo {

namespace fs = std::filesystem;

namespace {

// The text in another encoding, or nullopt when it cannot be represented there.
std::optional<std::string> encode(const std::string& utf8, const std::string& encoding) {
  if (encoding == "UTF-8") return utf8;
  iconv_t cd = iconv_open("CP936", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw Error("iconv cannot convert to " + encoding);
  std::string in = utf8, out(utf8.size() * 2 + 8, '\0');
  char* ip = in.data();
  char* op = out.data();
  std::size_t il = in.size(), ol = out.size();
  const std::size_t r = iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1)) return std::nullopt;
  out.resize(out.size() - ol);
  return out;
}

// Length in bytes, in the encoding, of the first `chars` UTF-8 characters.
std::vector<std::size_t> char_starts(const std::string& s) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  return starts;
}

std::string gdal_driver(const std::string& format) {
  static const std::map<std::string, std::string> drivers = {
      {"shp", "ESRI Shapefile"}, {"gpkg", "GPKG"}, {"geojson", "GeoJSON"}, {"kml", "KML"}, {"dxf", "DXF"}};
  auto it = drivers.find(format);
  if (it == drivers.end()) throw Error("unknown format '" + format + "' (known: shp, gpkg, geojson, kml, dxf)");
  return it->second;
}

OGRwkbGeometryType ogr_type(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::Point: return wkbPoint;
    case GeometryKind::LineString: return wkbLineString;
    case GeometryKind::Polygon: return wkbPolygon;
    case GeometryKind::MultiPoint: return wkbMultiPoint;
    case GeometryKind::MultiLineString: return wkbMultiLineString;
    case GeometryKind::MultiPolygon: return wkbMultiPolygon;
    case GeometryKind::Empty: break;
  }
  return wkbUnknown;
}

// Shapefiles hold one geometry family each: points, lines or polygons.
std::string family(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::Point:
    case GeometryKind::MultiPoint: return "point";
    case GeometryKind::LineString:
    case GeometryKind::MultiLineString: return "line";
    case GeometryKind::Polygon:
    case GeometryKind::MultiPolygon: return "polygon";
    case GeometryKind::Empty: break;
  }
  return "none";
}

}  // namespace

std::string fit_field_name(const std::string& name, const std::string& encoding, const std::vector<std::string>& taken) {
  auto bytes = [&encoding](const std::string& s) {
    auto e = encode(s, encoding);
    return e ? e->size() : s.size() * 2;
  };
  auto is_taken = [&taken](const std::string& s) {
    for (const auto& t : taken)
      if (EQUAL(t.c_str(), s.c_str())) return true;
    return false;
  };
  auto cut = [&](const std::string& s, std::size_t limit) {
    const auto starts = char_starts(s);
    std::string best;
    for (std::size_t k = 1; k <= starts.size(); ++k) {
      const std::string prefix = s.substr(0, k < starts.size() ? starts[k] : s.size());
      if (bytes(prefix) > limit) break;
      best = prefix;
    }
    return best;
  };
  std::string fitted = bytes(name) <= 10 ? name : cut(name, 10);
  for (int n = 1; is_taken(fitted); ++n) {
    const std::string suffix = "_" + std::to_string(n);
    fitted = cut(name, 10 - suffix.size()) + suffix;
  }
  return fitted;
}

ExportResult export_layer(const LayerData& layer, int working_epsg, const std::string& layer_name, const fs::path& out,
                          const ExportOptions& options, Feedback* feedback) {
  ensure_gdal_registered();
  const std::string driver_name = gdal_driver(options.format);
  const bool shapefile = options.format == "shp";
  if (options.encoding != "UTF-8" && options.encoding != "GBK") throw Error("encoding must be UTF-8 or GBK");
  const std::string target_crs = options.crs.empty() ? epsg_definition(working_epsg) : options.crs;
  ProjContext proj;
  Transformer to_target(proj, epsg_definition(working_epsg), target_crs);

  // Shapefiles: one file per geometry family, field names fitted, values checked in the encoding.
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < layer.size(); ++i) groups[shapefile ? family(layer.geometries[i].kind) : std::string()].push_back(i);
  groups.erase("none");
  if (!shapefile && groups.empty()) groups[""];
  std::vector<std::string> columns;
  for (const auto& [name, column] : layer.columns) columns.push_back(name);
  ExportResult result;
  std::vector<std::string> file_names;  // relative to the output's folder
  const std::string stem = out.stem().string();
  std::map<std::string, std::string> field_name;
  std::vector<std::string> taken;
  for (const auto& c : columns) {
    const std::string fitted = shapefile ? fit_field_name(c, options.encoding, taken) : c;
    taken.push_back(fitted);
    field_name[c] = fitted;
    if (fitted != c) result.renamed_fields.emplace_back(c, fitted);
  }
  if (shapefile) {
    for (const auto& c : columns)
      for (std::size_t i = 0; i < layer.size(); ++i) {
        const std::string text = value_to_string(layer.columns.at(c)[i]);
        if (!encode(text, options.encoding))
          throw Error("value \"" + text + "\" cannot be written in " + options.encoding + "; export with --encoding utf-8",
                      {.layer = layer_name, .feature = layer.fids[i], .field = c});
      }
    // The format's limit (2 GB per file): refused before writing, not discovered midway.
    std::uintmax_t estimate = 0;
    for (const auto& g : layer.geometries)
      for (const auto& part : g.parts)
        for (const auto& path : part) estimate += 16 * path.size() + 56;
    if (estimate > (2ull << 30)) throw Error("the Shapefile would pass its 2 GB limit: export as GeoPackage", {.layer = layer_name});
    for (const auto& [fam, idx] : groups) {
      const std::string base = groups.size() > 1 ? stem + "_" + fam : stem;
      for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) file_names.push_back(base + ext);
    }
    if (!result.renamed_fields.empty()) file_names.push_back(stem + ".fields.csv");
  } else {
    file_names.push_back(out.filename().string());
  }
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  if (!options.overwrite)
    for (const auto& f : file_names)
      if (fs::exists(dir / f)) throw Error("exists already; pass --overwrite to replace it", {.file = (dir / f).string()});

  // Staged beside the target, renamed into place once every file is whole.
  fs::create_directories(dir);
  const fs::path staging = dir / (".cplan-export-" + std::to_string(::getpid()));
  struct Guard {
    fs::path p;
    ~Guard() {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
  } guard{staging};
  fs::remove_all(staging);
  fs::create_directories(staging);

  OGRSpatialReference srs;
  if (srs.SetFromUserInput(target_crs.c_str()) != OGRERR_NONE) throw Error("not a CRS GDAL knows: " + target_crs);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  std::size_t done = 0;
  for (const auto& [fam, idx] : groups) {
    const std::string base = shapefile && groups.size() > 1 ? stem + "_" + fam : stem;
    const fs::path file = staging / (shapefile ? base + ".shp" : out.filename().string());
    GdalErrorCollector errors;
    GDALDatasetUniquePtr ds(driver->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw Error(errors.summary("cannot create the file"), {.file = (dir / file.filename()).string()});
    CPLStringList lco;
    if (shapefile) lco.SetNameValue("ENCODING", options.encoding == "GBK" ? "CP936" : "UTF-8");
    GeometryKind kind = GeometryKind::Empty;
    for (auto i : idx)
      if (layer.geometries[i].kind != GeometryKind::Empty) kind = layer.geometries[i].kind;
    // Polygons and lines as multi-types, so that single and multi parts share one layer.
    OGRwkbGeometryType type = options.format == "dxf" || options.format == "kml" ? wkbUnknown : ogr_type(kind);
    if (type == wkbPolygon) type = wkbMultiPolygon;
    if (type == wkbLineString) type = wkbMultiLineString;
    OGRLayer* out_layer = ds->CreateLayer(options.format == "dxf" ? "entities" : layer_name.c_str(),
                                          options.format == "dxf" ? nullptr : &srs, type, lco.List());
    if (!out_layer) throw Error(errors.summary("cannot create the layer"), {.file = (dir / file.filename()).string()});
    if (options.format != "dxf") {
      for (const auto& c : columns) {
        const auto& col = layer.columns.at(c);
        OGRFieldType t = OFTString;
        bool any = false, all_int = true, all_num = true;
        for (const auto& v : col) {
          if (std::holds_alternative<std::monostate>(v)) continue;
          any = true;
          all_int = all_int && std::holds_alternative<std::int64_t>(v);
          all_num = all_num && (std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v));
        }
        if (any && all_int) t = OFTInteger64;
        else if (any && all_num) t = OFTReal;
        OGRFieldDefn defn(field_name[c].c_str(), t);
        if (out_layer->CreateField(&defn) != OGRERR_NONE)
          throw Error(errors.summary("cannot create the field"), {.file = (dir / file.filename()).string(), .field = c});
      }
    }
    if (ds->StartTransaction() != OGRERR_NONE && options.format == "gpkg") throw Error("cannot start a transaction");
    for (auto i : idx) {
      if (++done % 2048 == 0 && feedback) {
        feedback->throw_if_cancelled();
        feedback->set_progress(100.0 * static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(1, layer.size())));
      }
      OGRFeatureUniquePtr f(OGRFeature::CreateFeature(out_layer->GetLayerDefn()));
      if (options.format == "dxf") {
        // CAD users read the plot's id and verdict as text on the layer named by the role.
        f->SetField("Layer", layer_name.c_str());
      } else {
        for (const auto& c : columns) {
          const Value& v = layer.columns.at(c)[i];
          const int index = f->GetFieldIndex(field_name[c].c_str());
          if (auto p = std::get_if<std::int64_t>(&v)) f->SetField(index, static_cast<GIntBig>(*p));
          else if (auto d = std::get_if<double>(&v)) f->SetField(index, *d);
          else if (auto s = std::get_if<std::string>(&v)) f->SetField(index, s->c_str());
        }
      }
      Geometry g = layer.geometries[i];
      to_target.forward(g);
      std::unique_ptr<OGRGeometry> og = to_ogr(g);
      if (type == wkbMultiPolygon) og.reset(OGRGeometryFactory::forceToMultiPolygon(og.release()));
      if (type == wkbMultiLineString) og.reset(OGRGeometryFactory::forceToMultiLineString(og.release()));
      f->SetGeometryDirectly(og.release());
      if (out_layer->CreateFeature(f.get()) != OGRERR_NONE)
        throw Error(errors.summary("cannot write the feature"), {.layer = layer_name, .feature = layer.fids[i]});
    }
    ds->CommitTransaction();
    ds.reset();
    if (!errors.errors().empty()) throw Error(errors.summary(""), {.file = (dir / file.filename()).string()});
  }
  if (shapefile && !result.renamed_fields.empty()) {
    std::ofstream csv(staging / (stem + ".fields.csv"), std::ios::binary);
    csv << "\xEF\xBB\xBF" << "field_in_file,full_name\n";
    for (const auto& [full, fitted] : result.renamed_fields) csv << fitted << "," << full << "\n";
  }
  if (feedback) feedback->throw_if_cancelled();
  for (const auto& f : file_names) {
    if (!fs::exists(staging / f)) continue;  // e.g. no .cpg for a driver that writes none
    fs::rename(staging / f, dir / f);
    result.files.push_back(dir / f);
  }
  return result;
}

}  // namespace geo
