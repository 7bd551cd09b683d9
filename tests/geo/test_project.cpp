// Project files: roles, field mapping (Chinese names recognised), one working CRS on load.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../support/fixtures.h"
#include "geo/error.h"
#include "geo/project.h"
#include "geo/web_map_offsets.h"

namespace {

namespace fs = std::filesystem;
using fixtures::LayerFixture;
using fixtures::TempDir;

fs::path write_text(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

TEST(ParseProject, ReadsRolesSourcesAndMappings) {
  const auto spec = geo::parse_project(R"(
[project]
name = "翠苑街道"
crs = "EPSG:4549"

[layers.plots]
source = "data/plots.shp"
encoding = "GBK"
[layers.plots.fields]
households = "HH_TOTAL"
reserved_office_m2 = "SQFW"

[layers.facilities]
source = "/abs/poi.geojson"
offset = "gcj02"
)",
                                       "/work/p/project.toml");
  EXPECT_EQ(spec.name, "翠苑街道");
  EXPECT_EQ(spec.crs, "EPSG:4549");
  ASSERT_EQ(spec.layers.size(), 2u);
  const geo::LayerSpec* plots = spec.find(geo::Role::Plots);
  ASSERT_NE(plots, nullptr);
  EXPECT_EQ(plots->source, fs::path("/work/p/data/plots.shp"));  // relative to the project file
  EXPECT_EQ(plots->encoding, "GBK");
  EXPECT_EQ(plots->field_map.at("households"), "HH_TOTAL");
  EXPECT_EQ(spec.find(geo::Role::Facilities)->offset, geo::WebMapOffset::Gcj02);
  EXPECT_EQ(spec.find(geo::Role::Facilities)->source, fs::path("/abs/poi.geojson"));
  EXPECT_EQ(spec.find(geo::Role::Roads), nullptr);
}

void expect_error_at_line(const std::string& toml, int line, const std::string& words) {
  try {
    geo::parse_project(toml, "p.toml");
    FAIL() << "expected an error for:\n" << toml;
  } catch (const geo::Error& e) {
    EXPECT_EQ(e.where().file, "p.toml");
    ASSERT_TRUE(e.where().line.has_value()) << e.what();
    EXPECT_EQ(*e.where().line, line) << e.what();
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(ParseProject, ErrorsNameFileLineAndProblem) {
  expect_error_at_line("[layers.plots]\nsource = \"a.shp\"\nsorce = 3\n", 3, "unknown key 'sorce'");
  expect_error_at_line("[layers.plot]\nsource = \"a.shp\"\n", 1, "unknown layer role 'plot'");
  expect_error_at_line("[layers.plots]\nsource = \"a.shp\"\n[layers.plots.fields]\nhouseholds = 5\n", 4, "must be a string");
  expect_error_at_line("[layers.plots]\nsource = \"a.shp\"\n[layers.plots.fields]\nhousehold = \"HH\"\n", 4,
                       "'household' is not a field of plots");
  expect_error_at_line("[project]\nname = \"x\"\n\n[layers.plots\n", 4, "not valid TOML");
  expect_error_at_line("[layers.facilities]\nsource = \"a.shp\"\noffset = \"mars\"\n", 3, "unknown offset");
}

TEST(ProjectStyles, SavedBesideTheRestOfTheFileAndReadBack) {
  TempDir dir;
  const std::string original = "# my project\n[project]\nname = \"翠苑\"\n\n[layers.plots]\nsource = \"p.gpkg\"\n\n"
                               "[styles.plots]\nfill = \"#000000\"\n";
  write_text(dir / "p.toml", original);
  geo::LayerStyleSpec communities;
  communities.fill = "#80ff0000";
  communities.stroke_width = 1.5;
  communities.label = "name";
  geo::save_project_map(dir / "p.toml", {{"communities", communities}}, {});
  const geo::ProjectSpec spec = geo::read_project(dir / "p.toml");
  EXPECT_EQ(spec.name, "翠苑");
  EXPECT_EQ(spec.layers.size(), 1u);
  EXPECT_EQ(spec.styles.count("plots"), 0u);  // replaced by what was saved
  EXPECT_EQ(spec.styles.at("communities").fill, "#80ff0000");
  EXPECT_EQ(spec.styles.at("communities").stroke_width, 1.5);
  std::ifstream in(dir / "p.toml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.rfind("# my project\n", 0), 0u);  // comments and layout kept
  expect_error_at_line("[layers.plots]\nsource = \"a.shp\"\n[styles.plots]\nfil = \"#fff\"\n", 4, "unknown key 'fil'");
}

TEST(ParseProject, NoLayersIsAnError) { EXPECT_THROW(geo::parse_project("[project]\nname = \"x\"\n", "p.toml"), geo::Error); }

TEST(FacilityKind, ChineseNamesRecognised) {
  EXPECT_EQ(geo::normalise_facility_kind("幼儿园"), "kindergarten");
  EXPECT_EQ(geo::normalise_facility_kind("社区服务站"), "community_office");
  EXPECT_EQ(geo::normalise_facility_kind("Health_Station"), "health_station");
  EXPECT_EQ(geo::normalise_facility_kind("菜市场"), "market");
  EXPECT_FALSE(geo::normalise_facility_kind("网吧").has_value());
}

// Plots in the Gauss-Kruger zone, facilities in CGCS2000 longitude/latitude: both arrive in
// the working CRS, and Chinese field names map without a [fields] table.
class LoadProject : public ::testing::Test {
 protected:
  void SetUp() override {
    LayerFixture plots;
    plots.name = "plots";
    plots.type = wkbPolygon;
    plots.epsg = 4549;
    plots.fields = {{"地块编号", OFTString}, {"户数", OFTInteger}, {"建筑面积", OFTReal}, {"社区用房面积", OFTReal}, {"备注", OFTString}};
    plots.features = {
        {"POLYGON ((515000 3350000, 515100 3350000, 515100 3350100, 515000 3350100, 515000 3350000))",
         {{"地块编号", "A-1"}, {"户数", "400"}, {"建筑面积", "44000"}, {"社区用房面积", "150"}, {"备注", "一期"}}},
        {"POLYGON ((515200 3350000, 515300 3350100, 515300 3350000, 515200 3350100, 515200 3350000))",
         {{"地块编号", "A-2"}, {"户数", "200"}, {"建筑面积", "20000"}, {"社区用房面积", "40"}}},
    };
    fixtures::write_layer("GPKG", dir / "plots.gpkg", plots);

    LayerFixture facilities;
    facilities.name = "poi";
    facilities.type = wkbPoint;
    facilities.epsg = 4490;
    facilities.fields = {{"类型", OFTString}, {"面积", OFTReal}};
    facilities.features = {{"POINT (120.16 30.27)", {{"类型", "幼儿园"}, {"面积", "2400"}}},
                           {"POINT (120.161 30.271)", {{"类型", "网吧"}, {"面积", "80"}}}};
    fixtures::write_layer("GPKG", dir / "poi.gpkg", facilities);
  }
  TempDir dir;
};

TEST_F(LoadProject, BringsEveryLayerIntoOneWorkingCrs) {
  write_text(dir / "p.toml", "[layers.plots]\nsource = \"plots.gpkg\"\n[layers.facilities]\nsource = \"poi.gpkg\"\n");
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  EXPECT_EQ(p.working_epsg, 4549);  // chosen from the data: Hangzhou
  const geo::LayerData* facilities = p.layer(geo::Role::Facilities);
  ASSERT_NE(facilities, nullptr);
  ASSERT_EQ(facilities->size(), 2u);
  const geo::Point kindergarten = facilities->geometries[0].parts[0][0][0];
  EXPECT_NEAR(kindergarten.x, 515395.853, 0.001);  // easting, not latitude-first
  EXPECT_NEAR(kindergarten.y, 3350055.009, 0.001);
  EXPECT_EQ(facilities->text(0, "kind"), "kindergarten");
  EXPECT_DOUBLE_EQ(*facilities->number(0, "floor_area_m2"), 2400.0);
  ASSERT_FALSE(facilities->findings.empty());
  EXPECT_EQ(facilities->findings[0].code, "unknown_facility_kind");
  EXPECT_NE(facilities->findings[0].message.find("网吧"), std::string::npos);

  const geo::LayerData* plots = p.layer(geo::Role::Plots);
  EXPECT_EQ(plots->field_sources.at("households"), "户数");
  EXPECT_EQ(plots->field_sources.at("gross_floor_area_m2"), "建筑面积");
  EXPECT_EQ(plots->field_sources.at("reserved_office_m2"), "社区用房面积");
  EXPECT_EQ(plots->text(0, "plot_id"), "A-1");
  EXPECT_DOUBLE_EQ(*plots->number(1, "households"), 200);
  EXPECT_EQ(plots->text(0, "备注"), "一期");  // unmapped fields come along under their own name
  EXPECT_FALSE(plots->invalid_reasons[0].has_value());
  ASSERT_TRUE(plots->invalid_reasons[1].has_value());
  EXPECT_NE(plots->invalid_reasons[1]->find("Self-intersection"), std::string::npos);
}

TEST_F(LoadProject, NamedWorkingCrsIsUsed) {
  write_text(dir / "p.toml", "[project]\ncrs = \"EPSG:4528\"\n[layers.facilities]\nsource = \"poi.gpkg\"\n");
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  EXPECT_EQ(p.working_epsg, 4528);
  EXPECT_NEAR(p.layer(geo::Role::Facilities)->geometries[0].parts[0][0][0].x, 40515395.853, 0.001);
}

TEST_F(LoadProject, GeographicWorkingCrsIsRefused) {
  write_text(dir / "p.toml", "[project]\ncrs = \"EPSG:4490\"\n[layers.facilities]\nsource = \"poi.gpkg\"\n");
  EXPECT_THROW(geo::load_project(geo::read_project(dir / "p.toml")), geo::Error);
}

TEST_F(LoadProject, ExplicitMappingWins) {
  write_text(dir / "p.toml",
             "[layers.plots]\nsource = \"plots.gpkg\"\n[layers.plots.fields]\nplot_id = \"备注\"\n");
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  EXPECT_EQ(p.layer(geo::Role::Plots)->text(0, "plot_id"), "一期");
}

TEST_F(LoadProject, MissingRequiredFieldListsTheFieldsFound) {
  write_text(dir / "p.toml", "[layers.buildings]\nsource = \"poi.gpkg\"\n");
  try {
    geo::load_project(geo::read_project(dir / "p.toml"));
    FAIL();
  } catch (const geo::Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("required field 'households'"), std::string::npos) << what;
    EXPECT_NE(what.find("fields found: 类型, 面积"), std::string::npos) << what;
    EXPECT_NE(what.find("poi.gpkg"), std::string::npos) << what;
  }
}

TEST_F(LoadProject, MappingToAMissingFieldListsTheFieldsFound) {
  write_text(dir / "p.toml", "[layers.plots]\nsource = \"plots.gpkg\"\n[layers.plots.fields]\nhouseholds = \"HH\"\n");
  try {
    geo::load_project(geo::read_project(dir / "p.toml"));
    FAIL();
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("maps 'households' to 'HH'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("地块编号"), std::string::npos) << e.what();
  }
}

TEST_F(LoadProject, UnknownLayerNameListsLayers) {
  write_text(dir / "p.toml", "[layers.plots]\nsource = \"plots.gpkg\"\nlayer = \"parcels\"\n");
  try {
    geo::load_project(geo::read_project(dir / "p.toml"));
    FAIL();
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("layers found: plots"), std::string::npos) << e.what();
  }
}

TEST_F(LoadProject, EditsAreSavedBackToTheGeoPackage) {
  write_text(dir / "p.toml", "[layers.plots]\nsource = \"plots.gpkg\"\n");
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  const geo::LayerData& loaded = *p.layer(geo::Role::Plots);
  geo::LayerData edited = loaded;
  edited.columns["reserved_office_m2"][0] = 999.0;
  edited.fids.push_back(100);
  edited.geometries.push_back(geo::Geometry::polygon({{516000, 3351000}, {516050, 3351000}, {516050, 3351050}, {516000, 3351000}}));
  edited.invalid_reasons.emplace_back();
  for (auto& [name, column] : edited.columns) {
    column.emplace_back();
    if (name == "households") column.back() = std::int64_t{42};
  }
  EXPECT_EQ(geo::save_layer_edits(p, geo::Role::Plots, loaded, edited), 2u);
  const geo::Project again = geo::load_project(geo::read_project(dir / "p.toml"));
  const geo::LayerData& plots = *again.layer(geo::Role::Plots);
  ASSERT_EQ(plots.size(), 3u);
  EXPECT_DOUBLE_EQ(*plots.number(0, "reserved_office_m2"), 999.0);
  EXPECT_DOUBLE_EQ(*plots.number(2, "households"), 42.0);
  EXPECT_EQ(plots.geometries[2].parts[0][0][1], (geo::Point{516050, 3351000}));
}

TEST(SaveEdits, OnlyGeoPackageSources) {
  TempDir dir;
  LayerFixture l{"plots", wkbPolygon, 4549, {{"HH", OFTInteger}, {"GFA", OFTReal}, {"RES", OFTReal}}, {}, {"ENCODING=UTF-8"}};
  l.features = {{"POLYGON ((515000 3350000, 515100 3350000, 515100 3350100, 515000 3350000))", {{"HH", "10"}}}};
  fixtures::write_layer("ESRI Shapefile", dir / "plots.shp", l);
  write_text(dir / "p.toml", "[layers.plots]\nsource = \"plots.shp\"\n[layers.plots.fields]\nhouseholds = \"HH\"\n"
                             "gross_floor_area_m2 = \"GFA\"\nreserved_office_m2 = \"RES\"\n");
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  geo::LayerData edited = *p.layer(geo::Role::Plots);
  edited.columns["households"][0] = std::int64_t{11};
  try {
    geo::save_layer_edits(p, geo::Role::Plots, *p.layer(geo::Role::Plots), edited);
    FAIL();
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("GeoPackage sources only"), std::string::npos) << e.what();
  }
}

TEST(LoadProjectCrs, ChangshaDataGetsZoneCm114AndGcj02IsUndone) {
  TempDir dir;
  LayerFixture poi;
  poi.name = "poi";
  poi.type = wkbPoint;
  poi.epsg = 4326;
  poi.fields = {{"类型", OFTString}};
  // The reference GCJ-02 position of 112.94E 28.23N, as AMap would show it.
  poi.features = {{"POINT (112.9454525 28.2264944)", {{"类型", "菜市场"}}}};
  fixtures::write_layer("GeoJSON", dir / "poi.geojson", poi);
  write_text(dir / "p.toml", "[layers.facilities]\nsource = \"poi.geojson\"\noffset = \"gcj02\"\n");
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  EXPECT_EQ(p.working_epsg, 4547);
  const geo::Point at = p.layer(geo::Role::Facilities)->geometries[0].parts[0][0][0];
  // The reference pair is printed to 1e-7° (under 7.4 mm) and cs2cs's figures to the millimetre.
  EXPECT_NEAR(at.x, 395955.334, 0.0085);
  EXPECT_NEAR(at.y, 3124385.927, 0.0085);
}

TEST(LoadProjectCrs, LayerWithoutCrsButLonLatIsReadAsCgcs2000WithAWarning) {
  TempDir dir;
  write_text(dir / "f.csv", "类型,lon,lat\n幼儿园,120.16,30.27\n");
  write_text(dir / "p.toml", "[layers.facilities]\nsource = \"f.csv\"\n");
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  const auto* f = p.layer(geo::Role::Facilities);
  ASSERT_FALSE(f->findings.empty());
  EXPECT_EQ(f->findings[0].code, "crs_guess");
  EXPECT_NEAR(f->geometries[0].parts[0][0][0].x, 515395.853, 0.001);
}

TEST(LoadProjectCrs, ProjectedLayerWithoutCrsMustBeDeclared) {
  TempDir dir;
  LayerFixture l;
  l.type = wkbPoint;
  l.fields = {{"类型", OFTString}};
  l.features = {{"POINT (515395 3350055)", {{"类型", "幼儿园"}}}};
  fixtures::write_layer("GPKG", dir / "f.gpkg", l);
  write_text(dir / "p.toml", "[layers.facilities]\nsource = \"f.gpkg\"\n");
  EXPECT_THROW(geo::load_project(geo::read_project(dir / "p.toml")), geo::Error);
  write_text(dir / "p.toml", "[layers.facilities]\nsource = \"f.gpkg\"\ncrs = \"EPSG:4549\"\n");
  EXPECT_EQ(geo::load_project(geo::read_project(dir / "p.toml")).working_epsg, 4549);
}

TEST(LoadProjectCrs, SwappedAxesRefusedOnLoad) {
  TempDir dir;
  write_text(dir / "f.csv", "类型,lon,lat\n幼儿园,30.27,120.16\n");
  write_text(dir / "p.toml", "[layers.facilities]\nsource = \"f.csv\"\n");
  try {
    geo::load_project(geo::read_project(dir / "p.toml"));
    FAIL();
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("swapped"), std::string::npos) << e.what();
  }
}

}  // namespace
