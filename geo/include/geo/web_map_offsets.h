#pragma once
// GCJ-02 (AMap, Tencent) and BD-09 (Baidu): the offset systems of Chinese web maps. They are
// not datums and PROJ declines to implement them (OSGeo/PROJ#982), so the engine carries the
// published conversion itself. Coordinates are longitude/latitude in degrees; WGS 84 is taken
// as equal to CGCS2000 (they differ by centimetres to decimetres).
#include <optional>
#include <string_view>

#include "geo/geometry.h"

namespace geo {

enum class WebMapOffset { None, Gcj02, Bd09 };

// "gcj02"/"gcj-02"/"amap" -> Gcj02, "bd09"/"bd-09"/"baidu" -> Bd09, "" / "none" -> None.
std::optional<WebMapOffset> parse_web_map_offset(std::string_view text);

bool outside_china(Point lonlat);
Point wgs84_to_gcj02(Point lonlat);
Point gcj02_to_wgs84(Point lonlat);  // iterated to well under a centimetre
Point gcj02_to_bd09(Point lonlat);
Point bd09_to_gcj02(Point lonlat);   // iterated to well under a centimetre
Point to_wgs84(Point lonlat, WebMapOffset from);

}  // namespace geo
