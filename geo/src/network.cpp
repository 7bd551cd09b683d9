#include "geo/network.h"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <cmath>
#include <future>
#include <queue>
#include <unordered_map>

#include "parallel.h"

namespace geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BgPoint = bg::model::d2::point_xy<double>;
using BgSegment = bg::model::segment<BgPoint>;
using SegmentEntry = std::pair<BgSegment, std::size_t>;

struct RoadNetwork::Index {
  bgi::rtree<SegmentEntry, bgi::rstar<16>> segments;
};

RoadNetwork::RoadNetwork() = default;
RoadNetwork::RoadNetwork(RoadNetwork&&) noexcept = default;
RoadNetwork& RoadNetwork::operator=(RoadNetwork&&) noexcept = default;
RoadNetwork::~RoadNetwork() = default;

namespace {

struct KeyHash {
  std::size_t operator()(const std::pair<std::int64_t, std::int64_t>& k) const noexcept {
    return std::hash<std::int64_t>()(k.first * 0x9E3779B97F4A7C15ll ^ k.second);
  }
};

}  // namespace

const char* to_string(NotWalkable why) {
  switch (why) {
    case NotWalkable::Class: return "road class not walked";
    case NotWalkable::Foot: return "foot=no";
    case NotWalkable::Access: return "access=no/private";
    case NotWalkable::Tunnel: return "tunnel for vehicles";
    case NotWalkable::NoSidewalk: return "fast road without sidewalk";
  }
  return "?";
}

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// OSM's yes-like values, Tilezen's booleans (is_tunnel = true, 1) and Geofabrik's T/F. A street
// through a building (tunnel=building_passage) is a street, not a tunnel for cars.
bool is_vehicle_tunnel(const std::string& v) {
  return !v.empty() && v != "no" && v != "false" && v != "f" && v != "0" && v != "none" && v != "building_passage";
}

}  // namespace

std::optional<NotWalkable> not_walkable(const LayerData& roads, std::size_t r, const NetworkOptions& rules) {
  const std::string foot = lower(roads.text(r, "foot"));
  if (foot == "yes" || foot == "designated" || foot == "permissive" || foot == "use_sidepath") return std::nullopt;
  if (foot == "no") return NotWalkable::Foot;
  const std::string access = lower(roads.text(r, "access"));
  if (access == "no" || access == "private") return NotWalkable::Access;
  const std::string cls = roads.text(r, "road_class");
  if (rules.not_walkable_classes.count(cls)) return NotWalkable::Class;
  if (!rules.walkable_classes.empty() && !rules.walkable_classes.count(cls)) return NotWalkable::Class;
  if (!rules.tunnels_walkable && is_vehicle_tunnel(lower(roads.text(r, "tunnel"))) && !rules.pedestrian_classes.count(cls))
    return NotWalkable::Tunnel;
  const std::string sidewalk = lower(roads.text(r, "sidewalk"));
  if ((sidewalk == "no" || sidewalk == "none") && rules.needs_sidewalk_classes.count(cls)) return NotWalkable::NoSidewalk;
  return std::nullopt;
}

RoadNetwork RoadNetwork::build(const LayerData& roads, const NetworkOptions& options) {
  RoadNetwork net;
  std::unordered_map<std::pair<std::int64_t, std::int64_t>, std::uint32_t, KeyHash> node_of;
  auto node = [&](Point p) {
    const std::pair<std::int64_t, std::int64_t> key{std::llround(p.x / options.node_tolerance_m),
                                                    std::llround(p.y / options.node_tolerance_m)};
    auto [it, added] = node_of.emplace(key, static_cast<std::uint32_t>(net.nodes_.size()));
    if (added) net.nodes_.push_back(p);
    return it->second;
  };
  for (std::size_t r = 0; r < roads.size(); ++r) {
    const Geometry& g = roads.geometries[r];
    const std::optional<NotWalkable> excluded = not_walkable(roads, r, options);
    for (const auto& part : g.parts) {
      for (const auto& path : part) {
        for (std::size_t i = 0; i + 1 < path.size(); ++i) {
          if (excluded) {
            ++net.excluded_segments_;
            ++net.excluded_by_reason_[*excluded];
            continue;
          }
          const std::uint32_t a = node(path[i]), b = node(path[i + 1]);
          if (a == b) continue;
          net.edges_.push_back({a, b, std::hypot(path[i + 1].x - path[i].x, path[i + 1].y - path[i].y), r});
        }
      }
      if (g.kind != GeometryKind::LineString && g.kind != GeometryKind::MultiLineString) break;
    }
  }
  net.snap_loose_ends(options.snap_tolerance_m);
  // Adjacency in compressed rows: every node's (neighbour, edge) pairs side by side.
  std::vector<std::uint32_t> degree(net.nodes_.size() + 1, 0);
  for (const auto& e : net.edges_) ++degree[e.a], ++degree[e.b];
  net.adjacency_offsets_.assign(net.nodes_.size() + 1, 0);
  for (std::size_t n = 0; n < net.nodes_.size(); ++n) net.adjacency_offsets_[n + 1] = net.adjacency_offsets_[n] + degree[n];
  net.adjacency_.resize(net.adjacency_offsets_.back());
  std::vector<std::uint32_t> fill(net.adjacency_offsets_.begin(), net.adjacency_offsets_.end() - 1);
  for (std::uint32_t e = 0; e < net.edges_.size(); ++e) {
    net.adjacency_[fill[net.edges_[e].a]++] = {net.edges_[e].b, e};
    net.adjacency_[fill[net.edges_[e].b]++] = {net.edges_[e].a, e};
  }
  // Connected components, by breadth-first search.
  net.component_.assign(net.nodes_.size(), -1);
  std::vector<std::uint32_t> queue;
  for (std::uint32_t start = 0; start < net.nodes_.size(); ++start) {
    if (net.component_[start] >= 0) continue;
    const int id = net.component_count_++;
    queue.assign(1, start);
    net.component_[start] = id;
    while (!queue.empty()) {
      const std::uint32_t n = queue.back();
      queue.pop_back();
      for (std::uint32_t k = net.adjacency_offsets_[n]; k < net.adjacency_offsets_[n + 1]; ++k) {
        const std::uint32_t m = net.adjacency_[k].first;
        if (net.component_[m] < 0) {
          net.component_[m] = id;
          queue.push_back(m);
        }
      }
    }
  }
  std::vector<SegmentEntry> entries;
  entries.reserve(net.edges_.size());
  for (std::size_t e = 0; e < net.edges_.size(); ++e) {
    const Point a = net.nodes_[net.edges_[e].a], b = net.nodes_[net.edges_[e].b];
    entries.emplace_back(BgSegment({a.x, a.y}, {b.x, b.y}), e);
  }
  net.index_ = std::make_unique<Index>();
  net.index_->segments = bgi::rtree<SegmentEntry, bgi::rstar<16>>(entries.begin(), entries.end());
  return net;
}

void RoadNetwork::snap_loose_ends(double tolerance) {
  if (tolerance <= 0 || edges_.empty()) return;
  std::vector<std::uint32_t> degree(nodes_.size(), 0);
  for (const auto& e : edges_) ++degree[e.a], ++degree[e.b];
  std::vector<SegmentEntry> entries;
  entries.reserve(edges_.size());
  for (std::size_t e = 0; e < edges_.size(); ++e) {
    const Point a = nodes_[edges_[e].a], b = nodes_[edges_[e].b];
    entries.emplace_back(BgSegment({a.x, a.y}, {b.x, b.y}), e);
  }
  const bgi::rtree<SegmentEntry, bgi::rstar<16>> tree(entries.begin(), entries.end());
  struct Split {
    double t;
    std::uint32_t node;
  };
  std::unordered_map<std::size_t, std::vector<Split>> splits;  // edge -> where new nodes cut it
  const std::size_t original_edges = edges_.size();
  std::vector<std::size_t> edge_of_end(nodes_.size(), 0);
  for (std::size_t e = 0; e < original_edges; ++e) edge_of_end[edges_[e].a] = edge_of_end[edges_[e].b] = e;
  std::vector<SegmentEntry> near;
  const std::size_t original_nodes = nodes_.size();
  for (std::uint32_t d = 0; d < original_nodes; ++d) {
    if (degree[d] != 1) continue;  // only a loose end is joined; a crossing left apart (a bridge) stays apart
    const Point p = nodes_[d];
    near.clear();
    tree.query(bgi::intersects(bg::model::box<BgPoint>({p.x - tolerance, p.y - tolerance}, {p.x + tolerance, p.y + tolerance})),
               std::back_inserter(near));
    double best = tolerance;
    std::size_t best_edge = 0;
    double best_t = 0;
    bool found = false;
    for (const auto& [segment, e] : near) {
      const Edge& edge = edges_[e];
      if (edge.a == d || edge.b == d) continue;
      const Point a = nodes_[edge.a], b = nodes_[edge.b];
      const double dx = b.x - a.x, dy = b.y - a.y;
      const double t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
      const double gap = std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
      if (gap < best || (gap == best && found && e < best_edge)) {
        best = gap;
        best_edge = e;
        best_t = t;
        found = true;
      }
    }
    if (!found) continue;
    const Edge target = edges_[best_edge];
    std::uint32_t to;
    constexpr double kAtTheEnd_m = 1e-3;  // closer than this to an end: join the end, do not cut the edge
    if (best_t * target.length <= kAtTheEnd_m) {
      to = target.a;
    } else if ((1 - best_t) * target.length <= kAtTheEnd_m) {
      to = target.b;
    } else {
      const Point a = nodes_[target.a], b = nodes_[target.b];
      to = static_cast<std::uint32_t>(nodes_.size());
      nodes_.push_back({a.x + best_t * (b.x - a.x), a.y + best_t * (b.y - a.y)});
      degree.push_back(0);
      splits[best_edge].push_back({best_t, to});
    }
    edges_.push_back({d, to, best, edges_[edge_of_end[d]].road});
    ++degree[d];
    ++degree[to];
    ++snapped_ends_;
    widest_snapped_gap_m_ = std::max(widest_snapped_gap_m_, best);
  }
  // Edges that a joint meets in their middle become two (or more) at the new nodes.
  for (auto& [e, cuts] : splits) {
    std::sort(cuts.begin(), cuts.end(), [](const Split& x, const Split& y) { return x.t < y.t; });
    const Edge whole = edges_[e];
    std::uint32_t from = whole.a;
    double from_t = 0;
    for (std::size_t k = 0; k < cuts.size(); ++k) {
      const Edge piece{from, cuts[k].node, (cuts[k].t - from_t) * whole.length, whole.road};
      if (k == 0)
        edges_[e] = piece;
      else
        edges_.push_back(piece);
      from = cuts[k].node;
      from_t = cuts[k].t;
    }
    edges_.push_back({from, whole.b, (1 - from_t) * whole.length, whole.road});
  }
}

std::size_t RoadNetwork::largest_component_nodes() const {
  std::vector<std::size_t> sizes(static_cast<std::size_t>(component_count_), 0);
  for (int c : component_) ++sizes[static_cast<std::size_t>(c)];
  return sizes.empty() ? 0 : *std::max_element(sizes.begin(), sizes.end());
}

int RoadNetwork::largest_component() const {
  std::vector<std::size_t> sizes(static_cast<std::size_t>(component_count_), 0);
  for (int c : component_) ++sizes[static_cast<std::size_t>(c)];
  return sizes.empty() ? -1 : static_cast<int>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
}

std::vector<NetworkPart> RoadNetwork::parts(const LayerData& roads) const {
  std::vector<NetworkPart> out(static_cast<std::size_t>(component_count_));
  std::vector<std::map<std::string, double>> named(out.size());  // road name -> length in the part
  for (std::size_t c = 0; c < out.size(); ++c) out[c].component = static_cast<int>(c);
  for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
    auto& part = out[static_cast<std::size_t>(component_[n])];
    ++part.nodes;
    part.extent.include(nodes_[n]);
  }
  const bool has_names = roads.has("name");
  const int largest = largest_component();
  for (auto& part : out)
    if (part.component != largest) part.lines.kind = GeometryKind::MultiLineString;
  for (const auto& e : edges_) {
    const auto c = static_cast<std::size_t>(component_[e.a]);
    if (out[c].component != largest) out[c].lines.parts.push_back({Path{nodes_[e.a], nodes_[e.b]}});
    ++out[c].edges;
    out[c].length_m += e.length;
    if (has_names && e.road < roads.size())
      if (const std::string name = roads.text(e.road, "name"); !name.empty()) named[c][name] += e.length;
  }
  for (std::size_t c = 0; c < out.size(); ++c) {
    std::vector<std::pair<double, std::string>> by_length;
    for (const auto& [name, length] : named[c]) by_length.emplace_back(-length, name);
    std::sort(by_length.begin(), by_length.end());
    for (std::size_t k = 0; k < by_length.size() && k < 3; ++k) out[c].road_names.push_back(by_length[k].second);
  }
  std::stable_sort(out.begin(), out.end(), [](const NetworkPart& a, const NetworkPart& b) { return a.nodes > b.nodes; });
  return out;
}

std::optional<Snap> RoadNetwork::snap(Point p) const {
  if (edges_.empty()) return std::nullopt;
  // The R-tree's nearest segment by exact point-segment distance.
  std::vector<SegmentEntry> found;
  index_->segments.query(bgi::nearest(BgPoint(p.x, p.y), 1), std::back_inserter(found));
  if (found.empty()) return std::nullopt;
  const Edge& e = edges_[found[0].second];
  const Point a = nodes_[e.a], b = nodes_[e.b];
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
  const Point at{a.x + t * dx, a.y + t * dy};
  return Snap{found[0].second, t, std::hypot(p.x - at.x, p.y - at.y), at};
}

std::vector<Snap> RoadNetwork::snap_all(const std::vector<Point>& points) const {
  if (edges_.empty()) return {};
  std::vector<Snap> snaps(points.size());
  const unsigned threads = worker_count(points.size(), 20000);
  std::vector<std::future<void>> workers;
  for (unsigned t = 0; t < threads; ++t)
    workers.push_back(std::async(std::launch::async, [&, t] {
      const std::size_t begin = points.size() * t / threads, end = points.size() * (t + 1) / threads;
      for (std::size_t i = begin; i < end; ++i) snaps[i] = *snap(points[i]);
    }));
  for (auto& w : workers) w.get();
  return snaps;
}

RoadNetwork::Field RoadNetwork::walk_from(const std::vector<Snap>& sources, double limit) const {
  Field field;
  field.node_distance.assign(nodes_.size(), kUnreachable);
  using Item = std::pair<double, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  auto relax = [&](std::uint32_t n, double d) {
    if (d < field.node_distance[n] && d <= limit) {
      field.node_distance[n] = d;
      heap.emplace(d, n);
    }
  };
  for (const Snap& s : sources) {
    const Edge& e = edges_[s.edge];
    relax(e.a, s.access_m + s.t * e.length);
    relax(e.b, s.access_m + (1.0 - s.t) * e.length);
    field.sources_by_edge.emplace(s.edge, s);
  }
  while (!heap.empty()) {
    const auto [d, n] = heap.top();
    heap.pop();
    if (d > field.node_distance[n]) continue;
    for (std::uint32_t k = adjacency_offsets_[n]; k < adjacency_offsets_[n + 1]; ++k)
      relax(adjacency_[k].first, d + edges_[adjacency_[k].second].length);
  }
  return field;
}

double RoadNetwork::distance_to(const Snap& target, const Field& field) const {
  const Edge& e = edges_[target.edge];
  double best = std::min(field.node_distance[e.a] + target.t * e.length, field.node_distance[e.b] + (1.0 - target.t) * e.length);
  // A source on the same edge may be reached along it without passing either end.
  auto [from, to] = field.sources_by_edge.equal_range(target.edge);
  for (auto it = from; it != to; ++it) best = std::min(best, it->second.access_m + std::fabs(target.t - it->second.t) * e.length);
  return best + target.access_m;
}

std::unordered_map<std::uint32_t, double> RoadNetwork::walk_near(const Snap& source, double limit) const {
  std::unordered_map<std::uint32_t, double> distance;
  using Item = std::pair<double, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  auto relax = [&](std::uint32_t n, double d) {
    if (d > limit) return;
    auto [it, added] = distance.emplace(n, d);
    if (!added && d >= it->second) return;
    it->second = d;
    heap.emplace(d, n);
  };
  const Edge& first = edges_[source.edge];
  relax(first.a, source.access_m + source.t * first.length);
  relax(first.b, source.access_m + (1.0 - source.t) * first.length);
  while (!heap.empty()) {
    const auto [d, n] = heap.top();
    heap.pop();
    if (d > distance[n]) continue;
    for (std::uint32_t k = adjacency_offsets_[n]; k < adjacency_offsets_[n + 1]; ++k)
      relax(adjacency_[k].first, d + edges_[adjacency_[k].second].length);
  }
  return distance;
}

double RoadNetwork::distance_between(const Snap& source, const std::unordered_map<std::uint32_t, double>& near,
                                     const Snap& target) const {
  const Edge& e = edges_[target.edge];
  double best = kUnreachable;
  if (auto it = near.find(e.a); it != near.end()) best = std::min(best, it->second + target.t * e.length);
  if (auto it = near.find(e.b); it != near.end()) best = std::min(best, it->second + (1.0 - target.t) * e.length);
  if (source.edge == target.edge) best = std::min(best, source.access_m + std::fabs(target.t - source.t) * e.length);
  return best + target.access_m;
}

std::vector<std::pair<Point, Point>> RoadNetwork::reachable(const Snap& source, double limit) const {
  std::vector<std::pair<Point, Point>> parts;
  const double budget = limit - source.access_m;
  if (budget <= 0) return parts;
  // The reached stretches of each edge as intervals of its parameter (0 at a, 1 at b), merged
  // before they are drawn: an edge walked from both ends, or from its source and an end, becomes
  // one piece, so the service area's buffer sees each street once.
  std::unordered_map<std::size_t, std::vector<std::pair<double, double>>> reached;
  const Edge& first = edges_[source.edge];
  const double source_reach = first.length > 0 ? budget / first.length : 1.0;
  reached[source.edge].emplace_back(std::max(0.0, source.t - source_reach), std::min(1.0, source.t + source_reach));

  std::unordered_map<std::uint32_t, double> distance;
  using Item = std::pair<double, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
  auto relax = [&](std::uint32_t n, double d) {
    if (d > budget) return;
    auto [it, added] = distance.emplace(n, d);
    if (!added && d >= it->second) return;
    it->second = d;
    heap.emplace(d, n);
  };
  relax(first.a, source.t * first.length);
  relax(first.b, (1.0 - source.t) * first.length);
  while (!heap.empty()) {
    const auto [d, n] = heap.top();
    heap.pop();
    if (d > distance[n]) continue;
    for (std::uint32_t k = adjacency_offsets_[n]; k < adjacency_offsets_[n + 1]; ++k) {
      const auto [m, e] = adjacency_[k];
      const double length = edges_[e].length;
      const double f = length > 0 ? std::min(1.0, (budget - d) / length) : 1.0;
      reached[e].push_back(edges_[e].a == n ? std::pair{0.0, f} : std::pair{1.0 - f, 1.0});
      relax(m, d + length);
    }
  }
  parts.reserve(reached.size());
  for (auto& [e, intervals] : reached) {
    const Point a = nodes_[edges_[e].a], b = nodes_[edges_[e].b];
    auto at = [&](double t) { return Point{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; };
    std::sort(intervals.begin(), intervals.end());
    std::pair<double, double> run = intervals.front();
    for (std::size_t i = 1; i <= intervals.size(); ++i) {
      if (i < intervals.size() && intervals[i].first <= run.second) {
        run.second = std::max(run.second, intervals[i].second);
        continue;
      }
      if (run.second > run.first) parts.emplace_back(at(run.first), at(run.second));
      if (i < intervals.size()) run = intervals[i];
    }
  }
  return parts;
}

}  // namespace geo
