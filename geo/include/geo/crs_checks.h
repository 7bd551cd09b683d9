#pragma once
// Coordinates that contradict the CRS their file declares: metres under a geographic CRS, a
// Gauss-Kruger easting with its zone number in front under the central-meridian form (or
// without it under the zone form), coordinates far outside where the CRS is used (1e300), and a
// declared CRS that cannot be read at all. Shared by `cplan info` and the project loader.
#include <optional>
#include <string>

#include "geo/geometry.h"
#include "geo/inspect.h"
#include "geo/proj.h"

namespace geo {

// Where a CRS's coordinates can lie: PROJ's area of use, widened by a margin (a city may spill
// over its zone's edge), as longitude/latitude and as a box in the CRS's own coordinates.
struct CrsBounds {
  Extent lonlat;
  Extent native;
};
inline constexpr double kAreaOfUseMarginDegrees = 3.0;
std::optional<CrsBounds> crs_bounds(ProjContext& proj, const std::string& definition);

// An Error finding when the layer's coordinates cannot be in the CRS it declares, saying what
// they look like instead and how to declare that; nothing when they can, or when only some
// features lie outside (those are set aside one by one: outside_crs_reason).
std::optional<Finding> check_coordinates_against_crs(const Extent& native_extent, const LayerCrs& crs,
                                                     const std::optional<CrsBounds>& bounds);

// Why one feature's extent cannot be in the CRS: "lies outside where EPSG:4549 is used ...".
std::optional<std::string> outside_crs_reason(const Extent& feature_extent, const LayerCrs& crs, const CrsBounds& bounds);

// The EPSG code of the CGCS2000 Gauss-Kruger CRS whose eastings carry the zone number in front
// (EPSG:4513–4533 for 3-degree zones 25–45, 4491–4501 for 6-degree zones 13–23), for a
// central-meridian form (4534–4554, 4502–4512); and back.
std::optional<int> zone_prefixed_form(int central_meridian_epsg);
std::optional<int> central_meridian_form(int zone_prefixed_epsg);

}  // namespace geo
