// Basemaps read as the map draws them: a red marker placed in a raster by hand (Web Mercator by
// its textbook formula, GCJ-02 by the published offset) must come out where its true point lies in
// the working CRS — from a GeoTIFF, MBTiles, GeoPackage tiles, and XYZ tiles served on 127.0.0.1
// by a server the test starts, then read again from the cache with the server stopped.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>

#include "../support/fixtures.h"
#include "../support/tiles.h"
#include "geo/basemap.h"
#include "geo/crs.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/proj.h"
#include "geo/web_map_offsets.h"

namespace fs = std::filesystem;
using fixtures::TempDir;

using fixtures::marker_tiff;
using fixtures::mercator;
using fixtures::red_centre;
using fixtures::TileServer;
using fixtures::write_tiles;

namespace {

const geo::Point kTrue{120.15, 30.27};  // lon/lat near the West Lake: where the marker truly is

struct View {
  geo::Extent extent;
  int size = 200;
  double pixel = 0.5;
};

// A view of 100 m × 100 m in EPSG:4549 centred on the marker's true point.
View view_on_true_point() {
  geo::ProjContext proj;
  const geo::Transformer to_gk(proj, "EPSG:4490", "EPSG:4549");
  const geo::Point c = to_gk.forward(kTrue);
  View v;
  v.extent = {c.x - 50, c.y - 50, c.x + 50, c.y + 50};
  return v;
}

// The marker's distance in metres from the view's centre, as read.
double miss_in_metres(const geo::RgbaImage& image, const View& v) {
  const auto [x, y] = red_centre(image);
  if (x < 0) return std::numeric_limits<double>::infinity();
  return std::hypot(x - v.size / 2.0, y - v.size / 2.0) * v.pixel;
}

geo::MapLayerSpec raster_spec(const fs::path& file) {
  geo::MapLayerSpec spec;
  spec.kind = geo::MapLayerKind::Raster;
  spec.source = file;
  spec.name = file.filename().string();
  return spec;
}

}  // namespace

TEST(Basemap, AWebMercatorOrthophotoLandsWhereItsPointsAre) {
  TempDir dir;
  const View v = view_on_true_point();
  const fs::path tiff = marker_tiff(dir / "ortho-3857.tif", 3857, mercator(kTrue), 0.5, 600);
  geo::BasemapReader reader(raster_spec(tiff), {}, 4549);
  EXPECT_LT(miss_in_metres(reader.read(v.extent, v.size, v.size), v), 0.75);
  EXPECT_TRUE(geo::opens_as_raster(tiff));
}

TEST(Basemap, GcjTilesAreMovedBackWithinAMetre) {
  TempDir dir;
  const View v = view_on_true_point();
  // AMap draws the true point at its GCJ-02 position: so does this raster.
  const fs::path tiff = marker_tiff(dir / "amap.tif", 3857, mercator(geo::wgs84_to_gcj02(kTrue)), 0.5, 3000);
  geo::MapLayerSpec spec = raster_spec(tiff);
  EXPECT_EQ(miss_in_metres(geo::BasemapReader(spec, {}, 4549).read(v.extent, v.size, v.size), v),
            std::numeric_limits<double>::infinity());  // unmoved, the marker is hundreds of metres off
  spec.offset = geo::WebMapOffset::Gcj02;
  EXPECT_LT(miss_in_metres(geo::BasemapReader(spec, {}, 4549).read(v.extent, v.size, v.size), v), 1.0);
}

TEST(Basemap, MbtilesAndGeoPackageTilesInAGaussKrugerCrs) {
  TempDir dir;
  const View v = view_on_true_point();
  geo::ensure_gdal_registered();
  const fs::path tiff = marker_tiff(dir / "ortho-3857.tif", 3857, mercator(kTrue), 0.5, 600);
  GDALDatasetUniquePtr src(GDALDataset::Open(tiff.string().c_str(), GDAL_OF_RASTER));
  const fs::path mbtiles = dir / "ortho.mbtiles";
  GDALDatasetUniquePtr(GetGDALDriverManager()->GetDriverByName("MBTiles")->CreateCopy(mbtiles.string().c_str(), src.get(), FALSE, nullptr,
                                                                                         nullptr, nullptr));
  EXPECT_LT(miss_in_metres(geo::BasemapReader(raster_spec(mbtiles), {}, 4549).read(v.extent, v.size, v.size), v), 1.0);
  // A topographic map in the Gauss-Kruger CRS itself, as GeoPackage tiles.
  geo::ProjContext proj;
  const geo::Point gk = geo::Transformer(proj, "EPSG:4490", "EPSG:4549").forward(kTrue);
  const fs::path tiff_gk = marker_tiff(dir / "topo-4549.tif", 4549, gk, 0.5, 400);
  GDALDatasetUniquePtr src_gk(GDALDataset::Open(tiff_gk.string().c_str(), GDAL_OF_RASTER));
  const fs::path gpkg = dir / "topo.gpkg";
  GDALDatasetUniquePtr(GetGDALDriverManager()->GetDriverByName("GPKG")->CreateCopy(gpkg.string().c_str(), src_gk.get(), FALSE, nullptr,
                                                                                      nullptr, nullptr));
  EXPECT_TRUE(geo::opens_as_raster(gpkg));
  EXPECT_LT(miss_in_metres(geo::BasemapReader(raster_spec(gpkg), {}, 4549).read(v.extent, v.size, v.size), v), 0.75);
}

TEST(Basemap, XyzTilesFromALocalServerThenFromTheCacheOffline) {
  TempDir dir;
  const View v = view_on_true_point();
  const fs::path tiff = marker_tiff(dir / "ortho-3857.tif", 3857, mercator(kTrue), 0.5, 2400);
  write_tiles(tiff, dir / "tiles", 18, mercator(kTrue), false);
  TileServer server(dir / "tiles");
  ASSERT_TRUE(server.up());
  geo::MapLayerSpec spec;
  spec.kind = geo::MapLayerKind::Tiles;
  spec.name = "local";
  spec.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/{z}/{x}/{y}.png";
  spec.max_zoom = 18;
  geo::TileCache cache{dir / "cache", 64LL << 20, false};
  EXPECT_LT(miss_in_metres(geo::BasemapReader(spec, cache, 4549).read(v.extent, v.size, v.size), v), 1.0);
  server.stop();
  ASSERT_FALSE(server.up());
  cache.offline = true;  // the same view, from the disk cache alone
  EXPECT_LT(miss_in_metres(geo::BasemapReader(spec, cache, 4549).read(v.extent, v.size, v.size), v), 1.0);
  // Somewhere never fetched: blank offline, not an error.
  const geo::Extent elsewhere{v.extent.min_x + 5000, v.extent.min_y, v.extent.max_x + 5000, v.extent.max_y};
  const geo::RgbaImage blank = geo::BasemapReader(spec, cache, 4549).read(elsewhere, 50, 50);
  EXPECT_EQ(red_centre(blank).first, -1.0);
}

TEST(Basemap, TiandituCgcs2000TilesLineUp) {
  TempDir dir;
  const View v = view_on_true_point();
  // Tianditu's "_c" tiles are in CGCS2000 longitude/latitude: 360°/2^z a tile from (-180, 90).
  const fs::path tiff = marker_tiff(dir / "c.tif", 4490, kTrue, 0.000005, 2400);
  write_tiles(tiff, dir / "tiles", 17, kTrue, true);
  TileServer server(dir / "tiles");
  ASSERT_TRUE(server.up());
  geo::MapLayerSpec spec = geo::basemap_presets()[2];  // Tianditu vector, CGCS2000
  ASSERT_EQ(spec.scheme, geo::TileScheme::Cgcs2000);
  spec.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/{z}/{x}/{y}.png?tk={key}";
  spec.max_zoom = 17;
  setenv("TIANDITU_KEY", "test-key", 1);
  EXPECT_LT(miss_in_metres(geo::BasemapReader(spec, {dir / "cache", 64LL << 20, false}, 4549).read(v.extent, v.size, v.size), v), 1.0);
}

TEST(Basemap, KeysComeFromTheEnvironmentNeverFromTheProject) {
  geo::MapLayerSpec spec = geo::basemap_presets()[0];
  unsetenv("TIANDITU_KEY");
  try {
    geo::gdal_basemap_source(spec, {});
    FAIL() << "no key, no source";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("TIANDITU_KEY"), std::string::npos) << e.what();
  }
  setenv("TIANDITU_KEY", "abc123", 1);
  const std::string xml = geo::gdal_basemap_source(spec, {});
  EXPECT_NE(xml.find("tk=abc123"), std::string::npos);
  EXPECT_NE(xml.find("TILECOL=${x}"), std::string::npos);
  unsetenv("TIANDITU_KEY");
  // A key written into a project's URL is refused, with the way to do it instead.
  try {
    geo::parse_project("[layers.plots]\nsource = \"a.gpkg\"\n[[map_layers]]\nkind = \"tiles\"\nurl = \"http://t0/x?tk=secret&x={x}&y={y}&z={z}\"\n",
                       "p.toml");
    FAIL() << "a key in the project file";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("{key}"), std::string::npos) << e.what();
  }
}

TEST(Basemap, AWmtsByItsCapabilitiesDocument) {
  TempDir dir;
  const View v = view_on_true_point();
  const fs::path tiff = marker_tiff(dir / "ortho-3857.tif", 3857, mercator(kTrue), 0.5, 2400);
  write_tiles(tiff, dir / "wmts" / "tiles", 18, mercator(kTrue), false);
  TileServer server(dir / "wmts");
  ASSERT_TRUE(server.up());
  // A RESTful WMTS with Web Mercator's well-known scale set (OGC's GoogleMapsCompatible), by hand.
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  std::string matrices;
  for (int z = 0; z <= 18; ++z) {
    const long n = 1L << z;
    matrices += "<TileMatrix><ows:Identifier>" + std::to_string(z) + "</ows:Identifier><ScaleDenominator>" +
                std::to_string(559082264.0287178 / static_cast<double>(n)) +
                "</ScaleDenominator><TopLeftCorner>-20037508.3427892 20037508.3427892</TopLeftCorner><TileWidth>256</TileWidth>"
                "<TileHeight>256</TileHeight><MatrixWidth>" + std::to_string(n) + "</MatrixWidth><MatrixHeight>" + std::to_string(n) +
                "</MatrixHeight></TileMatrix>";
  }
  {
    std::ofstream out(dir / "wmts" / "WMTSCapabilities.xml");
    out << R"(<?xml version="1.0" encoding="UTF-8"?><Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.0.0">)"
        << R"(<Contents><Layer><ows:Title>ortho</ows:Title><ows:Identifier>ortho</ows:Identifier><Style isDefault="true"><ows:Identifier>default</ows:Identifier></Style>)"
        << R"(<Format>image/png</Format><TileMatrixSetLink><TileMatrixSet>GoogleMapsCompatible</TileMatrixSet></TileMatrixSetLink>)"
        << R"(<ResourceURL format="image/png" resourceType="tile" template=")" << base
        << R"(/tiles/{TileMatrix}/{TileCol}/{TileRow}.png"/></Layer>)"
        << R"(<TileMatrixSet><ows:Identifier>GoogleMapsCompatible</ows:Identifier><ows:SupportedCRS>urn:ogc:def:crs:EPSG::3857</ows:SupportedCRS>)"
        << matrices << "</TileMatrixSet></Contents></Capabilities>";
  }
  geo::MapLayerSpec spec;
  spec.kind = geo::MapLayerKind::Tiles;
  spec.name = "wmts";
  spec.url = base + "/WMTSCapabilities.xml";
  spec.layer = "ortho";
  ASSERT_TRUE(geo::is_wmts(spec));
  geo::TileCache cache{dir / "cache", 64LL << 20, false};
  EXPECT_LT(miss_in_metres(geo::BasemapReader(spec, cache, 4549).read(v.extent, v.size, v.size), v), 1.0);
  server.stop();  // offline: the capabilities and the tiles come from the cache
  cache.offline = true;
  EXPECT_LT(miss_in_metres(geo::BasemapReader(spec, cache, 4549).read(v.extent, v.size, v.size), v), 1.0);
}
