// Data problems found on load, not in the results: label points among areas left out, pieces of
// one feature that share an id named (and merged when asked), the working zone chosen once, and
// walking rules read from the project.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "geo/error.h"
#include "geo/geometry.h"
#include "geo/project.h"
#include "geo/review.h"
#include "geo/rules.h"

namespace {

namespace fs = std::filesystem;
using fixtures::LayerFixture;
using fixtures::TempDir;

std::string square(double x0, double y0, double x1, double y1) {
  return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", 515000 + x0, 3350000 + y0, 515000 + x1, 3350000 + y1);
}

const geo::Finding* finding(const geo::LayerData& layer, const std::string& code) {
  for (const auto& f : layer.findings)
    if (f.code == code) return &f;
  return nullptr;
}

// One community; a plot cut in two at a map-sheet edge (x = 200), both pieces carrying the whole
// plot's figures; another plot; and a label point in the plots layer.
class PlotPieces : public ::testing::Test {
 protected:
  void SetUp() override {
    LayerFixture c{"communities", wkbPolygon, 4549, {{"社区名称", OFTString}}, {{square(0, 0, 1000, 1000), {{"社区名称", "翠苑社区"}}}}, {}};
    fixtures::write_layer("GPKG", dir / "c.gpkg", c);
    LayerFixture p{"plots", wkbUnknown, 4549, {{"地块编号", OFTString}, {"户数", OFTInteger}, {"建筑面积", OFTReal}, {"社区用房面积", OFTReal}}, {}, {}};
    p.features = {{square(100, 100, 200, 300), {{"地块编号", "P1"}, {"户数", "1000"}, {"建筑面积", "100000"}, {"社区用房面积", "200"}}},
                  {square(200, 100, 300, 300), {{"地块编号", "P1"}, {"户数", "1000"}, {"建筑面积", "100000"}, {"社区用房面积", "200"}}},
                  {square(500, 500, 600, 600), {{"地块编号", "P2"}, {"户数", "100"}, {"建筑面积", "10000"}, {"社区用房面积", "40"}}},
                  {"POINT (515550 3350550)", {{"地块编号", "P2"}, {"户数", "100"}}}};
    fixtures::write_layer("GPKG", dir / "p.gpkg", p);
  }
  geo::Project load(const std::string& extra_project = "", geo::LoadOptions options = {}) {
    std::ofstream(dir / "p.toml") << "[project]\n" << extra_project << "\n[layers.communities]\nsource = \"c.gpkg\"\n[layers.plots]\nsource = \"p.gpkg\"\n";
    return geo::load_project(geo::read_project(dir / "p.toml"), nullptr, options);
  }
  TempDir dir;
};

TEST_F(PlotPieces, ALabelPointAmongPlotsIsLeftOutAndNamed) {
  const geo::Project p = load();
  const geo::LayerData& plots = *p.layer(geo::Role::Plots);
  EXPECT_EQ(plots.size(), 3u);  // the two pieces and P2; not the point
  const geo::Finding* f = finding(plots, "not_an_area");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("1 Point feature(s)"), std::string::npos) << f->message;
  EXPECT_EQ(f->feature_ids, (std::vector<std::int64_t>{4}));
  for (const auto& g : plots.geometries) EXPECT_EQ(g.kind, geo::GeometryKind::Polygon);
}

TEST_F(PlotPieces, PiecesSharingAnIdAreNamedAndKeptApartUnlessMerged) {
  const geo::Project apart = load();
  const geo::Finding* f = finding(*apart.layer(geo::Role::Plots), "shared_id");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("地块编号 'P1' on features 1, 2"), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("merge_pieces"), std::string::npos) << f->message;

  for (const auto& merged : {load("merge_pieces = true"), load("", {.merge_pieces = true})}) {
    const geo::LayerData& plots = *merged.layer(geo::Role::Plots);
    ASSERT_EQ(plots.size(), 2u);
    EXPECT_EQ(plots.text(0, "plot_id"), "P1");
    EXPECT_DOUBLE_EQ(geo::area(plots.geometries[0]), 200.0 * 200.0);  // one outline, the seam dissolved
    EXPECT_EQ(plots.geometries[0].parts.size(), 1u);
    EXPECT_FALSE(plots.invalid_reasons[0].has_value());
    // The merged plot's figures are the plot's, not doubled: 1,000 households need 300 m².
    const auto pack = geo::load_rule_pack(geo::resolve_rule_pack("national"));
    const geo::Review r = geo::review_plots(merged, pack);
    ASSERT_EQ(r.plots.size(), 2u);
    EXPECT_DOUBLE_EQ(*r.plots[0].required_office_m2, 300.0);
    EXPECT_DOUBLE_EQ(r.communities[0].households_planned, 1100.0);
  }
}

TEST(WorkingZone, ChosenFromTheCommunitiesWhateverACommandReads) {
  // Communities around 121.3°E (zone CM 120°E); facilities east of the 121.5°E edge: a command
  // reading only the facilities still works in the communities' zone.
  TempDir dir;
  LayerFixture c{"communities", wkbPolygon, 4490, {{"社区名称", OFTString}},
                 {{"POLYGON ((121.28 31.2, 121.32 31.2, 121.32 31.24, 121.28 31.24, 121.28 31.2))", {{"社区名称", "甲社区"}}}}, {}};
  LayerFixture f{"facilities", wkbPoint, 4490, {{"设施类型", OFTString}},
                 {{"POINT (121.7 31.2)", {{"设施类型", "幼儿园"}}}, {"POINT (121.8 31.25)", {{"设施类型", "幼儿园"}}}}, {}};
  fixtures::write_layer("GPKG", dir / "c.gpkg", c);
  fixtures::write_layer("GPKG", dir / "f.gpkg", f);
  std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"c.gpkg\"\n[layers.facilities]\nsource = \"f.gpkg\"\n";
  const auto spec = geo::read_project(dir / "p.toml");
  EXPECT_EQ(geo::load_project(spec).working_epsg, 4549);
  EXPECT_EQ(geo::load_project(spec, nullptr, {.roles = {geo::Role::Facilities}}).working_epsg, 4549);
  EXPECT_NE(geo::load_project(spec).working_crs_reason.find("chosen from the communities"), std::string::npos);

  // Without communities, every layer counts; data across the edge says so.
  std::ofstream(dir / "q.toml") << "[layers.facilities]\nsource = \"f.gpkg\"\n[layers.plots]\nsource = \"c.gpkg\"\n"
                                   "[layers.plots.fields]\nhouseholds = \"社区名称\"\ngross_floor_area_m2 = \"社区名称\"\n"
                                   "reserved_office_m2 = \"社区名称\"\n";
  const geo::Project q = geo::load_project(geo::read_project(dir / "q.toml"), nullptr, {.roles = {geo::Role::Facilities}});
  EXPECT_EQ(q.working_epsg, 4550);  // centre 121.54°E: CM 123°E
  EXPECT_NE(q.working_crs_reason.find("across the zone edge at 121.5°E"), std::string::npos) << q.working_crs_reason;
}

TEST(NetworkTable, ReadFromTheProjectWithItsErrorsNamed) {
  const auto spec = geo::parse_project(R"(
[layers.roads]
source = "roads.gpkg"
[network]
not_walkable_classes = ["motorway", "trunk"]
snap_tolerance_m = 0.5
tunnels_walkable = true
)",
                                       "/p/project.toml");
  EXPECT_EQ(spec.network.not_walkable_classes, (std::set<std::string>{"motorway", "trunk"}));
  EXPECT_DOUBLE_EQ(spec.network.snap_tolerance_m, 0.5);
  EXPECT_TRUE(spec.network.tunnels_walkable);
  try {
    geo::parse_project("[layers.roads]\nsource = \"r.gpkg\"\n[network]\nsnap_tolerance_m = -1\n", "/p/project.toml");
    FAIL();
  } catch (const geo::Error& e) {
    EXPECT_EQ(e.where().line, 4);
    EXPECT_NE(std::string(e.what()).find("snap_tolerance_m"), std::string::npos) << e.what();
  }
}

}  // namespace

namespace {

// Coordinates that contradict their CRS (a building digitised with eleven-digit easting) are named
// and set aside; the rest of the layer is read, and the review goes on without it.
TEST(LoadChecks, ABuildingWhoseCoordinatesNoCrsCanHoldIsSetAsideAndNamed) {
  TempDir dir;
  LayerFixture c{"communities", wkbPolygon, 4549, {{"社区名称", OFTString}}, {{square(0, 0, 1000, 1000), {{"社区名称", "翠苑社区"}}}}, {}};
  fixtures::write_layer("GPKG", dir / "c.gpkg", c);
  LayerFixture b{"buildings", wkbPolygon, 4549, {{"户数", OFTInteger}}, {}, {}};
  b.features = {{square(100, 100, 150, 130), {{"户数", "100"}}},
                {"POLYGON ((9e11 9e11, 9.1e11 9e11, 9.1e11 9.1e11, 9e11 9e11))", {{"户数", "999"}}},
                {square(300, 300, 350, 330), {{"户数", "50"}}}};
  fixtures::write_layer("GPKG", dir / "b.gpkg", b);
  std::ofstream(dir / "p.toml") << "[project]\ncrs = \"EPSG:4547\"\n[layers.communities]\nsource = \"c.gpkg\"\n[layers.buildings]\nsource = \"b.gpkg\"\n";
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  const geo::LayerData& buildings = *p.layer(geo::Role::Buildings);
  const geo::Finding* f = finding(buildings, "unusable_geometry");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->feature_ids, std::vector<std::int64_t>{2});
  EXPECT_NE(f->message.find("lies outside where EPSG:4549 is used"), std::string::npos) << f->message;
  EXPECT_EQ(buildings.fids, (std::vector<std::int64_t>{1, 3}));  // set aside, the others read
  const geo::Review r = geo::review_plots(p, geo::load_rule_pack(geo::resolve_rule_pack("national")));
  EXPECT_DOUBLE_EQ(r.communities[0].households_existing, 150.0);  // not 1,149: the bad building counts nowhere
}

}  // namespace
