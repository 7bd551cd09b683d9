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
  return choice;
}

}  // namespace geo
