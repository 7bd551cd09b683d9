#pragma once
// The working CRS: one projected CRS in metres that every layer is brought into on load.
#include <string>

#include "geo/geometry.h"

namespace geo {

inline constexpr int kCgcs2000Geographic = 4490;

// EPSG code of the CGCS2000 3-degree Gauss-Kruger zone, central-meridian form
// (EPSG:4534 at 75°E ... EPSG:4554 at 135°E), whose central meridian is nearest to the
// longitude. Throws geo::Error outside China's zones.
int cgcs2000_gk3_epsg_for_longitude(double longitude);

struct WorkingCrsChoice {
  int epsg = 0;
  std::string why;  // one sentence for the user: which longitude led to which zone
  bool straddles = false;  // the data crosses a zone edge
};

// Picks the zone for data whose extent, in CGCS2000 longitude/latitude, is given. A city keeps
// one zone even where it spills over a zone edge; the zone of the extent's centre is used, and
// the reason says that the data crosses an edge.
WorkingCrsChoice choose_working_crs(const Extent& lonlat_extent);

}  // namespace geo
