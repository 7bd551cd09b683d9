#include "geo/measure.h"

#include <geodesic.h>

#include <cmath>

#include "geo/crs.h"
#include "geo/proj.h"

namespace geo {

namespace {
// The CGCS2000 ellipsoid: the GRS 1980 semi-major axis and CGCS2000's own flattening.
constexpr double kCgcs2000SemiMajor = 6378137.0;
constexpr double kCgcs2000Flattening = 1.0 / 298.257222101;
}  // namespace

PathMeasurer::PathMeasurer(int working_epsg)
    : to_lonlat_(ctx_, epsg_definition(working_epsg), epsg_definition(kCgcs2000Geographic)) {}

Measurement measure_on_plane(const std::vector<Point>& vertices, bool as_area) {
  Measurement m;
  if (vertices.size() < 2) return m;
  const bool closed = as_area && vertices.size() >= 3;
  const std::size_t n = vertices.size();
  const std::size_t segments = closed ? n : n - 1;
  double twice_area = 0;
  for (std::size_t i = 0; i < segments; ++i) {
    const Point& a = vertices[i];
    const Point& b = vertices[(i + 1) % n];
    m.planar_length_m += std::hypot(b.x - a.x, b.y - a.y);
    twice_area += a.x * b.y - b.x * a.y;
  }
  if (closed) m.planar_area_m2 = std::abs(twice_area) / 2;
  return m;
}

Measurement PathMeasurer::measure(const std::vector<Point>& vertices, bool as_area) const {
  Measurement m = measure_on_plane(vertices, as_area);
  if (vertices.size() < 2) return m;
  const bool closed = m.planar_area_m2.has_value();
  std::vector<Point> lonlat(vertices);
  to_lonlat_.forward(lonlat);
  geod_geodesic g;
  geod_init(&g, kCgcs2000SemiMajor, kCgcs2000Flattening);
  geod_polygon polygon;
  geod_polygon_init(&polygon, closed ? 0 : 1);  // polyline mode when the path stays open
  for (const Point& p : lonlat) geod_polygon_addpoint(&g, &polygon, p.y, p.x);
  double area = 0, perimeter = 0;
  geod_polygon_compute(&g, &polygon, /*reverse=*/0, /*sign=*/0, closed ? &area : nullptr, &perimeter);
  m.ellipsoidal_length_m = perimeter;
  if (closed) m.ellipsoidal_area_m2 = std::abs(area);
  return m;
}

}  // namespace geo
