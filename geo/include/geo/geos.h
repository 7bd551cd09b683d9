#pragma once
// RAII over GEOS's reentrant C API. A GeosContext belongs to one thread; every geometry made
// through it is freed through it. Failures reported by GEOS become geo::Error with GEOS's text.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "geo/geometry.h"

namespace geo {

class GeosContext;

struct GeosGeometryDeleter {
  GEOSContextHandle_t context = nullptr;
  void operator()(GEOSGeometry* g) const noexcept {
    if (g) GEOSGeom_destroy_r(context, g);
  }
};
using GeosGeometry = std::unique_ptr<GEOSGeometry, GeosGeometryDeleter>;

struct GeosPreparedDeleter {
  GEOSContextHandle_t context = nullptr;
  void operator()(const GEOSPreparedGeometry* g) const noexcept {
    if (g) GEOSPreparedGeom_destroy_r(context, g);
  }
};
using GeosPrepared = std::unique_ptr<const GEOSPreparedGeometry, GeosPreparedDeleter>;

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t handle() const noexcept { return handle_; }
  // The message of GEOS's last error or notice on this context.
  const std::string& last_message() const noexcept { return last_message_; }

  GeosGeometry from_wkb(std::span<const unsigned char> wkb);
  GeosGeometry from_wkt(const std::string& wkt);
  GeosGeometry from_geometry(const Geometry& g);
  Geometry to_geometry(const GEOSGeometry* g);
  std::string to_wkt(const GEOSGeometry* g, int decimals = 3);
  GeosPrepared prepare(const GEOSGeometry* g);

  // nullopt when valid, otherwise GEOS's reason ("Self-intersection[x y]", ...).
  std::optional<std::string> invalid_reason(const GEOSGeometry* g);

  GeosGeometry intersection(const GEOSGeometry* a, const GEOSGeometry* b);
  GeosGeometry buffer(const GEOSGeometry* g, double width, int quadrant_segments = 8);
  GeosGeometry make_valid(const GEOSGeometry* g);
  GeosGeometry unary_union(const GEOSGeometry* g);  // dissolves a collection's parts into one shape
  GeosGeometry line_merge(const GEOSGeometry* g);   // joins lines that meet end to end into longer lines
  double area(const GEOSGeometry* g);
  double distance(const GEOSGeometry* a, const GEOSGeometry* b);

  // Takes ownership of a raw result of a GEOS call; throws with GEOS's message on NULL.
  GeosGeometry own(GEOSGeometry* g, const char* operation);

 private:
  static void on_message(const char* message, void* self);
  GEOSContextHandle_t handle_;
  std::string last_message_;
};

}  // namespace geo
