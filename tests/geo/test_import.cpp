// cplan import's engine: profiles, tag patterns, and small OSM, Geofabrik and survey extracts
// written here, whose right answers are known by construction or computed independently (OGR's
// own transformation and area for the estimated parking spaces).
#include <gtest/gtest.h>

#include <ogr_spatialref.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "../support/osm_city.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/import.h"
#include "geo/network.h"
#include "geo/plugins.h"
#include "geo/project.h"
#include "geo/web_map_offsets.h"
#include "import/profile.h"
#include "import/tags.h"

namespace fs = std::filesystem;
using geo::import::TagPattern;
using geo::import::Tags;
using fixtures::lat_at;
using fixtures::lon_at;
using fixtures::OsmCity;
using fixtures::test_city;

namespace {

std::unique_ptr<GDALDataset> open_gpkg(const fs::path& file) {
  return std::unique_ptr<GDALDataset>(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

const geo::ImportedLayer* imported(const geo::ImportReport& r, const std::string& name) {
  for (const auto& l : r.layers)
    if (l.name == name) return &l;
  return nullptr;
}

bool any_note_contains(const geo::ImportedLayer& l, const std::string& text) {
  for (const auto& n : l.notes)
    if (n.find(text) != std::string::npos) return true;
  return false;
}

std::map<std::string, std::string> feature_text(OGRLayer& layer, const std::string& key, const std::string& field) {
  std::map<std::string, std::string> out;
  for (auto& f : layer) {
    const std::string k = f->GetFieldAsString(key.c_str());
    out[k] = f->IsFieldSetAndNotNull(f->GetFieldIndex(field.c_str())) ? std::string(f->GetFieldAsString(field.c_str())) : "<null>";
  }
  return out;
}

}  // namespace

TEST(TagPatterns, PresenceValuesGlobsNegationAndConjunction) {
  const Tags tags = {{"amenity", "kindergarten"}, {"name", "阳光幼儿园"}, {"social_facility:for", "senior"}};
  EXPECT_TRUE(TagPattern::parse("amenity=*").matches(tags));
  EXPECT_TRUE(TagPattern::parse("amenity").matches(tags));
  EXPECT_TRUE(TagPattern::parse("amenity=clinic|kindergarten").matches(tags));
  EXPECT_FALSE(TagPattern::parse("amenity=clinic|doctors").matches(tags));
  EXPECT_TRUE(TagPattern::parse("name=*幼儿园").matches(tags));
  EXPECT_FALSE(TagPattern::parse("name=幼儿园*").matches(tags));
  EXPECT_TRUE(TagPattern::parse("!building").matches(tags));
  EXPECT_FALSE(TagPattern::parse("!amenity").matches(tags));
  EXPECT_TRUE(TagPattern::parse("access!=private|no").matches(tags));
  EXPECT_FALSE(TagPattern::parse("amenity!=kindergarten").matches(tags));
  EXPECT_TRUE(TagPattern::parse("amenity=kindergarten & social_facility:for=senior").matches(tags));
  EXPECT_FALSE(TagPattern::parse("amenity=kindergarten & social_facility:for=child").matches(tags));
  EXPECT_EQ(TagPattern::parse("amenity=*").matched(tags), "amenity=kindergarten");
  EXPECT_THROW(TagPattern::parse("amenity="), geo::Error);
  EXPECT_THROW(TagPattern::parse("=x"), geo::Error);
  EXPECT_THROW(TagPattern::parse("a=b & "), geo::Error);
}

TEST(TagPatterns, GlobsBacktrack) {
  EXPECT_TRUE(geo::import::glob_match("*幼儿园*", "科教文化服务;学校;幼儿园"));
  EXPECT_TRUE(geo::import::glob_match("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(geo::import::glob_match("a*b*c", "aXbYbZ"));
  EXPECT_TRUE(geo::import::glob_match("gis_osm_roads*", "gis_osm_roads_free_1"));
  EXPECT_FALSE(geo::import::glob_match("gis_osm_roads*", "gis_osm_railways_free_1"));
  EXPECT_TRUE(geo::import::glob_match("*", ""));
}

TEST(TagPatterns, OtherTagsHstoreWithEscapes) {
  Tags tags;
  geo::import::parse_hstore(R"("building:levels"=>"6","name:en"=>"Say \"hi\"","note"=>"a\\b","x"=>NULL,"height"=>"28 m")", tags);
  ASSERT_EQ(tags.size(), 4u);
  EXPECT_EQ(*geo::import::find_tag(tags, "building:levels"), "6");
  EXPECT_EQ(*geo::import::find_tag(tags, "name:en"), "Say \"hi\"");
  EXPECT_EQ(*geo::import::find_tag(tags, "note"), "a\\b");
  EXPECT_EQ(*geo::import::find_tag(tags, "height"), "28 m");
  EXPECT_EQ(geo::import::find_tag(tags, "x"), nullptr);
}

TEST(TagPatterns, MeasuresAsMappersWriteThemAndNothingElse) {
  using geo::import::parse_measure;
  EXPECT_EQ(parse_measure("12"), 12.0);
  EXPECT_EQ(parse_measure(" 12.5 "), 12.5);
  EXPECT_EQ(parse_measure("28 m"), 28.0);
  EXPECT_EQ(parse_measure("18米"), 18.0);
  EXPECT_EQ(parse_measure("6层"), 6.0);
  EXPECT_EQ(parse_measure("6F"), 6.0);
  for (const char* bad : {"", "约12", "3;4", "-1", "unknown", "12 ft", "nan", "inf", "1e999"}) EXPECT_FALSE(parse_measure(bad)) << bad;
}

TEST(ImportProfiles, ShippedProfilesReadAndBadOnesAreNamed) {
  for (const char* name : {"osm", "geofabrik", "survey"}) {
    const auto profile = geo::import::read_import_profile(geo::resolve_plugin("importers", name, "import profile"));
    EXPECT_TRUE(profile.role("buildings")) << name;
    EXPECT_TRUE(profile.role("facilities")) << name;
    EXPECT_FALSE(profile.network.empty()) << name;
    EXPECT_FALSE(profile.households.empty()) << name;
  }
  fixtures::TempDir dir;
  auto write = [&](const std::string& text) {
    std::ofstream(dir / "bad.toml") << text;
    return dir / "bad.toml";
  };
  geo::ImportOptions o;
  o.sources = {dir / "none.osm"};
  o.out_dir = dir / "out";
  auto error_of = [&](const std::string& text) {
    o.profile = write(text).string();
    try {
      geo::import_city(o);
    } catch (const geo::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("[buildings]\ngeometry = \"volume\"\nmatch = [\"building=*\"]\n").find("area, line, point or any"), std::string::npos);
  EXPECT_NE(error_of("[buildings]\nmatch = [\"building=\"]\n").find("bad.toml"), std::string::npos);
  EXPECT_NE(error_of("[facilities]\n[[facilities.kinds]]\nkind = \"bakery\"\nmatch = [\"shop=bakery\"]\n").find("unknown facility kind 'bakery'"),
            std::string::npos);
  EXPECT_NE(error_of("[buildings]\nmatch = [\"building=*\"]\n[network]\nsnap_tolerance_m = -1\n").find("[network]"), std::string::npos);
  EXPECT_NE(error_of("[shops]\nmatch = [\"shop=*\"]\n").find("unknown section 'shops'"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "out"));
}

class OsmImport : public ::testing::Test {
 protected:
  void SetUp() override {
    const OsmCity city = test_city();
    fixtures::write_osm_pbf(dir / "city.osm.pbf", city.nodes, city.ways);
    fixtures::write_osm_xml(dir / "city.osm", city.nodes, city.ways);
  }
  geo::ImportReport run(const fs::path& source, const fs::path& out, std::optional<geo::Extent> bbox = {}) {
    geo::ImportOptions o;
    o.sources = {source};
    o.out_dir = out;
    o.bbox = bbox;
    return geo::import_city(o);
  }
  fixtures::TempDir dir;
};

TEST_F(OsmImport, EveryRoleFromTheTagsTheProfileNames) {
  const geo::ImportReport r = run(dir / "city.osm.pbf", dir / "out");
  EXPECT_EQ(r.working_epsg, 4547);
  EXPECT_EQ(r.gpkg, dir / "out" / "city.gpkg");
  EXPECT_EQ(r.project, dir / "out" / "city.toml");
  ASSERT_NE(imported(r, "buildings"), nullptr);
  EXPECT_EQ(imported(r, "buildings")->features, 4u);  // not the label point, not the building:part
  EXPECT_TRUE(any_note_contains(*imported(r, "buildings"), "points, not areas"));
  EXPECT_TRUE(any_note_contains(*imported(r, "buildings"), "of height_m are not numbers"));
  EXPECT_TRUE(any_note_contains(*imported(r, "buildings"), "share 1 id(s) (2002"));
  EXPECT_EQ(imported(r, "communities")->features, 1u);
  EXPECT_EQ(imported(r, "facilities")->features, 5u);  // not the café
  EXPECT_EQ(imported(r, "parking")->features, 4u);
  EXPECT_EQ(imported(r, "residential_areas")->features, 1u);
  EXPECT_EQ(imported(r, "roads")->features, 7u);  // not the construction site
  EXPECT_EQ(imported(r, "candidates")->features, 1u);  // the residential land
  ASSERT_NE(imported(r, "water"), nullptr);
  EXPECT_EQ(imported(r, "water")->features, 1u);  // the city map, under the planning layers
  ASSERT_NE(imported(r, "green"), nullptr);
  EXPECT_EQ(imported(r, "green")->features, 1u);
  const geo::ProjectSpec spec = geo::read_project(r.project);
  ASSERT_EQ(spec.map_layers.size(), 2u);
  for (const auto& m : spec.map_layers) {
    EXPECT_TRUE(m.below);
    EXPECT_EQ(m.source, r.gpkg);
    EXPECT_FALSE(spec.styles.at(m.id).fill.empty());  // in the city-map style
  }

  auto ds = open_gpkg(r.gpkg);
  ASSERT_TRUE(ds);
  OGRLayer* buildings = ds->GetLayerByName("buildings");
  ASSERT_TRUE(buildings);
  ASSERT_TRUE(buildings->GetSpatialRef());
  EXPECT_STREQ(buildings->GetSpatialRef()->GetAuthorityCode(nullptr), "4547");
  std::map<std::string, std::vector<std::string>> by_id;
  for (auto& f : *buildings) {
    // GetFieldAsString's text lives until the next call: each one copied at once.
    auto text = [&f](const char* field) { return f->IsFieldSetAndNotNull(f->GetFieldIndex(field)) ? std::string(f->GetFieldAsString(field)) : "-"; };
    const std::string use = text("use"), levels = text("levels"), height = text("height_m");
    by_id[text("building_id")].push_back(use + "|" + levels + "|" + height);
  }
  EXPECT_EQ(by_id["1001"], std::vector<std::string>{"residential|6|-"});
  EXPECT_EQ(by_id["2002"], (std::vector<std::string>{"yes|-|28", "yes|-|28"}));
  EXPECT_EQ(by_id["w4"], std::vector<std::string>{"yes|-|-"});  // 约12: not a number, left empty

  std::map<std::string, std::string> kinds = feature_text(*ds->GetLayerByName("facilities"), "name", "kind");
  EXPECT_EQ(kinds["阳光幼儿园"], "kindergarten");
  EXPECT_EQ(kinds["社区卫生服务站"], "health_station");
  std::multiset<std::string> all_kinds;
  for (auto& f : *ds->GetLayerByName("facilities")) all_kinds.insert(f->GetFieldAsString("kind"));
  EXPECT_EQ(all_kinds, (std::multiset<std::string>{"community_office", "elderly_care", "health_station", "kindergarten", "market"}));
}

TEST_F(OsmImport, ParkingSpacesFromCapacityElseFromTheAreaMeasuredIndependently) {
  const geo::ImportReport r = run(dir / "city.osm.pbf", dir / "out");
  auto ds = open_gpkg(r.gpkg);
  OGRLayer* parking = ds->GetLayerByName("parking");
  ASSERT_TRUE(parking);
  // The car park outline's area by OGR's own transformation into the zone, independent of the engine.
  OGRSpatialReference wgs84, zone;
  wgs84.importFromEPSG(4326);
  zone.importFromEPSG(4547);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  zone.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRPolygon outline;
  OGRLinearRing ring;
  for (auto [x, y] : std::vector<std::pair<double, double>>{{180, 100}, {230, 100}, {230, 120}, {180, 120}, {180, 100}})
    ring.addPoint(lon_at(x), lat_at(y));
  outline.addRing(&ring);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &zone));
  ASSERT_EQ(outline.transform(ct.get()), OGRERR_NONE);
  const long expected_spaces = std::lround(outline.get_Area() / 25.0);
  ASSERT_NEAR(outline.get_Area(), 1000.0, 30.0);

  std::map<std::string, std::string> spaces = feature_text(*parking, "parking_id", "spaces");
  std::map<std::string, std::string> marked = feature_text(*parking, "parking_id", "spaces_estimated");
  EXPECT_EQ(std::stol(spaces["w7"]), expected_spaces);
  EXPECT_EQ(marked["w7"], "1");
  int with_capacity = 0, unknown = 0;
  for (const auto& [id, s] : spaces) {
    if (id == "w7") continue;
    if (s == "40") {
      ++with_capacity;
      EXPECT_EQ(marked[id], "0");
    }
    if (s == "<null>") ++unknown;  // no capacity, no area: never a made-up number
  }
  EXPECT_EQ(with_capacity, 1);
  EXPECT_EQ(unknown, 2);
  EXPECT_TRUE(any_note_contains(*imported(r, "parking"), "estimated from the area"));
  EXPECT_TRUE(any_note_contains(*imported(r, "parking"), "1 value(s) of spaces are not numbers and were left empty: 1 (n"));
  EXPECT_TRUE(any_note_contains(*imported(r, "parking"), "2 without spaces and without an area to estimate it from: left empty"));
}

TEST_F(OsmImport, TheProjectLoadsWithEstimatedHouseholdsAndChineseWalkingRules) {
  const geo::ImportReport r = run(dir / "city.osm.pbf", dir / "out");
  const geo::ProjectSpec spec = geo::read_project(r.project);
  EXPECT_EQ(spec.crs, "EPSG:4547");
  EXPECT_TRUE(spec.households.enabled);
  EXPECT_EQ(spec.households.residential_areas, dir / "out" / "city.gpkg");
  const geo::Project project = geo::load_project(spec);
  EXPECT_EQ(project.working_epsg, 4547);
  const geo::LayerData& b = *project.layer(geo::Role::Buildings);
  int checked = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const std::string id = b.text(i, "building_id");
    EXPECT_EQ(b.text(i, "households_estimated"), "1") << id;
    if (id == "1001") {
      ++checked;
      // 20 m × 20 m (within the approximation of the layout) × 6 levels ÷ 85 m² per household.
      EXPECT_NEAR(*b.number(i, "households"), 400.0 * 6 / 85.0, 400.0 * 6 / 85.0 * 0.02);
    }
    if (id == "w4") {
      ++checked;
      EXPECT_EQ(*b.number(i, "households"), 0.0) << "building=yes outside residential land is not a home";
    }
  }
  EXPECT_EQ(checked, 2) << "buildings 1001 and w4 must both be there";
  EXPECT_NE(project.households_note.find("estimated from floor area"), std::string::npos);

  const geo::LayerData& roads = *project.layer(geo::Role::Roads);
  std::map<std::string, std::string> why;
  for (std::size_t i = 0; i < roads.size(); ++i) {
    const auto reason = geo::not_walkable(roads, i, project.spec.network);
    why[roads.text(i, "road_id")] = reason ? geo::to_string(*reason) : "walkable";
  }
  EXPECT_EQ(why["w10"], "walkable");  // a trunk road with sidewalks
  EXPECT_NE(why["w11"], "walkable");  // the trunk road's tunnel
  EXPECT_EQ(why["w12"], "walkable");  // a pedestrian underpass
  EXPECT_NE(why["w13"], "walkable");  // motorway
  EXPECT_NE(why["w14"], "walkable");  // foot=no footbridge
  EXPECT_EQ(why["w15"], "walkable");  // a street through a building
}

TEST_F(OsmImport, OsmXmlAndPbfGiveTheSameProject) {
  const geo::ImportReport pbf = run(dir / "city.osm.pbf", dir / "pbf");
  const geo::ImportReport xml = run(dir / "city.osm", dir / "xml");
  ASSERT_EQ(pbf.layers.size(), xml.layers.size());
  for (std::size_t i = 0; i < pbf.layers.size(); ++i) {
    EXPECT_EQ(pbf.layers[i].name, xml.layers[i].name);
    EXPECT_EQ(pbf.layers[i].features, xml.layers[i].features) << pbf.layers[i].name;
  }
}

TEST_F(OsmImport, ABoxKeepsWhatTouchesItWhole) {
  geo::Extent box;
  box.include(geo::Point{lon_at(-5), lat_at(-5)});
  box.include(geo::Point{lon_at(35), lat_at(25)});
  const geo::ImportReport r = run(dir / "city.osm.pbf", dir / "out", box);
  // Building 1 and the first piece of 2002; the community and the residential land touch the box.
  EXPECT_EQ(imported(r, "buildings")->features, 2u);
  EXPECT_EQ(imported(r, "communities")->features, 1u);
  auto ds = open_gpkg(r.gpkg);
  OGREnvelope env;
  ASSERT_EQ(ds->GetLayerByName("buildings")->GetExtent(&env), OGRERR_NONE);
  EXPECT_GT(env.MaxX - env.MinX, 35.0) << "the piece crossing the box's edge is kept whole";
}

TEST_F(OsmImport, ABoundaryFileGivesTheCommunitiesWhenTheSourceHasNone) {
  OsmCity city = test_city();
  city.ways.erase(city.ways.begin());  // no admin_level=10
  fixtures::write_osm_pbf(dir / "plain.osm.pbf", city.nodes, city.ways);
  const fs::path boundary = fixtures::write_layer(
      "GeoJSON", dir / "zones.geojson",
      {.name = "zones",
       .type = wkbPolygon,
       .epsg = 4326,
       .fields = {{"社区名称", OFTString}, {"户数", OFTInteger}},
       .features = {{fmt::format("POLYGON(({0} {2},{1} {2},{1} {3},{0} {3},{0} {2}))", lon_at(-20), lon_at(70), lat_at(-40), lat_at(35)),
                     {{"社区名称", "西区"}, {"户数", "300"}}},
                    {fmt::format("POLYGON(({0} {2},{1} {2},{1} {3},{0} {3},{0} {2}))", lon_at(70), lon_at(245), lat_at(-40), lat_at(5)),
                     {{"社区名称", "东区"}, {"户数", "10"}}}}});
  geo::ImportOptions o;
  o.sources = {dir / "plain.osm.pbf"};
  o.out_dir = dir / "out";
  o.boundary = boundary;
  const geo::ImportReport r = geo::import_city(o);
  ASSERT_NE(imported(r, "communities"), nullptr);
  EXPECT_EQ(imported(r, "communities")->features, 2u);
  EXPECT_NE(imported(r, "communities")->from.find("name from 社区名称"), std::string::npos);
  // Only what touches the zones: the footbridge at y 40..90 and the street at y 90 lie outside,
  // and so do the car parks at y 10, though inside the zones' extent (the east zone ends at y 5).
  auto ds = open_gpkg(r.gpkg);
  EXPECT_EQ(ds->GetLayerByName("parking")->GetFeatureCount(), 0);
  std::set<std::string> roads;
  for (auto& f : *ds->GetLayerByName("roads")) roads.insert(f->GetFieldAsString("road_id"));
  EXPECT_FALSE(roads.count("w14"));
  EXPECT_FALSE(roads.count("w16"));
  EXPECT_TRUE(roads.count("w10"));
  // The communities' households calibrate the estimates: each community's buildings sum to its total.
  const geo::Project project = geo::load_project(geo::read_project(r.project));
  ASSERT_TRUE(project.spec.households.calibration);
  const geo::LayerData& b = *project.layer(geo::Role::Buildings);
  double west = 0;
  for (std::size_t i = 0; i < b.size(); ++i)
    if (b.geometries[i].parts[0][0][0].x < project.layer(geo::Role::Communities)->geometries[1].parts[0][0][0].x)
      west += b.number(i, "households").value_or(0);
  EXPECT_NEAR(west, 300.0, 1e-6);
}

TEST_F(OsmImport, NothingIsWrittenWhenTheImportFailsOrIsCancelled) {
  fs::create_directories(dir / "out");
  std::ofstream(dir / "out" / "city.toml") << "# a planner's own project\n";
  const auto before = fixtures::snapshot(dir / "out");
  EXPECT_THROW(run(dir / "city.osm.pbf", dir / "out"), geo::Error);
  EXPECT_EQ(fixtures::snapshot(dir / "out"), before);

  for (double at : {10.0, 70.0, 90.0}) {
    geo::Feedback* self = nullptr;
    geo::Feedback feedback([&](double percent, std::string_view) {
      if (percent >= at && self) self->cancel();
    });
    self = &feedback;
    geo::ImportOptions o;
    o.sources = {dir / "city.osm.pbf"};
    o.out_dir = dir / "cancelled";
    EXPECT_THROW(geo::import_city(o, &feedback), geo::Cancelled) << at;
    EXPECT_FALSE(fs::exists(dir / "cancelled")) << at;
  }
}

TEST(GeofabrikImport, ShapefileLayersByFclassWithTrueFalseTunnels) {
  fixtures::TempDir dir;
  auto box = [](double x0, double y0, double x1, double y1) {
    return fmt::format("POLYGON(({0} {2},{1} {2},{1} {3},{0} {3},{0} {2}))", lon_at(x0), lon_at(x1), lat_at(y0), lat_at(y1));
  };
  auto line = [](double x0, double y0, double x1, double y1) {
    return fmt::format("LINESTRING({} {},{} {})", lon_at(x0), lat_at(y0), lon_at(x1), lat_at(y1));
  };
  fixtures::write_layer("ESRI Shapefile", dir / "gis_osm_buildings_a_free_1.shp",
                        {.name = "gis_osm_buildings_a_free_1", .type = wkbPolygon, .epsg = 4326,
                         .fields = {{"osm_id", OFTString}, {"code", OFTInteger}, {"fclass", OFTString}, {"name", OFTString}, {"type", OFTString}},
                         .features = {{box(0, 0, 20, 20), {{"osm_id", "11"}, {"code", "1500"}, {"fclass", "building"}, {"type", "apartments"}}},
                                      {box(40, 0, 60, 20), {{"osm_id", "12"}, {"code", "1500"}, {"fclass", "building"}, {"type", "retail"}}}},
                         .creation_options = {"ENCODING=UTF-8"}});
  fixtures::write_layer("ESRI Shapefile", dir / "gis_osm_roads_free_1.shp",
                        {.name = "gis_osm_roads_free_1", .type = wkbLineString, .epsg = 4326,
                         .fields = {{"osm_id", OFTString}, {"fclass", OFTString}, {"name", OFTString}, {"tunnel", OFTString}},
                         .features = {{line(-10, -10, 100, -10), {{"osm_id", "21"}, {"fclass", "trunk"}, {"name", "珞喻路"}, {"tunnel", "F"}}},
                                      {line(100, -10, 200, -10), {{"osm_id", "22"}, {"fclass", "trunk"}, {"tunnel", "T"}}},
                                      {line(-10, 30, 200, 30), {{"osm_id", "23"}, {"fclass", "motorway"}, {"tunnel", "F"}}}},
                         .creation_options = {"ENCODING=UTF-8"}});
  fixtures::write_layer("ESRI Shapefile", dir / "gis_osm_pois_free_1.shp",
                        {.name = "gis_osm_pois_free_1", .type = wkbPoint, .epsg = 4326,
                         .fields = {{"osm_id", OFTString}, {"fclass", OFTString}, {"name", OFTString}},
                         .features = {{fmt::format("POINT({} {})", lon_at(30), lat_at(5)), {{"osm_id", "31"}, {"fclass", "kindergarten"}}},
                                      {fmt::format("POINT({} {})", lon_at(35), lat_at(5)), {{"osm_id", "32"}, {"fclass", "nursing_home"}}},
                                      {fmt::format("POINT({} {})", lon_at(36), lat_at(5)), {{"osm_id", "33"}, {"fclass", "bakery"}}}},
                         .creation_options = {"ENCODING=UTF-8"}});
  fixtures::write_layer("ESRI Shapefile", dir / "gis_osm_traffic_a_free_1.shp",
                        {.name = "gis_osm_traffic_a_free_1", .type = wkbPolygon, .epsg = 4326,
                         .fields = {{"osm_id", OFTString}, {"fclass", OFTString}},
                         .features = {{box(120, 0, 170, 20), {{"osm_id", "41"}, {"fclass", "parking"}}},
                                      {box(180, 0, 190, 5), {{"osm_id", "42"}, {"fclass", "parking_bicycle"}}}},
                         .creation_options = {"ENCODING=UTF-8"}});
  fixtures::write_layer("ESRI Shapefile", dir / "gis_osm_landuse_a_free_1.shp",
                        {.name = "gis_osm_landuse_a_free_1", .type = wkbPolygon, .epsg = 4326,
                         .fields = {{"osm_id", OFTString}, {"fclass", OFTString}},
                         .features = {{box(-5, -5, 25, 25), {{"osm_id", "51"}, {"fclass", "residential"}}}},
                         .creation_options = {"ENCODING=UTF-8"}});
  const fs::path boundary = fixtures::write_layer("GeoJSON", dir / "zone.geojson",
                                                  {.name = "zone", .type = wkbPolygon, .epsg = 4326, .fields = {{"name", OFTString}},
                                                   .features = {{box(-20, -20, 210, 40), {{"name", "光谷社区"}}}}});
  geo::ImportOptions o;
  for (const char* f : {"gis_osm_buildings_a_free_1.shp", "gis_osm_roads_free_1.shp", "gis_osm_pois_free_1.shp", "gis_osm_traffic_a_free_1.shp",
                        "gis_osm_landuse_a_free_1.shp"})
    o.sources.push_back(dir / f);
  o.profile = "geofabrik";
  o.out_dir = dir / "out";
  o.boundary = boundary;
  const geo::ImportReport r = geo::import_city(o);
  EXPECT_EQ(imported(r, "buildings")->features, 2u);
  EXPECT_EQ(imported(r, "facilities")->features, 2u);
  EXPECT_EQ(imported(r, "parking")->features, 1u);
  EXPECT_EQ(imported(r, "communities")->features, 1u);
  const geo::Project project = geo::load_project(geo::read_project(r.project));
  const geo::LayerData& roads = *project.layer(geo::Role::Roads);
  std::map<std::string, bool> walkable;
  for (std::size_t i = 0; i < roads.size(); ++i) walkable[roads.text(i, "road_id")] = !geo::not_walkable(roads, i, project.spec.network);
  EXPECT_TRUE(walkable["21"]) << "tunnel = F is no tunnel";
  EXPECT_FALSE(walkable["22"]);
  EXPECT_FALSE(walkable["23"]);
  const geo::LayerData& b = *project.layer(geo::Role::Buildings);
  for (std::size_t i = 0; i < b.size(); ++i)
    EXPECT_EQ(b.number(i, "households").value_or(-1) > 0, b.text(i, "use") == "apartments") << b.text(i, "building_id");
}

TEST(SurveyImport, ChineseFieldsAndAmapPoisInGcj02) {
  fixtures::TempDir dir;
  // Buildings from a 1:500 survey in the zone's own CRS (EPSG:4547), fields named in Chinese and
  // encoded in GBK, as survey offices write them (社区名称 fits a .dbf's 10 bytes only in GBK).
  const double e0 = 537000, n0 = 3375700;
  auto rect = [&](double x0, double y0, double x1, double y1) {
    return fmt::format("POLYGON(({0} {2},{1} {2},{1} {3},{0} {3},{0} {2}))", e0 + x0, e0 + x1, n0 + y0, n0 + y1);
  };
  fixtures::write_layer("ESRI Shapefile", dir / "房屋.shp",
                        {.name = "房屋", .type = wkbPolygon, .epsg = 4547,
                         .fields = {{"层数", OFTString}, {"结构", OFTString}, {"用途", OFTString}},
                         .features = {{rect(0, 0, 20, 10), {{"层数", "6层"}, {"结构", "砖混"}, {"用途", "住宅"}}},
                                      {rect(30, 0, 50, 10), {{"层数", "3"}, {"结构", "钢混"}, {"用途", "商业"}}},
                                      {rect(60, 0, 70, 10), {{"层数", "约5"}, {"结构", "砖木"}, {"用途", "住宅"}}}},
                         .creation_options = {"ENCODING=CP936"}});
  fixtures::write_layer("ESRI Shapefile", dir / "社区.shp",
                        {.name = "社区", .type = wkbPolygon, .epsg = 4547,
                         .fields = {{"社区名称", OFTString}, {"社区代码", OFTString}},
                         .features = {{rect(-100, -100, 200, 100), {{"社区名称", "关山社区"}, {"社区代码", "420111001001"}}}},
                         .creation_options = {"ENCODING=CP936"}});
  // An AMap export: GCJ-02 lon/lat in one "lng,lat" column.
  OGRSpatialReference zone, lonlat;
  zone.importFromEPSG(4547);
  lonlat.importFromEPSG(4490);
  zone.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  lonlat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_lonlat(OGRCreateCoordinateTransformation(&zone, &lonlat));
  geo::Point kindergarten_wgs{e0 + 100, n0 + 50};
  ASSERT_TRUE(to_lonlat->Transform(1, &kindergarten_wgs.x, &kindergarten_wgs.y));
  const geo::Point kindergarten_gcj = geo::wgs84_to_gcj02(kindergarten_wgs);
  {
    std::ofstream csv(dir / "高德POI.csv");
    csv << "id,name,type,typecode,location\n";
    csv << fmt::format("B001,阳光幼儿园,科教文化服务;学校;幼儿园,141204,\"{:.9f},{:.9f}\"\n", kindergarten_gcj.x, kindergarten_gcj.y);
    csv << fmt::format("B002,关山社区党群服务中心,政府机构及社会团体;政府机关;社区中心,130000,\"{:.9f},{:.9f}\"\n", kindergarten_gcj.x + 0.001,
                       kindergarten_gcj.y);
    csv << fmt::format("B003,某咖啡馆,餐饮服务;咖啡厅;咖啡厅,050500,\"{:.9f},{:.9f}\"\n", kindergarten_gcj.x, kindergarten_gcj.y + 0.001);
  }
  geo::ImportOptions o;
  o.sources = {dir / "房屋.shp", dir / "社区.shp", dir / "高德POI.csv"};
  o.profile = "survey";
  o.out_dir = dir / "out";
  o.name = "关山";
  const geo::ImportReport r = geo::import_city(o);
  EXPECT_EQ(imported(r, "buildings")->features, 3u);
  EXPECT_TRUE(any_note_contains(*imported(r, "buildings"), "约5"));
  EXPECT_EQ(imported(r, "communities")->features, 1u);
  EXPECT_EQ(imported(r, "facilities")->features, 2u);
  const geo::Project project = geo::load_project(geo::read_project(r.project));
  const geo::LayerData& f = *project.layer(geo::Role::Facilities);
  bool found = false;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f.text(i, "name") != "阳光幼儿园") continue;
    found = true;
    EXPECT_EQ(f.text(i, "kind"), "kindergarten");
    // The GCJ-02 offset (hundreds of metres) undone to within a few centimetres.
    EXPECT_NEAR(f.geometries[i].parts[0][0][0].x, e0 + 100, 0.05);
    EXPECT_NEAR(f.geometries[i].parts[0][0][0].y, n0 + 50, 0.05);
  }
  EXPECT_TRUE(found);
  const geo::LayerData& b = *project.layer(geo::Role::Buildings);
  std::map<std::string, std::string> levels;
  for (std::size_t i = 0; i < b.size(); ++i) levels[b.text(i, "structure")] = b.text(i, "levels");
  EXPECT_EQ(levels["砖混"], "6");
  EXPECT_EQ(levels["钢混"], "3");
  EXPECT_EQ(levels["砖木"], "");
  EXPECT_EQ(project.layer(geo::Role::Communities)->text(0, "name"), "关山社区");
}

TEST(SurveyImport, BadFeaturesAreSetAsideAndNamedAndAFileWithoutCrsIsRefused) {
  fixtures::TempDir dir;
  const double e0 = 537000, n0 = 3375700;
  auto rect = [&](double x0, double y0, double x1, double y1) {
    return fmt::format("POLYGON(({0} {2},{1} {2},{1} {3},{0} {3},{0} {2}))", x0, x1, y0, y1);
  };
  // One building whose coordinates no CRS can hold (a digitising slip of eleven digits).
  fixtures::write_layer("GeoJSON", dir / "buildings.geojson",
                        {.name = "buildings", .type = wkbPolygon, .epsg = 4547, .fields = {{"层数", OFTString}},
                         .features = {{rect(e0, n0, e0 + 20, n0 + 10), {{"层数", "6"}}},
                                      {rect(9e11, 9e11, 9e11 + 20, 9e11 + 10), {{"层数", "5"}}}}});
  {
    std::ofstream csv(dir / "poi.csv");
    csv << "id,name,type,location\n";
    csv << "B1,阳光幼儿园,科教文化服务;学校;幼儿园,\"114.39,30.50\"\n";
    csv << "B2,星星幼儿园,科教文化服务;学校;幼儿园,未知\n";  // no usable location
  }
  geo::ImportOptions o;
  o.sources = {dir / "buildings.geojson", dir / "poi.csv"};
  o.profile = "survey";
  o.out_dir = dir / "out";
  const geo::ImportReport r = geo::import_city(o);
  EXPECT_EQ(imported(r, "buildings")->features, 1u);
  EXPECT_EQ(imported(r, "facilities")->features, 1u);
  std::string sources;
  for (const auto& s : r.sources) sources += s + "\n";
  EXPECT_NE(sources.find("buildings.geojson/buildings (EPSG:4547): 2 features read, 1 with coordinates outside their CRS set aside (1)"),
            std::string::npos)
      << sources;
  EXPECT_NE(sources.find("poi.csv/poi (EPSG:4326): 2 features read, 1 without geometry set aside"), std::string::npos) << sources;

  // Projected coordinates and no CRS: refused, naming the file and what to add.
  fixtures::write_layer("ESRI Shapefile", dir / "房屋.shp",
                        {.name = "房屋", .type = wkbPolygon, .epsg = 0, .fields = {{"层数", OFTString}},
                         .features = {{rect(e0, n0, e0 + 20, n0 + 10), {{"层数", "6"}}}},
                         .creation_options = {"ENCODING=CP936"}});
  o.sources = {dir / "房屋.shp"};
  o.out_dir = dir / "out2";
  try {
    geo::import_city(o);
    ADD_FAILURE() << "a layer without CRS was imported";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("房屋.shp"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("crs = \"EPSG:...\""), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir / "out2"));
}
