// What the map application asks of the engine: measuring (checked against the Gauss-Kruger scale
// factor, a textbook formula independent of PROJ), searching, the project's map layers and styles
// written and read back, and the working CRS of a file opened on its own.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "../support/fixtures.h"
#include "geo/error.h"
#include "geo/measure.h"
#include "geo/project.h"
#include "geo/search.h"
#include "geo/style.h"

namespace fs = std::filesystem;
using fixtures::TempDir;

namespace {

// The point scale factor of a transverse Mercator projection at distance x from its central
// meridian, k = 1 + x²/2R² + x⁴/24R⁴, R² = M·N the Gaussian radius of curvature of GRS 1980 at
// latitude phi (Snyder, Map Projections: A Working Manual, eq. 8-11 truncated; k0 = 1 for CGCS2000 GK).
double gauss_kruger_scale(double x, double phi_deg) {
  const double a = 6378137.0, e2 = 0.00669438002290;
  const double s = std::sin(phi_deg * M_PI / 180.0);
  const double w = 1 - e2 * s * s;
  const double n = a / std::sqrt(w), m = a * (1 - e2) / std::pow(w, 1.5);
  const double r2 = m * n;
  return 1 + x * x / (2 * r2) + x * x * x * x / (24 * r2 * r2);
}

}  // namespace

TEST(Measure, PlaneFiguresAreThoseOfTheVertices) {
  const geo::PathMeasurer measurer(4549);
  const geo::Measurement line = measurer.measure({{500000, 3350000}, {500300, 3350400}}, false);
  EXPECT_DOUBLE_EQ(line.planar_length_m, 500.0);  // a 3-4-5 triangle
  EXPECT_FALSE(line.planar_area_m2.has_value());
  const geo::Measurement square = measurer.measure({{500000, 3350000}, {500100, 3350000}, {500100, 3350100}, {500000, 3350100}}, true);
  EXPECT_DOUBLE_EQ(*square.planar_area_m2, 10000.0);
  EXPECT_DOUBLE_EQ(square.planar_length_m, 400.0);  // closed: the perimeter
  const geo::Measurement two = measurer.measure({{500000, 3350000}, {500100, 3350000}}, true);
  EXPECT_FALSE(two.planar_area_m2.has_value());  // two vertices hold no area
}

TEST(Measure, TheEllipsoidFiguresFollowTheGaussKrugerScaleFactor) {
  const geo::PathMeasurer measurer(4549);  // CGCS2000 GK CM 120E
  const double northing = 3350000;         // about 30.27 N
  for (double offset : {0.0, 60000.0, 140000.0}) {
    const double x0 = 500000 + offset;
    const geo::Measurement m =
        measurer.measure({{x0, northing}, {x0 + 200, northing}, {x0 + 200, northing + 200}, {x0, northing + 200}}, true);
    const double k = gauss_kruger_scale(offset + 100, 30.27);
    // On the ground, lengths are the plane's divided by k and areas by k².
    EXPECT_NEAR(*m.ellipsoidal_area_m2, 40000.0 / (k * k), 40000.0 * 2e-6) << "offset " << offset;
    ASSERT_TRUE(m.ellipsoidal_length_m);
    EXPECT_NEAR(*m.ellipsoidal_length_m, 800.0 / k, 800.0 * 2e-6) << "offset " << offset;
  }
  // 140 km off the meridian the plane overstates an area by about 0.05 %: a planner sees both.
  const geo::Measurement far = measurer.measure({{640000, northing}, {641000, northing}, {641000, northing + 1000}}, true);
  EXPECT_GT(*far.planar_area_m2 - *far.ellipsoidal_area_m2, 150.0);
}

TEST(Measure, AnUnknownCrsIsNamed) { EXPECT_THROW(geo::PathMeasurer(99999), geo::Error); }

TEST(Measure, OnThePlaneAloneTheEllipsoidIsUnknownNotZero) {
  const geo::Measurement m = geo::measure_on_plane({{0, 0}, {30, 40}}, false);
  EXPECT_DOUBLE_EQ(m.planar_length_m, 50.0);
  EXPECT_FALSE(m.ellipsoidal_length_m.has_value());
  EXPECT_FALSE(m.ellipsoidal_area_m2.has_value());
}

TEST(Search, ExactMatchesFirstThenPartsIgnoringCase) {
  geo::LayerData layer;
  for (const char* name : {"翠苑一区", "Cuiyuan", "翠苑", "文新"}) {
    layer.fids.push_back(static_cast<std::int64_t>(layer.fids.size()) + 1);
    layer.geometries.push_back(geo::Geometry::point({0, 0}));
    layer.columns["name"].push_back(std::string(name));
    layer.columns["households"].push_back(std::int64_t{1200 + static_cast<std::int64_t>(layer.fids.size())});
  }
  layer.column_order = {"name", "households"};
  auto hits = geo::search_layer(layer, "翠苑", 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].row, 2u);  // the exact name before the one that contains it
  EXPECT_TRUE(hits[0].exact);
  EXPECT_EQ(hits[1].row, 0u);
  hits = geo::search_layer(layer, "  cuiYUAN ", 10);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].value, "Cuiyuan");
  hits = geo::search_layer(layer, "1203", 10);  // numbers by their written form
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].field, "households");
  EXPECT_EQ(geo::search_layer(layer, "12", 2).size(), 2u);  // at most the limit
  EXPECT_TRUE(geo::search_layer(layer, "   ", 10).empty());
}

TEST(ProjectMap, MapLayersAndStylesAreWrittenAndReadBack) {
  TempDir dir;
  {
    std::ofstream out(dir / "p.toml");
    out << "# kept\n[project]\nname = \"翠苑\"\n\n[layers.plots]\nsource = \"p.gpkg\"\n";
  }
  geo::MapLayerSpec added;
  added.id = "map:roads.shp";
  added.name = "道路 \"2024\"";  // a quote in a name the user typed
  added.source = dir / "data" / "roads.shp";
  added.crs = "EPSG:4490";
  added.offset = geo::WebMapOffset::Gcj02;
  geo::LayerStyleSpec style;
  style.opacity = 0.4;
  style.min_scale = 50000;
  style.max_scale = 500;
  style.visible = false;
  geo::save_project_map(dir / "p.toml", {{"map:roads.shp", style}}, {added});
  const geo::ProjectSpec spec = geo::read_project(dir / "p.toml");
  ASSERT_EQ(spec.map_layers.size(), 1u);
  EXPECT_EQ(spec.map_layers[0].name, added.name);
  EXPECT_EQ(spec.map_layers[0].source, added.source);  // written relative to the project, read back whole
  EXPECT_EQ(spec.map_layers[0].offset, geo::WebMapOffset::Gcj02);
  EXPECT_EQ(spec.map_layers[0].crs, "EPSG:4490");
  const geo::LayerStyleSpec& back = spec.styles.at("map:roads.shp");
  EXPECT_DOUBLE_EQ(back.opacity, 0.4);
  EXPECT_DOUBLE_EQ(back.min_scale, 50000);
  EXPECT_DOUBLE_EQ(back.max_scale, 500);
  EXPECT_EQ(back.visible, std::optional<bool>(false));
  std::ifstream in(dir / "p.toml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("source = \"data/roads.shp\""), std::string::npos) << text;
  // Saving again without the layer takes it out.
  geo::save_project_map(dir / "p.toml", {}, {});
  EXPECT_TRUE(geo::read_project(dir / "p.toml").map_layers.empty());
}

TEST(ProjectMap, BadValuesNameTheKeyAndLine) {
  auto error_of = [](const std::string& toml) {
    try {
      geo::parse_project("[layers.plots]\nsource = \"a.gpkg\"\n" + toml, "p.toml");
    } catch (const geo::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("[styles.plots]\nopacity = 2\n").find("p.toml:4"), std::string::npos);
  EXPECT_NE(error_of("[styles.plots]\nopacity = 2\n").find("opacity"), std::string::npos);
  EXPECT_NE(error_of("[styles.plots]\nmin_scale = 500\nmax_scale = 5000\n").find("max_scale"), std::string::npos);
  EXPECT_NE(error_of("[[map_layers]]\nname = \"x\"\n").find("needs a source"), std::string::npos);
  EXPECT_NE(error_of("[[map_layers]]\nsource = \"a.shp\"\nid = \"plots\"\n").find("name of a project role"), std::string::npos);
  EXPECT_NE(error_of("[[map_layers]]\nsource = \"a.shp\"\n[[map_layers]]\nsource = \"a.shp\"\n").find("share the id"), std::string::npos);
}

TEST(WorkingCrsForSource, ProjectedFilesKeepTheirCrsLonLatFilesGetTheirZone) {
  TempDir dir;
  fixtures::LayerFixture lonlat;
  lonlat.type = wkbPoint;
  lonlat.epsg = 4490;
  lonlat.features = {{"POINT (112.93 28.23)", {}}, {"POINT (113.05 28.19)", {}}};  // Changsha
  const fs::path a = fixtures::write_layer("GeoJSON", dir / "changsha.geojson", lonlat);
  EXPECT_EQ(geo::working_crs_for_source(a).epsg, 4547);  // the 3-degree zone of 114 E
  fixtures::LayerFixture projected;
  projected.type = wkbPoint;
  projected.epsg = 4549;
  projected.features = {{"POINT (515000 3350000)", {}}};
  const fs::path b = fixtures::write_layer("GPKG", dir / "hangzhou.gpkg", projected);
  EXPECT_EQ(geo::working_crs_for_source(b).epsg, 4549);
  fixtures::LayerFixture empty = projected;
  empty.features.clear();
  const fs::path c = fixtures::write_layer("GPKG", dir / "empty.gpkg", empty);
  EXPECT_THROW(geo::working_crs_for_source(c), geo::Error);
}

TEST(OfficeSymbols, StandingFollowsTheCommunitysShortfall) {
  geo::Review review;
  review.communities.resize(4);
  review.communities[0].shortfall_m2 = 0.0;    // enough
  review.communities[1].shortfall_m2 = 120.0;  // short, every office measured
  review.communities[2].shortfall_m2 = 120.0;  // short by the measured ones, one office of unknown size
  review.communities[2].offices_without_area = 1;
  // communities[3]: no requirement known
  EXPECT_EQ(geo::office_standing(review, {0, 0, 400.0}), geo::OfficeStanding::Enough);
  EXPECT_EQ(geo::office_standing(review, {1, 1, 100.0}), geo::OfficeStanding::Short);
  EXPECT_EQ(geo::office_standing(review, {2, 2, 100.0}), geo::OfficeStanding::Unknown);
  EXPECT_EQ(geo::office_standing(review, {3, 3, 100.0}), geo::OfficeStanding::Unknown);
  EXPECT_EQ(geo::office_standing(review, {4, std::nullopt, 100.0}), geo::OfficeStanding::Unknown);  // outside every community
  EXPECT_EQ(geo::office_standing(review, {5, 9, 100.0}), geo::OfficeStanding::Unknown);             // no such community
}

TEST(OfficeSymbols, SymbolAreaInProportionToFloorArea) {
  EXPECT_DOUBLE_EQ(geo::office_symbol_size(100.0), 8.0);
  EXPECT_DOUBLE_EQ(geo::office_symbol_size(400.0), 16.0);  // four times the area, twice the side
  EXPECT_DOUBLE_EQ(geo::office_symbol_size(5000.0), 24.0);  // capped
  EXPECT_DOUBLE_EQ(geo::office_symbol_size(10.0), 6.0);     // never a speck
  EXPECT_DOUBLE_EQ(geo::office_symbol_size(std::nullopt), 8.0);
}

TEST(ParkingClasses, EverySpaceCountFallsInOneClass) {
  EXPECT_EQ(geo::parking_class_of(0.0), std::optional<std::size_t>(0));
  EXPECT_EQ(geo::parking_class_of(49.0), std::optional<std::size_t>(0));
  EXPECT_EQ(geo::parking_class_of(50.0), std::optional<std::size_t>(1));
  EXPECT_EQ(geo::parking_class_of(299.0), std::optional<std::size_t>(2));
  EXPECT_EQ(geo::parking_class_of(5000.0), std::optional<std::size_t>(3));
  EXPECT_FALSE(geo::parking_class_of(std::nullopt).has_value());  // unknown is not a class
  EXPECT_FALSE(geo::parking_class_of(-3.0).has_value());
}

TEST(CommunityStyle, BoundariesAreDashDotInQgisToo) {
  geo::LayerData communities;
  communities.role = geo::Role::Communities;
  const std::string qml = geo::qgis_style_qml({}, geo::GeometryKind::Polygon, communities);
  EXPECT_NE(qml.find("<prop k=\"outline_style\" v=\"dash dot\"/>"), std::string::npos) << qml;
}
