// Parking supply against demand: hand-made communities with zones inside, across a boundary,
// without a capacity and unreadable; the district-scale generated city against SpatiaLite (GDAL's
// SQLite dialect) to the space; the spaces in walking reach of each building against a
// brute-force Dijkstra over a graph built here; plots' parking verdicts.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <queue>
#include <random>

#include <fmt/format.h>

#include "../support/fixtures.h"
#include "datasets/demo_city.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/parking.h"
#include "geo/review.h"
#include "geo/rules.h"

namespace {

namespace fs = std::filesystem;
using fixtures::LayerFixture;
using fixtures::TempDir;

constexpr double kOx = 515000, kOy = 3350000;
std::string square(double x0, double y0, double x1, double y1) {
  return fmt::format("POLYGON (({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1}))", kOx + x0, kOy + y0, kOx + x1, kOy + y1);
}
std::string point(double x, double y) { return fmt::format("POINT ({} {})", kOx + x, kOy + y); }
geo::RulePack shipped(const std::string& name) { return geo::load_rule_pack(geo::resolve_rule_pack(name)); }

const geo::CommunityParking& community(const geo::ParkingSupply& s, const std::string& id) {
  for (const auto& c : s.communities)
    if (c.community_id == id) return c;
  throw std::runtime_error("no community " + id);
}

// Two communities side by side, A (0–1000 m) and B (1000–2000 m), both with 12-digit codes of
// Hangzhou's 西湖区 (330106).
class HandMadeParking : public ::testing::Test {
 protected:
  void SetUp() override {
    LayerFixture communities{"communities", wkbPolygon, 4549, {{"community_id", OFTString}, {"社区名称", OFTString}}, {}, {}};
    communities.features = {{square(0, 0, 1000, 1000), {{"community_id", "330106001001"}, {"社区名称", "翠苑社区"}}},
                            {square(1000, 0, 2000, 1000), {{"community_id", "330106001002"}, {"社区名称", "文新社区"}}}};
    fixtures::write_layer("GPKG", dir / "communities.gpkg", communities);
    LayerFixture buildings{"buildings", wkbPolygon, 4549, {{"户数", OFTInteger}}, {}, {}};
    buildings.features = {{square(100, 100, 150, 130), {{"户数", "400"}}},
                          {square(200, 600, 250, 630), {{"户数", "200"}}},
                          {square(1500, 500, 1550, 530), {{"户数", "300"}}},
                          {square(5000, 5000, 5050, 5030), {{"户数", "70"}}}};  // outside both
    fixtures::write_layer("GPKG", dir / "buildings.gpkg", buildings);
    LayerFixture parking{"parking", wkbUnknown, 4549, {{"车位数", OFTString}}, {}, {}};
    parking.features = {{square(100, 200, 200, 300), {{"车位数", "100"}}},      // in A
                        {square(900, 500, 1100, 600), {{"车位数", "60"}}},      // half in A, half in B
                        {square(1200, 200, 1250, 250), {}},                     // 2,500 m², no capacity: 100 estimated (25 m² each)
                        {square(1300, 200, 1350, 250), {{"车位数", "约30"}}},  // unreadable: set aside
                        {square(1400, 200, 1450, 250), {{"车位数", "-4"}}},    // negative: set aside
                        {point(1700, 700), {{"车位数", "20"}}},                 // a point with its capacity, in B
                        {point(1800, 700), {}},                                 // a point without: set aside
                        {square(2500, 0, 2600, 100), {{"车位数", "50"}}}};      // outside both
    fixtures::write_layer("GPKG", dir / "parking.gpkg", parking);
    LayerFixture plots{"plots", wkbPolygon, 4549,
                       {{"地块编号", OFTString}, {"户数", OFTInteger}, {"建筑面积", OFTReal}, {"社区用房面积", OFTReal}, {"配建车位", OFTString}},
                       {}, {}};
    plots.features = {{square(300, 300, 400, 400), {{"地块编号", "enough"}, {"户数", "500"}, {"建筑面积", "50000"}, {"社区用房面积", "150"}, {"配建车位", "500"}}},
                      {square(500, 300, 600, 400), {{"地块编号", "short"}, {"户数", "500"}, {"建筑面积", "50000"}, {"社区用房面积", "150"}, {"配建车位", "440"}}},
                      {square(700, 300, 800, 400), {{"地块编号", "blank"}, {"户数", "500"}, {"建筑面积", "50000"}, {"社区用房面积", "150"}}},
                      {square(300, 500, 400, 600), {{"地块编号", "text"}, {"户数", "500"}, {"建筑面积", "50000"}, {"社区用房面积", "150"}, {"配建车位", "约500"}}},
                      {square(500, 500, 600, 600), {{"地块编号", "shops"}, {"户数", "0"}, {"建筑面积", "5000"}, {"社区用房面积", "0"}, {"配建车位", "20"}}}};
    fixtures::write_layer("GPKG", dir / "plots.gpkg", plots);
    std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"communities.gpkg\"\n"
                                     "[layers.buildings]\nsource = \"buildings.gpkg\"\n"
                                     "[layers.parking]\nsource = \"parking.gpkg\"\n"
                                     "[layers.plots]\nsource = \"plots.gpkg\"\n";
    project = geo::load_project(geo::read_project(dir / "p.toml"));
  }
  TempDir dir;
  geo::Project project;
};

TEST_F(HandMadeParking, SpacesPerCommunityAgainstTheStandard) {
  const geo::ParkingSupply s = geo::compute_parking(project, shipped("national"), nullptr, {.per_building = false});
  // A: 100 + half of 60 = 130 spaces for 600 households; needs 600 (1 per household).
  const auto& a = community(s, "330106001001");
  EXPECT_NEAR(a.households, 600, 1e-9);
  EXPECT_NEAR(a.spaces, 130, 1e-9);
  EXPECT_NEAR(*a.required_spaces, 600, 1e-9);
  EXPECT_NEAR(*a.shortfall_spaces, 470, 1e-9);
  EXPECT_NEAR(*a.spaces_per_household(), 130.0 / 600, 1e-12);
  // B: half of 60 + 100 estimated + the point's 20 = 150 for 300 households.
  const auto& b = community(s, "330106001002");
  EXPECT_NEAR(b.spaces, 150, 1e-9);
  EXPECT_NEAR(b.estimated_spaces, 100, 1e-9);
  EXPECT_NEAR(*b.shortfall_spaces, 150, 1e-9);
  EXPECT_NEAR(s.spaces_outside, 50, 1e-9);
  EXPECT_NEAR(s.households_outside, 70, 1e-9);
  // The unreadable, negative and capacity-less point zones are named, never counted as 0 or guessed.
  auto finding = [&](const std::string& code) -> const geo::Finding* {
    for (const auto& f : s.findings)
      if (f.code == code) return &f;
    return nullptr;
  };
  ASSERT_TRUE(finding("parking_spaces_not_number"));
  EXPECT_NE(finding("parking_spaces_not_number")->message.find("'约30'"), std::string::npos) << finding("parking_spaces_not_number")->message;
  ASSERT_TRUE(finding("parking_spaces_negative"));
  ASSERT_TRUE(finding("parking_spaces_unknown"));
  EXPECT_EQ(finding("parking_spaces_unknown")->feature_ids, std::vector<std::int64_t>{7});
  ASSERT_TRUE(finding("parking_spaces_estimated"));
  EXPECT_NE(finding("parking_spaces_estimated")->message.find("25 ㎡"), std::string::npos);
  // Changsha asks 0.9 per household of ordinary housing: A needs 540.
  const geo::ParkingSupply cs = geo::compute_parking(project, shipped("changsha"), nullptr, {.per_building = false});
  EXPECT_NEAR(*community(cs, "330106001001").required_spaces, 540, 1e-9);
  EXPECT_NE(cs.standard_citation.find("2015"), std::string::npos) << cs.standard_citation;
}

TEST_F(HandMadeParking, CarOwnershipFromTheCensusTable) {
  // 西湖区's row of the 2020 census housing table (HOUS_SAMP_HHVE: share of households with a car).
  std::ofstream(dir / "housing.csv") << "CODE,NAME,HOUS_SAMP_HHVE\n330106,西湖区,0.523\n330102,上城区,约一半\n";
  geo::ParkingOptions options{.per_building = false};
  options.car_ownership = geo::CarOwnershipTable{.file = dir / "housing.csv"};
  const geo::ParkingSupply s = geo::compute_parking(project, shipped("national"), nullptr, options);
  EXPECT_EQ(community(s, "330106001001").district_code, "330106");
  EXPECT_NEAR(*community(s, "330106001001").car_ownership, 0.523, 1e-12);
  EXPECT_NEAR(*community(s, "330106001001").cars_expected, 600 * 0.523, 1e-9);
  bool named = false;
  for (const auto& f : s.findings) named |= f.code == "car_ownership_not_share" && f.message.find("330102: '约一半'") != std::string::npos;
  EXPECT_TRUE(named);
  // A table without the share column is refused by name.
  std::ofstream(dir / "wrong.csv") << "CODE,NAME\n330106,西湖区\n";
  options.car_ownership = geo::CarOwnershipTable{.file = dir / "wrong.csv"};
  try {
    geo::compute_parking(project, shipped("national"), nullptr, options);
    ADD_FAILURE() << "a table without HOUS_SAMP_HHVE is refused";
  } catch (const geo::Error& e) {
    EXPECT_NE(std::string(e.what()).find("no field 'HOUS_SAMP_HHVE'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("wrong.csv"), std::string::npos) << e.what();
  }
}

TEST_F(HandMadeParking, PlotsGetAParkingVerdict) {
  const geo::Review r = geo::review_plots(project, shipped("national"));
  auto parking_of = [&](const std::string& id) -> const geo::PlotParkingReview& {
    for (const auto& p : r.plots)
      if (p.plot_id == id) return *p.parking;
    throw std::runtime_error("no plot " + id);
  };
  EXPECT_EQ(parking_of("enough").verdict, geo::Verdict::Compliant);
  EXPECT_EQ(parking_of("short").verdict, geo::Verdict::Short);
  EXPECT_NEAR(*parking_of("short").shortfall_spaces, 60, 1e-9);
  EXPECT_EQ(parking_of("short").reason, "parking_spaces (配建车位) 440 < 500 required: short by 60 spaces");
  EXPECT_EQ(parking_of("blank").verdict, geo::Verdict::Unchecked);
  EXPECT_EQ(parking_of("text").verdict, geo::Verdict::Unchecked);
  EXPECT_EQ(parking_of("text").reason, "parking_spaces (配建车位) is not a number: '约500'");
  EXPECT_EQ(parking_of("shops").verdict, geo::Verdict::NotApplicable);
  // Changsha's 0.9 per household: 500 households need 450, so 440 is short by 10.
  const geo::Review cs = geo::review_plots(project, shipped("changsha"));
  for (const auto& p : cs.plots)
    if (p.plot_id == "short") {
      EXPECT_NEAR(*p.parking->shortfall_spaces, 10, 1e-9);
    }
  // A pack without a parking standard gives no parking verdict at all, not an invented one.
  const geo::RulePack gb = shipped("gb50180");
  if (!gb.parking) {
    const geo::Review g = geo::review_plots(project, gb);
    for (const auto& p : g.plots) EXPECT_FALSE(p.parking.has_value());
  }
}

TEST_F(HandMadeParking, FiguresWithThePlotsUnderReview) {
  const geo::RulePack national = shipped("national");
  const geo::Review review = geo::review_plots(project, national);
  geo::ParkingOptions options{.per_building = false};
  options.review = &review;
  const geo::ParkingSupply s = geo::compute_parking(project, national, nullptr, options);
  // All five plots lie in A: 4 × 500 households; spaces 500 + 440 + 20 (the blank and the text
  // plot give none that can be counted). A then needs 600 + 2,000 = 2,600 against 130 + 960.
  const auto& a = community(s, "330106001001");
  EXPECT_NEAR(*a.households_planned, 2000, 1e-9);
  EXPECT_NEAR(*a.spaces_planned, 960, 1e-9);
  EXPECT_NEAR(*a.required_with_plots, 2600, 1e-9);
  EXPECT_NEAR(*a.shortfall_with_plots, 2600 - 130 - 960, 1e-9);
  // B has no plot: its figures with the plots are its figures today.
  const auto& b = community(s, "330106001002");
  EXPECT_NEAR(*b.households_planned, 0, 1e-12);
  EXPECT_NEAR(*b.shortfall_with_plots, *b.shortfall_spaces, 1e-9);
  const geo::Finding* without = nullptr;
  for (const auto& f : s.findings)
    if (f.code == "plots_without_spaces") without = &f;
  ASSERT_TRUE(without);
  EXPECT_NE(without->message.find("2 plot(s)"), std::string::npos) << without->message;
  // Without a review the figures stay empty rather than equal to today's.
  const geo::ParkingSupply bare = geo::compute_parking(project, national, nullptr, {.per_building = false});
  EXPECT_FALSE(community(bare, "330106001001").shortfall_with_plots.has_value());
}

// Brute force: the roads of a small grid as a graph, every zone and building joined to its nearest
// point of a segment (found by trying every segment), shortest paths by a plain Dijkstra.
struct BruteGraph {
  std::vector<std::pair<double, double>> nodes;
  std::vector<std::vector<std::pair<int, double>>> adjacent;
  int add(double x, double y) {
    nodes.push_back({x, y});
    adjacent.emplace_back();
    return static_cast<int>(nodes.size()) - 1;
  }
  void link(int a, int b, double length) {
    adjacent[a].push_back({b, length});
    adjacent[b].push_back({a, length});
  }
  std::vector<double> dijkstra(int from) const {
    std::vector<double> d(nodes.size(), std::numeric_limits<double>::infinity());
    std::priority_queue<std::pair<double, int>, std::vector<std::pair<double, int>>, std::greater<>> q;
    d[from] = 0;
    q.push({0, from});
    while (!q.empty()) {
      auto [dist, n] = q.top();
      q.pop();
      if (dist > d[n]) continue;
      for (auto [m, w] : adjacent[n])
        if (dist + w < d[m]) {
          d[m] = dist + w;
          q.push({d[m], m});
        }
    }
    return d;
  }
};

TEST(ParkingReach, SpacesWithinWalkingDistanceMatchABruteForceDijkstra) {
  TempDir dir;
  // A 4 x 4 grid of streets 100 m apart, as segments from crossing to crossing.
  struct Segment { double x0, y0, x1, y1; };
  std::vector<Segment> segments;
  for (int j = 0; j <= 4; ++j)
    for (int i = 0; i < 4; ++i) segments.push_back({i * 100.0, j * 100.0, (i + 1) * 100.0, j * 100.0});
  for (int i = 0; i <= 4; ++i)
    for (int j = 0; j < 4; ++j) segments.push_back({i * 100.0, j * 100.0, i * 100.0, (j + 1) * 100.0});
  LayerFixture roads{"roads", wkbLineString, 4549, {{"road_class", OFTString}}, {}, {}};
  for (const auto& s : segments)
    roads.features.push_back({fmt::format("LINESTRING ({} {}, {} {})", kOx + s.x0, kOy + s.y0, kOx + s.x1, kOy + s.y1), {{"road_class", "residential"}}});
  fixtures::write_layer("GPKG", dir / "roads.gpkg", roads);

  std::mt19937 rng(13);
  std::uniform_real_distribution<double> coordinate(5, 395), spaces(5, 200);
  // Points inside blocks, away from the streets, so that each joins one segment clearly.
  auto inside_block = [&] {
    for (;;) {
      const double x = coordinate(rng), y = coordinate(rng);
      const double fx = std::fmod(x, 100), fy = std::fmod(y, 100);
      if (fx > 8 && fx < 92 && fy > 8 && fy < 92 && std::fabs(fx - fy) > 3 && std::fabs(fx + fy - 100) > 3) return std::pair{x, y};
    }
  };
  LayerFixture parking{"parking", wkbPoint, 4549, {{"车位数", OFTInteger}}, {}, {}};
  std::vector<std::pair<double, double>> zone_at, building_at;
  std::vector<double> zone_spaces;
  for (int z = 0; z < 12; ++z) {
    zone_at.push_back(inside_block());
    zone_spaces.push_back(std::round(spaces(rng)));
    parking.features.push_back({point(zone_at.back().first, zone_at.back().second), {{"车位数", fmt::format("{}", zone_spaces.back())}}});
  }
  // Buildings are footprints (points in a buildings layer are label points, left out): 2 m squares
  // centred on their points.
  LayerFixture buildings{"buildings", wkbPolygon, 4549, {{"户数", OFTInteger}}, {}, {}};
  for (int b = 0; b < 60; ++b) {
    building_at.push_back(inside_block());
    const auto [x, y] = building_at.back();
    buildings.features.push_back({square(x - 1, y - 1, x + 1, y + 1), {{"户数", "50"}}});
  }
  fixtures::write_layer("GPKG", dir / "parking.gpkg", parking);
  fixtures::write_layer("GPKG", dir / "buildings.gpkg", buildings);
  LayerFixture communities{"communities", wkbPolygon, 4549, {{"community_id", OFTString}, {"社区名称", OFTString}}, {}, {}};
  communities.features = {{square(-50, -50, 450, 450), {{"community_id", "X"}, {"社区名称", "格子社区"}}}};
  fixtures::write_layer("GPKG", dir / "communities.gpkg", communities);
  std::ofstream(dir / "p.toml") << "[layers.communities]\nsource = \"communities.gpkg\"\n[layers.buildings]\nsource = \"buildings.gpkg\"\n"
                                   "[layers.parking]\nsource = \"parking.gpkg\"\n[layers.roads]\nsource = \"roads.gpkg\"\n";
  const geo::Project project = geo::load_project(geo::read_project(dir / "p.toml"));
  const double limit = 230;
  const geo::ParkingSupply supply = geo::compute_parking(project, shipped("national"), nullptr, {.distance_m = limit});

  // The brute-force graph: crossings, plus each point's foot on its nearest segment.
  BruteGraph g;
  std::map<std::pair<int, int>, int> crossing;
  for (int j = 0; j <= 4; ++j)
    for (int i = 0; i <= 4; ++i) crossing[{i, j}] = g.add(i * 100.0, j * 100.0);
  std::vector<std::vector<std::pair<double, int>>> on_segment(segments.size());  // (t, node)
  auto join = [&](std::pair<double, double> p) {
    std::size_t best = 0;
    double best_d = std::numeric_limits<double>::infinity(), best_t = 0;
    for (std::size_t k = 0; k < segments.size(); ++k) {
      const auto& s = segments[k];
      const double dx = s.x1 - s.x0, dy = s.y1 - s.y0;
      const double t = std::clamp(((p.first - s.x0) * dx + (p.second - s.y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
      const double d = std::hypot(s.x0 + t * dx - p.first, s.y0 + t * dy - p.second);
      if (d < best_d) best_d = d, best = k, best_t = t;
    }
    const auto& s = segments[best];
    const int foot = g.add(s.x0 + best_t * (s.x1 - s.x0), s.y0 + best_t * (s.y1 - s.y0));
    on_segment[best].push_back({best_t, foot});
    const int at = g.add(p.first, p.second);
    g.link(at, foot, best_d);
    return at;
  };
  std::vector<int> zone_node, building_node;
  for (const auto& z : zone_at) zone_node.push_back(join(z));
  for (const auto& b : building_at) building_node.push_back(join(b));
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const auto& s = segments[k];
    auto stops = on_segment[k];
    stops.push_back({0.0, crossing[{int(std::lround(s.x0 / 100)), int(std::lround(s.y0 / 100))}]});
    stops.push_back({1.0, crossing[{int(std::lround(s.x1 / 100)), int(std::lround(s.y1 / 100))}]});
    std::sort(stops.begin(), stops.end());
    const double length = std::hypot(s.x1 - s.x0, s.y1 - s.y0);
    for (std::size_t q = 0; q + 1 < stops.size(); ++q) g.link(stops[q].second, stops[q + 1].second, (stops[q + 1].first - stops[q].first) * length);
  }
  std::vector<double> expected(building_at.size(), 0.0);
  int pairs_within = 0;
  for (std::size_t z = 0; z < zone_node.size(); ++z) {
    const auto d = g.dijkstra(zone_node[z]);
    for (std::size_t b = 0; b < building_node.size(); ++b)
      if (d[building_node[b]] <= limit) {
        expected[b] += zone_spaces[z];
        ++pairs_within;
      }
  }
  ASSERT_GT(pairs_within, 20);  // the case exercises reach, and
  ASSERT_LT(pairs_within, 12 * 60 - 20);  // its limit
  ASSERT_EQ(supply.buildings.size(), building_at.size());
  for (const auto& b : supply.buildings) EXPECT_NEAR(b.spaces_within_reach, expected[b.index], 1e-9) << "building " << b.index;
}

// The district-scale generated city against SpatiaLite: each community's households (buildings
// by centroid), its spaces (a zone's capacity, else its area ÷ 25 m², rounded, at least 1; a zone
// across a boundary by its share of area), the requirement (1 per household) and shortfall.
TEST(ParkingDistrict, CommunitiesMatchAnSqlComputationToTheSpace) {
  TempDir dir;
  const auto city = datasets::generate_city(datasets::Scale::District, 11, dir.path(), "district");
  const geo::Project project = geo::load_project(geo::read_project(city.project),
                                                 nullptr, {.roles = {geo::Role::Communities, geo::Role::Buildings, geo::Role::Parking}});
  const geo::ParkingSupply s = geo::compute_parking(project, shipped("national"), nullptr, {.per_building = false});

  auto source = geo::open_vector_source(city.gpkg.string());
  auto query = [&](const std::string& sql, const std::function<void(OGRFeature&)>& row) {
    OGRLayer* result = source.dataset->ExecuteSQL(sql.c_str(), nullptr, "SQLITE");
    ASSERT_TRUE(result) << sql;
    for (auto& f : *result) row(*f);
    source.dataset->ReleaseResultSet(result);
  };
  std::map<std::string, double> spaces, households;
  query("SELECT c.community_id AS cid, SUM(COALESCE(z.\"车位数\", MAX(1, ROUND(ST_Area(z.geom) / 25.0))) * "
        "ST_Area(ST_Intersection(z.geom, c.geom)) / ST_Area(z.geom)) AS spaces "
        "FROM communities c, parking z WHERE ST_Intersects(z.geom, c.geom) GROUP BY c.community_id",
        [&](OGRFeature& f) { spaces[f.GetFieldAsString("cid")] = f.GetFieldAsDouble("spaces"); });
  query("SELECT c.community_id AS cid, SUM(b.\"户数\") AS hh FROM communities c, buildings b "
        "WHERE b.\"户数\" > 0 AND ST_Contains(c.geom, ST_Centroid(b.geom)) GROUP BY c.community_id",
        [&](OGRFeature& f) { households[f.GetFieldAsString("cid")] = f.GetFieldAsDouble("hh"); });
  ASSERT_EQ(s.communities.size(), 50u);
  int short_communities = 0;
  for (const auto& c : s.communities) {
    SCOPED_TRACE(c.community_id);
    EXPECT_NEAR(c.spaces, spaces[c.community_id], 0.5);  // to the space
    EXPECT_NEAR(c.households, households[c.community_id], 1e-6);
    EXPECT_NEAR(*c.required_spaces, households[c.community_id], 1e-6);
    EXPECT_NEAR(*c.shortfall_spaces, std::max(0.0, households[c.community_id] - spaces[c.community_id]), 0.5);
    if (*c.shortfall_spaces > 0) ++short_communities;
  }
  EXPECT_GT(short_communities, 0);
}

}  // namespace
