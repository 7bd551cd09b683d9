// Coverage: straight-line distances against brute force, walking distances against an
// independent shortest-path computation (Boost.Graph's Dijkstra on a graph built here), and
// hand-made networks for motorways, disconnected parts and points on one street.
#include <gtest/gtest.h>

#include <ogr_spatialref.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "datasets/demo_city.h"
#include "geo/coverage.h"
#include "geo/coverage_export.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/geos.h"
#include "geo/network.h"
#include "geo/rules.h"
#include "geo/spatial_index.h"

namespace {

namespace fs = std::filesystem;
using fixtures::LayerFixture;
using fixtures::TempDir;

geo::RulePack standards() { return geo::load_rule_pack(geo::resolve_rule_pack("gb50180")); }

class CityCoverage : public ::testing::Test {
 protected:
  static geo::Project& project(datasets::Scale scale) {
    static std::map<datasets::Scale, std::unique_ptr<geo::Project>> cache;
    static TempDir dir;
    auto& p = cache[scale];
    if (!p) {
      const auto city = datasets::generate_city(scale, 42, dir.path(), datasets::to_string(scale));
      p = std::make_unique<geo::Project>(geo::load_project(geo::read_project(city.project)));
    }
    return *p;
  }
};

// The brute force: the straight-line distance to every facility of the kind, the least of them.
double nearest_by_scanning(const geo::LayerData& facilities, const std::string& kind, geo::Point at) {
  double best = geo::kUnreachable;
  for (std::size_t f = 0; f < facilities.size(); ++f) {
    if (facilities.text(f, "kind") != kind) continue;
    const geo::Point fp = facilities.geometries[f].parts[0][0][0];
    best = std::min(best, std::hypot(fp.x - at.x, fp.y - at.y));
  }
  return best;
}

TEST_F(CityCoverage, StraightLineEqualsBruteForceOnTheDistrict) {
  const geo::Project& p = project(datasets::Scale::District);
  const auto pack = standards();
  const geo::Coverage c = geo::compute_coverage(p, &pack, {.kind = "community_office", .walking = false});
  ASSERT_GT(c.facilities.size(), 10u);
  ASSERT_GT(c.buildings.size(), 10000u);
  const auto& buildings = *p.layer(geo::Role::Buildings);
  const auto& facilities = *p.layer(geo::Role::Facilities);
  double covered = 0;
  for (const auto& b : c.buildings) {
    const double best = nearest_by_scanning(facilities, "community_office", geo::centroid(buildings.geometries[b.index]));
    ASSERT_NEAR(b.euclid_m, best, 1e-9) << "building " << buildings.fids[b.index];
    if (best <= 300) covered += b.households;
  }
  EXPECT_DOUBLE_EQ(c.households_covered_euclid(), covered);
  EXPECT_EQ(c.distance_m, 300.0);  // GB 50180's 5-minute distance for the kind
  EXPECT_NE(c.distance_source.find("GB 50180-2018"), std::string::npos);
}

TEST_F(CityCoverage, PlotsStandInForBuildingsAndMatchBruteForce) {
  const geo::Project& p = project(datasets::Scale::District);
  const auto pack = standards();
  const geo::Coverage c = geo::compute_plot_coverage(p, &pack, {.kind = "kindergarten", .walking = false});
  const auto& plots = *p.layer(geo::Role::Plots);
  const auto& facilities = *p.layer(geo::Role::Facilities);
  std::size_t with_households = 0;
  for (std::size_t i = 0; i < plots.size(); ++i)
    if (plots.number(i, "households").value_or(0) > 0 && !plots.geometries[i].empty()) ++with_households;
  ASSERT_EQ(c.buildings.size(), with_households);  // every plot with households, each once
  ASSERT_GT(with_households, 400u);
  for (const auto& b : c.buildings) {
    EXPECT_EQ(b.households, plots.number(b.index, "households"));
    const double best = nearest_by_scanning(facilities, "kindergarten", geo::centroid(plots.geometries[b.index]));
    ASSERT_NEAR(b.euclid_m, best, 1e-9) << "plot " << plots.fids[b.index];
  }
}

// The independent computation: every walkable segment of the roads layer as an edge, every
// facility and building joined by its own straight leg to the nearest point of the nearest
// segment(s) (found by scanning them all; ties all joined), and one Dijkstra from a super source.
struct IndependentWalk {
  std::vector<double> building_distance;
  std::vector<bool> building_tied;  // joins two or more equally near streets
  std::size_t ties = 0;
};

IndependentWalk independent_walk(const geo::Project& p, const geo::Coverage& c) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                      boost::property<boost::edge_weight_t, double>>;
  const auto& roads = *p.layer(geo::Role::Roads);
  const auto& buildings = *p.layer(geo::Role::Buildings);
  struct Segment {
    geo::Point a, b;
  };
  std::vector<Segment> segments;
  for (std::size_t r = 0; r < roads.size(); ++r) {
    const std::string cls = roads.text(r, "road_class");
    if (cls == "motorway" || cls == "motorway_link") continue;
    const auto& path = roads.geometries[r].parts[0][0];
    for (std::size_t i = 0; i + 1 < path.size(); ++i) segments.push_back({path[i], path[i + 1]});
  }
  std::map<std::pair<double, double>, std::size_t> vertex_of;
  auto vertex = [&vertex_of](geo::Point q) { return vertex_of.emplace(std::pair{q.x, q.y}, vertex_of.size()).first->second; };
  for (const auto& s : segments) vertex(s.a), vertex(s.b);
  // Points joined to the network: (segment, fraction, access, point vertex).
  struct Join {
    std::size_t segment;
    double t, access;
    std::size_t point_vertex;
  };
  std::vector<Join> joins;
  std::size_t next_vertex = vertex_of.size();
  IndependentWalk out;
  std::set<std::size_t> tied_vertices;
  auto join = [&](geo::Point q) {
    const std::size_t v = next_vertex++;
    double best = geo::kUnreachable;
    std::vector<std::pair<std::size_t, double>> nearest;
    for (std::size_t s = 0; s < segments.size(); ++s) {
      const double dx = segments[s].b.x - segments[s].a.x, dy = segments[s].b.y - segments[s].a.y;
      const double t = std::clamp(((q.x - segments[s].a.x) * dx + (q.y - segments[s].a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
      const double d = std::hypot(q.x - (segments[s].a.x + t * dx), q.y - (segments[s].a.y + t * dy));
      if (d < best - 1e-9) {
        best = d;
        nearest.assign(1, {s, t});
      } else if (d <= best + 1e-9) {
        nearest.emplace_back(s, t);
      }
    }
    out.ties += nearest.size() > 1;
    if (nearest.size() > 1) tied_vertices.insert(v);
    for (auto [s, t] : nearest) joins.push_back({s, t, best, v});
    return v;
  };
  std::vector<std::size_t> facility_vertex, building_vertex;
  for (const geo::Point& f : c.facility_points) facility_vertex.push_back(join(f));
  for (const auto& b : c.buildings) building_vertex.push_back(join(geo::centroid(buildings.geometries[b.index])));
  const std::size_t super_source = next_vertex++;
  Graph g(next_vertex);
  // Each segment becomes a chain through the points joined to it, in order along it.
  std::map<std::size_t, std::vector<std::pair<double, std::size_t>>> on_segment;
  for (const auto& j : joins) {
    const std::size_t mid = next_vertex++;
    boost::add_vertex(g);
    on_segment[j.segment].emplace_back(j.t, mid);
    boost::add_edge(j.point_vertex, mid, j.access, g);
  }
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const double length = std::hypot(segments[s].b.x - segments[s].a.x, segments[s].b.y - segments[s].a.y);
    auto chain = on_segment[s];
    std::sort(chain.begin(), chain.end());
    std::size_t previous = vertex(segments[s].a);
    double previous_t = 0;
    for (auto [t, v] : chain) {
      boost::add_edge(previous, v, (t - previous_t) * length, g);
      previous = v;
      previous_t = t;
    }
    boost::add_edge(previous, vertex(segments[s].b), (1 - previous_t) * length, g);
  }
  for (std::size_t f : facility_vertex) boost::add_edge(super_source, f, 0.0, g);
  std::vector<double> distance(boost::num_vertices(g));
  boost::dijkstra_shortest_paths(g, super_source, boost::distance_map(distance.data()));
  for (std::size_t v : building_vertex) out.building_distance.push_back(distance[v]);
  for (std::size_t v : building_vertex) out.building_tied.push_back(tied_vertices.count(v) > 0);
  return out;
}

TEST_F(CityCoverage, WalkingEqualsIndependentDijkstraWithinACentimetre) {
  const geo::Project& p = project(datasets::Scale::Demo);
  const auto pack = standards();
  const geo::Coverage c = geo::compute_coverage(p, &pack, {.kind = "health_station"});
  ASSERT_TRUE(c.walking);
  const IndependentWalk truth = independent_walk(p, c);
  EXPECT_LT(truth.ties, c.buildings.size() / 20);  // ties between equally near streets are rare
  std::size_t compared = 0, equal = 0;
  for (std::size_t i = 0; i < c.buildings.size(); ++i) {
    const double expected = truth.building_distance[i];
    if (expected > geo::walking_horizon(c.distance_m)) continue;  // the engine's search stops there
    ASSERT_TRUE(c.buildings[i].walk_m.has_value()) << i;
    // Where a building is equally near two streets the engine joins one of them: never shorter
    // than the truth; everywhere else exactly the truth.
    EXPECT_GE(*c.buildings[i].walk_m, expected - 0.01) << i;
    const double tolerance = truth.building_tied[i] ? geo::kUnreachable : 0.01;
    EXPECT_LE(*c.buildings[i].walk_m, expected + tolerance) << i;
    ++compared;
    equal += std::fabs(*c.buildings[i].walk_m - expected) <= 0.01;
  }
  EXPECT_GT(compared, c.buildings.size() / 4);
  EXPECT_GE(equal, compared - truth.ties);
  std::cout << "[ walking ] " << equal << " of " << c.buildings.size() << " buildings equal within 1 cm; " << truth.ties
            << " ties\n";
  // Walking is never shorter than the straight line.
  std::size_t walked = 0;
  for (const auto& b : c.buildings) {
    if (!b.walk_m) continue;
    EXPECT_GE(*b.walk_m, b.euclid_m - 1e-6);
    ++walked;
  }
  EXPECT_GE(walked, compared);
}

// A street grid by hand: facility F on the south street, building B across a motorway.
class HandMadeNetwork : public ::testing::Test {
 protected:
  void write(const std::vector<fixtures::FeatureSpec>& roads, const std::vector<fixtures::FeatureSpec>& buildings,
             const std::vector<fixtures::FeatureSpec>& facilities) {
    LayerFixture r{"roads", wkbLineString, 4549, {{"road_class", OFTString}}, roads, {}};
    LayerFixture b{"buildings", wkbPolygon, 4549, {{"户数", OFTInteger}}, buildings, {}};
    LayerFixture f{"facilities", wkbPoint, 4549, {{"设施类型", OFTString}}, facilities, {}};
    fixtures::write_layer("GPKG", dir / "r.gpkg", r);
    fixtures::write_layer("GPKG", dir / "b.gpkg", b);
    fixtures::write_layer("GPKG", dir / "f.gpkg", f);
    std::ofstream(dir / "p.toml") << "[layers.roads]\nsource = \"r.gpkg\"\n[layers.buildings]\nsource = \"b.gpkg\"\n"
                                     "[layers.facilities]\nsource = \"f.gpkg\"\n";
  }
  // A loop of streets 400 m a side (the west one a footway) with a motorway across its middle;
  // a building just east of it, a kindergarten 10 m west of the west street's middle.
  void write_loop_with_motorway() {
    write({{line(0, 0, 400, 0), {{"road_class", "residential"}}},
           {line(400, 0, 400, 400), {{"road_class", "residential"}}},
           {line(400, 400, 0, 400), {{"road_class", "residential"}}},
           {line(0, 400, 0, 0), {{"road_class", "footway"}}},
           {line(0, 200, 400, 200), {{"road_class", "motorway"}}}},
          {{box(410, 200), {{"户数", "100"}}}}, {{point(-10, 200), {{"设施类型", "幼儿园"}}}});
  }
  geo::Coverage run(double distance) {
    const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
    return geo::compute_coverage(p, nullptr, {.kind = "kindergarten", .distance_m = distance, .service_areas = true});
  }
  static std::string line(double x0, double y0, double x1, double y1) {
    return fmt::format("LINESTRING ({} {}, {} {})", 515000 + x0, 3350000 + y0, 515000 + x1, 3350000 + y1);
  }
  static std::string box(double x, double y) {
    return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", 515000 + x - 5, 3350000 + y - 5, 515000 + x + 5,
                       3350000 + y + 5);
  }
  static std::string point(double x, double y) { return fmt::format("POINT ({} {})", 515000 + x, 3350000 + y); }
  TempDir dir;
};

TEST_F(HandMadeNetwork, MotorwaysAreNotWalkedAndFootwaysAre) {
  // A square of streets 400 m a side; a motorway straight across; F at (0, 200) west side,
  // B at (400, 200) on the east side: 400 m by motorway, 800 m around by the streets.
  write_loop_with_motorway();
  const geo::Coverage c = run(1000);
  ASSERT_EQ(c.buildings.size(), 1u);
  // 10 m to the footway, 200 + 400 + 200 m around, 10 m to the building.
  EXPECT_NEAR(*c.buildings[0].walk_m, 820.0, 1e-9);
  EXPECT_NEAR(c.buildings[0].euclid_m, 420.0, 1e-9);
  EXPECT_EQ(c.network.excluded_segments, 1u);
  EXPECT_EQ(c.service_areas.size(), 1u);
  EXPECT_FALSE(c.service_areas[0].empty());
  const geo::Coverage tight = run(500);
  EXPECT_FALSE(tight.covered(tight.buildings[0]));  // 820 m walking > 500 m, though 420 m in a line
  EXPECT_EQ(tight.households_covered_walk(), 0.0);
  EXPECT_EQ(tight.households_covered_euclid(), 100.0);
}

TEST_F(HandMadeNetwork, SameStreetAndDisconnectedParts) {
  // One street with F and B1 on it; an island street far away with B2.
  write({{line(0, 0, 1000, 0), {{"road_class", "residential"}}}, {line(5000, 0, 5100, 0), {{"road_class", "residential"}}}},
        {{box(700, 20), {{"户数", "50"}}}, {box(5050, 20), {{"户数", "80"}}}}, {{point(300, -30), {{"设施类型", "幼儿园"}}}});
  const geo::Coverage c = run(1000);
  ASSERT_EQ(c.buildings.size(), 2u);
  EXPECT_NEAR(*c.buildings[0].walk_m, 30 + 400 + 20, 1e-9);  // along the street, not via its ends
  EXPECT_FALSE(c.buildings[1].walk_m.has_value());
  EXPECT_EQ(c.network.components, 2);
  EXPECT_EQ(c.network.buildings_unreachable, 1u);
  ASSERT_FALSE(c.findings.empty());
  EXPECT_EQ(c.findings.back().code, "disconnected_network");
}

TEST_F(HandMadeNetwork, ServiceAreasAreTheReachedStreetsWidened) {
  // A loop of streets 400 m a side with a motorway across; the kindergarten 10 m west of the west
  // street's middle. Each service area is compared with GEOS's buffer of the stretches worked out
  // by hand (the motorway never in them).
  write_loop_with_motorway();
  auto widened = [&](const std::vector<std::array<double, 4>>& stretches) {
    geo::GeosContext geos;
    geo::Geometry lines{geo::GeometryKind::MultiLineString, {}};
    for (const auto& [x0, y0, x1, y1] : stretches)
      lines.parts.push_back({geo::Path{{515000 + x0, 3350000 + y0}, {515000 + x1, 3350000 + y1}}});
    return geo::area(geos.to_geometry(geos.buffer(geos.from_geometry(lines).get(), geo::kServiceAreaHalfWidth_m, 4).get()));
  };
  // 330 m: 10 m to the street, then 200 m each way along it and 120 m into the south and north streets.
  const geo::Coverage near = run(330);
  ASSERT_EQ(near.service_areas.size(), 1u);
  EXPECT_NEAR(geo::area(near.service_areas[0]), widened({{0, 0, 0, 400}, {0, 0, 120, 0}, {0, 400, 120, 400}}), 0.5);
  // 1,000 m: both ways round meet on the east street; the loop is walked whole, each street once.
  const geo::Coverage far = run(1000);
  EXPECT_NEAR(geo::area(far.service_areas[0]), widened({{0, 0, 400, 0}, {400, 0, 400, 400}, {400, 400, 0, 400}, {0, 400, 0, 0}}), 0.5);
}

TEST_F(HandMadeNetwork, TheCutOffPartIsWrittenWithWhereItIsAndWhomItStrands) {
  write({{line(0, 0, 1000, 0), {{"road_class", "residential"}}}, {line(5000, 0, 5100, 0), {{"road_class", "residential"}}}},
        {{box(700, 20), {{"户数", "50"}}}, {box(5050, 20), {{"户数", "80"}}}}, {{point(300, -30), {{"设施类型", "幼儿园"}}}});
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  const geo::Coverage c = geo::compute_coverage(p, nullptr, {.kind = "kindergarten", .distance_m = 1000});
  geo::write_coverage_outputs(dir / "out", p, {c}, false, false);
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "out" / "coverage.gpkg").string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  OGRLayer* parts = ds->GetLayerByName("network_parts");
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->GetFeatureCount(), 1);
  OGRFeatureUniquePtr f(parts->GetNextFeature());
  EXPECT_EQ(f->GetFieldAsInteger("segments"), 1);
  EXPECT_NEAR(f->GetFieldAsDouble("length_m"), 100.0, 1e-6);
  EXPECT_EQ(f->GetFieldAsInteger("buildings"), 1);
  EXPECT_NEAR(f->GetFieldAsDouble("households"), 80.0, 1e-9);
  EXPECT_EQ(f->GetFieldAsInteger("facilities"), 0);
  // Where it is, by OGR's own transformation of the island street's middle into lon/lat.
  OGRSpatialReference zone, lonlat;
  zone.importFromEPSG(4549);
  lonlat.importFromEPSG(4490);
  zone.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  lonlat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&zone, &lonlat));
  double x = 515000 + 5050, y = 3350000;
  ASSERT_TRUE(ct->Transform(1, &x, &y));
  EXPECT_NEAR(f->GetFieldAsDouble("lon"), x, 1e-6);
  EXPECT_NEAR(f->GetFieldAsDouble("lat"), y, 1e-6);
  ASSERT_TRUE(f->GetGeometryRef());
  EXPECT_NEAR(f->GetGeometryRef()->toMultiLineString()->get_Length(), 100.0, 1e-6);
}

// GB 50180's 300 m for kindergartens, with buildings placed so that their distances are exact in
// binary: one at exactly 300 m (covered: "within" includes the distance itself) and one half a
// metre beyond (not covered), in a straight line and walking. Every figure that says "covered"
// is checked: the building's, the totals and the community's.
TEST_F(HandMadeNetwork, ExactlyAtTheStandardDistanceIsCoveredJustBeyondIsNot) {
  // Streets: (0,0)-(150,0) and (150,0)-(150,130). The kindergarten joins at (0,0), 10 m west.
  // Walking: W300 joins at (150,130) 10 m north of it: 10 + 150 + 130 + 10 = 300 m exactly;
  //          W300.5 joins there 10.5 m north: 300.5 m.
  // Straight line (3-4-5): S300 is (180, 240) from the kindergarten's (-10, 0) = 300 m; S300.5 is
  //          300.5 m due south. Both are far from the streets, so they are not walking-covered.
  const auto pack = standards();
  ASSERT_EQ(geo::facility_standard(pack, "kindergarten")->radius_m, 300.0);
  write({{line(0, 0, 150, 0), {{"road_class", "residential"}}}, {line(150, 0, 150, 130), {{"road_class", "residential"}}}},
        {{box(150, 140), {{"户数", "10"}}},
         {box(150, 140.5), {{"户数", "20"}}},
         {box(-10 + 180, 240), {{"户数", "40"}}},
         {box(-10, -300.5), {{"户数", "80"}}}},
        {{point(-10, 0), {{"设施类型", "幼儿园"}}}});
  LayerFixture c{"communities", wkbPolygon, 4549, {{"社区名称", OFTString}}, {}, {}};
  c.features = {{fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", 515000 - 1000, 3350000 - 1000, 515000 + 1000,
                             3350000 + 1000),
                 {{"社区名称", "翠苑社区"}}}};
  fixtures::write_layer("GPKG", dir / "c.gpkg", c);
  std::ofstream(dir / "p.toml", std::ios::app) << "[layers.communities]\nsource = \"c.gpkg\"\n";
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));

  const geo::Coverage walk = geo::compute_coverage(p, &pack, {.kind = "kindergarten"});
  ASSERT_EQ(walk.buildings.size(), 4u);
  ASSERT_EQ(walk.distance_m, 300.0);
  EXPECT_EQ(*walk.buildings[0].walk_m, 300.0);
  EXPECT_EQ(*walk.buildings[1].walk_m, 300.5);
  EXPECT_EQ(walk.buildings[2].euclid_m, 300.0);
  EXPECT_EQ(walk.buildings[3].euclid_m, 300.5);
  EXPECT_TRUE(walk.covered(walk.buildings[0]));
  EXPECT_FALSE(walk.covered(walk.buildings[1]));
  EXPECT_FALSE(walk.covered(walk.buildings[2]));  // 300 m in a line, but far more on foot
  EXPECT_EQ(walk.households_covered_walk(), 10.0);
  // In a straight line, W300 (212.6 m) and S300 count; W300.5 (213.0 m) too; S300.5 does not.
  EXPECT_EQ(walk.households_covered_euclid(), 10.0 + 20.0 + 40.0);
  ASSERT_EQ(walk.communities.size(), 1u);
  EXPECT_EQ(walk.communities[0].covered_walk, 10.0);
  EXPECT_EQ(walk.communities[0].covered_euclid, 70.0);
  EXPECT_EQ(walk.communities[0].households, 150.0);

  const geo::Coverage line_only = geo::compute_coverage(p, &pack, {.kind = "kindergarten", .walking = false});
  EXPECT_TRUE(line_only.covered(line_only.buildings[2]));
  EXPECT_FALSE(line_only.covered(line_only.buildings[3]));
  EXPECT_EQ(line_only.households_covered_euclid(), 70.0);
}

TEST_F(HandMadeNetwork, NoStandardDistanceWithoutPackOrDistance) {
  write({{line(0, 0, 100, 0), {{"road_class", "residential"}}}}, {{box(50, 10), {{"户数", "5"}}}},
        {{point(0, 0), {{"设施类型", "幼儿园"}}}});
  const geo::Project p = geo::load_project(geo::read_project(dir / "p.toml"));
  EXPECT_THROW(geo::compute_coverage(p, nullptr, {.kind = "kindergarten"}), geo::Error);
}

TEST_F(CityCoverage, OutputsCarryTheAgreedFields) {
  const geo::Project& p = project(datasets::Scale::Demo);
  const auto pack = standards();
  const geo::Coverage c = geo::compute_coverage(p, &pack, {.kind = "market", .service_areas = true});
  TempDir out;
  const auto written = geo::write_coverage_outputs(out.path(), p, {c}, false, false, nullptr, nullptr, nullptr, geo::kCoverageOutputLayers);
  auto source = geo::open_vector_source(written[0].string());
  OGRLayer* buildings = source.dataset->GetLayerByName("buildings");
  ASSERT_NE(buildings, nullptr);
  for (const char* f : {"building_id", "households", "euclid_m", "walk_m", "covered"})
    EXPECT_GE(buildings->GetLayerDefn()->GetFieldIndex(f), 0) << f;
  EXPECT_EQ(buildings->GetFeatureCount(), static_cast<GIntBig>(c.buildings.size()));
  OGRLayer* uncovered = source.dataset->GetLayerByName("uncovered_buildings");
  ASSERT_NE(uncovered, nullptr);
  std::size_t expected_uncovered = 0;
  for (const auto& b : c.buildings) expected_uncovered += !c.covered(b);
  EXPECT_EQ(uncovered->GetFeatureCount(), static_cast<GIntBig>(expected_uncovered));
  OGRLayer* communities = source.dataset->GetLayerByName("communities");
  for (const char* f : {"community_id", "households", "households_covered", "covered_share"})
    EXPECT_GE(communities->GetLayerDefn()->GetFieldIndex(f), 0) << f;
  double covered = 0;
  for (auto& f : *communities) covered += f->GetFieldAsDouble("households_covered");
  EXPECT_NEAR(covered, c.households_covered_walk(), 1.0);
  ASSERT_NE(source.dataset->GetLayerByName("service_areas"), nullptr);
  EXPECT_EQ(source.dataset->GetLayerByName("service_areas")->GetFeatureCount(), static_cast<GIntBig>(c.facilities.size()));
  EXPECT_THROW(geo::write_coverage_outputs(out.path(), p, {c}, false, false), geo::Error);
}

TEST_F(CityCoverage, CancellationStopsTheJobAndLeavesNoOutput) {
  const geo::Project& p = project(datasets::Scale::Demo);
  const auto pack = standards();
  geo::Feedback cancelled;
  cancelled.cancel();
  EXPECT_THROW(geo::compute_coverage(p, &pack, {.kind = "market"}, &cancelled), geo::Cancelled);
  const geo::Coverage c = geo::compute_coverage(p, &pack, {.kind = "market"});
  TempDir out;
  EXPECT_THROW(geo::write_coverage_outputs(out.path(), p, {c}, false, false, &cancelled), geo::Cancelled);
  EXPECT_TRUE(fs::is_empty(out.path()));
  // Progress is reported on the way, and reaches 100 %.
  std::vector<double> heard;
  geo::Feedback listening([&heard](double percent, std::string_view) { heard.push_back(percent); });
  geo::compute_coverage(p, &pack, {.kind = "market"}, &listening);
  ASSERT_GE(heard.size(), 3u);
  EXPECT_TRUE(std::is_sorted(heard.begin(), heard.end()));
  EXPECT_DOUBLE_EQ(heard.back(), 100.0);
}

}  // namespace
