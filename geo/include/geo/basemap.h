#pragma once
// Basemaps under the planning layers: raster files and tile services read through GDAL (its WMS
// driver fetches tiles in parallel into a size-limited disk cache and reads them back offline),
// warped into the working CRS for the view being drawn. Tiles in GCJ-02 (AMap) are moved back by
// the published offset, block by block, so that they lie within a metre of CGCS2000 data.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geo/feedback.h"
#include "geo/geometry.h"
#include "geo/project.h"

namespace geo {

// Where tiles are cached and how: shared by every tile layer of the application.
struct TileCache {
  std::filesystem::path directory;     // one sub-folder per service
  std::int64_t max_bytes = 512LL << 20;  // GDAL trims the oldest tiles beyond this
  bool offline = false;                // read the cache only, never the network
};

// Whether a tile layer's url is a WMTS capabilities document ("WMTS:…", "…REQUEST=GetCapabilities",
// "…WMTSCapabilities.xml") rather than an XYZ template.
bool is_wmts(const MapLayerSpec& spec);

// The text GDAL opens for a basemap: the file's path, a GDAL_WMTS description of a WMTS (by its
// capabilities) or a GDAL_WMS description of an XYZ service (its key filled in from the environment).
// A WMTS's capabilities document is fetched into the cache when missing or a day old (unless
// offline) and read from there, so that the service opens offline too. Throws geo::Error when a key is wanted and
// missing, naming the variable.
std::string gdal_basemap_source(const MapLayerSpec& spec, const TileCache& cache);

// The built-in tile services a planner picks from (Layer → Add basemap): Tianditu's vector and
// imagery maps in Web Mercator and CGCS2000 (key in TIANDITU_KEY) and AMap's streets (GCJ-02).
std::vector<MapLayerSpec> basemap_presets();

// Whether a file is a raster for the map (an orthophoto, MBTiles, GeoPackage tiles) rather than
// vector data: GDAL opens it as a raster and finds no vector layer in it.
bool opens_as_raster(const std::filesystem::path& file);

struct RgbaImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;  // row by row, 4 bytes a pixel, not premultiplied
};

// Reads one basemap for views of the map. Holds an open GDAL dataset: one reader per thread.
class BasemapReader {
 public:
  // Throws geo::Error naming the source when GDAL cannot open it or its CRS is unknown.
  BasemapReader(const MapLayerSpec& spec, const TileCache& cache, int working_epsg);
  ~BasemapReader();
  BasemapReader(const BasemapReader&) = delete;
  BasemapReader& operator=(const BasemapReader&) = delete;

  // The basemap over a view's extent (working CRS) at width × height pixels; transparent where it
  // has no data. Setting cancel stops the read (geo::Cancelled): the map's renderer owns the flag.
  RgbaImage read(const Extent& view, int width, int height, const std::atomic<bool>* cancel = nullptr);
  // The source's extent in the working CRS (a tile service: China's). Computed when asked: a
  // reader made to draw one view never pays for it.
  Extent extent();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace geo
