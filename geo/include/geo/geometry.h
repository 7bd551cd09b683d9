#pragma once
// The engine's own plain geometry: coordinates in the working CRS, free of any library
// handle, so that it can be shared between threads, drawn, indexed and handed to GEOS in a
// context of the thread that needs it.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace geo {

struct Point {
  double x = 0.0;
  double y = 0.0;
  friend bool operator==(const Point&, const Point&) = default;
};

using Path = std::vector<Point>;  // a ring (closed: first == last) or a line string

enum class GeometryKind { Empty, Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon };

const char* to_string(GeometryKind kind);

// parts -> paths -> points. A polygon part holds its outer ring then its holes; a line part
// holds one path; a point part holds one path of one point.
struct Geometry {
  GeometryKind kind = GeometryKind::Empty;
  std::vector<std::vector<Path>> parts;

  bool empty() const { return parts.empty(); }
  static Geometry point(Point p);
  static Geometry line(Path path);
  static Geometry polygon(Path outer, std::vector<Path> holes = {});
};

// A collection's kind from what it holds: the highest dimension among its parts (MultiPolygon
// when it holds none).
GeometryKind collection_kind(const Geometry& g);

struct Extent {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();

  bool is_empty() const { return min_x > max_x; }
  void include(Point p);
  void include(const Extent& other);
  Point center() const { return {(min_x + max_x) / 2, (min_y + max_y) / 2}; }
  bool intersects(const Extent& o) const { return !(max_x < o.min_x || o.max_x < min_x || max_y < o.min_y || o.max_y < min_y); }
  bool contains(const Extent& inner) const {
    return inner.min_x >= min_x && inner.max_x <= max_x && inner.min_y >= min_y && inner.max_y <= max_y;
  }
  double width() const { return max_x - min_x; }
  double height() const { return max_y - min_y; }
};

Extent extent_of(const Geometry& g);

// Planar measures in the units of the coordinates (m, m² in the working CRS).
double area(const Geometry& g);
double signed_ring_area(const Path& ring);

// What makes a geometry unusable as it stands, found before any library sees it: a coordinate that
// is not a finite number, a ring of fewer than four points or not closed, a line of one point.
// Empty when it can be used (it may still be invalid, e.g. self-intersecting: that is GEOS's call).
std::optional<std::string> structural_problem(const Geometry& g);

}  // namespace geo
