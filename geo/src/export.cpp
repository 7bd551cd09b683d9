#include "geo/export.h"

#include <cpl_string.h>
#include <iconv.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/proj.h"
#include "output_files.h"

namespace geo {

namespace fs = std::filesystem;

namespace {

// Text from UTF-8 into the Shapefile's encoding (UTF-8, or GBK as CP936), one iconv handle for
// a whole export: opening one per value cost more than writing the file.
class Encoder {
 public:
  explicit Encoder(const std::string& encoding) {
    if (encoding == "UTF-8") return;
    cd_ = iconv_open("CP936", "UTF-8");
    if (cd_ == reinterpret_cast<iconv_t>(-1)) throw Error("iconv cannot convert to " + encoding);
  }
  ~Encoder() {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  }
  Encoder(const Encoder&) = delete;
  Encoder& operator=(const Encoder&) = delete;

  // The text in the encoding, or nullopt when it cannot be represented there.
  std::optional<std::string> operator()(const std::string& utf8) const {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) return utf8;
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // a fresh shift state
    std::string in = utf8, out(utf8.size() * 2 + 8, '\0');
    char* ip = in.data();
    char* op = out.data();
    std::size_t il = in.size(), ol = out.size();
    if (iconv(cd_, &ip, &il, &op, &ol) == static_cast<std::size_t>(-1)) return std::nullopt;
    out.resize(out.size() - ol);
    return out;
  }

 private:
  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
};

// The byte offsets at which the UTF-8 characters of s begin (where a name may be cut).
std::vector<std::size_t> char_starts(const std::string& s) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  return starts;
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
  const Encoder encode(encoding);
  auto bytes = [&encode](const std::string& s) {
    auto e = encode(s);
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

ShapefileSize shapefile_size(const LayerData& layer, const std::vector<std::size_t>& rows, const std::vector<ShapefileField>& fields) {
  ShapefileSize size;
  size.shp = 100;  // the main file header
  for (auto i : rows) {
    const Geometry& g = layer.geometries[i];
    std::uintmax_t points = 0, paths = 0;
    for (const auto& part : g.parts)
      for (const auto& path : part) {
        points += path.size();
        ++paths;
      }
    switch (g.kind) {
      case GeometryKind::Empty: size.shp += 8 + 4; break;  // record header, null shape
      case GeometryKind::Point: size.shp += 8 + 20; break;
      case GeometryKind::MultiPoint: size.shp += 8 + 40 + 16 * points; break;
      default: size.shp += 8 + 44 + 4 * paths + 16 * points; break;  // polylines and polygons: every ring a part
    }
  }
  std::uintmax_t record = 1;  // the deletion flag
  for (const auto& f : fields) record += static_cast<std::uintmax_t>(f.width);
  size.dbf = 32 + 32 * fields.size() + 1 + record * rows.size() + 1;  // header, field descriptors, terminator, records, EOF
  return size;
}

namespace {

// One layer's Shapefile(s): one file per geometry family, field names fitted, every text value
// checked in the encoding and measured for the field widths and the 2 GB limit.
struct ShapefilePlan {
  std::vector<output::LayerToWrite> writes;  // name = the file's base name
  std::vector<std::string> file_names;
  std::vector<std::pair<std::string, std::string>> renamed_fields;
};

ShapefilePlan plan_shapefile(const ExportLayer& l, const std::string& stem, const fs::path& dir, const ExportOptions& options) {
  const LayerData& layer = *l.data;
  ShapefilePlan plan;
  std::map<std::string, std::string> field_names;
  std::vector<std::string> taken;
  for (const auto& c : layer.column_names()) {
    const std::string fitted = fit_field_name(c, options.encoding, taken);
    taken.push_back(fitted);
    if (fitted != c) {
      field_names[c] = fitted;
      plan.renamed_fields.emplace_back(c, fitted);
    }
  }
  // Every text value in the encoding: refused when it cannot be represented there or passes the
  // dBase limit of 254 bytes (GDAL would cut it); the longest sets the field's width.
  const Encoder encode(options.encoding);
  const bool gbk = options.encoding != "UTF-8";
  std::vector<ShapefileField> fields;
  for (const auto& c : layer.column_names()) {
    const std::vector<Value>& column = layer.columns.at(c);
    const OGRFieldType type = output::field_type(column);
    if (type == OFTInteger64) {
      fields.push_back({.column = c, .type = type, .width = 20, .precision = 0});
      continue;
    }
    if (type == OFTReal) {
      fields.push_back({.column = c, .type = type, .width = 24, .precision = 15});
      continue;
    }
    ShapefileField f{.column = c, .type = OFTString, .width = 1};
    for (std::size_t i = 0; i < column.size(); ++i) {
      if (std::holds_alternative<std::monostate>(column[i])) continue;
      // A text column may hold numbers too: they are written as their text, and measured alike.
      const auto* stored = std::get_if<std::string>(&column[i]);
      const std::string number = stored ? std::string() : value_to_string(column[i]);
      const std::string* text = stored ? stored : &number;
      std::size_t bytes = text->size();
      if (gbk) {
        const auto encoded = encode(*text);
        if (!encoded)
          throw Error("value \"" + *text + "\" cannot be written in " + options.encoding + "; export with --encoding utf-8",
                      {.layer = l.name, .feature = layer.fids[i], .field = c});
        bytes = encoded->size();
      }
      if (bytes > 254)
        throw Error(fmt::format("a text of {} bytes in {} passes the Shapefile's limit of 254 per field; export as GeoPackage", bytes,
                                options.encoding),
                    {.layer = l.name, .feature = layer.fids[i], .field = c});
      f.width = std::max(f.width, static_cast<int>(bytes));
    }
    fields.push_back(f);
  }
  std::map<std::string, std::pair<int, int>> widths;
  for (const auto& f : fields) widths[f.column] = {f.width, f.precision};
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < layer.size(); ++i) groups[family(layer.geometries[i].kind)].push_back(i);
  groups.erase("none");
  if (groups.empty()) groups["polygon"];  // no geometries: one Shapefile of every row (empty rows: all)
  for (auto& [fam, rows] : groups) {
    const std::string base = groups.size() > 1 ? stem + "_" + fam : stem;
    // The format's limit (2 GB per file, GDAL's default): refused before writing, not discovered midway.
    std::vector<std::size_t> all_rows = rows;
    if (all_rows.empty())
      for (std::size_t i = 0; i < layer.size(); ++i) all_rows.push_back(i);
    const ShapefileSize size = shapefile_size(layer, all_rows, fields);
    constexpr std::uintmax_t kLimit = 2147483647;
    if (size.shp > kLimit || size.dbf > kLimit)
      throw Error(fmt::format("the Shapefile would pass its 2 GB limit (.shp {} bytes, .dbf {} bytes): export as GeoPackage", size.shp,
                              size.dbf),
                  {.file = (dir / (base + ".shp")).string(), .layer = l.name});
    plan.writes.push_back(
        {.name = base, .data = &layer, .style = &l.style, .rows = rows, .field_names = field_names, .field_widths = widths});
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) plan.file_names.push_back(base + ext);
  }
  if (!plan.renamed_fields.empty()) plan.file_names.push_back(stem + ".fields.csv");
  return plan;
}

}  // namespace

ExportResult export_layers(const std::vector<ExportLayer>& layers, int working_epsg, const fs::path& out_as_given,
                           const ExportOptions& options, Feedback* feedback) {
  static const std::vector<std::string> formats = {"shp", "gpkg", "geojson", "kml", "dxf"};
  if (std::find(formats.begin(), formats.end(), options.format) == formats.end())
    throw Error("unknown format '" + options.format + "' (known: shp, gpkg, geojson, kml, dxf)");
  if (options.encoding != "UTF-8" && options.encoding != "GBK") throw Error("encoding must be UTF-8 or GBK");
  if (layers.empty()) throw Error("nothing to export");
  // The file name says the format to whoever opens it next: added when missing, a different one refused.
  fs::path out = out_as_given;
  if (fs::is_directory(out))
    throw Error("is a folder: name the file to write in it (e.g. " + (out / ("layer." + options.format)).string() + ")",
                {.file = out.string()});
  const std::string extension = "." + options.format;
  if (out.extension().empty()) {
    out += extension;
  } else if (!EQUAL(out.extension().string().c_str(), extension.c_str()) &&
             !(options.format == "geojson" && EQUAL(out.extension().string().c_str(), ".json"))) {
    throw Error("the file name ends in " + out.extension().string() + " but the format is " + options.format + ": name it ..." +
                    extension,
                {.file = out.string()});
  }
  const bool shapefile = options.format == "shp";
  if (layers.size() > 1 && options.format == "geojson")
    throw Error("a GeoJSON file holds one layer; export the layers one by one, or as GeoPackage, KML or DXF", {.file = out.string()});
  const output::WriteSettings settings{.format = options.format, .working_epsg = working_epsg, .target_crs = options.crs,
                                       .encoding = options.encoding};
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  const std::string stem = out.stem().string();
  ExportResult result;
  std::vector<std::string> file_names;  // in the output's folder
  std::vector<ShapefilePlan> plans;     // Shapefiles: one per layer (NAME_layer.shp when several)
  if (shapefile) {
    for (const auto& l : layers) {
      plans.push_back(plan_shapefile(l, layers.size() > 1 ? stem + "_" + l.name : stem, dir, options));
      file_names.insert(file_names.end(), plans.back().file_names.begin(), plans.back().file_names.end());
      result.renamed_fields.insert(result.renamed_fields.end(), plans.back().renamed_fields.begin(), plans.back().renamed_fields.end());
    }
  } else {
    file_names.push_back(out.filename().string());
  }
  output::StagedOutputs staged(dir, "export", file_names, options.overwrite, options.inputs);
  if (shapefile) {
    for (std::size_t p = 0; p < plans.size(); ++p) {
      const ShapefilePlan& plan = plans[p];
      const double share = 100.0 / static_cast<double>(plans.size() * std::max<std::size_t>(1, plan.writes.size()));
      for (std::size_t w = 0; w < plan.writes.size(); ++w) {
        const double begin = 100.0 * static_cast<double>(p) / static_cast<double>(plans.size()) + share * static_cast<double>(w);
        const Feedback::Stage stage(feedback, begin, begin + share);
        staged.write(plan.writes[w].name + ".shp", {plan.writes[w]}, settings, feedback);
      }
      if (plan.renamed_fields.empty()) continue;
      const std::string table = plan.file_names.back();  // NAME.fields.csv
      std::ofstream csv(staged.staged(table), std::ios::binary);
      csv << "\xEF\xBB\xBF" << "field_in_file,full_name\n";
      for (const auto& [full, fitted] : plan.renamed_fields) csv << fitted << "," << full << "\n";
      if (!csv.flush()) throw Error("cannot write the field names", {.file = (dir / table).string()});
    }
  } else {
    std::vector<output::LayerToWrite> writes;
    for (const auto& l : layers) writes.push_back({.name = l.name, .data = l.data, .style = &l.style});
    staged.write(out.filename().string(), writes, settings, feedback);
  }
  if (feedback) feedback->throw_if_cancelled();
  staged.commit();
  for (const auto& f : file_names) result.files.push_back(dir / f);
  return result;
}

}  // namespace geo
