// Households where the data has none: estimates from floor area checked against figures worked
// out by hand, and calibration checked against the known totals with SpatiaLite (which building
// lies in which zone) on generated and on real data (the 2020 census of Hangzhou's districts).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "datasets/demo_city.h"
#include "geo/coverage.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/project.h"
#include "geo/proj.h"
#include "geo/spatial_index.h"
#include "geo/web_map_offsets.h"

namespace {

namespace fs = std::filesystem;
using fixtures::LayerFixture;
using fixtures::TempDir;

std::string rect(double x0, double y0, double x1, double y1) {
  return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", 515000 + x0, 3350000 + y0, 515000 + x1, 3350000 + y1);
}

// SpatiaLite through GDAL; INDIRECT_SQLITE lets a query name a layer of another file ("FILE".layer).
void query(const fs::path& file, const std::string& sql, const std::function<void(OGRFeature&)>& row,
           const char* dialect = "SQLITE") {
  auto source = geo::open_vector_source(file.string());
  OGRLayer* result = source.dataset->ExecuteSQL(sql.c_str(), nullptr, dialect);
  ASSERT_NE(result, nullptr) << sql;
  for (auto& f : *result) row(*f);
  source.dataset->ReleaseResultSet(result);
}

// Two communities with known households; buildings of every kind of evidence; residential land
// over community A's west half.
class Estimates : public ::testing::Test {
 protected:
  void SetUp() override {
    LayerFixture c{"communities", wkbPolygon, 4549, {{"community_id", OFTString}, {"社区名称", OFTString}, {"户数", OFTInteger}}, {}, {}};
    c.features = {{rect(0, 0, 1000, 1000), {{"community_id", "A"}, {"社区名称", "甲"}, {"户数", "500"}}},
                  {rect(1000, 0, 2000, 1000), {{"community_id", "B"}, {"社区名称", "乙"}, {"户数", "90"}}}};
    fixtures::write_layer("GPKG", dir / "c.gpkg", c);
    LayerFixture b{"buildings", wkbPolygon, 4549, {{"building_id", OFTString}, {"use", OFTString}, {"levels", OFTReal}, {"height", OFTReal}}, {}, {}};
    // footprints 20 × 17 m = 340 m²
    auto add = [&](const char* id, double x, double y, const char* use, const char* levels, const char* height) {
      fixtures::FeatureSpec f{rect(x, y, x + 20, y + 17), {{"building_id", id}, {"use", use}}};
      if (levels) f.fields.push_back({"levels", levels});
      if (height) f.fields.push_back({"height", height});
      b.features.push_back(f);
    };
    add("levels", 100, 100, "apartments", "10", nullptr);        // 3,400 m² → 40 households
    add("height", 200, 100, "residential", nullptr, "28");       // 28 ÷ 2.8 = 10 levels → 40
    add("default", 300, 100, "house", nullptr, nullptr);         // 6 levels → 24
    add("in_land", 100, 600, "yes", "5", nullptr);               // unknown use, in residential land → 20
    add("out_of_land", 800, 600, "yes", "5", nullptr);           // unknown use, outside it → not a home
    add("shop", 400, 100, "retail", "5", nullptr);                // not a home
    add("b_home", 1500, 500, "apartments", "5", nullptr);        // community B: 20
    fixtures::write_layer("GPKG", dir / "b.gpkg", b);
    LayerFixture land{"landuse", wkbPolygon, 4549, {{"landuse", OFTString}}, {{rect(0, 500, 500, 1000), {{"landuse", "residential"}}}}, {}};
    fixtures::write_layer("GPKG", dir / "land.gpkg", land);
  }
  geo::Project load(const std::string& households_table) {
    std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"c.gpkg\"\n[layers.buildings]\nsource = \"b.gpkg\"\n"
                                  << households_table;
    return geo::load_project(geo::read_project(dir / "p.toml"));
  }
  static std::map<std::string, double> households_by_id(const geo::Project& p) {
    std::map<std::string, double> out;
    const auto& b = *p.layer(geo::Role::Buildings);
    for (std::size_t i = 0; i < b.size(); ++i) out[b.text(i, "building_id")] = b.number(i, "households").value_or(-1);
    return out;
  }
  TempDir dir;
};

TEST_F(Estimates, FromFloorAreaByHand) {
  const geo::Project p = load("[households]\nfloor_area_per_household_m2 = 85\nresidential_areas = \"land.gpkg\"\n");
  const auto hh = households_by_id(p);
  EXPECT_NEAR(hh.at("levels"), 340.0 * 10 / 85, 1e-9);
  EXPECT_NEAR(hh.at("height"), 340.0 * 10 / 85, 1e-9);
  EXPECT_NEAR(hh.at("default"), 340.0 * 6 / 85, 1e-9);
  EXPECT_NEAR(hh.at("in_land"), 340.0 * 5 / 85, 1e-9);
  EXPECT_EQ(hh.at("out_of_land"), 0.0);
  EXPECT_EQ(hh.at("shop"), 0.0);
  const auto& b = *p.layer(geo::Role::Buildings);
  for (std::size_t i = 0; i < b.size(); ++i) EXPECT_EQ(b.number(i, "households_estimated"), 1.0);
  EXPECT_NE(p.households_note.find("estimated from floor area"), std::string::npos) << p.households_note;
  EXPECT_NE(p.households_note.find("for lying in residential land"), std::string::npos) << p.households_note;
  // What a coverage run counts is what was estimated.
  double total = 0;
  for (const auto& [id, v] : hh) total += v;
  EXPECT_NEAR(total, 340.0 * (10 + 10 + 6 + 5 + 5) / 85, 1e-9);
}

TEST_F(Estimates, CalibratedToTheCommunitiesTotals) {
  const geo::Project p =
      load("[households]\nresidential_areas = \"land.gpkg\"\n[households.calibration]\nto = \"communities\"\n");
  const auto hh = households_by_id(p);
  // Community A: 40 + 40 + 24 + 20 = 124 estimated, scaled to 500; B: 20 scaled to 90.
  EXPECT_NEAR(hh.at("levels"), 40.0 * 500 / 124, 1e-9);
  EXPECT_NEAR(hh.at("default"), 24.0 * 500 / 124, 1e-9);
  EXPECT_NEAR(hh.at("b_home"), 90.0, 1e-9);
  EXPECT_EQ(hh.at("shop"), 0.0);
  // The sums per community, by SpatiaLite's placing of each building, equal the known totals.
  auto source = geo::open_vector_source((dir / "b.gpkg").string());
  std::map<std::string, double> sums;
  const auto buildings_wkt = [&] {
    std::map<std::string, std::string> out;
    for (auto& f : *source.dataset->GetLayer(0)) {
      char* wkt = nullptr;
      f->GetGeometryRef()->exportToWkt(&wkt);
      out[f->GetFieldAsString("building_id")] = wkt;
      CPLFree(wkt);
    }
    return out;
  }();
  for (const auto& [id, wkt] : buildings_wkt)
    query(dir / "c.gpkg",
          "SELECT community_id FROM communities WHERE ST_Contains(geom, ST_Centroid(ST_GeomFromText('" + wkt + "', 4549)))",
          [&, id = id](OGRFeature& f) { sums[f.GetFieldAsString(0)] += hh.at(id); });
  EXPECT_NEAR(sums["A"], 500.0, 1e-9);
  EXPECT_NEAR(sums["B"], 90.0, 1e-9);
  EXPECT_NE(p.households_note.find("calibrated to the communities' households (2 of 2 zones scaled)"), std::string::npos)
      << p.households_note;
}

TEST_F(Estimates, DataHouseholdsAreKeptAndCountTowardsTheTotal) {
  // A households field with one value: that building keeps it, the others share what is left.
  LayerFixture b{"buildings", wkbPolygon, 4549, {{"building_id", OFTString}, {"use", OFTString}, {"levels", OFTReal}, {"户数", OFTInteger}}, {}, {}};
  b.features = {{rect(100, 100, 120, 117), {{"building_id", "counted"}, {"use", "apartments"}, {"户数", "300"}}},
                {rect(200, 100, 220, 117), {{"building_id", "guessed"}, {"use", "apartments"}, {"levels", "5"}}}};
  fixtures::write_layer("GPKG", dir / "b.gpkg", b);
  const geo::Project p = load("[households]\n[households.calibration]\nto = \"communities\"\n");
  const auto hh = households_by_id(p);
  EXPECT_EQ(hh.at("counted"), 300.0);
  EXPECT_NEAR(hh.at("guessed"), 200.0, 1e-9);  // 500 - 300
  const auto& layer = *p.layer(geo::Role::Buildings);
  EXPECT_EQ(layer.number(0, "households_estimated"), 0.0);
  EXPECT_EQ(layer.number(1, "households_estimated"), 1.0);
}

TEST_F(Estimates, TheTableIsCheckedLikeTheRestOfTheProject) {
  EXPECT_THROW(load("[households]\nfloor_area_per_household_m2 = 0\n"), geo::Error);
  EXPECT_THROW(load("[households]\nunknown_use = \"maybe\"\n"), geo::Error);
  EXPECT_THROW(load("[households]\n[households.calibration]\nto = \"zones\"\n"), geo::Error);
  // Without [households] a buildings layer must bring its households.
  try {
    load("");
    FAIL();
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("required field 'households'"), std::string::npos) << e.what();
  }
}

// The demo city's buildings, their households set aside and estimated anew, calibrated to totals
// the test gives each community: SpatiaLite, placing the buildings itself, finds the totals.
TEST(EstimatesOnGeneratedData, CalibratedSumsEqualTheTotals) {
  TempDir dir;
  const auto city = datasets::generate_city(datasets::Scale::Demo, 7, dir.path(), "demo");
  // The communities with a households total each (1,000 + 37 per community index).
  std::map<std::string, double> totals;
  {
    auto source = geo::open_vector_source(city.gpkg.string());
    LayerFixture c{"communities", wkbPolygon, 4549, {{"community_id", OFTString}, {"社区名称", OFTString}, {"户数", OFTInteger}}, {}, {}};
    int k = 0;
    for (auto& f : *source.dataset->GetLayerByName("communities")) {
      char* wkt = nullptr;
      f->GetGeometryRef()->exportToWkt(&wkt);
      const std::string id = f->GetFieldAsString("community_id");
      totals[id] = 1000 + 37 * k++;
      c.features.push_back({wkt, {{"community_id", id}, {"社区名称", f->GetFieldAsString("社区名称")}, {"户数", fmt::format("{:.0f}", totals[id])}}});
      CPLFree(wkt);
    }
    fixtures::write_layer("GPKG", dir / "totals.gpkg", c);
  }
  std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"totals.gpkg\"\n[layers.buildings]\nsource = \"demo.gpkg\"\n"
                                   "layer = \"buildings\"\n[households]\nestimate = \"all\"\nunknown_use = \"residential\"\n"
                                   "[households.calibration]\nto = \"communities\"\n";
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  const auto& b = *p.layer(geo::Role::Buildings);
  std::map<std::int64_t, double> by_id;
  for (std::size_t i = 0; i < b.size(); ++i)
    by_id[static_cast<std::int64_t>(*b.number(i, "building_id"))] = b.number(i, "households").value_or(0);
  // SpatiaLite places each building by its centroid, reading the two files together.
  std::map<std::string, double> sums;
  std::size_t counted = 0;
  query(city.gpkg,
        "SELECT b.building_id AS bid, c.community_id AS cid FROM buildings b, \"" + (dir / "totals.gpkg").string() +
            "\".communities c WHERE ST_Contains(c.geom, ST_Centroid(b.geom))",
        [&](OGRFeature& f) {
          sums[f.GetFieldAsString("cid")] += by_id.at(f.GetFieldAsInteger64("bid"));
          ++counted;
        },
        "INDIRECT_SQLITE");
  EXPECT_GT(counted, 1500u);
  for (const auto& [id, total] : totals) EXPECT_NEAR(sums[id], total, 1e-6) << id;
}

}  // namespace

namespace {

// Real data: the demo city (in Hangzhou) calibrated to the 2020 census households of the real
// district boundaries (GCJ-02), the total a formula over two census tables. The districts that
// hold buildings, found by GDAL's own geometry (the offset undone, each outline made valid), must
// together hold exactly their census households.
TEST(EstimatesOnRealData, CalibratedToTheCensusDistricts) {
  const fs::path shared = fs::path(CPLAN_SHARED_DIR) / "data";
  if (!fs::exists(shared / "census2020" / "households.csv")) GTEST_SKIP() << "shared data not beside the project";
  TempDir dir;
  const auto city = datasets::generate_city(datasets::Scale::Demo, datasets::kDefaultSeed, dir.path(), "demo");
  std::ofstream(dir / "p.toml") << "[layers.buildings]\nsource = \"demo.gpkg\"\nlayer = \"buildings\"\n"
                                   "[households]\nestimate = \"all\"\nunknown_use = \"residential\"\n"
                                   "[households.calibration]\nto = \"zones\"\nzones = \""
                                << (shared / "districts" / "hangzhou-districts-gcj02.geojson").string()
                                << "\"\nzones_offset = \"gcj02\"\nzone_key = \"name\"\ntables = [\""
                                << (shared / "census2020" / "population.csv").string() << "\", \""
                                << (shared / "census2020" / "households.csv").string()
                                << "\"]\ntable_key = \"NAME\"\ntotal = \"POPU * HHLD_R / HHLD_S\"\ndescribe = \"the 2020 census\"\n";
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  EXPECT_NE(p.households_note.find("calibrated to the 2020 census"), std::string::npos) << p.households_note;

  // The census households of each district, by SQL over the two tables.
  std::map<std::string, double> census;
  query(shared / "census2020" / "population.csv",
        "SELECT p.NAME, CAST(p.POPU AS REAL) * CAST(h.HHLD_R AS REAL) / CAST(h.HHLD_S AS REAL) FROM population p JOIN \"" +
            (shared / "census2020" / "households.csv").string() + "\".households h ON p.CODE = h.CODE",
        [&](OGRFeature& f) { census[f.GetFieldAsString(0)] = f.GetFieldAsDouble(1); });
  ASSERT_GE(census.size(), 22u);

  // Each building's centroid in longitude/latitude, each district by GDAL, offset undone.
  geo::ProjContext proj;
  const geo::Transformer to_lonlat(proj, geo::epsg_definition(p.working_epsg), "EPSG:4490");
  const auto& buildings = *p.layer(geo::Role::Buildings);
  auto districts = geo::open_vector_source((shared / "districts" / "hangzhou-districts-gcj02.geojson").string());
  double expected = 0, got = 0;
  int districts_with_homes = 0;
  std::vector<bool> placed(buildings.size(), false);
  for (auto& d : *districts.dataset->GetLayer(0)) {
    std::unique_ptr<OGRGeometry> shape(d->GetGeometryRef()->clone());
    OGRPolygon* polygon = shape->toPolygon();
    for (auto* ring : *polygon)
      for (int i = 0; i < ring->getNumPoints(); ++i) {
        const geo::Point w = geo::gcj02_to_wgs84({ring->getX(i), ring->getY(i)});
        ring->setPoint(i, w.x, w.y);
      }
    std::unique_ptr<OGRGeometry> valid(shape->MakeValid());
    ASSERT_TRUE(valid);
    OGREnvelope box;
    valid->getEnvelope(&box);
    double sum = 0;
    bool any = false;
    for (std::size_t b = 0; b < buildings.size(); ++b) {
      const geo::Point c = to_lonlat.forward(geo::centroid(buildings.geometries[b]));
      OGRPoint at(c.x, c.y);
      if (c.x < box.MinX || c.x > box.MaxX || c.y < box.MinY || c.y > box.MaxY || !valid->Contains(&at)) continue;
      placed[b] = true;
      sum += buildings.number(b, "households").value_or(0);
      any = any || buildings.number(b, "households").value_or(0) > 0;
    }
    if (!any) continue;
    SCOPED_TRACE(d->GetFieldAsString("name"));
    ++districts_with_homes;
    EXPECT_NEAR(sum, census.at(d->GetFieldAsString("name")), 1e-6 * sum);
    expected += census.at(d->GetFieldAsString("name"));
    got += sum;
  }
  EXPECT_GE(districts_with_homes, 1);
  EXPECT_GT(expected, 100000.0);
  EXPECT_NEAR(got, expected, 1e-6 * expected);
}

}  // namespace
