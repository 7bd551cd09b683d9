#pragma once
// Which demand points each of many sources reaches within a distance, and how far: in a straight
// line (an R-tree) or walking (one bounded search per source). Siting's candidates and the
// parking analysis's car parks are the sources; buildings (or plots) the demand.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "geo/feedback.h"
#include "geo/geometry.h"
#include "geo/network.h"

namespace geo {

struct Reach {
  std::vector<std::size_t> offsets;  // sources + 1
  std::vector<std::uint32_t> demand;
  std::vector<double> distance;
  std::size_t pairs() const { return demand.size(); }
};

Reach reach_straight(const std::vector<Point>& sources, const std::vector<Point>& demand, double limit, Feedback* feedback = nullptr);
Reach reach_walking(const RoadNetwork& network, const std::vector<Snap>& sources, const std::vector<Snap>& demand, double limit,
                    Feedback* feedback = nullptr);

}  // namespace geo
