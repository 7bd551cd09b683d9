// The GeoPackages we write carry a spatial index packed in one pass (geo/src/gpkg_rtree.h). It
// must be one SQLite's R*Tree module accepts (its own rtreecheck), answer every window as the
// index GDAL builds row by row answers it, and stay right through later edits made with GDAL
// (the extension's triggers).
#include <gtest/gtest.h>

#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <random>
#include <set>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "geo/gdal_io.h"
#include "gpkg_rtree.h"
#include "output_files.h"

namespace {

namespace fs = std::filesystem;
using fixtures::TempDir;

// SQLite's own check of an R*Tree (rtreecheck): "ok", or what is wrong with it.
std::string check_index(const fs::path& file, const std::string& table, const std::string& geometry_column) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* check = nullptr;
  std::string out = "cannot run rtreecheck";
  const std::string rtree = "rtree_" + table + "_" + geometry_column;
  if (sqlite3_prepare_v2(db, "SELECT rtreecheck(?)", -1, &check, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(check, 1, rtree.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(check) == SQLITE_ROW && sqlite3_column_text(check, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(check, 0));
  }
  sqlite3_finalize(check);
  sqlite3_close(db);
  return out;
}

// n small squares scattered over 20 km, in the working CRS (EPSG:4549).
geo::LayerData squares(std::size_t n, std::uint32_t seed) {
  geo::LayerData out;
  out.role = geo::Role::Buildings;
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> where(0, 20000), size(5, 80);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = 500000 + where(random), y = 3350000 + where(random), s = size(random);
    out.fids.push_back(static_cast<std::int64_t>(i) + 1);
    out.geometries.push_back(geo::Geometry::polygon({{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}));
    out.invalid_reasons.emplace_back();
    out.columns["n"].emplace_back(std::in_place_type<std::int64_t>, static_cast<std::int64_t>(i));
  }
  out.column_order = {"n"};
  return out;
}

std::string describe_box(const geo::Extent& e) { return fmt::format("{} {} {} {}", e.min_x, e.min_y, e.max_x, e.max_y); }

std::set<std::int64_t> ids_in(OGRLayer& layer, double x0, double y0, double x1, double y1) {
  layer.SetSpatialFilterRect(x0, y0, x1, y1);
  std::set<std::int64_t> ids;
  for (auto& f : layer) ids.insert(f->GetFID());
  layer.SetSpatialFilter(nullptr);
  return ids;
}

// The same windows asked of our file and of a copy whose index GDAL built itself.
void expect_same_answers(const fs::path& ours, const fs::path& gdals, const std::string& table, std::uint32_t seed) {
  GDALDatasetUniquePtr a(GDALDataset::Open(ours.c_str(), GDAL_OF_VECTOR));
  GDALDatasetUniquePtr b(GDALDataset::Open(gdals.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(a && b);
  OGRLayer* la = a->GetLayerByName(table.c_str());
  OGRLayer* lb = b->GetLayerByName(table.c_str());
  ASSERT_TRUE(la && lb);
  EXPECT_TRUE(la->TestCapability(OLCFastSpatialFilter)) << "GDAL sees no spatial index";
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> where(-1000, 21000), size(1, 3000);
  std::size_t found = 0;
  for (int w = 0; w < 60; ++w) {
    const double x = 500000 + where(random), y = 3350000 + where(random), s = size(random);
    const auto expected = ids_in(*lb, x, y, x + s, y + s);
    EXPECT_EQ(ids_in(*la, x, y, x + s, y + s), expected) << fmt::format("window {} {} +{}", x, y, s);
    found += expected.size();
  }
  EXPECT_GT(found, 100u);  // the windows do hit features
}

// A copy of the file without our index, indexed by GDAL row by row.
fs::path indexed_by_gdal(const fs::path& source, const fs::path& copy, const std::string& table) {
  fs::copy_file(source, copy);
  sqlite3* db = nullptr;
  sqlite3_open(copy.c_str(), &db);
  const std::string rtree = "rtree_" + table + "_geom";
  for (const std::string& sql : std::vector<std::string>{"DROP TABLE \"" + rtree + "\"", "DELETE FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'"})
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  for (const char* t : {"insert", "update1", "update2", "update3", "update4", "delete"})
    sqlite3_exec(db, fmt::format("DROP TRIGGER \"{}_{}\"", rtree, t).c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  GDALDatasetUniquePtr ds(GDALDataset::Open(copy.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  EXPECT_TRUE(ds);
  ds->ReleaseResultSet(ds->ExecuteSQL(fmt::format("SELECT CreateSpatialIndex('{}', 'geom')", table).c_str(), nullptr, nullptr));
  return copy;
}

// A 10 m square as the layer's features are (multipolygons).
std::unique_ptr<OGRGeometry> square_at(double x, double y) {
  return std::unique_ptr<OGRGeometry>(OGRGeometryFactory::forceToMultiPolygon(
      geo::to_ogr(geo::Geometry::polygon({{x, y}, {x + 10, y}, {x + 10, y + 10}, {x, y + 10}, {x, y}})).release()));
}

void write_gpkg(const fs::path& file, const std::string& table, const geo::LayerData& data) {
  geo::output::write_layers(file, {{.name = table, .data = &data}}, {.format = "gpkg", .working_epsg = 4549});
}

TEST(GpkgSpatialIndex, PackedIndexAnswersAsGdalsOwnAndSqliteAcceptsIt) {
  TempDir dir;
  // 20,000 features: three levels of nodes below the root, several slices at each.
  const geo::LayerData data = squares(20000, 3);
  write_gpkg(dir / "ours.gpkg", "buildings", data);
  EXPECT_EQ(check_index(dir / "ours.gpkg", "buildings", "geom"), "ok");
  expect_same_answers(dir / "ours.gpkg", indexed_by_gdal(dir / "ours.gpkg", dir / "gdal.gpkg", "buildings"), "buildings", 5);
}

TEST(GpkgSpatialIndex, ChineseNamesEmptyLayersAndOneNodeTrees) {
  TempDir dir;
  const geo::LayerData none = squares(0, 1), few = squares(30, 2);
  geo::output::write_layers(dir / "t.gpkg", {{.name = "未覆盖建筑", .data = &few}, {.name = "空层", .data = &none}},
                            {.format = "gpkg", .working_epsg = 4549});
  EXPECT_EQ(check_index(dir / "t.gpkg", "未覆盖建筑", "geom"), "ok");
  EXPECT_EQ(check_index(dir / "t.gpkg", "空层", "geom"), "ok");
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "t.gpkg").c_str(), GDAL_OF_VECTOR));
  OGRLayer* layer = ds->GetLayerByName("未覆盖建筑");
  ASSERT_NE(layer, nullptr);
  EXPECT_TRUE(layer->TestCapability(OLCFastSpatialFilter));
  EXPECT_EQ(ids_in(*layer, 499000, 3349000, 521000, 3371000).size(), 30u);
}

TEST(GpkgSpatialIndex, EditsThroughGdalKeepItRight) {
  TempDir dir;
  const geo::LayerData data = squares(5000, 7);
  write_gpkg(dir / "ours.gpkg", "buildings", data);
  {
    GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "ours.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    OGRLayer* layer = ds->GetLayerByName("buildings");
    ASSERT_NE(layer, nullptr);
    // One feature moved far away, one deleted, one added, one left without geometry.
    OGRFeatureUniquePtr moved(layer->GetFeature(10));
    ASSERT_TRUE(moved);
    moved->SetGeometryDirectly(square_at(530000, 3380000).release());
    ASSERT_EQ(layer->SetFeature(moved.get()), OGRERR_NONE);
    ASSERT_EQ(layer->DeleteFeature(20), OGRERR_NONE);
    OGRFeatureUniquePtr added(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    added->SetGeometryDirectly(square_at(531000, 3381000).release());
    ASSERT_EQ(layer->CreateFeature(added.get()), OGRERR_NONE);
    OGRFeatureUniquePtr emptied(layer->GetFeature(30));
    emptied->SetGeometryDirectly(nullptr);
    ASSERT_EQ(layer->SetFeature(emptied.get()), OGRERR_NONE);
  }
  EXPECT_EQ(check_index(dir / "ours.gpkg", "buildings", "geom"), "ok");
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "ours.gpkg").c_str(), GDAL_OF_VECTOR));
  OGRLayer* layer = ds->GetLayerByName("buildings");
  EXPECT_EQ(ids_in(*layer, 529000, 3379000, 532000, 3382000), (std::set<std::int64_t>{10, 5001}));
  sqlite3* db = nullptr;
  sqlite3_open_v2((dir / "ours.gpkg").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  auto count = [db](const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
    sqlite3_step(s);
    const auto n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
  };
  EXPECT_EQ(count("SELECT count(*) FROM rtree_buildings_geom WHERE id IN (20, 30)"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM rtree_buildings_geom"), 5000 - 2 + 1);
  sqlite3_close(db);
  ds.reset();
  expect_same_answers(dir / "ours.gpkg", indexed_by_gdal(dir / "ours.gpkg", dir / "gdal.gpkg", "buildings"), "buildings", 9);
}

// A result layer that writes the footprints of another layer's rows instead of copies: the
// features, their geometries and the index are those of the rows named.
TEST(GpkgSpatialIndex, FootprintsWrittenFromTheLayerThatHoldsThem) {
  TempDir dir;
  const geo::LayerData source = squares(100, 11);
  geo::LayerData table;
  table.role = geo::Role::Buildings;
  table.column_order = {"row"};
  const std::vector<std::size_t> rows = {7, 42, 99};
  for (std::size_t r : rows) {
    table.fids.push_back(source.fids[r]);
    table.geometries.emplace_back();  // none of its own
    table.invalid_reasons.emplace_back();
    table.columns["row"].emplace_back(std::in_place_type<std::int64_t>, static_cast<std::int64_t>(r));
  }
  geo::output::LayerToWrite layer{.name = "uncovered", .data = &table};
  layer.geometries_of = &source;
  layer.geometry_rows = rows;
  geo::output::write_layers(dir / "t.gpkg", {layer}, {.format = "gpkg", .working_epsg = 4549});
  EXPECT_EQ(check_index(dir / "t.gpkg", "uncovered", "geom"), "ok");
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "t.gpkg").c_str(), GDAL_OF_VECTOR));
  OGRLayer* written = ds->GetLayerByName("uncovered");
  ASSERT_NE(written, nullptr);
  ASSERT_EQ(written->GetFeatureCount(), 3);
  std::vector<std::pair<std::int64_t, std::size_t>> features;  // fid, source row
  for (auto& f : *written) {
    const std::size_t r = static_cast<std::size_t>(f->GetFieldAsInteger64("row"));
    features.emplace_back(f->GetFID(), r);
    ASSERT_NE(f->GetGeometryRef(), nullptr) << "row " << r << " written without its footprint";
    EXPECT_EQ(describe_box(geo::extent_of(geo::from_ogr(*f->GetGeometryRef()))), describe_box(geo::extent_of(source.geometries[r])))
        << "row " << r;
  }
  ASSERT_EQ(features.size(), 3u);
  for (const auto& [fid, r] : features) {  // the index finds each where its footprint is
    const geo::Extent e = geo::extent_of(source.geometries[r]);
    EXPECT_EQ(ids_in(*written, e.min_x, e.min_y, e.max_x, e.max_y).count(fid), 1u) << "row " << r;
  }
}

}  // namespace
