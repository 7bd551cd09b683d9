#include "geo/crs.h"

#include <cmath>

#include <fmt/format.h>

#include "geo/error.h"

namespace geo {

int cgcs2000_gk3_epsg_for_longitude(double longitude) {
  const int central_meridian = 3 * static_cast<int>(std::lround(longitude / 3.0));
  if (!std::isfinite(longitude) || central_meridian < 75 || central_meridian > 135)
    throw Error(fmt::format("longitude {:.4f}° lies outside the CGCS2000 Gauss-Kruger zones (73.5°E–136.5°E)",
                            longitude));
  return 4534 + (central_meridian - 75) / 3;
}

WorkingCrsChoice choose_working_crs(const Extent& lonlat_extent) {
  if (lonlat_extent.is_empty()) throw Error("cannot choose a working CRS: the data has no coordinates");
  const Point c = lonlat_extent.center();
  WorkingCrsChoice choice;
  choice.epsg = cgcs2000_gk3_epsg_for_longitude(c.x);
  const int cm = 75 + 3 * (choice.epsg - 4534);
  choice.why = fmt::format("data centred at {:.3f}°E {:.3f}°N: CGCS2000 3-degree Gauss-Kruger CM {}°E (EPSG:{})",
                           c.x, c.y, cm, choice.epsg);
  // A city keeps one zone; where it spills over an edge, say so and why this one.
  const int west = cgcs2000_gk3_epsg_for_longitude(std::fmax(lonlat_extent.min_x, 73.5));
  const int east = cgcs2000_gk3_epsg_for_longitude(std::fmin(lonlat_extent.max_x, 136.49));
  if (west != east) {
    const double edge = 75 + 3 * (west - 4534) + 1.5;
    choice.why += fmt::format("; the data spans {:.3f}°E–{:.3f}°E, across the zone edge at {:.1f}°E: all of it is kept in the "
                              "zone of its centre (set crs = \"EPSG:...\" in [project] to choose another)",
                              lonlat_extent.min_x, lonlat_extent.max_x, edge);
    choice.straddles = true;
  }
  return choice;
}

}  // namespace geo
