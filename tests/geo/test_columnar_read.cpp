// A GeoPackage read through GDAL's Arrow stream (columns, geometries as well-known binary) must
// give the loader exactly what GDAL's features give it: the same features, geometries, values
// and findings. The feature-by-feature reading, GDAL's own geometry classes, is the reference.
#include <gtest/gtest.h>

#include <ogr_geometry.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "datasets/demo_city.h"
#include "geo/gdal_io.h"
#include "geo/project.h"

namespace {

namespace fs = std::filesystem;
using fixtures::LayerFixture;
using fixtures::TempDir;

std::string describe(const geo::Geometry& g) {
  std::string out = geo::to_string(g.kind);
  for (const auto& part : g.parts) {
    out += " (";
    for (const auto& path : part) {
      out += "[";
      for (const auto& p : path) out += fmt::format(" {} {}", p.x, p.y);
      out += " ]";
    }
    out += ")";
  }
  return out;
}

std::unique_ptr<OGRGeometry> from_wkt(const std::string& wkt) {
  OGRGeometry* g = nullptr;
  EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g), OGRERR_NONE) << wkt;
  return std::unique_ptr<OGRGeometry>(g);
}

TEST(FromWkb, ReadsEveryGeometryAsGdalsOwnClassesDo) {
  const std::vector<std::string> wkts = {
      "POINT (1 2)",
      "POINT Z (1 2 3)",
      "POINT M (1 2 4)",
      "POINT ZM (1 2 3 4)",
      "POINT EMPTY",
      "LINESTRING (0 0, 1 1, 2 0)",
      "LINESTRING Z (0 0 5, 1 1 6)",
      "LINESTRING EMPTY",
      "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))",
      "POLYGON ZM ((0 0 1 2, 10 0 1 2, 10 10 1 2, 0 0 1 2))",
      "POLYGON EMPTY",
      "MULTIPOINT ((1 2), (3 4))",
      "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
      "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
      "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), EMPTY)",
      "MULTIPOLYGON (((0 0, 1 0, 0 0)))",  // degenerate: read as a line, as from_ogr reads it
      "MULTIPOLYGON EMPTY",
      "GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 2 2))",  // left to GDAL
      "CURVEPOLYGON (CIRCULARSTRING (0 0, 1 1, 2 0, 1 -1, 0 0))",  // left to GDAL
  };
  for (const auto& wkt : wkts) {
    const auto g = from_wkt(wkt);
    for (const OGRwkbByteOrder order : {wkbNDR, wkbXDR})
      for (const OGRwkbVariant variant : {wkbVariantIso, wkbVariantOldOgc}) {
        std::vector<unsigned char> wkb(static_cast<std::size_t>(g->WkbSize()));
        ASSERT_EQ(g->exportToWkb(order, wkb.data(), variant), OGRERR_NONE) << wkt;
        // The reference: GDAL reading the same bytes into its own classes.
        OGRGeometry* gdal_read = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &gdal_read, wkb.size(), variant), OGRERR_NONE) << wkt;
        const std::unique_ptr<OGRGeometry> owned(gdal_read);
        const auto read = geo::from_wkb(wkb);
        ASSERT_TRUE(read.has_value()) << wkt;
        EXPECT_EQ(describe(*read), describe(geo::from_ogr(*owned)))
            << wkt << (order == wkbNDR ? " little-endian" : " big-endian") << (variant == wkbVariantIso ? " ISO" : " old OGC");
      }
  }
}

TEST(FromWkb, ACutShortRecordIsNoGeometry) {
  CPLPushErrorHandler(CPLQuietErrorHandler);  // GDAL, asked too, says so on stderr
  const auto g = from_wkt("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))");
  std::vector<unsigned char> wkb(static_cast<std::size_t>(g->WkbSize()));
  ASSERT_EQ(g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso), OGRERR_NONE);
  for (std::size_t cut : {std::size_t{3}, std::size_t{9}, wkb.size() - 8, wkb.size() - 1}) {
    const std::vector<unsigned char> short_record(wkb.begin(), wkb.begin() + static_cast<std::ptrdiff_t>(cut));
    EXPECT_FALSE(geo::from_wkb(short_record).has_value()) << "cut to " << cut << " bytes";
  }
  std::vector<unsigned char> absurd_count = wkb;
  absurd_count[9] = 0xff;  // the ring count: far more rings than bytes
  absurd_count[10] = 0xff;
  EXPECT_FALSE(geo::from_wkb(absurd_count).has_value());
  CPLPopErrorHandler();
}

// Every layer of both loads equal, field by field.
void expect_same_layers(const geo::Project& columnar, const geo::Project& features) {
  ASSERT_EQ(columnar.layers.size(), features.layers.size());
  for (const auto& [role, expected] : features.layers) {
    SCOPED_TRACE(geo::to_string(role));
    const geo::LayerData& got = *columnar.layers.at(role);
    ASSERT_EQ(got.fids, expected->fids);
    for (std::size_t i = 0; i < expected->size(); ++i) {
      EXPECT_EQ(describe(got.geometries[i]), describe(expected->geometries[i])) << "feature " << expected->fids[i];
      EXPECT_EQ(got.invalid_reasons[i], expected->invalid_reasons[i]) << "feature " << expected->fids[i];
    }
    EXPECT_EQ(got.columns, expected->columns);
    ASSERT_EQ(got.findings.size(), expected->findings.size());
    for (std::size_t f = 0; f < expected->findings.size(); ++f) {
      EXPECT_EQ(got.findings[f].message, expected->findings[f].message);
      EXPECT_EQ(got.findings[f].feature_ids, expected->findings[f].feature_ids);
    }
  }
  EXPECT_EQ(columnar.extent.min_x, features.extent.min_x);
  EXPECT_EQ(columnar.extent.max_y, features.extent.max_y);
}

geo::Project load(const fs::path& project, bool columnar, std::int64_t parallel_from = 50000) {
  return geo::load_project(geo::read_project(project), nullptr, {.parallel_read_min_features = parallel_from, .columnar = columnar});
}

TEST(ColumnarRead, MessyPlotsGiveWhatGdalsFeaturesGive) {
  TempDir dir;
  auto square = [](double x0, double y0, double s) {
    return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", 515000 + x0, 3350000 + y0, 515000 + x0 + s, 3350000 + y0 + s);
  };
  LayerFixture c{"communities", wkbPolygon, 4549, {{"社区名称", OFTString}}, {{square(0, 0, 2000), {{"社区名称", "翠苑社区"}}}}, {}};
  LayerFixture p{"plots",
                 wkbUnknown,
                 4549,
                 {{"地块编号", OFTString}, {"户数", OFTInteger}, {"建筑面积", OFTReal}, {"社区用房面积", OFTReal}, {"备注", OFTString}},
                 {},
                 {}};
  p.features = {
      {square(100, 100, 200), {{"地块编号", "P1"}, {"户数", "1000"}, {"建筑面积", "100000"}, {"社区用房面积", "200"}, {"备注", "东区"}}},
      {"MULTIPOLYGON (((515300 3350300, 515400 3350300, 515400 3350400, 515300 3350400, 515300 3350300)), "
       "((515500 3350500, 515600 3350500, 515600 3350600, 515500 3350500)))",
       {{"地块编号", "P2"}, {"户数", "300"}, {"建筑面积", "30000"}}},                                  // no office figure: null
      {"POLYGON ((515700 3350700, 515800 3350800, 515800 3350700, 515700 3350800, 515700 3350700))",  // a bow tie
       {{"地块编号", "P3"}, {"户数", "100"}, {"建筑面积", "10000"}, {"社区用房面积", "30"}}},
      {"POINT (515900 3350900)", {{"地块编号", "P4"}, {"户数", "10"}}},  // a label point among areas
      {"", {{"地块编号", "P5"}, {"户数", "10"}}},                         // no geometry
      {"POLYGON Z ((516000 3351000 5, 516100 3351000 5, 516100 3351100 5, 516000 3351000 5))",
       {{"地块编号", "P6"}, {"户数", "20"}, {"建筑面积", "2000"}, {"社区用房面积", "10"}}},
      {"POLYGON ((1e300 0, 1e300 1, 1e300 2, 1e300 0))", {{"地块编号", "P7"}}},  // where the CRS cannot be
      {square(1200, 1200, 100), {{"地块编号", "P1"}, {"户数", "5"}}},             // an id held twice
  };
  fixtures::write_layer("GPKG", dir / "c.gpkg", c);
  fixtures::write_layer("GPKG", dir / "p.gpkg", p);
  std::ofstream(dir / "p.toml") << "[project]\nname = \"p\"\n[layers.communities]\nsource = \"c.gpkg\"\n[layers.plots]\nsource = \"p.gpkg\"\n";
  const geo::Project columnar = load(dir / "p.toml", true);
  const geo::Project features = load(dir / "p.toml", false);
  expect_same_layers(columnar, features);
  // The fixture does hold what it is meant to: a test of nothing would pass as well.
  const geo::LayerData& plots = *columnar.layer(geo::Role::Plots);
  EXPECT_EQ(plots.size(), 7u);  // the label point left out
  EXPECT_EQ(plots.text(0, "备注"), "东区");
  EXPECT_FALSE(plots.number(1, "reserved_office_m2").has_value());
  EXPECT_TRUE(plots.invalid_reasons[2].has_value());
  EXPECT_EQ(plots.geometries[1].kind, geo::GeometryKind::MultiPolygon);
}

TEST(ColumnarRead, TheDemoCityReadInParallelGivesWhatGdalsFeaturesGive) {
  TempDir dir;
  const datasets::GeneratedCity city = datasets::generate_city(datasets::Scale::Demo, 11, dir.path(), "demo");
  // Parallel readers from 1,000 features, so that the fid ranges are read by several threads.
  const geo::Project columnar = load(city.project, true, 1000);
  const geo::Project features = load(city.project, false, 1000);
  expect_same_layers(columnar, features);
  EXPECT_GT(columnar.layer(geo::Role::Buildings)->size(), 1000u);
}

}  // namespace
