#pragma once
// A small OpenStreetMap extract laid out in metres near Wuhan (zone CM 114°E) with the cases an
// import must get right: homes, a building cut in two pieces sharing an id, a label point, every
// facility kind, car parks with and without capacity, and the walking cases of Chinese streets
// (a trunk road with sidewalks, its car tunnel, an underpass, a motorway, a foot=no footbridge,
// a street through a building).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fixtures.h"

namespace fixtures {

// Longitude and latitude of a point x metres east and y north of 114.39°E 30.50°N.
double lon_at(double x);
double lat_at(double y);

struct OsmCity {
  std::vector<OsmNode> nodes;
  std::vector<OsmWay> ways;
  std::int64_t next_node = 1;

  std::int64_t node(double x, double y, std::vector<std::pair<std::string, std::string>> tags = {});
  void line(std::int64_t id, std::vector<std::pair<double, double>> xy, std::vector<std::pair<std::string, std::string>> tags);
  void box(std::int64_t id, double x0, double y0, double x1, double y1, std::vector<std::pair<std::string, std::string>> tags);
};

// Way 100 is the community (admin_level=10); ways 1-4 are buildings (2 and 3 share tilezen:id
// 2002), 6 a clinic, 7 a car park of 50 m × 20 m, 10-17 roads; see osm_city.cpp.
OsmCity test_city();

}  // namespace fixtures
