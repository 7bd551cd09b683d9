#include "geo/crs_checks.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "geo/error.h"

namespace geo {

std::optional<CrsBounds> crs_bounds(ProjContext& proj, const std::string& definition) {
  PjPtr crs;
  try {
    crs = proj.create_crs(definition);
  } catch (const Error&) {
    return std::nullopt;
  }
  double west = 0, south = 0, east = 0, north = 0;
  if (!proj_get_area_of_use(proj.handle(), crs.get(), &west, &south, &east, &north, nullptr) || west <= -1000) return std::nullopt;
  CrsBounds out;
  const double m = kAreaOfUseMarginDegrees;
  // An area crossing the antimeridian (west > east) is not ours to judge finely: the whole globe.
  if (west > east) west = -180, east = 180;
  out.lonlat = {std::max(-180.0, west - m), std::max(-90.0, south - m), std::min(180.0, east + m), std::min(90.0, north + m)};
  const int type = proj_get_type(crs.get());
  if (type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS) {
    out.native = out.lonlat;
    return out;
  }
  // The area of use is in degrees of no datum in particular: a margin of half a degree dwarfs
  // any datum's shift, so the projection from the CRS's own datum serves, and PROJ has no datum
  // transformation to look up (from WGS 84 that took 40-70 ms a layer).
  PjPtr lonlat(proj_crs_get_geodetic_crs(proj.handle(), crs.get()));
  if (!lonlat) lonlat.reset(proj_create(proj.handle(), "EPSG:4326"));
  PjPtr raw(proj_create_crs_to_crs_from_pj(proj.handle(), lonlat.get(), crs.get(), nullptr, nullptr));
  if (!raw) return std::nullopt;
  PjPtr op(proj_normalize_for_visualization(proj.handle(), raw.get()));
  if (!op) return std::nullopt;
  double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
  if (!proj_trans_bounds(proj.handle(), op.get(), PJ_FWD, out.lonlat.min_x, out.lonlat.min_y, out.lonlat.max_x, out.lonlat.max_y,
                         &xmin, &ymin, &xmax, &ymax, 21) ||
      !std::isfinite(xmin) || !std::isfinite(ymin) || !std::isfinite(xmax) || !std::isfinite(ymax))
    return std::nullopt;
  out.native = {xmin, ymin, xmax, ymax};
  return out;
}

namespace {

// 3-degree zone z has its central meridian at 3z°E; 6-degree zone z at (6z - 3)°E.
struct GkForm {
  bool three_degree;
  int zone;
};
std::optional<GkForm> central_meridian_zone(int epsg) {
  if (epsg >= 4534 && epsg <= 4554) return GkForm{true, 25 + (epsg - 4534)};
  if (epsg >= 4502 && epsg <= 4512) return GkForm{false, 13 + (epsg - 4502)};
  return std::nullopt;
}

std::string span(double lo, double hi) {
  auto one = [](double v) { return std::fabs(v) >= 1e9 ? fmt::format("{:.3g}", v) : fmt::format("{:.0f}", v); };
  return one(lo) + "–" + one(hi);
}

// What projected metres in China look like, for a message about coordinates in the wrong CRS.
std::string what_metres_look_like(const Extent& e) {
  const int zone = static_cast<int>(std::floor(e.min_x / 1e6));
  const bool northing = e.min_y > 1e6 && e.max_y < 6.5e6;
  if (northing && zone == static_cast<int>(std::floor(e.max_x / 1e6))) {
    if (zone >= 25 && zone <= 45)
      return fmt::format("they look like CGCS2000 3-degree Gauss-Kruger metres with the zone number {} in front of the easting: "
                         "declare crs = \"EPSG:{}\"",
                         zone, 4513 + zone - 25);
    if (zone >= 13 && zone <= 23)
      return fmt::format("they look like CGCS2000 6-degree Gauss-Kruger metres with the zone number {} in front of the easting: "
                         "declare crs = \"EPSG:{}\"",
                         zone, 4491 + zone - 13);
  }
  if (northing && e.min_x > 0 && e.max_x < 1e6)
    return "they look like Gauss-Kruger metres (easting, northing): declare the zone's CRS, e.g. crs = \"EPSG:4549\" for CGCS2000 "
           "120°E (Hangzhou) or \"EPSG:4547\" for 114°E (Changsha, Wuhan)";
  return "declare the CRS they are in";
}

}  // namespace

std::optional<int> zone_prefixed_form(int cm_epsg) {
  auto form = central_meridian_zone(cm_epsg);
  if (!form) return std::nullopt;
  return form->three_degree ? 4513 + (form->zone - 25) : 4491 + (form->zone - 13);
}

std::optional<int> central_meridian_form(int zone_epsg) {
  if (zone_epsg >= 4513 && zone_epsg <= 4533) return 4534 + (zone_epsg - 4513);
  if (zone_epsg >= 4491 && zone_epsg <= 4501) return 4502 + (zone_epsg - 4491);
  return std::nullopt;
}

std::optional<Finding> check_coordinates_against_crs(const Extent& e, const LayerCrs& crs, const std::optional<CrsBounds>& bounds) {
  if (e.is_empty() || !bounds || e.intersects(bounds->native)) return std::nullopt;
  const std::string name = crs.epsg ? fmt::format("{} (EPSG:{})", crs.name, *crs.epsg) : crs.name;
  const std::string runs = fmt::format("x runs {}, y {}", span(e.min_x, e.max_x), span(e.min_y, e.max_y));
  if (crs.geographic && (std::fabs(e.min_x) > 180 || std::fabs(e.max_x) > 180 || std::fabs(e.min_y) > 90 || std::fabs(e.max_y) > 90)) {
    const bool x_bad = std::fabs(e.min_x) > 180 || std::fabs(e.max_x) > 180;
    return Finding{Severity::Error, "crs_contradicted",
                   fmt::format("the layer's CRS is {}, in degrees, but {} = {} cannot be a {} ({}): these are not degrees; {} "
                               "(in the project, or in the file's .prj)",
                               name, x_bad ? "x" : "y", fmt::format("{:.6g}", x_bad ? (std::fabs(e.min_x) > 180 ? e.min_x : e.max_x)
                                                                                    : (std::fabs(e.min_y) > 90 ? e.min_y : e.max_y)),
                               x_bad ? "longitude" : "latitude", runs, what_metres_look_like(e)),
                   {}};
  }
  if (crs.epsg) {
    if (auto prefixed = zone_prefixed_form(*crs.epsg); prefixed && e.min_x > 1e7) {
      const int zone = static_cast<int>(std::floor(e.min_x / 1e6));
      const auto declared_zone = central_meridian_zone(*crs.epsg)->zone;
      const std::string fix = zone == declared_zone
                                  ? fmt::format("this is EPSG:{}, the zone-prefixed form of the same projection: declare crs = "
                                                "\"EPSG:{}\", or take {},000,000 off every easting",
                                                *prefixed, *prefixed, zone)
                                  : what_metres_look_like(e);
      return Finding{Severity::Error, "crs_contradicted",
                     fmt::format("the layer's CRS is {}, but its eastings carry a zone number in front ({}: zone {}); {}", name, runs,
                                 zone, fix),
                     {}};
    }
    if (auto cm = central_meridian_form(*crs.epsg); cm && e.max_x < 1e6 && e.min_x > 0)
      return Finding{Severity::Error, "crs_contradicted",
                     fmt::format("the layer's CRS is {}, whose eastings start with the zone number, but {} has none: this is "
                                 "EPSG:{}, the central-meridian form of the same projection; declare crs = \"EPSG:{}\"",
                                 name, runs, *cm, *cm),
                     {}};
  }
  return Finding{Severity::Error, "crs_contradicted",
                 fmt::format("the coordinates ({}) lie outside where {} is used (longitude {:.1f}–{:.1f}°, latitude {:.1f}–{:.1f}°, "
                             "with a {:.0f}° margin): the declared CRS is not theirs; {}",
                             runs, name, bounds->lonlat.min_x, bounds->lonlat.max_x, bounds->lonlat.min_y, bounds->lonlat.max_y,
                             kAreaOfUseMarginDegrees, crs.geographic ? "declare the CRS they are in" : what_metres_look_like(e)),
                 {}};
}

std::optional<std::string> outside_crs_reason(const Extent& f, const LayerCrs& crs, const CrsBounds& bounds) {
  if (f.is_empty() || bounds.native.contains(f)) return std::nullopt;
  const Point far = !bounds.native.contains(Extent{f.min_x, f.min_y, f.min_x, f.min_y}) ? Point{f.min_x, f.min_y} : Point{f.max_x, f.max_y};
  auto one = [](double v) { return std::fabs(v) >= 1e9 ? fmt::format("{:.3g}", v) : fmt::format("{:.2f}", v); };
  return fmt::format("a point at ({}, {}) lies outside where {} is used", one(far.x), one(far.y),
                     crs.epsg ? fmt::format("EPSG:{}", *crs.epsg) : crs.name);
}

}  // namespace geo
