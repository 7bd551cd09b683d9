#pragma once
// The walking network: roads as a graph whose nodes are the points where segments meet, points
// joined to the nearest point of the network (not only its nearest node), and shortest walking
// distances from many facilities at once.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "geo/geometry.h"
#include "geo/project.h"

namespace geo {

struct NetworkOptions {
  // Road classes a pedestrian may not use.
  std::set<std::string> excluded_classes = {"motorway", "motorway_link", "trunk", "trunk_link", "高速公路", "快速路"};
  // Segment ends closer than this are the same node (survey data rarely meets to the millimetre).
  double node_tolerance_m = 0.01;
};

// Where a point joins the network: on edge `edge`, at fraction `t` from its first node, after
// walking `access_m` in a straight line.
struct Snap {
  std::size_t edge = 0;
  double t = 0.0;
  double access_m = 0.0;
  Point at;
};

inline constexpr double kUnreachable = std::numeric_limits<double>::infinity();

class RoadNetwork {
 public:
  struct Edge {
    std::uint32_t a = 0, b = 0;
    double length = 0.0;
    std::size_t road = 0;  // index into the roads layer
  };

  static RoadNetwork build(const LayerData& roads, const NetworkOptions& options = {});
  RoadNetwork(RoadNetwork&&) noexcept;
  RoadNetwork& operator=(RoadNetwork&&) noexcept;
  ~RoadNetwork();

  const std::vector<Point>& nodes() const { return nodes_; }
  const std::vector<Edge>& edges() const { return edges_; }
  std::size_t excluded_segments() const { return excluded_segments_; }
  int component_count() const { return component_count_; }
  int component_of(std::uint32_t node) const { return component_[node]; }
  std::size_t largest_component_nodes() const;

  // The nearest point of any walkable edge; nullopt for an empty network.
  std::optional<Snap> snap(Point p) const;

  // Shortest walking distances from the nearest of several sources (their access legs included).
  struct Field {
    std::vector<double> node_distance;  // kUnreachable beyond the limit or on other components
    std::unordered_multimap<std::size_t, Snap> sources_by_edge;  // for targets on a source's own edge
  };
  Field walk_from(const std::vector<Snap>& sources, double limit = kUnreachable) const;

  // Walking distance from the field's nearest source to a snapped target, its access leg included.
  double distance_to(const Snap& target, const Field& field) const;

  // Distances from one source to the nodes within `limit` (its access leg included), sparse:
  // for many small searches, such as one per candidate site.
  std::unordered_map<std::uint32_t, double> walk_near(const Snap& source, double limit) const;

  // Walking distance between two snapped points given walk_near() from the first.
  double distance_between(const Snap& source, const std::unordered_map<std::uint32_t, double>& near, const Snap& target) const;

  // For each edge, the nodes at its ends (a, b): to find the edges a sparse search touched.
  std::uint32_t adjacency_begin(std::uint32_t node) const { return adjacency_offsets_[node]; }
  std::uint32_t adjacency_end(std::uint32_t node) const { return adjacency_offsets_[node + 1]; }
  std::uint32_t adjacent_edge(std::uint32_t k) const { return adjacency_[k].second; }

  // The stretches of street one can walk from a source within `limit` (its access leg counted),
  // as straight pieces: the skeleton of its service area.
  std::vector<std::pair<Point, Point>> reachable(const Snap& source, double limit) const;

 private:
  RoadNetwork();
  std::vector<Point> nodes_;
  std::vector<Edge> edges_;
  std::vector<std::uint32_t> adjacency_offsets_;  // CSR: node -> (neighbour, edge) pairs
  std::vector<std::pair<std::uint32_t, std::uint32_t>> adjacency_;
  std::vector<int> component_;
  int component_count_ = 0;
  std::size_t excluded_segments_ = 0;
  struct Index;
  std::unique_ptr<Index> index_;
};

}  // namespace geo
