// cplan info's engine: every format a planner brings, and the problems to find in it.
#include <gtest/gtest.h>

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../support/fixtures.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/inspect.h"

namespace {

namespace fs = std::filesystem;
using fixtures::LayerFixture;
using fixtures::TempDir;

const geo::Finding* find(const std::vector<geo::Finding>& findings, const std::string& code) {
  for (const auto& f : findings)
    if (f.code == code) return &f;
  return nullptr;
}

LayerFixture hangzhou_polygons() {
  LayerFixture l;
  l.name = "社区";
  l.type = wkbPolygon;
  l.epsg = 4549;
  l.fields = {{"名称", OFTString}, {"户数", OFTInteger}};
  l.features = {
      {"POLYGON ((515000 3350000, 516000 3350000, 516000 3351000, 515000 3351000, 515000 3350000))", {{"名称", "翠苑"}, {"户数", "3816"}}},
      {"POLYGON ((516000 3350000, 517000 3351000, 517000 3350000, 516000 3351000, 516000 3350000))", {{"名称", "文新"}, {"户数", "2100"}}},
      {"POLYGON ((517000 3350000, 518000 3350000, 518000 3351000, 517000 3350000))", {{"名称", "王马"}, {"户数", "1500"}}},
  };
  return l;
}

TEST(InspectSource, ShapefileWithPrjAndCpg) {
  TempDir dir;
  LayerFixture l = hangzhou_polygons();
  l.creation_options = {"ENCODING=UTF-8"};
  const fs::path shp = fixtures::write_layer("ESRI Shapefile", dir / "communities.shp", l);
  const geo::SourceReport r = geo::inspect_source(shp.string());
  EXPECT_EQ(r.driver, "ESRI Shapefile");
  ASSERT_EQ(r.layers.size(), 1u);
  const auto& layer = r.layers[0];
  EXPECT_EQ(layer.geometry_type, "Polygon");
  EXPECT_EQ(layer.feature_count, 3);
  ASSERT_TRUE(layer.crs.has_value());
  EXPECT_EQ(layer.crs->epsg, 4549);
  EXPECT_DOUBLE_EQ(layer.extent.min_x, 515000);
  EXPECT_DOUBLE_EQ(layer.extent.max_y, 3351000);
  ASSERT_EQ(layer.fields.size(), 2u);
  EXPECT_EQ(layer.fields[0].name, "名称");
  EXPECT_EQ(layer.fields[0].type, "String");
  EXPECT_EQ(layer.fields[1].type, "Integer");
  // The bow-tie (feature 1) is invalid; its reason is GEOS's.
  EXPECT_EQ(layer.invalid_count, 1);
  ASSERT_EQ(layer.first_invalid.size(), 1u);
  EXPECT_EQ(layer.first_invalid[0].fid, 1);
  EXPECT_NE(layer.first_invalid[0].reason.find("Self-intersection"), std::string::npos);
  ASSERT_NE(find(layer.findings, "invalid_geometry"), nullptr);
  EXPECT_EQ(find(layer.findings, "missing_prj"), nullptr);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_TRUE(r.has_errors());
}

TEST(InspectSource, ShapefileWithoutPrjIsReported) {
  TempDir dir;
  LayerFixture l = hangzhou_polygons();
  l.epsg = 0;
  l.creation_options = {"ENCODING=UTF-8"};
  const fs::path shp = fixtures::write_layer("ESRI Shapefile", dir / "noprj.shp", l);
  ASSERT_FALSE(fs::exists(dir / "noprj.prj"));
  const auto r = geo::inspect_source(shp.string());
  EXPECT_FALSE(r.layers[0].crs.has_value());
  EXPECT_NE(find(r.layers[0].findings, "missing_prj"), nullptr);
}

TEST(InspectSource, GbkDbfWithoutCpgIsDetectedAndReadRight) {
  TempDir dir;
  LayerFixture l = hangzhou_polygons();
  l.creation_options = {"ENCODING=CP936"};
  const fs::path shp = fixtures::write_layer("ESRI Shapefile", dir / "gbk.shp", l);
  fs::remove(dir / "gbk.cpg");
  const auto dbf = geo::detect_dbf_encoding((dir / "gbk.dbf").string());
  EXPECT_EQ(dbf.text, geo::DbfText::Gbk);
  EXPECT_FALSE(dbf.cpg.has_value());
  EXPECT_EQ(dbf.encoding_override, "CP936");

  const auto r = geo::inspect_source(shp.string());
  const geo::Finding* f = find(r.findings, "dbf_encoding_guess");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("GBK"), std::string::npos);
  EXPECT_EQ(r.encoding, "CP936");
  EXPECT_EQ(r.layers[0].fields[0].name, "名称");  // the field name decoded from GBK

  auto source = geo::open_vector_source(shp.string());
  OGRFeatureUniquePtr first(source.dataset->GetLayer(0)->GetNextFeature());
  EXPECT_STREQ(first->GetFieldAsString(0), "翠苑");
}

TEST(InspectSource, Utf8DbfWithoutCpgIsReadAsUtf8) {
  TempDir dir;
  LayerFixture l = hangzhou_polygons();
  l.creation_options = {"ENCODING=UTF-8"};
  const fs::path shp = fixtures::write_layer("ESRI Shapefile", dir / "u8.shp", l);
  fs::remove(dir / "u8.cpg");
  const auto r = geo::inspect_source(shp.string());
  ASSERT_NE(find(r.findings, "dbf_encoding_guess"), nullptr);
  EXPECT_EQ(r.encoding, "UTF-8");
  auto source = geo::open_vector_source(shp.string());
  OGRFeatureUniquePtr first(source.dataset->GetLayer(0)->GetNextFeature());
  EXPECT_STREQ(first->GetFieldAsString("名称"), "翠苑");
}

TEST(InspectSource, GeoPackageGeographic) {
  TempDir dir;
  LayerFixture l;
  l.name = "facilities";
  l.type = wkbPoint;
  l.epsg = 4490;
  l.fields = {{"kind", OFTString}};
  l.features = {{"POINT (120.16 30.27)", {{"kind", "幼儿园"}}}, {"POINT (120.17 30.28)", {{"kind", "菜市场"}}}};
  const auto r = geo::inspect_source(fixtures::write_layer("GPKG", dir / "f.gpkg", l).string());
  EXPECT_EQ(r.driver, "GPKG");
  ASSERT_EQ(r.layers.size(), 1u);
  EXPECT_EQ(r.layers[0].crs->epsg, 4490);
  EXPECT_TRUE(r.layers[0].crs->geographic);
  // Longitude first, as stored, not the authority's latitude-first order.
  EXPECT_DOUBLE_EQ(r.layers[0].extent.min_x, 120.16);
  EXPECT_DOUBLE_EQ(r.layers[0].extent.max_y, 30.28);
  EXPECT_TRUE(r.layers[0].findings.empty());
}

TEST(InspectSource, GeoJsonWithSwappedLatitudeLongitude) {
  TempDir dir;
  const fs::path file = dir / "swapped.geojson";
  std::ofstream(file) << R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"a"},"geometry":{"type":"Point","coordinates":[30.27,120.16]}},
    {"type":"Feature","properties":{"name":"b"},"geometry":{"type":"Point","coordinates":[30.28,120.17]}}]})";
  const auto r = geo::inspect_source(file.string());
  EXPECT_EQ(r.driver, "GeoJSON");
  EXPECT_EQ(r.layers[0].crs->epsg, 4326);
  const geo::Finding* f = find(r.layers[0].findings, "swapped_axes");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, geo::Severity::Error);
}

TEST(InspectSource, GaussKrugerWithNorthingFirstIsSwapped) {
  TempDir dir;
  LayerFixture l;
  l.type = wkbPoint;
  l.epsg = 4549;
  l.features = {{"POINT (3350055 515395)", {}}, {"POINT (3351055 516395)", {}}};
  const auto r = geo::inspect_source(fixtures::write_layer("GPKG", dir / "gk.gpkg", l).string());
  ASSERT_NE(find(r.layers[0].findings, "swapped_axes"), nullptr);
}

TEST(InspectSource, KmlLayer) {
  TempDir dir;
  LayerFixture l;
  l.name = "sites";
  l.type = wkbPoint;
  l.epsg = 4326;
  l.fields = {{"name", OFTString}};
  l.features = {{"POINT (120.16 30.27)", {{"name", "社区服务站"}}}};
  const auto r = geo::inspect_source(fixtures::write_layer("KML", dir / "sites.kml", l).string());
  ASSERT_FALSE(r.layers.empty());
  EXPECT_EQ(r.layers[0].name, "sites");
  EXPECT_EQ(r.layers[0].feature_count, 1);
  EXPECT_EQ(r.layers[0].crs->epsg, 4326);
  EXPECT_DOUBLE_EQ(r.layers[0].extent.min_x, 120.16);
}

TEST(InspectSource, DxfWithoutCrs) {
  TempDir dir;
  LayerFixture l;
  l.name = "entities";
  l.type = wkbLineString;
  l.features = {{"LINESTRING (515000 3350000, 515100 3350100)", {}}, {"LINESTRING (515100 3350100, 515200 3350000)", {}}};
  const auto r = geo::inspect_source(fixtures::write_layer("DXF", dir / "roads.dxf", l).string());
  EXPECT_EQ(r.driver, "DXF");
  EXPECT_EQ(r.layers[0].feature_count, 2);
  EXPECT_FALSE(r.layers[0].crs.has_value());
  EXPECT_NE(find(r.layers[0].findings, "missing_crs"), nullptr);
  EXPECT_DOUBLE_EQ(r.layers[0].extent.max_x, 515200);
}

TEST(InspectSource, CsvWithWktColumn) {
  TempDir dir;
  const fs::path file = dir / "plots.csv";
  std::ofstream(file) << "id,名称,WKT\n"
                         "1,翠苑,\"POLYGON ((120.1 30.2, 120.11 30.2, 120.11 30.21, 120.1 30.2))\"\n"
                         "2,文新,\"POLYGON ((120.2 30.2, 120.21 30.21, 120.21 30.2, 120.2 30.21, 120.2 30.2))\"\n";
  const auto r = geo::inspect_source(file.string());
  EXPECT_EQ(r.driver, "CSV");
  const auto& l = r.layers[0];
  EXPECT_EQ(l.feature_count, 2);
  EXPECT_EQ(l.invalid_count, 1);
  EXPECT_DOUBLE_EQ(l.extent.max_x, 120.21);
  ASSERT_EQ(l.fields.size(), 2u);  // the WKT column became the geometry
  EXPECT_EQ(l.fields[0].type, "Integer");
  EXPECT_NE(find(l.findings, "crs_guess"), nullptr);  // lon/lat in China without a CRS
}

TEST(InspectSource, CsvWithLongitudeLatitudeColumns) {
  TempDir dir;
  const fs::path file = dir / "points.csv";
  std::ofstream(file) << "name,lon,lat\n服务站,120.16,30.27\n";
  const auto r = geo::inspect_source(file.string());
  EXPECT_EQ(r.layers[0].feature_count, 1);
  EXPECT_DOUBLE_EQ(r.layers[0].extent.min_y, 30.27);
}

TEST(InspectSource, OsmPbf) {
  TempDir dir;
  const fs::path file = dir / "tiny.osm.pbf";
  fixtures::write_osm_pbf(file,
                          {{1, 120.160, 30.270, {{"amenity", "kindergarten"}, {"name", "翠苑幼儿园"}}},
                           {2, 120.161, 30.270, {}},
                           {3, 120.162, 30.271, {}}},
                          {{10, {2, 3}, {{"highway", "footway"}}}});
  const auto r = geo::inspect_source(file.string());
  EXPECT_EQ(r.driver, "OSM");
  std::map<std::string, std::int64_t> counts;
  for (const auto& l : r.layers) counts[l.name] = l.feature_count;
  EXPECT_EQ(counts["points"], 1);
  EXPECT_EQ(counts["lines"], 1);
  const auto points = std::find_if(r.layers.begin(), r.layers.end(), [](const auto& l) { return l.name == "points"; });
  ASSERT_NE(points, r.layers.end());
  EXPECT_NEAR(points->extent.min_x, 120.16, 1e-7);
  EXPECT_NEAR(points->extent.min_y, 30.27, 1e-7);
}

TEST(InspectSource, GeoPackageThatIsNotSqliteIsAnErrorNamingTheFile) {
  TempDir dir;
  const fs::path file = dir / "broken.gpkg";
  std::ofstream(file) << "this is not an SQLite database, only text with a .gpkg name\n";
  try {
    geo::inspect_source(file.string());
    FAIL() << "expected geo::Error";
  } catch (const geo::Error& e) {
    EXPECT_EQ(e.where().file, file.string());
    EXPECT_NE(std::string(e.what()).find("broken.gpkg"), std::string::npos);
  }
}

TEST(InspectSource, TruncatedShapefileIsAnError) {
  TempDir dir;
  LayerFixture l = hangzhou_polygons();
  l.creation_options = {"ENCODING=UTF-8"};
  const fs::path shp = fixtures::write_layer("ESRI Shapefile", dir / "cut.shp", l);
  fs::resize_file(shp, 60);  // shorter than the 100-byte header
  try {
    const auto r = geo::inspect_source(shp.string());
    // If GDAL opens it at all, the damage must show as an error finding.
    EXPECT_TRUE(r.has_errors());
  } catch (const geo::Error& e) {
    EXPECT_EQ(e.where().file, shp.string());
  }
}

TEST(InspectSource, TruncatedRecordsAreReportedNotCrashed) {
  TempDir dir;
  LayerFixture l = hangzhou_polygons();
  l.creation_options = {"ENCODING=UTF-8"};
  const fs::path shp = fixtures::write_layer("ESRI Shapefile", dir / "cut.shp", l);
  fs::resize_file(shp, fs::file_size(shp) - 40);  // the last record loses its tail
  const auto r = geo::inspect_source(shp.string());
  EXPECT_TRUE(r.has_read_errors());
  const geo::Finding* f = find(r.layers[0].findings, "read_error");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("could not be read"), std::string::npos) << f->message;
}

TEST(InspectSource, MissingFileIsAnError) {
  EXPECT_THROW(geo::inspect_source("/nonexistent/nothing.shp"), geo::Error);
}

TEST(InspectSource, JsonCarriesEverything) {
  TempDir dir;
  LayerFixture l = hangzhou_polygons();
  const auto r = geo::inspect_source(fixtures::write_layer("GPKG", dir / "c.gpkg", l).string());
  const nlohmann::json j = geo::to_json(r);
  EXPECT_EQ(j["driver"], "GPKG");
  const auto& layer = j["layers"][0];
  EXPECT_EQ(layer["name"], "社区");
  EXPECT_EQ(layer["feature_count"], 3);
  EXPECT_EQ(layer["crs"]["epsg"], 4549);
  EXPECT_EQ(layer["fields"][1]["name"], "户数");
  EXPECT_EQ(layer["invalid_geometries"]["count"], 1);
  EXPECT_EQ(layer["invalid_geometries"]["first"][0]["fid"], 2);  // GeoPackage ids start at 1
  EXPECT_EQ(layer["findings"][0]["code"], "invalid_geometry");
}

}  // namespace
