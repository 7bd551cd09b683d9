#include "geo/gdal_io.h"

#include <fmt/format.h>

#include <cpl_conv.h>
#include <cpl_string.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "database/pg_connection.h"
#include "geo/database.h"
#include "sql_quote.h"
#include "geo/error.h"
#include "geo/text.h"

namespace geo {

namespace fs = std::filesystem;

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // The OSM driver otherwise warns about interleaved reading on every small file.
    CPLSetConfigOption("OGR_INTERLEAVED_READING", "YES");
  });
}

thread_local std::vector<GdalErrorCollector*> active_collectors;

GdalErrorCollector::GdalErrorCollector() {
  active_collectors.push_back(this);
  CPLPushErrorHandler(&GdalErrorCollector::handle);
}

GdalErrorCollector::~GdalErrorCollector() {
  CPLPopErrorHandler();
  active_collectors.pop_back();
}

void CPL_STDCALL GdalErrorCollector::handle(CPLErr level, CPLErrorNum, const char* message) {
  if (active_collectors.empty()) return;
  auto* self = active_collectors.back();
  std::string text = message ? message : "";
  if (level >= CE_Failure)
    self->errors_.push_back(std::move(text));
  else if (level == CE_Warning)
    self->warnings_.push_back(std::move(text));
}

std::string GdalErrorCollector::summary(const std::string& fallback) const {
  if (errors_.empty()) return fallback;
  // A full disk is said in words: SQLite's message carries the whole statement it was running.
  for (const auto& e : errors_)
    if (e.find("disk is full") != std::string::npos || e.find("No space left") != std::string::npos)
      return "the disk is full (no space left on the device)";
    else if (e.find("disk I/O error") != std::string::npos)
      return "the disk could not be written (full, or failing): SQLite reported a disk I/O error";
    else if (e.find("File too large") != std::string::npos)
      return "the file cannot grow any further (the disk is full, or the file passes the size this system allows)";
  // The first few say what went wrong, each on one line; a failing write repeats itself for every
  // record after.
  constexpr std::size_t kShown = 3;
  constexpr std::size_t kLongest = 240;
  std::string out;
  for (std::size_t i = 0; i < errors_.size() && i < kShown; ++i) {
    if (!out.empty()) out += "; ";
    std::string line = errors_[i].substr(0, errors_[i].find('\n'));
    if (line.size() > kLongest) {
      std::size_t cut = kLongest;
      while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
      line = line.substr(0, cut) + "…";
    }
    out += line;
  }
  if (errors_.size() > kShown) out += fmt::format(" (and {} more errors)", errors_.size() - kShown);
  return out;
}

std::string read_text_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::optional<fs::path> sibling_with_extension(const fs::path& p, const std::string& lower_ext) {
  for (const std::string& ext : {lower_ext, [&] {
         std::string up = lower_ext;
         std::transform(up.begin(), up.end(), up.begin(), ::toupper);
         return up;
       }()}) {
    fs::path candidate = p;
    candidate.replace_extension(ext);
    if (fs::exists(candidate)) return candidate;
  }
  return std::nullopt;
}

namespace {

std::string lower_extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  return ext;
}

}  // namespace

DbfEncoding detect_dbf_encoding(const std::string& dbf_path) {
  DbfEncoding result;
  result.dbf_path = dbf_path;
  std::ifstream in(dbf_path, std::ios::binary);
  if (!in) throw Error("cannot open the attribute file", {.file = dbf_path});
  unsigned char header[32] = {};
  in.read(reinterpret_cast<char*>(header), 32);
  if (in.gcount() != 32) throw Error("attribute file is shorter than a dBASE header", {.file = dbf_path});
  result.ldid = header[29];
  const unsigned header_size = header[8] | (header[9] << 8);
  in.seekg(header_size);
  constexpr std::size_t kSampleBytes = 4u << 20;
  std::string sample(kSampleBytes, '\0');
  in.read(sample.data(), static_cast<std::streamsize>(sample.size()));
  sample.resize(static_cast<std::size_t>(in.gcount()));
  // Cut at the last ASCII byte so that a multi-byte character split by the sample's end does
  // not look like an encoding error.
  while (!sample.empty() && static_cast<unsigned char>(sample.back()) >= 0x80) sample.pop_back();

  if (auto cpg = sibling_with_extension(dbf_path, ".cpg")) result.cpg = read_text_file(*cpg);

  const bool ascii = std::all_of(sample.begin(), sample.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii)
    result.text = DbfText::AsciiOnly;
  else if (is_valid_utf8(sample))
    result.text = DbfText::Utf8;
  else if (gbk_to_utf8(sample))
    result.text = DbfText::Gbk;
  else
    result.text = DbfText::Unknown;

  // GDAL trusts a .cpg, then the LDID byte; with neither it reads Latin-1. Only then do we step in.
  if (!result.cpg && result.ldid == 0) {
    if (result.text == DbfText::Utf8) result.encoding_override = "UTF-8";
    if (result.text == DbfText::Gbk) result.encoding_override = "CP936";
  }
  return result;
}

OpenedSource open_vector_source(const std::string& path, const OpenOptions& options) {
  ensure_gdal_registered();
  OpenedSource out;
  out.path = path;
  const std::string ext = lower_extension(path);
  const bool database = is_database_source(path);
  const std::string shown = database ? redact_connection(path) : path;
  if (!database && !fs::exists(fs::u8path(path))) throw Error("no such file or folder", {.file = path});

  if (ext == ".shp" && !sibling_with_extension(path, ".shx"))
    throw Error("no .shx beside it: the shapes cannot be found without their index; copy the .shx that belongs with it "
                "(or rebuild it: ogr2ogr --config SHAPE_RESTORE_SHX YES)",
                {.file = path});
  if (ext == ".shp" || ext == ".dbf") {
    if (auto dbf = ext == ".dbf" ? std::optional<fs::path>(path) : sibling_with_extension(path, ".dbf")) {
      out.dbf = detect_dbf_encoding(dbf->string());
      out.encoding_override = out.dbf->encoding_override;
    }
  }
  if (!options.encoding.empty()) out.encoding_override = options.encoding == "GBK" ? "CP936" : options.encoding;

  CPLStringList open_options;
  if (!out.encoding_override.empty()) open_options.SetNameValue("ENCODING", out.encoding_override.c_str());
  if (ext == ".csv") {
    open_options.SetNameValue("GEOM_POSSIBLE_NAMES", "WKT,wkt,geom,geometry,the_geom,shape,几何");
    open_options.SetNameValue("X_POSSIBLE_NAMES", "lon,lng,longitude,x,经度");
    open_options.SetNameValue("Y_POSSIBLE_NAMES", "lat,latitude,y,纬度");
    open_options.SetNameValue("KEEP_GEOM_COLUMNS", "NO");
    open_options.SetNameValue("AUTODETECT_TYPE", "YES");
  }

  GdalErrorCollector errors;
  const unsigned flags = GDAL_OF_VECTOR | (options.update ? GDAL_OF_UPDATE : GDAL_OF_READONLY);
  out.dataset.reset(GDALDataset::Open(path.c_str(), flags, nullptr, open_options.List(), nullptr));
  if (!out.dataset) {
    // GDAL says only "PQconnectdb failed": libpq's own reason (refused, no such database, wrong
    // password) is what the user can act on.
    if (database) PgConnection probe(path);
    throw Error(errors.summary(database ? "cannot connect" : "GDAL recognises no vector format in it (wrong extension, damaged or empty file)"),
                {.file = shown});
  }
  if (out.dataset->GetLayerCount() == 0) throw Error(database ? "the database holds no table with geometries" : "the source holds no vector layer", {.file = shown});
  out.open_messages = errors.errors();
  out.open_messages.insert(out.open_messages.end(), errors.warnings().begin(), errors.warnings().end());
  return out;
}

std::optional<std::string> unreadable_crs(const OpenedSource& source, OGRLayer& layer) {
  std::vector<std::string> messages = source.open_messages;
  const OGRSpatialReference* srs = nullptr;
  {
    GdalErrorCollector errors;
    srs = layer.GetSpatialRef();
    messages.insert(messages.end(), errors.errors().begin(), errors.errors().end());
    messages.insert(messages.end(), errors.warnings().begin(), errors.warnings().end());
  }
  for (const auto& m : messages) {
    std::string lower = m;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    for (const char* sign : {"crs not found", "srs_id", "proj_create", "failed to import", "spatial reference", "unknown crs"})
      if (lower.find(sign) != std::string::npos)
        return "the CRS the file declares cannot be read (GDAL: " + m + ")";
  }
  if (source.dbf && !srs) {
    if (auto prj = sibling_with_extension(source.path, ".prj")) {
      std::string head = read_text_file(*prj).substr(0, 40);
      if (!is_valid_utf8(head)) head = "(not text)";
      return "its .prj (" + prj->filename().string() + ") is not a CRS definition GDAL reads: it begins '" + head + "'";
    }
  }
  return std::nullopt;
}

std::vector<NonNumericCell> gpkg_non_numeric_cells(GDALDataset& gpkg, OGRLayer& layer, const std::vector<std::string>& columns) {
  std::vector<NonNumericCell> out;
  const std::string fid = layer.GetFIDColumn();
  if (fid.empty() || columns.empty()) return out;
  std::string select = "SELECT " + sql_identifier(fid), where;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::string col = sql_identifier(columns[c]);
    select += fmt::format(", typeof({0}) AS kind{1}, CAST({0} AS TEXT) AS text{1}, length({0}) AS bytes{1}", col, c);
    where += (where.empty() ? "" : " OR ") + fmt::format("typeof({}) NOT IN ('integer', 'real', 'null')", col);
  }
  const std::string sql = select + " FROM " + sql_identifier(layer.GetName()) + " WHERE " + where;
  GdalErrorCollector errors;  // a layer that is a view or a column that is not there: nothing to say
  OGRLayer* result = gpkg.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) return out;
  for (auto& f : *result) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string type = f->GetFieldAsString(fmt::format("kind{}", c).c_str());
      if (type == "integer" || type == "real" || type == "null") continue;
      NonNumericCell cell;
      cell.fid = f->GetFID();  // GDAL takes the selected feature id column as the result's own
      cell.column = columns[c];
      cell.text = type == "blob" ? fmt::format("(a BLOB of {} bytes)", f->GetFieldAsInteger64(fmt::format("bytes{}", c).c_str()))
                                 : std::string(f->GetFieldAsString(fmt::format("text{}", c).c_str()));
      out.push_back(std::move(cell));
    }
  }
  gpkg.ReleaseResultSet(result);
  return out;
}

namespace {

Path path_of(const OGRSimpleCurve& curve) {
  Path path(static_cast<std::size_t>(curve.getNumPoints()));
  for (int i = 0; i < curve.getNumPoints(); ++i) path[static_cast<std::size_t>(i)] = {curve.getX(i), curve.getY(i)};
  return path;
}

void append_simple(const OGRGeometry& g, Geometry& out) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
      const auto& p = *g.toPoint();
      if (!p.IsEmpty()) out.parts.push_back({Path{{p.getX(), p.getY()}}});
      break;
    }
    case wkbLineString:
    case wkbLinearRing:
      if (!g.IsEmpty()) out.parts.push_back({path_of(*g.toLineString())});
      break;
    case wkbPolygon: {
      const auto& poly = *g.toPolygon();
      if (poly.IsEmpty()) break;
      std::vector<Path> rings;
      for (const auto* ring : poly) rings.push_back(path_of(*ring));
      out.parts.push_back(std::move(rings));
      break;
    }
    default:
      if (const auto* collection = dynamic_cast<const OGRGeometryCollection*>(&g)) {
        for (const auto* member : *collection) append_simple(*member, out);
      } else {
        std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
        if (linear) append_simple(*linear, out);
      }
  }
}

}  // namespace

Geometry from_ogr(const OGRGeometry& g) {
  Geometry out;
  const OGRwkbGeometryType flat = wkbFlatten(g.getGeometryType());
  std::unique_ptr<OGRGeometry> linear;
  const OGRGeometry* source = &g;
  if (OGR_GT_IsNonLinear(flat)) {
    linear.reset(g.getLinearGeometry());
    source = linear.get();
  }
  append_simple(*source, out);
  switch (wkbFlatten(source->getGeometryType())) {
    case wkbPoint: out.kind = GeometryKind::Point; break;
    case wkbLineString: out.kind = GeometryKind::LineString; break;
    case wkbPolygon: out.kind = GeometryKind::Polygon; break;
    case wkbMultiPoint: out.kind = GeometryKind::MultiPoint; break;
    case wkbMultiLineString: out.kind = GeometryKind::MultiLineString; break;
    default: out.kind = collection_kind(out);
  }
  if (out.parts.empty()) out.kind = GeometryKind::Empty;
  return out;
}

namespace {

std::unique_ptr<OGRLineString> line_of(const Path& path) {
  auto line = std::make_unique<OGRLineString>();
  line->setNumPoints(static_cast<int>(path.size()), FALSE);
  for (std::size_t i = 0; i < path.size(); ++i) line->setPoint(static_cast<int>(i), path[i].x, path[i].y);
  return line;
}

std::unique_ptr<OGRPolygon> polygon_of(const std::vector<Path>& rings) {
  auto poly = std::make_unique<OGRPolygon>();
  for (const auto& ring : rings) {
    auto r = std::make_unique<OGRLinearRing>();
    r->setNumPoints(static_cast<int>(ring.size()), FALSE);
    for (std::size_t i = 0; i < ring.size(); ++i) r->setPoint(static_cast<int>(i), ring[i].x, ring[i].y);
    poly->addRingDirectly(r.release());
  }
  return poly;
}

}  // namespace

std::unique_ptr<OGRGeometry> to_ogr(const Geometry& g) {
  switch (g.kind) {
    case GeometryKind::Empty: return std::make_unique<OGRGeometryCollection>();
    case GeometryKind::Point: {
      const Point p = g.parts.at(0).at(0).at(0);
      return std::make_unique<OGRPoint>(p.x, p.y);
    }
    case GeometryKind::LineString: return line_of(g.parts.at(0).at(0));
    case GeometryKind::Polygon: return polygon_of(g.parts.at(0));
    case GeometryKind::MultiPoint: {
      auto multi = std::make_unique<OGRMultiPoint>();
      for (const auto& part : g.parts) multi->addGeometryDirectly(new OGRPoint(part.at(0).at(0).x, part.at(0).at(0).y));
      return multi;
    }
    case GeometryKind::MultiLineString: {
      auto multi = std::make_unique<OGRMultiLineString>();
      for (const auto& part : g.parts) multi->addGeometryDirectly(line_of(part.at(0)).release());
      return multi;
    }
    case GeometryKind::MultiPolygon: {
      auto multi = std::make_unique<OGRMultiPolygon>();
      for (const auto& part : g.parts) multi->addGeometryDirectly(polygon_of(part).release());
      return multi;
    }
  }
  return nullptr;
}

std::string crs_definition_of(const OGRSpatialReference* srs) {
  if (!srs || srs->IsEmpty()) return {};
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  if (auth && code && EQUAL(auth, "EPSG")) return std::string("EPSG:") + code;
  char* wkt = nullptr;
  const char* const wkt_options[] = {"FORMAT=WKT2_2019", nullptr};
  if (srs->exportToWkt(&wkt, wkt_options) != OGRERR_NONE || !wkt) return {};
  std::string out(wkt);
  CPLFree(wkt);
  return out;
}

}  // namespace geo
