#include "output_files.h"

#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include <cpl_string.h>
#include <fmt/format.h>

#include "geo/error.h"
#include "gpkg_rtree.h"
#include "geo/gdal_io.h"
#include "geo/proj.h"
#include "geo/spatial_index.h"
#include "geo/style.h"
#include "geo/text.h"

namespace geo::output {

namespace fs = std::filesystem;

namespace {

std::string gdal_driver(const std::string& format) {
  static const std::map<std::string, std::string> drivers = {{"shp", "ESRI Shapefile"}, {"gpkg", "GPKG"}, {"geojson", "GeoJSON"},
                                                             {"kml", "KML"},            {"dxf", "DXF"},   {"csv", "CSV"}};
  auto it = drivers.find(format);
  if (it == drivers.end()) throw Error("unknown format '" + format + "' (known: shp, gpkg, geojson, kml, dxf)");
  return it->second;
}

std::vector<std::size_t> rows_of(const LayerToWrite& l) {
  if (!l.rows.empty()) return l.rows;
  std::vector<std::size_t> all(l.data->size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return all;
}

// One geometry type per layer where the format wants it: polygons and lines as multi-types so
// that single and multi parts share a layer; a layer mixing families as a generic geometry.
OGRwkbGeometryType layer_type(const LayerToWrite& l, const std::vector<std::size_t>& rows, const std::string& format) {
  if (format == "csv") return wkbNone;
  if (format == "dxf" || format == "kml") return wkbUnknown;
  bool point = false, multipoint = false, line = false, polygon = false;
  for (auto i : rows) {
    switch (l.geometry(i).kind) {
      case GeometryKind::Point: point = true; break;
      case GeometryKind::MultiPoint: multipoint = true; break;
      case GeometryKind::LineString:
      case GeometryKind::MultiLineString: line = true; break;
      case GeometryKind::Polygon:
      case GeometryKind::MultiPolygon: polygon = true; break;
      case GeometryKind::Empty: break;
    }
  }
  if ((point || multipoint) + line + polygon > 1) return wkbUnknown;
  if (polygon) return wkbMultiPolygon;
  if (line) return wkbMultiLineString;
  if (multipoint) return wkbMultiPoint;
  if (point) return wkbPoint;
  return wkbUnknown;
}

// What a CAD user reads beside a feature, where the map shows it by label and colour: its label,
// then the value it is coloured by (a plot's id and verdict).
std::string dxf_text(const LayerToWrite& l, std::size_t i) {
  if (!l.style) return {};
  std::string text = l.style->label.empty() ? std::string() : l.data->text(i, l.style->label);
  if (!l.style->categorize.empty()) {
    const std::string category = l.data->text(i, l.style->categorize);
    if (!category.empty()) text += (text.empty() ? "" : " ") + category;
  }
  std::replace(text.begin(), text.end(), '"', '\'');  // the style string quotes the text
  return text;
}

// Text about an eighth of the feature's smaller side, kept readable on a 1:2000 sheet.
double dxf_text_height(const Geometry& g) {
  const Extent e = extent_of(g);
  if (e.is_empty()) return 3.0;
  return std::clamp(std::min(e.max_x - e.min_x, e.max_y - e.min_y) / 8.0, 2.0, 20.0);
}

// CAD draws boundaries: a polygon goes out as its rings, closed polylines, not as a solid hatch
// (GDAL's default). `entities` is how many DXF entities the geometry becomes.
std::unique_ptr<OGRGeometry> dxf_outlines(const Geometry& g, std::size_t* entities) {
  const bool areal = g.kind == GeometryKind::Polygon || g.kind == GeometryKind::MultiPolygon;
  const bool multi = g.kind == GeometryKind::MultiLineString || g.kind == GeometryKind::MultiPoint;
  *entities = 1;
  if (!areal && !multi) return to_ogr(g);
  if (g.kind == GeometryKind::MultiPoint) {
    *entities = g.parts.size();
    return to_ogr(g);
  }
  auto lines = std::make_unique<OGRMultiLineString>();
  *entities = 0;
  for (const auto& part : g.parts)
    for (const auto& ring : part) {
      OGRLineString line;
      for (const auto& p : ring) line.addPoint(p.x, p.y);
      lines->addGeometry(&line);
      ++*entities;
    }
  return lines;
}

// Outlines in the stroke colour (a categorised layer's in its category's); points in their fill colour.
std::string dxf_colour(const LayerStyleSpec& style, const Geometry& g, const std::string* category_colour) {
  const bool point = g.kind == GeometryKind::Point || g.kind == GeometryKind::MultiPoint;
  const std::string& colour = category_colour ? *category_colour : point && !style.fill.empty() ? style.fill : style.stroke;
  if (colour.empty()) return "#000000";
  const Rgba c = parse_colour(colour);
  return fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
}

void write_style_table(GDALDataset& ds, const std::vector<std::pair<OGRLayer*, const LayerToWrite*>>& styled, const std::string& file) {
  OGRLayer* table = ds.CreateLayer("layer_styles", nullptr, wkbNone, nullptr);
  if (!table) throw Error("cannot create the layer_styles table", {.file = file});
  // The columns of the layer_styles table QGIS itself writes, so that QGIS finds each layer's default style.
  auto add_field = [&](const char* name, OGRFieldType type, OGRFieldSubType subtype = OFSTNone) {
    OGRFieldDefn defn(name, type);
    defn.SetSubType(subtype);
    if (table->CreateField(&defn) != OGRERR_NONE) throw Error("cannot create the layer_styles table", {.file = file, .field = name});
  };
  for (const char* name : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML", "styleSLD"})
    add_field(name, OFTString);
  add_field("useAsDefault", OFTInteger, OFSTBoolean);
  for (const char* name : {"description", "owner", "ui"}) add_field(name, OFTString);
  add_field("update_time", OFTDateTime);
  for (const auto& [layer, l] : styled) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(table->GetLayerDefn()));
    GeometryKind kind = GeometryKind::Empty;
    for (std::size_t i = 0; i < l->data->size(); ++i)
      if (l->geometry(i).kind != GeometryKind::Empty) {
        kind = l->geometry(i).kind;
        break;
      }
    f->SetField("f_table_catalog", "");
    f->SetField("f_table_schema", "");
    f->SetField("f_table_name", layer->GetName());
    f->SetField("f_geometry_column", layer->GetGeometryColumn());
    f->SetField("styleName", layer->GetName());
    f->SetField("styleQML", qgis_style_qml(*l->style, kind, *l->data).c_str());
    f->SetField("useAsDefault", 1);
    f->SetField("description", "Community Planner");
    f->SetField("owner", "");
    f->SetField("ui", "");
    time_t now = time(nullptr);
    struct tm utc {};
    gmtime_r(&now, &utc);
    f->SetField(f->GetFieldIndex("update_time"), utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                static_cast<float>(utc.tm_sec), 100);
    if (table->CreateFeature(f.get()) != OGRERR_NONE) throw Error("cannot write the layer style", {.file = file, .layer = layer->GetName()});
  }
}

}  // namespace

OGRFieldType field_type(const std::vector<Value>& column) {
  bool any = false, all_int = true, all_num = true;
  for (const auto& v : column) {
    if (std::holds_alternative<std::monostate>(v)) continue;
    any = true;
    all_int = all_int && std::holds_alternative<std::int64_t>(v);
    all_num = all_num && (std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v));
  }
  if (any && all_int) return OFTInteger64;
  if (any && all_num) return OFTReal;
  return OFTString;
}

void write_layers(const fs::path& file, const std::vector<LayerToWrite>& layers, const WriteSettings& settings, Feedback* feedback) {
  ensure_gdal_registered();
  const std::string& format = settings.format;
  const std::string where = settings.shown_as.empty() ? file.string() : settings.shown_as.string();
  if (layers.size() > 1 && (format == "shp" || format == "geojson" || format == "csv"))
    throw Error("a " + format + " file holds one layer; export the layers one by one, or as GeoPackage, KML or DXF", {.file = where});
  std::string target_crs = settings.target_crs.empty() ? epsg_definition(settings.working_epsg) : settings.target_crs;
  if (format == "kml") {
    // KML knows one CRS, WGS 84 longitude/latitude (OGC KML 2.2, 6.2); CGCS2000 lies within centimetres of it.
    if (!settings.target_crs.empty() && settings.target_crs != "EPSG:4326")
      throw Error("KML holds WGS 84 longitude/latitude only (EPSG:4326); leave out --crs or export another format", {.file = where});
    target_crs = "EPSG:4326";
  }
  ProjContext proj;
  Transformer to_target(proj, epsg_definition(settings.working_epsg), target_crs);
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(target_crs.c_str()) != OGRERR_NONE) throw Error("not a CRS GDAL knows: " + target_crs);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(gdal_driver(format).c_str());
  GdalErrorCollector errors;
  GDALDatasetUniquePtr ds(driver->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw Error(errors.summary("cannot create the file"), {.file = where});
  const bool transaction = ds->StartTransaction() == OGRERR_NONE;

  std::size_t total = 0, done = 0, expected_features = 0;
  for (const auto& l : layers) total += rows_of(l).size();
  OGRLayer* dxf_layer = nullptr;  // DXF: one entities layer; the role is each entity's layer
  std::vector<std::pair<OGRLayer*, const LayerToWrite*>> styled;
  struct SpatialIndex {
    std::string table, geometry_column, fid_column;
    std::vector<gpkg_rtree::IndexedBox> boxes;
  };
  std::vector<SpatialIndex> indexes;  // GeoPackage: one per layer with geometries
  for (const auto& l : layers) {
    const std::string step = "writing " + l.name;
    auto report = [&] {
      if (!feedback) return;
      feedback->throw_if_cancelled();
      feedback->set_progress(100.0 * static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(1, total)), step);
    };
    report();
    const std::vector<std::size_t> rows = rows_of(l);
    const std::vector<std::string> columns = l.data->column_names();
    auto file_field = [&l](const std::string& c) {
      auto it = l.field_names.find(c);
      return it == l.field_names.end() ? c : it->second;
    };
    OGRLayer* out = dxf_layer;
    if (!out) {
      CPLStringList lco;
      if (format == "shp") lco.SetNameValue("ENCODING", settings.encoding == "GBK" ? "CP936" : "UTF-8");
      if (format == "csv") lco.SetNameValue("WRITE_BOM", "YES");
      // GDAL 3.6 would fill the index a row at a time; it is packed once the file is closed.
      if (format == "gpkg") lco.SetNameValue("SPATIAL_INDEX", "NO");
      const OGRwkbGeometryType type = layer_type(l, rows, format);
      out = ds->CreateLayer(format == "dxf" ? "entities" : l.name.c_str(), format == "dxf" || format == "csv" ? nullptr : &srs, type,
                            lco.List());
      if (!out) throw Error(errors.summary("cannot create the layer"), {.file = where, .layer = l.name});
      if (format == "dxf") dxf_layer = out;
      if (format != "dxf")
        for (const auto& c : columns) {
          const auto declared = l.field_types.find(c);
          OGRFieldDefn defn(file_field(c).c_str(), declared != l.field_types.end() ? declared->second : field_type(l.data->columns.at(c)));
          if (auto w = l.field_widths.find(c); w != l.field_widths.end()) {
            defn.SetWidth(w->second.first);
            defn.SetPrecision(w->second.second);
          }
          if (out->CreateField(&defn) != OGRERR_NONE)
            throw Error(errors.summary("cannot create the field"), {.file = where, .layer = l.name, .field = c});
        }
    }
    if (format == "gpkg" && l.style) styled.emplace_back(out, &l);
    SpatialIndex* index = nullptr;
    if (format == "gpkg" && out->GetGeomType() != wkbNone)
      index = &indexes.emplace_back(SpatialIndex{l.name, out->GetGeometryColumn(), out->GetFIDColumn(), {}});
    const OGRwkbGeometryType type = out->GetGeomType();
    std::map<std::string, std::string> category_colour;
    if (format == "dxf" && l.style && !l.style->categorize.empty() && l.data->has(l.style->categorize))
      for (const auto& [value, colour] : category_colours(*l.style, *l.data)) category_colour[value] = colour;
    std::vector<int> field_index;
    std::vector<bool> text_field;
    std::vector<const std::vector<Value>*> values;  // each column's, found once rather than by name per value
    if (format != "dxf")
      for (const auto& c : columns) {
        field_index.push_back(out->GetLayerDefn()->GetFieldIndex(file_field(c).c_str()));
        text_field.push_back(out->GetLayerDefn()->GetFieldDefn(field_index.back())->GetType() == OFTString);
        values.push_back(&l.data->columns.at(c));
      }
    for (auto i : rows) {
      if (++done % 256 == 0) report();
      OGRFeatureUniquePtr f(OGRFeature::CreateFeature(out->GetLayerDefn()));
      if (format == "dxf") {
        f->SetField("Layer", l.name.c_str());
      } else {
        for (std::size_t c = 0; c < columns.size(); ++c) {
          const Value& v = (*values[c])[i];
          // The last guard of what reaches a file: no non-finite number, no invalid UTF-8.
          const double* real = std::get_if<double>(&v);
          if (std::holds_alternative<std::monostate>(v) || (real && !std::isfinite(*real))) f->SetFieldNull(field_index[c]);
          else if (auto s = std::get_if<std::string>(&v)) f->SetField(field_index[c], repaired_utf8(*s).c_str());
          else if (text_field[c]) f->SetField(field_index[c], value_to_string(v).c_str());  // a number in a text column
          else if (auto p = std::get_if<std::int64_t>(&v)) f->SetField(field_index[c], static_cast<GIntBig>(*p));
          else if (auto d = std::get_if<double>(&v)) f->SetField(field_index[c], *d);
        }
      }
      // In the target CRS: a copy only where that is not the working CRS.
      std::optional<Geometry> brought;
      if (format != "csv" && !to_target.is_identity() && !l.geometry(i).empty()) {
        brought = l.geometry(i);
        try {
          to_target.forward(*brought);
        } catch (const Error& e) {
          throw Error("cannot be brought into " + target_crs + ": " + e.problem() + "; export in another CRS",
                      {.file = where, .layer = l.name, .feature = l.data->fids[i]});
        }
      }
      const Geometry& g = brought ? *brought : l.geometry(i);
      std::size_t entities = 1;
      if (format != "csv" && !g.empty()) {
        std::unique_ptr<OGRGeometry> og = format == "dxf" ? dxf_outlines(g, &entities) : to_ogr(g);
        if (format == "dxf" && l.style) {
          auto it = category_colour.find(l.data->text(i, l.style->categorize));
          const std::string* cat = l.style->categorize.empty() || it == category_colour.end() ? nullptr : &it->second;
          f->SetStyleString(fmt::format("PEN(c:{})", dxf_colour(*l.style, g, cat)).c_str());
        }
        if (type == wkbMultiPolygon) og.reset(OGRGeometryFactory::forceToMultiPolygon(og.release()));
        if (type == wkbMultiLineString) og.reset(OGRGeometryFactory::forceToMultiLineString(og.release()));
        if (type == wkbMultiPoint) og.reset(OGRGeometryFactory::forceToMultiPoint(og.release()));
        f->SetGeometryDirectly(og.release());
      }
      // Some drivers report a failed write (a full disk) as an error but return success.
      if (out->CreateFeature(f.get()) != OGRERR_NONE || !errors.errors().empty())
        throw Error(errors.summary("cannot write the feature"), {.file = where, .layer = l.name, .feature = l.data->fids[i]});
      if (index && !g.empty()) index->boxes.push_back({f->GetFID(), extent_of(g)});
      expected_features += entities;
      if (format == "dxf" && !g.empty()) {
        const std::string text = dxf_text(l, i);
        if (text.empty()) continue;
        const Point at = centroid(g);
        OGRFeatureUniquePtr label(OGRFeature::CreateFeature(out->GetLayerDefn()));
        label->SetField("Layer", l.name.c_str());
        label->SetStyleString(fmt::format("LABEL(f:\"{}\",t:\"{}\",s:{:.2f}g,p:5)", kLabelFontFamily, text, dxf_text_height(g)).c_str());
        label->SetGeometryDirectly(new OGRPoint(at.x, at.y));
        if (out->CreateFeature(label.get()) != OGRERR_NONE)
          throw Error(errors.summary("cannot write the text"), {.file = where, .layer = l.name, .feature = l.data->fids[i]});
        ++expected_features;
      }
    }
  }
  if (!styled.empty()) write_style_table(*ds, styled, where);
  if (transaction && ds->CommitTransaction() != OGRERR_NONE) throw Error(errors.summary("cannot commit the file"), {.file = where});
  if (feedback) feedback->throw_if_cancelled();
  ds.reset();  // closing flushes: a full disk shows here
  if (!errors.errors().empty()) throw Error(errors.summary("the file could not be written whole"), {.file = where});
  for (auto& index : indexes) {
    if (feedback) feedback->throw_if_cancelled();
    try {
      gpkg_rtree::write_index(file, index.table, index.geometry_column, index.fid_column, std::move(index.boxes));
    } catch (const Error& e) {
      throw Error(e.problem(), {.file = where, .layer = index.table});  // named as the target, not its staging copy
    }
  }

  // Read back what was written: a write the operating system cut short must not pass for whole.
  GDALDatasetUniquePtr back(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  std::size_t found = 0;
  if (back)
    for (OGRLayer* layer : back->GetLayers())
      if (!EQUAL(layer->GetName(), "layer_styles")) found += static_cast<std::size_t>(std::max<GIntBig>(0, layer->GetFeatureCount(TRUE)));
  if (!back || found != expected_features)
    throw Error(fmt::format("the file reads back with {} of the {} features written: the disk may be full", found, expected_features),
                {.file = where});
}

namespace {

const char* const kShapefileSidecars[] = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx"};

bool is_shapefile_part(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  return std::find(std::begin(kShapefileSidecars), std::end(kShapefileSidecars), ext) != std::end(kShapefileSidecars);
}

// One file's identity, whether or not it exists yet: its absolute, normalised path.
fs::path identity(const fs::path& p) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(fs::absolute(p), ec);
  return ec ? fs::absolute(p).lexically_normal() : out;
}

}  // namespace

}  // namespace geo::output

namespace geo {

std::vector<std::filesystem::path> input_files(const ProjectSpec& spec) {
  std::vector<std::filesystem::path> out;
  if (!spec.file.empty()) out.push_back(spec.file);
  for (const auto& ls : spec.layers) {
    out.push_back(ls.source);
    if (output::is_shapefile_part(ls.source))
      for (const char* ext : output::kShapefileSidecars) out.push_back(std::filesystem::path(ls.source).replace_extension(ext));
  }
  return out;
}

}  // namespace geo

namespace geo::output {

void StagedOutputs::check_free(const fs::path& dir, const std::vector<std::string>& names, bool overwrite,
                               const std::vector<fs::path>& inputs) {
  std::vector<fs::path> protected_files;
  for (const auto& in : inputs) protected_files.push_back(identity(in));
  for (const auto& n : names) {
    std::vector<fs::path> written{dir / n};
    if (is_shapefile_part(dir / n))
      for (const char* ext : kShapefileSidecars) written.push_back(fs::path(dir / n).replace_extension(ext));
    for (const auto& w : written)
      if (std::find(protected_files.begin(), protected_files.end(), identity(w)) != protected_files.end())
        throw Error("is one of the project's own inputs: an output never replaces an input, not even with --overwrite; "
                    "write to another folder or file name",
                    {.file = w.string()});
    if (!overwrite && fs::exists(dir / n)) throw Error("exists already; pass --overwrite to replace it", {.file = (dir / n).string()});
  }
}

StagedOutputs::StagedOutputs(const fs::path& dir, const std::string& job, std::vector<std::string> names, bool overwrite,
                             const std::vector<fs::path>& inputs)
    : dir_(dir), names_(std::move(names)) {
  check_free(dir_, names_, overwrite, inputs);
  std::error_code ec;
  created_dir_ = fs::create_directories(dir_, ec);
  if (ec) throw Error("cannot create the output folder: " + ec.message(), {.file = dir_.string()});
  staging_ = dir_ / (".cplan-" + job + "-" + std::to_string(::getpid()));
  fs::remove_all(staging_, ec);
  fs::create_directories(staging_, ec);
  if (ec) throw Error("cannot write in the output folder: " + ec.message(), {.file = dir_.string()});
}

StagedOutputs::~StagedOutputs() {
  std::error_code ec;
  fs::remove_all(staging_, ec);
  if (created_dir_ && !committed_ && fs::is_empty(dir_, ec)) fs::remove(dir_, ec);
}

void StagedOutputs::write(const std::string& name, const std::vector<LayerToWrite>& layers, WriteSettings settings,
                          Feedback* feedback) const {
  settings.shown_as = final_path(name);
  write_layers(staged(name), layers, settings, feedback);
}

void StagedOutputs::commit() {
  for (const auto& n : names_) {
    std::error_code ec;
    fs::rename(staging_ / n, dir_ / n, ec);
    if (ec) throw Error("cannot move the finished file into place: " + ec.message(), {.file = (dir_ / n).string()});
  }
  committed_ = true;
}

}  // namespace geo::output
