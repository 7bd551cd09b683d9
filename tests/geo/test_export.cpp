// Export: round trips through GDAL, Shapefile field names and encodings, nothing half-written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../support/fixtures.h"
#include "geo/error.h"
#include "geo/export.h"
#include "geo/gdal_io.h"
#include "geo/proj.h"

namespace {

namespace fs = std::filesystem;
using fixtures::TempDir;

geo::LayerData sample_layer() {
  geo::LayerData l;
  l.role = geo::Role::Communities;
  l.fids = {1, 2};
  l.geometries = {geo::Geometry::polygon({{515000, 3350000}, {516000, 3350000}, {516000, 3351000}, {515000, 3350000}}),
                  geo::Geometry::polygon({{516000, 3350000}, {517000, 3350000}, {517000, 3351000}, {516000, 3350000}})};
  l.invalid_reasons.resize(2);
  l.columns["社区名称"] = {std::string("翠苑社区"), std::string("文新社区")};
  l.columns["households"] = {std::int64_t{3816}, std::int64_t{2100}};
  l.columns["office_area_m2"] = {110.5, geo::Value{}};
  return l;
}

TEST(FitFieldName, TenBytesOnCharacterBoundariesAndUnique) {
  EXPECT_EQ(geo::fit_field_name("社区名称", "UTF-8", {}), "社区名");  // 12 bytes -> 9, not cut mid-character
  EXPECT_EQ(geo::fit_field_name("社区名称", "GBK", {}), "社区名称");  // 8 bytes in GBK
  EXPECT_EQ(geo::fit_field_name("社区用房面积", "GBK", {}), "社区用房面");
  EXPECT_EQ(geo::fit_field_name("community_id", "UTF-8", {}), "community_");
  EXPECT_EQ(geo::fit_field_name("community_name", "UTF-8", {"community_"}), "communit_1");
  EXPECT_EQ(geo::fit_field_name("community_name", "UTF-8", {"community_"}), geo::fit_field_name("community_name", "UTF-8", {"community_"}));
}

TEST(ExportLayer, GeoPackageRoundTrip) {
  TempDir dir;
  const geo::LayerData sample = sample_layer();
  const auto r = geo::export_layers({{.name = "communities", .data = &sample}}, 4549, dir / "c.gpkg", {.format = "gpkg"});
  ASSERT_EQ(r.files.size(), 1u);
  auto src = geo::open_vector_source(r.files[0].string());
  OGRLayer* l = src.dataset->GetLayer(0);
  EXPECT_EQ(l->GetFeatureCount(), 2);
  EXPECT_STREQ(l->GetSpatialRef()->GetAuthorityCode(nullptr), "4549");
  OGRFeatureUniquePtr f(l->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("社区名称"), "翠苑社区");
  EXPECT_EQ(f->GetFieldAsInteger64("households"), 3816);
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("office_area_m2"), 110.5);
  const geo::Geometry back = geo::from_ogr(*f->GetGeometryRef());
  EXPECT_EQ(back.parts[0][0][1], (geo::Point{516000, 3350000}));
}

TEST(ExportLayer, ShapefileInGbkWithPrjCpgAndFittedNames) {
  TempDir dir;
  const geo::LayerData sample = sample_layer();
  const auto r = geo::export_layers({{.name = "communities", .data = &sample}}, 4549, dir / "社区.shp", {.format = "shp", .encoding = "GBK"});
  std::ifstream cpg(dir / "社区.cpg");
  std::string encoding;
  cpg >> encoding;
  EXPECT_EQ(encoding, "CP936");
  geo::ProjContext proj;
  std::ifstream prj_file(dir / "社区.prj");
  const std::string prj((std::istreambuf_iterator<char>(prj_file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(geo::describe_crs(proj, prj).epsg, 4549);
  auto src = geo::open_vector_source((dir / "社区.shp").string());
  OGRFeatureUniquePtr f(src.dataset->GetLayer(0)->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("社区名称"), "翠苑社区");  // 8 bytes in GBK: kept whole
  EXPECT_GE(f->GetFieldIndex("office_are"), 0);
  ASSERT_TRUE(fs::exists(dir / "社区.fields.csv"));  // the full names beside the file
}

TEST(ExportLayer, ValuesGbkCannotHoldAreRefusedAndNothingIsWritten) {
  TempDir dir;
  const geo::LayerData sample = sample_layer();
  geo::LayerData l = sample_layer();
  l.columns["社区名称"][1] = std::string("文新社区😀");
  try {
    geo::export_layers({{.name = "communities", .data = &l}}, 4549, dir / "c.shp", {.format = "shp", .encoding = "GBK"});
    FAIL();
  } catch (const geo::Error& e) {
    EXPECT_EQ(e.where().feature, 2);
    EXPECT_EQ(e.where().field, "社区名称");
  }
  EXPECT_TRUE(fs::is_empty(dir.path()));
  EXPECT_NO_THROW(geo::export_layers({{.name = "communities", .data = &l}}, 4549, dir / "c.shp", {.format = "shp", .encoding = "UTF-8"}));
}

TEST(ExportLayer, MixedGeometriesSplitIntoOneShapefileEach) {
  TempDir dir;
  const geo::LayerData sample = sample_layer();
  geo::LayerData l = sample_layer();
  l.geometries[1] = geo::Geometry::point({516500, 3350500});
  const auto r = geo::export_layers({{.name = "mixed", .data = &l}}, 4549, dir / "m.shp", {.format = "shp"});
  EXPECT_TRUE(fs::exists(dir / "m_point.shp"));
  EXPECT_TRUE(fs::exists(dir / "m_polygon.shp"));
}

TEST(ExportLayer, ExistingOutputKeptUnlessOverwriteAndCrsHonoured) {
  TempDir dir;
  const geo::LayerData sample = sample_layer();
  geo::export_layers({{.name = "c", .data = &sample}}, 4549, dir / "c.geojson", {.format = "geojson", .crs = "EPSG:4490"});
  const auto before = fs::last_write_time(dir / "c.geojson");
  EXPECT_THROW(geo::export_layers({{.name = "c", .data = &sample}}, 4549, dir / "c.geojson", {.format = "geojson"}), geo::Error);
  EXPECT_EQ(fs::last_write_time(dir / "c.geojson"), before);
  geo::Feedback cancelled;
  cancelled.cancel();
  EXPECT_THROW(geo::export_layers({{.name = "c", .data = &sample}}, 4549, dir / "c.geojson", {.format = "geojson", .overwrite = true}, &cancelled),
               geo::Cancelled);
  EXPECT_EQ(fs::last_write_time(dir / "c.geojson"), before);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1u);  // no staging folder left
  auto src = geo::open_vector_source((dir / "c.geojson").string());
  OGREnvelope env;
  ASSERT_EQ(src.dataset->GetLayer(0)->GetExtent(&env), OGRERR_NONE);
  EXPECT_NEAR(env.MinX, 120.15, 0.05);  // longitude first in EPSG:4490
  EXPECT_NEAR(env.MinY, 30.27, 0.05);
}

}  // namespace
