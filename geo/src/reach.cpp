#include "reach.h"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <cmath>
#include <unordered_set>

namespace geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

Reach reach_straight(const std::vector<Point>& candidates, const std::vector<Point>& demand, double limit, Feedback* feedback) {
  using BgPoint = bg::model::d2::point_xy<double>;
  using Entry = std::pair<BgPoint, std::uint32_t>;
  std::vector<Entry> entries;
  for (std::uint32_t i = 0; i < demand.size(); ++i) entries.emplace_back(BgPoint(demand[i].x, demand[i].y), i);
  const bgi::rtree<Entry, bgi::rstar<16>> tree(entries.begin(), entries.end());
  Reach r;
  r.offsets.push_back(0);
  std::vector<Entry> found;
  for (std::size_t j = 0; j < candidates.size(); ++j) {
    if (j % 256 == 0 && feedback) feedback->throw_if_cancelled();
    const Point c = candidates[j];
    found.clear();
    tree.query(bgi::intersects(bg::model::box<BgPoint>({c.x - limit, c.y - limit}, {c.x + limit, c.y + limit})),
               std::back_inserter(found));
    for (const auto& [p, i] : found) {
      const double d = std::hypot(p.x() - c.x, p.y() - c.y);
      if (d <= limit) {
        r.demand.push_back(i);
        r.distance.push_back(d);
      }
    }
    r.offsets.push_back(r.demand.size());
  }
  return r;
}

Reach reach_walking(const RoadNetwork& network, const std::vector<Snap>& candidates, const std::vector<Snap>& demand, double limit,
                    Feedback* feedback) {
  std::vector<std::vector<std::uint32_t>> on_edge(network.edges().size());
  for (std::uint32_t i = 0; i < demand.size(); ++i) on_edge[demand[i].edge].push_back(i);
  Reach r;
  r.offsets.push_back(0);
  std::unordered_set<std::size_t> edges;
  for (std::size_t j = 0; j < candidates.size(); ++j) {
    if (j % 64 == 0 && feedback) feedback->throw_if_cancelled();
    const auto near = network.walk_near(candidates[j], limit);
    edges.clear();
    edges.insert(candidates[j].edge);
    for (const auto& [node, d] : near)
      for (std::uint32_t k = network.adjacency_begin(node); k < network.adjacency_end(node); ++k) edges.insert(network.adjacent_edge(k));
    for (std::size_t e : edges) {
      for (std::uint32_t i : on_edge[e]) {
        const double d = network.distance_between(candidates[j], near, demand[i]);
        if (d <= limit) {
          r.demand.push_back(i);
          r.distance.push_back(d);
        }
      }
    }
    r.offsets.push_back(r.demand.size());
  }
  return r;
}

}  // namespace geo
