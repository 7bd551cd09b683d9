#pragma once
// Small data sets made by the tests themselves, in every format a planner brings.
#include <ogrsf_frmts.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fixtures {

// A fresh folder under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / std::filesystem::u8path(name); }

 private:
  std::filesystem::path path_;
};

struct FieldValue {
  std::string name;
  std::string value;  // written as the field's type: integers and reals are parsed
};

struct FeatureSpec {
  std::string wkt;
  std::vector<FieldValue> fields;
};

struct LayerFixture {
  std::string name = "layer";
  OGRwkbGeometryType type = wkbUnknown;
  int epsg = 0;  // 0: no CRS
  std::vector<std::pair<std::string, OGRFieldType>> fields;
  std::vector<FeatureSpec> features;
  std::vector<std::string> creation_options;  // layer creation options, e.g. ENCODING=UTF-8
};

// Every file under dir (recursively, hidden ones too) with its size and a hash of its bytes: to
// show that an interrupted or failed job left a folder exactly as it was.
std::map<std::string, std::string> snapshot(const std::filesystem::path& dir);

// A file's bytes, whole (empty when it cannot be read).
std::string read_bytes(const std::filesystem::path& file);

// Writes one layer with GDAL's driver of that name; returns the file's path.
std::filesystem::path write_layer(const std::string& driver, const std::filesystem::path& file, const LayerFixture& layer);

struct OsmNode {
  std::int64_t id;
  double lon, lat;
  std::vector<std::pair<std::string, std::string>> tags;
};
struct OsmWay {
  std::int64_t id;
  std::vector<std::int64_t> refs;
  std::vector<std::pair<std::string, std::string>> tags;
};

// Encodes an OSM PBF file (uncompressed blobs, plain nodes) as the format's specification
// describes it; GDAL has no writer for it.
void write_osm_pbf(const std::filesystem::path& file, const std::vector<OsmNode>& nodes, const std::vector<OsmWay>& ways);

// The same data as OSM XML (.osm), as the API and JOSM write it.
void write_osm_xml(const std::filesystem::path& file, const std::vector<OsmNode>& nodes, const std::vector<OsmWay>& ways);

}  // namespace fixtures
