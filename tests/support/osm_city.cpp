#include "osm_city.h"

#include <cmath>

namespace fixtures {

namespace {
constexpr double kLon0 = 114.39, kLat0 = 30.50;
}

double lon_at(double x) { return kLon0 + x / (111320.0 * std::cos(kLat0 * M_PI / 180.0)); }
double lat_at(double y) { return kLat0 + y / 110574.0; }

std::int64_t OsmCity::node(double x, double y, std::vector<std::pair<std::string, std::string>> tags) {
  nodes.push_back({next_node, lon_at(x), lat_at(y), std::move(tags)});
  return next_node++;
}

void OsmCity::line(std::int64_t id, std::vector<std::pair<double, double>> xy, std::vector<std::pair<std::string, std::string>> tags) {
  std::vector<std::int64_t> refs;
  for (auto [x, y] : xy) refs.push_back(node(x, y));
  ways.push_back({id, refs, std::move(tags)});
}

void OsmCity::box(std::int64_t id, double x0, double y0, double x1, double y1, std::vector<std::pair<std::string, std::string>> tags) {
  const std::int64_t a = node(x0, y0), b = node(x1, y0), c = node(x1, y1), d = node(x0, y1);
  ways.push_back({id, {a, b, c, d, a}, std::move(tags)});
}

OsmCity test_city() {
  OsmCity c;
  c.box(100, -50, -60, 250, 150, {{"boundary", "administrative"}, {"admin_level", "10"}, {"name", "测试社区"}});
  c.box(101, -10, -10, 60, 30, {{"landuse", "residential"}, {"name", "测试小区"}});
  c.box(102, 180, 100, 220, 140, {{"natural", "water"}, {"name", "小湖"}});    // the city map's water
  c.box(103, 180, -50, 240, -20, {{"leisure", "park"}, {"name", "社区公园"}});  // and its green space
  c.box(1, 0, 0, 20, 20, {{"building", "residential"}, {"building:levels", "6"}, {"tilezen:id", "1001"}});
  c.box(2, 30, 0, 40, 20, {{"building", "yes"}, {"height", "28 m"}, {"tilezen:id", "2002"}});
  c.box(3, 40, 0, 50, 20, {{"building", "yes"}, {"height", "28"}, {"tilezen:id", "2002"}});
  c.box(4, 100, 0, 120, 15, {{"building", "yes"}, {"height", "约12"}});
  c.box(5, 130, 0, 140, 10, {{"building:part", "yes"}});
  c.node(15, 5, {{"building", "yes"}});  // a label point inside building 1
  c.node(60, 60, {{"amenity", "kindergarten"}, {"name", "阳光幼儿园"}});
  c.box(6, 150, 60, 170, 80, {{"healthcare", "clinic"}, {"name", "社区卫生服务站"}});
  c.node(70, 60, {{"social_facility", "nursing_home"}});
  c.node(80, 60, {{"shop", "supermarket"}});
  c.node(90, 60, {{"amenity", "community_centre"}});
  c.node(95, 60, {{"amenity", "cafe"}});  // no kind of the model
  c.box(7, 180, 100, 230, 120, {{"amenity", "parking"}});  // no capacity
  c.node(200, 10, {{"amenity", "parking"}, {"capacity", "40"}});
  c.node(210, 10, {{"amenity", "parking"}});
  c.node(220, 10, {{"amenity", "parking"}, {"capacity", "约30"}});
  c.line(10, {{-40, -30}, {100, -30}}, {{"highway", "trunk"}, {"sidewalk", "both"}, {"name", "珞喻路"}});
  c.line(11, {{100, -30}, {240, -30}}, {{"highway", "trunk"}, {"tunnel", "yes"}, {"name", "珞喻路隧道"}});
  c.line(12, {{60, -30}, {60, -50}}, {{"highway", "footway"}, {"tunnel", "yes"}});
  c.line(13, {{-40, 40}, {240, 40}}, {{"highway", "motorway"}});
  c.line(14, {{20, 40}, {20, 90}}, {{"highway", "footway"}, {"bridge", "yes"}, {"foot", "no"}});
  c.line(15, {{100, -30}, {100, 90}}, {{"highway", "residential"}, {"tunnel", "building_passage"}});
  c.line(16, {{0, 90}, {240, 90}}, {{"highway", "residential"}, {"name", "民族大道辅路"}});
  c.line(17, {{0, 90}, {0, 95}}, {{"highway", "construction"}});
  return c;
}

}  // namespace fixtures
