#pragma once
// The walking network: roads as a graph whose nodes are the points where segments meet, points
// joined to the nearest point of the network (not only its nearest node), and shortest walking
// distances from many facilities at once.
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "geo/geometry.h"
#include "geo/network_options.h"
#include "geo/project.h"

namespace geo {

// Why a road segment is left out of the walking network.
enum class NotWalkable { Class, Foot, Access, Tunnel, NoSidewalk };
const char* to_string(NotWalkable why);

// Whether road r of a roads layer may be walked under the rules (nothing when it may); reads the
// layer's road_class, foot, access, tunnel and sidewalk fields where it has them.
std::optional<NotWalkable> not_walkable(const LayerData& roads, std::size_t r, const NetworkOptions& rules);

// A connected part of the walkable network: where it is and what it is made of.
struct NetworkPart {
  int component = 0;
  std::size_t nodes = 0, edges = 0;
  double length_m = 0.0;
  Extent extent;
  std::vector<std::string> road_names;  // a few of its named roads, the longest first
  Geometry lines;                       // its segments; left empty for the largest part (the network itself)
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
    std::size_t road = 0;  // index into the roads layer (a snapping joint: the road whose end it extends)
  };

  static RoadNetwork build(const LayerData& roads, const NetworkOptions& options = {});
  RoadNetwork(RoadNetwork&&) noexcept;
  RoadNetwork& operator=(RoadNetwork&&) noexcept;
  ~RoadNetwork();

  const std::vector<Point>& nodes() const { return nodes_; }
  const std::vector<Edge>& edges() const { return edges_; }
  std::size_t excluded_segments() const { return excluded_segments_; }
  // Segments left out, by reason.
  const std::map<NotWalkable, std::size_t>& excluded_by_reason() const { return excluded_by_reason_; }
  // Road ends joined to a road they missed by less than the snapping tolerance, and the widest gap.
  std::size_t snapped_ends() const { return snapped_ends_; }
  double widest_snapped_gap_m() const { return widest_snapped_gap_m_; }
  int component_count() const { return component_count_; }
  int component_of(std::uint32_t node) const { return component_[node]; }
  std::size_t largest_component_nodes() const;
  int largest_component() const;
  // Every part, the largest first; names from the roads layer the network was built from.
  std::vector<NetworkPart> parts(const LayerData& roads) const;

  // The nearest point of any walkable edge; nullopt for an empty network.
  std::optional<Snap> snap(Point p) const;
  // snap() for many points, shared between the cores; empty for an empty network.
  std::vector<Snap> snap_all(const std::vector<Point>& points) const;

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
  void snap_loose_ends(double tolerance);
  std::vector<Point> nodes_;
  std::vector<Edge> edges_;
  std::vector<std::uint32_t> adjacency_offsets_;  // CSR: node -> (neighbour, edge) pairs
  std::vector<std::pair<std::uint32_t, std::uint32_t>> adjacency_;
  std::vector<int> component_;
  int component_count_ = 0;
  std::size_t excluded_segments_ = 0;
  std::map<NotWalkable, std::size_t> excluded_by_reason_;
  std::size_t snapped_ends_ = 0;
  double widest_snapped_gap_m_ = 0.0;
  struct Index;
  std::unique_ptr<Index> index_;
};

}  // namespace geo
