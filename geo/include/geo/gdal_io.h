#pragma once
// Opening vector sources through GDAL/OGR's C++ API, with the traps of Chinese data handled
// once, here: .dbf files without .cpg (GBK or UTF-8 bytes that GDAL would read as Latin-1),
// CSV files whose geometry sits in a WKT or lon/lat column, GDAL's error text captured into
// our exceptions instead of being printed.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "geo/geometry.h"

namespace geo {

void ensure_gdal_registered();

// Collects GDAL's errors and warnings raised on this thread while it lives.
class GdalErrorCollector {
 public:
  GdalErrorCollector();
  ~GdalErrorCollector();
  GdalErrorCollector(const GdalErrorCollector&) = delete;
  GdalErrorCollector& operator=(const GdalErrorCollector&) = delete;

  const std::vector<std::string>& errors() const { return errors_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  // The errors joined with "; ", or the fallback when GDAL said nothing.
  std::string summary(const std::string& fallback) const;

 private:
  static void CPL_STDCALL handle(CPLErr level, CPLErrorNum number, const char* message);
  std::vector<std::string> errors_;
  std::vector<std::string> warnings_;
};

// What the bytes of a .dbf's text fields look like.
enum class DbfText { AsciiOnly, Utf8, Gbk, Unknown };

struct DbfEncoding {
  std::string dbf_path;
  std::optional<std::string> cpg;  // the .cpg's content, when the file exists
  unsigned char ldid = 0;          // language driver id, byte 29 of the header
  DbfText text = DbfText::AsciiOnly;
  // The ENCODING open option to give GDAL, or empty to let GDAL decide from .cpg/LDID.
  std::string encoding_override;
};

// The file beside p with the same name and this extension (".cpg" or ".CPG"), when there is one.
std::optional<std::filesystem::path> sibling_with_extension(const std::filesystem::path& p, const std::string& lower_ext);
// A small text file (.cpg, .prj) without its trailing blanks and line ends.
std::string read_text_file(const std::filesystem::path& p);

// Reads the .dbf header and up to a few MiB of records; throws geo::Error if unreadable.
DbfEncoding detect_dbf_encoding(const std::string& dbf_path);

struct OpenedSource {
  GDALDatasetUniquePtr dataset;
  std::string path;
  std::optional<DbfEncoding> dbf;  // set for a Shapefile source
  std::string encoding_override;   // the open option GDAL was given ("" = its own choice)
  std::vector<std::string> open_messages;  // GDAL's errors and warnings while opening it
};

struct OpenOptions {
  std::string encoding;  // "", "UTF-8", "CP936"/"GBK": overrides detection for Shapefiles
  bool update = false;
};

// Opens any vector source GDAL reads; throws geo::Error naming the file and GDAL's reason.
OpenedSource open_vector_source(const std::string& path, const OpenOptions& options = {});

// Why the CRS a layer declares could not be read — an EPSG code PROJ does not know, a .prj that is
// no CRS, a GeoPackage srs_id missing from its table — or nothing. GDAL then falls back to no CRS
// or to WGS 84; we do not. Call it before anything else asks the layer for its CRS.
std::optional<std::string> unreadable_crs(const OpenedSource& source, OGRLayer& layer);

// Cells of a GeoPackage's number column that SQLite holds as text or a BLOB (it keeps whatever a
// writer put there; GDAL reads such a cell as 0): their feature id and what they hold.
// One pass over the table for all the columns asked.
struct NonNumericCell {
  std::int64_t fid = 0;
  std::string column;
  std::string text;  // the text, or "(a BLOB of N bytes)"
};
std::vector<NonNumericCell> gpkg_non_numeric_cells(GDALDataset& gpkg, OGRLayer& layer, const std::vector<std::string>& columns);

Geometry from_ogr(const OGRGeometry& g);
// The same from well-known binary (as GDAL's Arrow streams carry geometries); nullopt when it is
// not a geometry GDAL can read either.
std::optional<Geometry> from_wkb(std::span<const std::uint8_t> wkb);
std::unique_ptr<OGRGeometry> to_ogr(const Geometry& g);

// GDAL's name of a layer's CRS as a user definition ("EPSG:4549" when identified, WKT otherwise);
// empty when the layer has none.
std::string crs_definition_of(const OGRSpatialReference* srs);

}  // namespace geo
