#pragma once
// Rasters and tile servers the tests make: a GeoTIFF with a red marker where a known point lies,
// XYZ tiles cut from it, and python3's http.server on 127.0.0.1 serving them.
#include <sys/types.h>

#include <filesystem>
#include <utility>

#include "geo/basemap.h"
#include "geo/geometry.h"

namespace fixtures {

// Spherical Web Mercator, by its textbook formula (not by PROJ).
geo::Point mercator(geo::Point lonlat);

// A white GeoTIFF (3 bands) around `marker` (in the raster's CRS, EPSG:epsg) with a red 3×3-pixel
// square on it.
std::filesystem::path marker_tiff(const std::filesystem::path& file, int epsg, geo::Point marker, double pixel, int size);

// The centre of the red pixels of an image, or (-1, -1).
std::pair<double, double> red_centre(const geo::RgbaImage& image);

// Cuts the 3×3 XYZ tiles (root/z/x/y.png) of a raster around `at`, in Web Mercator or in the
// CGCS2000 scheme (360°/2^z a tile from (-180, 90)).
void write_tiles(const std::filesystem::path& raster, const std::filesystem::path& root, int z, geo::Point at, bool geographic);

// python3's http.server on a free port of 127.0.0.1 serving a folder; stopped with the object.
class TileServer {
 public:
  explicit TileServer(const std::filesystem::path& root);
  ~TileServer();
  TileServer(const TileServer&) = delete;
  TileServer& operator=(const TileServer&) = delete;
  void stop();
  bool up() const;
  int port() const { return port_; }

 private:
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace fixtures
