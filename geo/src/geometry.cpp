#include "geo/geometry.h"

#include <algorithm>
#include <cmath>

namespace geo {

const char* to_string(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::Empty: return "Empty";
    case GeometryKind::Point: return "Point";
    case GeometryKind::LineString: return "LineString";
    case GeometryKind::Polygon: return "Polygon";
    case GeometryKind::MultiPoint: return "MultiPoint";
    case GeometryKind::MultiLineString: return "MultiLineString";
    case GeometryKind::MultiPolygon: return "MultiPolygon";
  }
  return "Unknown";
}

Geometry Geometry::point(Point p) { return {GeometryKind::Point, {{Path{p}}}}; }
Geometry Geometry::line(Path path) { return {GeometryKind::LineString, {{std::move(path)}}}; }
Geometry Geometry::polygon(Path outer, std::vector<Path> holes) {
  std::vector<Path> rings;
  rings.reserve(holes.size() + 1);
  rings.push_back(std::move(outer));
  for (auto& h : holes) rings.push_back(std::move(h));
  return {GeometryKind::Polygon, {std::move(rings)}};
}

void Extent::include(Point p) {
  min_x = std::min(min_x, p.x);
  min_y = std::min(min_y, p.y);
  max_x = std::max(max_x, p.x);
  max_y = std::max(max_y, p.y);
}

void Extent::include(const Extent& other) {
  if (other.is_empty()) return;
  include(Point{other.min_x, other.min_y});
  include(Point{other.max_x, other.max_y});
}

Extent extent_of(const Geometry& g) {
  Extent e;
  for (const auto& part : g.parts)
    for (const auto& path : part)
      for (const auto& p : path) e.include(p);
  return e;
}

double signed_ring_area(const Path& ring) {
  double twice = 0.0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i)
    twice += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
  return twice / 2.0;
}

double area(const Geometry& g) {
  if (g.kind != GeometryKind::Polygon && g.kind != GeometryKind::MultiPolygon) return 0.0;
  double total = 0.0;
  for (const auto& part : g.parts) {
    for (std::size_t r = 0; r < part.size(); ++r) {
      const double a = std::fabs(signed_ring_area(part[r]));
      total += r == 0 ? a : -a;
    }
  }
  return total;
}

}  // namespace geo
