#include "geo/geometry.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

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

std::optional<std::string> structural_problem(const Geometry& g) {
  const bool areas = g.kind == GeometryKind::Polygon || g.kind == GeometryKind::MultiPolygon;
  const bool lines = g.kind == GeometryKind::LineString || g.kind == GeometryKind::MultiLineString;
  for (std::size_t part = 0; part < g.parts.size(); ++part) {
    for (std::size_t r = 0; r < g.parts[part].size(); ++r) {
      const Path& path = g.parts[part][r];
      for (std::size_t k = 0; k < path.size(); ++k)
        if (!std::isfinite(path[k].x) || !std::isfinite(path[k].y))
          return fmt::format("point {} of part {} has {} that is not a finite number", k + 1, part + 1,
                             !std::isfinite(path[k].x) ? "an x coordinate" : "a y coordinate");
      if (areas) {
        const std::string ring = r == 0 ? "the outer ring" : fmt::format("hole {}", r);
        const std::string where = g.parts.size() > 1 ? fmt::format(" of part {}", part + 1) : "";
        if (path.size() < 4)
          return fmt::format("{}{} has {} point{}: a ring needs at least 4 (three corners and the first repeated at the end)",
                             ring, where, path.size(), path.size() == 1 ? "" : "s");
        if (path.front() != path.back())
          return fmt::format("{}{} is not closed: it ends at ({:.2f}, {:.2f}), not at its first point ({:.2f}, {:.2f})", ring,
                             where, path.back().x, path.back().y, path.front().x, path.front().y);
      }
      if (lines && path.size() < 2) return fmt::format("line {} has a single point", part + 1);
    }
  }
  return std::nullopt;
}

GeometryKind collection_kind(const Geometry& g) {
  if (g.parts.empty()) return GeometryKind::MultiPolygon;
  bool any_polygon = false;
  bool any_line = false;
  for (const auto& part : g.parts) {
    any_polygon = any_polygon || part.size() > 1 || (part[0].size() > 3 && part[0].front() == part[0].back());
    any_line = any_line || part[0].size() > 1;
  }
  return any_polygon ? GeometryKind::MultiPolygon : any_line ? GeometryKind::MultiLineString : GeometryKind::MultiPoint;
}

}  // namespace geo
