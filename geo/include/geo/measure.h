#pragma once
// What the measure tool shows: a line's length and a polygon's area, both as drawn in the
// working CRS (what a planner reads off the plan) and on the CGCS2000 ellipsoid (what the
// ground measures: Gauss-Kruger stretches distances away from its central meridian).
#include <optional>
#include <vector>

#include "geo/geometry.h"
#include "geo/proj.h"

namespace geo {

struct Measurement {
  double planar_length_m = 0;       // along the vertices; for an area, its perimeter
  std::optional<double> ellipsoidal_length_m;  // the same path as geodesics on the CGCS2000 ellipsoid
  std::optional<double> planar_area_m2;       // set when the path is measured as an area
  std::optional<double> ellipsoidal_area_m2;  // of the geodesic polygon
};

// The plane's figures only (the working CRS is in metres): what PathMeasurer adds the ellipsoid to,
// and all there is when PROJ cannot place the path.
Measurement measure_on_plane(const std::vector<Point>& vertices, bool as_area);

// Measures paths of working-CRS vertices. Holds its own PROJ context: one per thread.
class PathMeasurer {
 public:
  // Throws geo::Error when PROJ does not know the CRS.
  explicit PathMeasurer(int working_epsg);
  // as_area closes the path (three vertices or more give an area). Throws geo::Error when a
  // vertex cannot be brought to latitude/longitude.
  Measurement measure(const std::vector<Point>& vertices, bool as_area) const;

 private:
  ProjContext ctx_;
  Transformer to_lonlat_;
};

}  // namespace geo
