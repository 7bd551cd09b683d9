// The walking network's rules on small hand-built networks whose right answer is plain: a tunnel,
// a footbridge closed to pedestrians, a trunk road with and without its sidewalk, a seam where
// two pieces of one street miss each other by 0.3 m, a side street that stops short of a main
// road, and a road that crosses another on a bridge.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "geo/network.h"
#include "geo/project.h"

namespace {

struct Road {
  std::vector<geo::Point> path;
  std::map<std::string, std::string> tags;  // road_class, foot, access, tunnel, sidewalk, name
};

geo::LayerData roads_layer(const std::vector<Road>& roads) {
  geo::LayerData layer;
  layer.role = geo::Role::Roads;
  for (const char* field : {"road_class", "foot", "access", "tunnel", "sidewalk", "name"}) layer.columns[field];
  for (std::size_t i = 0; i < roads.size(); ++i) {
    layer.fids.push_back(static_cast<std::int64_t>(i + 1));
    layer.geometries.push_back(geo::Geometry::line(roads[i].path));
    layer.invalid_reasons.emplace_back();
    for (auto& [field, column] : layer.columns) {
      auto it = roads[i].tags.find(field);
      column.push_back(it == roads[i].tags.end() ? geo::Value{} : geo::Value{it->second});
    }
  }
  return layer;
}

// Walking distance between two points, each joined to its nearest street; infinite when apart.
double walk(const geo::RoadNetwork& net, geo::Point from, geo::Point to) {
  const geo::Snap source = *net.snap(from), target = *net.snap(to);
  if (net.component_of(net.edges()[source.edge].a) != net.component_of(net.edges()[target.edge].a)) return geo::kUnreachable;
  return net.distance_to(target, net.walk_from({source}));
}

// A river 400 m wide between y = 0 and y = 400; the two banks' streets run east-west.
std::vector<Road> banks() {
  return {{{{0, 0}, {1000, 0}}, {{"road_class", "residential"}, {"name", "南岸路"}}},
          {{{0, 400}, {1000, 400}}, {{"road_class", "residential"}, {"name", "北岸路"}}}};
}

TEST(NetworkRules, ACarTunnelIsNotWalkedAFootTunnelIs) {
  auto roads = banks();
  roads.push_back({{{500, 0}, {500, 400}}, {{"road_class", "primary"}, {"tunnel", "yes"}, {"name", "过江隧道"}}});
  const auto car_only = roads_layer(roads);
  const auto net = geo::RoadNetwork::build(car_only);
  EXPECT_EQ(net.component_count(), 2);
  EXPECT_EQ(net.excluded_by_reason().at(geo::NotWalkable::Tunnel), 1u);
  EXPECT_EQ(walk(net, {500, -10}, {500, 410}), geo::kUnreachable);

  roads.back().tags["foot"] = "yes";  // a tunnel with a footway, tagged for pedestrians
  const auto with_footway = roads_layer(roads);
  const auto open = geo::RoadNetwork::build(with_footway);
  EXPECT_EQ(open.component_count(), 1);
  EXPECT_DOUBLE_EQ(walk(open, {500, -10}, {500, 410}), 420.0);

  roads.back().tags = {{"road_class", "footway"}, {"tunnel", "yes"}};  // a pedestrian underpass
  const auto underpass = roads_layer(roads);
  EXPECT_EQ(geo::RoadNetwork::build(underpass).component_count(), 1);

  // Tilezen's is_tunnel = true reads the same as OSM's tunnel = yes.
  roads.back().tags = {{"road_class", "trunk"}, {"tunnel", "true"}};
  const auto tilezen = roads_layer(roads);
  EXPECT_EQ(geo::RoadNetwork::build(tilezen).component_count(), 2);
}

TEST(NetworkRules, AFootbridgeClosedToPedestriansIsNotWalked) {
  auto roads = banks();
  roads.push_back({{{300, 0}, {300, 400}}, {{"road_class", "footway"}, {"foot", "no"}}});
  roads.push_back({{{800, 0}, {800, 400}}, {{"road_class", "service"}, {"access", "private"}}});
  const auto layer = roads_layer(roads);
  const auto net = geo::RoadNetwork::build(layer);
  EXPECT_EQ(net.component_count(), 2);
  EXPECT_EQ(net.excluded_by_reason().at(geo::NotWalkable::Foot), 1u);
  EXPECT_EQ(net.excluded_by_reason().at(geo::NotWalkable::Access), 1u);
  roads[2].tags["foot"] = "designated";
  const auto open = roads_layer(roads);
  EXPECT_DOUBLE_EQ(walk(geo::RoadNetwork::build(open), {300, -10}, {300, 410}), 420.0);
}

TEST(NetworkRules, ATrunkRoadIsWalkedOnItsSidewalksAMotorwayIsNot) {
  auto roads = banks();
  roads.push_back({{{500, 0}, {500, 400}}, {{"road_class", "trunk"}, {"name", "珞喻路"}}});
  const auto trunk = roads_layer(roads);
  EXPECT_DOUBLE_EQ(walk(geo::RoadNetwork::build(trunk), {500, -10}, {500, 410}), 420.0);
  roads.back().tags["sidewalk"] = "no";
  const auto bare = roads_layer(roads);
  const auto without = geo::RoadNetwork::build(bare);
  EXPECT_EQ(without.component_count(), 2);
  EXPECT_EQ(without.excluded_by_reason().at(geo::NotWalkable::NoSidewalk), 1u);
  roads.back().tags = {{"road_class", "motorway"}};
  const auto motorway = roads_layer(roads);
  EXPECT_EQ(geo::RoadNetwork::build(motorway).excluded_by_reason().at(geo::NotWalkable::Class), 1u);
  // A project that says otherwise: trunk roads not walked.
  geo::NetworkOptions strict;
  strict.not_walkable_classes.insert("trunk");
  roads.back().tags = {{"road_class", "trunk"}};
  const auto trunk_again = roads_layer(roads);
  EXPECT_EQ(geo::RoadNetwork::build(trunk_again, strict).component_count(), 2);
}

TEST(NetworkRules, PiecesMissingEachOtherAtASeamAreJoinedAndCounted) {
  // One street cut at a tile edge (x = 500): the pieces' ends are 0.3 m apart.
  const auto layer = roads_layer({{{{0, 0}, {500, 0}}, {{"road_class", "residential"}}},
                                  {{{500.3, 0}, {1000, 0}}, {{"road_class", "residential"}}}});
  const auto net = geo::RoadNetwork::build(layer);
  EXPECT_EQ(net.component_count(), 1);
  EXPECT_EQ(net.snapped_ends(), 1u);
  EXPECT_NEAR(net.widest_snapped_gap_m(), 0.3, 1e-9);
  EXPECT_NEAR(walk(net, {0, -10}, {1000, -10}), 1020.0, 1e-9);  // the 0.3 m joint is walked too
  geo::NetworkOptions exact;
  exact.snap_tolerance_m = 0;
  const auto apart = geo::RoadNetwork::build(layer, exact);
  EXPECT_EQ(apart.component_count(), 2);
  EXPECT_EQ(apart.snapped_ends(), 0u);
  // Three metres is a gap, not a seam: left apart at the default tolerance.
  const auto wide = roads_layer({{{{0, 0}, {500, 0}}, {{"road_class", "residential"}}},
                                 {{{503, 0}, {1000, 0}}, {{"road_class", "residential"}}}});
  EXPECT_EQ(geo::RoadNetwork::build(wide).component_count(), 2);
}

TEST(NetworkRules, ASideStreetStoppingShortOfAMainRoadJoinsItsSide) {
  // The main road runs east-west; the side street ends 1.2 m south of it, midway along.
  const auto layer = roads_layer({{{{0, 0}, {1000, 0}}, {{"road_class", "primary"}, {"name", "民族大道"}}},
                                  {{{400, -300}, {400, -1.2}}, {{"road_class", "residential"}, {"name", "光谷一路"}}}});
  const auto net = geo::RoadNetwork::build(layer);
  EXPECT_EQ(net.component_count(), 1);
  EXPECT_EQ(net.snapped_ends(), 1u);
  // From the side street's far end to the main road's east end: 298.8 + 1.2 + 600 m.
  EXPECT_NEAR(walk(net, {400, -310}, {1010, 0}), 10 + 298.8 + 1.2 + 600 + 10, 1e-9);
}

TEST(NetworkRules, ARoadCrossingOnABridgeIsNotJoined) {
  // Two roads crossing without a shared node (one on a bridge): no loose end near the other, so
  // nothing is joined; people do not climb from the bridge to the road below.
  const auto layer = roads_layer({{{{0, 0}, {1000, 0}}, {{"road_class", "residential"}}},
                                  {{{500, -500}, {500, 500}}, {{"road_class", "primary"}}}});
  const auto net = geo::RoadNetwork::build(layer);
  EXPECT_EQ(net.component_count(), 2);
  EXPECT_EQ(net.snapped_ends(), 0u);
}

TEST(NetworkRules, PartsSayWhereTheyAreAndWhichRoadsTheyHold) {
  auto roads = banks();
  roads.push_back({{{5000, 5000}, {5100, 5000}}, {{"road_class", "footway"}, {"name", "孤岛步道"}}});
  const auto layer = roads_layer(roads);
  const auto net = geo::RoadNetwork::build(layer);
  const auto parts = net.parts(layer);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].nodes, 2u);
  EXPECT_DOUBLE_EQ(parts[2].length_m, 100.0);
  EXPECT_EQ(parts[2].road_names, (std::vector<std::string>{"孤岛步道"}));
  EXPECT_DOUBLE_EQ(parts[2].extent.center().x, 5050.0);
  std::size_t nodes = 0;
  for (const auto& p : parts) nodes += p.nodes;
  EXPECT_EQ(nodes, net.nodes().size());
}

}  // namespace
