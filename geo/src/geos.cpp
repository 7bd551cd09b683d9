#include "geo/geos.h"

#include <vector>

#include "geo/error.h"

namespace geo {

namespace {

struct CoordSeqDeleter {
  GEOSContextHandle_t context;
  void operator()(GEOSCoordSequence* s) const noexcept {
    if (s) GEOSCoordSeq_destroy_r(context, s);
  }
};
using CoordSeq = std::unique_ptr<GEOSCoordSequence, CoordSeqDeleter>;

struct WkbReaderDeleter {
  GEOSContextHandle_t context;
  void operator()(GEOSWKBReader* r) const noexcept { GEOSWKBReader_destroy_r(context, r); }
};
struct WktReaderDeleter {
  GEOSContextHandle_t context;
  void operator()(GEOSWKTReader* r) const noexcept { GEOSWKTReader_destroy_r(context, r); }
};
struct WktWriterDeleter {
  GEOSContextHandle_t context;
  void operator()(GEOSWKTWriter* w) const noexcept { GEOSWKTWriter_destroy_r(context, w); }
};

}  // namespace

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
  if (!handle_) throw Error("GEOS could not create a context");
  GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_message, this);
  GEOSContext_setNoticeMessageHandler_r(handle_, &GeosContext::on_message, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

void GeosContext::on_message(const char* message, void* self) {
  static_cast<GeosContext*>(self)->last_message_ = message ? message : "";
}

GeosGeometry GeosContext::own(GEOSGeometry* g, const char* operation) {
  if (!g) throw Error(std::string("GEOS ") + operation + " failed: " + last_message_);
  return GeosGeometry(g, GeosGeometryDeleter{handle_});
}

GeosGeometry GeosContext::from_wkb(std::span<const unsigned char> wkb) {
  std::unique_ptr<GEOSWKBReader, WkbReaderDeleter> reader(GEOSWKBReader_create_r(handle_), {handle_});
  return own(GEOSWKBReader_read_r(handle_, reader.get(), wkb.data(), wkb.size()), "WKB read");
}

GeosGeometry GeosContext::from_wkt(const std::string& wkt) {
  std::unique_ptr<GEOSWKTReader, WktReaderDeleter> reader(GEOSWKTReader_create_r(handle_), {handle_});
  return own(GEOSWKTReader_read_r(handle_, reader.get(), wkt.c_str()), "WKT read");
}

std::string GeosContext::to_wkt(const GEOSGeometry* g, int decimals) {
  std::unique_ptr<GEOSWKTWriter, WktWriterDeleter> writer(GEOSWKTWriter_create_r(handle_), {handle_});
  GEOSWKTWriter_setRoundingPrecision_r(handle_, writer.get(), decimals);
  GEOSWKTWriter_setTrim_r(handle_, writer.get(), 1);
  char* text = GEOSWKTWriter_write_r(handle_, writer.get(), g);
  if (!text) throw Error("GEOS WKT write failed: " + last_message_);
  std::string out(text);
  GEOSFree_r(handle_, text);
  return out;
}

namespace {

CoordSeq make_sequence(GeosContext& ctx, const Path& path) {
  CoordSeq seq(GEOSCoordSeq_create_r(ctx.handle(), static_cast<unsigned>(path.size()), 2), {ctx.handle()});
  if (!seq) throw Error("GEOS could not create a coordinate sequence: " + ctx.last_message());
  for (unsigned i = 0; i < path.size(); ++i) GEOSCoordSeq_setXY_r(ctx.handle(), seq.get(), i, path[i].x, path[i].y);
  return seq;
}

GeosGeometry make_polygon(GeosContext& ctx, const std::vector<Path>& rings) {
  auto h = ctx.handle();
  if (rings.empty()) return ctx.own(GEOSGeom_createEmptyPolygon_r(h), "empty polygon");
  auto shell = ctx.own(GEOSGeom_createLinearRing_r(h, make_sequence(ctx, rings[0]).release()), "linear ring");
  std::vector<GeosGeometry> holes;
  for (std::size_t i = 1; i < rings.size(); ++i)
    holes.push_back(ctx.own(GEOSGeom_createLinearRing_r(h, make_sequence(ctx, rings[i]).release()), "linear ring"));
  std::vector<GEOSGeometry*> raw_holes;
  for (auto& hole : holes) raw_holes.push_back(hole.get());
  GEOSGeometry* poly =
      GEOSGeom_createPolygon_r(h, shell.get(), raw_holes.data(), static_cast<unsigned>(raw_holes.size()));
  if (poly) {  // the polygon now owns the rings
    shell.release();
    for (auto& hole : holes) hole.release();
  }
  return ctx.own(poly, "polygon");
}

GeosGeometry make_part(GeosContext& ctx, GeometryKind kind, const std::vector<Path>& part) {
  auto h = ctx.handle();
  switch (kind) {
    case GeometryKind::Point:
    case GeometryKind::MultiPoint:
      return ctx.own(GEOSGeom_createPoint_r(h, make_sequence(ctx, part.at(0)).release()), "point");
    case GeometryKind::LineString:
    case GeometryKind::MultiLineString:
      return ctx.own(GEOSGeom_createLineString_r(h, make_sequence(ctx, part.at(0)).release()), "line string");
    case GeometryKind::Polygon:
    case GeometryKind::MultiPolygon:
      return make_polygon(ctx, part);
    case GeometryKind::Empty:
      break;
  }
  return ctx.own(GEOSGeom_createEmptyCollection_r(h, GEOS_GEOMETRYCOLLECTION), "empty");
}

Path read_sequence(GeosContext& ctx, const GEOSCoordSequence* seq) {
  unsigned size = 0;
  GEOSCoordSeq_getSize_r(ctx.handle(), seq, &size);
  Path path(size);
  for (unsigned i = 0; i < size; ++i) GEOSCoordSeq_getXY_r(ctx.handle(), seq, i, &path[i].x, &path[i].y);
  return path;
}

void read_simple(GeosContext& ctx, const GEOSGeometry* g, Geometry& out) {
  auto h = ctx.handle();
  const int type = GEOSGeomTypeId_r(h, g);
  if (GEOSisEmpty_r(h, g) == 1) return;
  if (type == GEOS_POINT || type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
    out.parts.push_back({read_sequence(ctx, GEOSGeom_getCoordSeq_r(h, g))});
  } else if (type == GEOS_POLYGON) {
    std::vector<Path> rings;
    rings.push_back(read_sequence(ctx, GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, g))));
    const int holes = GEOSGetNumInteriorRings_r(h, g);
    for (int i = 0; i < holes; ++i)
      rings.push_back(read_sequence(ctx, GEOSGeom_getCoordSeq_r(h, GEOSGetInteriorRingN_r(h, g, i))));
    out.parts.push_back(std::move(rings));
  } else {
    const int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) read_simple(ctx, GEOSGetGeometryN_r(h, g, i), out);
  }
}

}  // namespace

GeosGeometry GeosContext::from_geometry(const Geometry& g) {
  const bool multi = g.kind == GeometryKind::MultiPoint || g.kind == GeometryKind::MultiLineString ||
                     g.kind == GeometryKind::MultiPolygon;
  if (g.kind == GeometryKind::Empty || g.parts.empty()) {
    return own(GEOSGeom_createEmptyCollection_r(handle_, GEOS_GEOMETRYCOLLECTION), "empty");
  }
  if (!multi) return make_part(*this, g.kind, g.parts.front());
  std::vector<GeosGeometry> parts;
  for (const auto& part : g.parts) parts.push_back(make_part(*this, g.kind, part));
  std::vector<GEOSGeometry*> raw;
  for (auto& p : parts) raw.push_back(p.get());
  const int type = g.kind == GeometryKind::MultiPoint        ? GEOS_MULTIPOINT
                   : g.kind == GeometryKind::MultiLineString ? GEOS_MULTILINESTRING
                                                             : GEOS_MULTIPOLYGON;
  GEOSGeometry* collection =
      GEOSGeom_createCollection_r(handle_, type, raw.data(), static_cast<unsigned>(raw.size()));
  if (collection)
    for (auto& p : parts) p.release();
  return own(collection, "collection");
}

Geometry GeosContext::to_geometry(const GEOSGeometry* g) {
  Geometry out;
  switch (GEOSGeomTypeId_r(handle_, g)) {
    case GEOS_POINT: out.kind = GeometryKind::Point; break;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING: out.kind = GeometryKind::LineString; break;
    case GEOS_POLYGON: out.kind = GeometryKind::Polygon; break;
    case GEOS_MULTIPOINT: out.kind = GeometryKind::MultiPoint; break;
    case GEOS_MULTILINESTRING: out.kind = GeometryKind::MultiLineString; break;
    default: out.kind = GeometryKind::MultiPolygon; break;  // collections: keep their areal parts
  }
  if (GEOSGeomTypeId_r(handle_, g) == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(handle_, g);
    for (int i = 0; i < n; ++i) {
      const GEOSGeometry* part = GEOSGetGeometryN_r(handle_, g, i);
      const int t = GEOSGeomTypeId_r(handle_, part);
      if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON) read_simple(*this, part, out);
    }
  } else {
    read_simple(*this, g, out);
  }
  if (out.parts.empty()) out.kind = GeometryKind::Empty;
  return out;
}

GeosPrepared GeosContext::prepare(const GEOSGeometry* g) {
  const GEOSPreparedGeometry* p = GEOSPrepare_r(handle_, g);
  if (!p) throw Error("GEOS prepare failed: " + last_message_);
  return GeosPrepared(p, GeosPreparedDeleter{handle_});
}

std::optional<std::string> GeosContext::invalid_reason(const GEOSGeometry* g) {
  const char valid = GEOSisValid_r(handle_, g);
  if (valid == 1) return std::nullopt;
  char* reason = GEOSisValidReason_r(handle_, g);
  std::string text = reason ? reason : last_message_;
  if (reason) GEOSFree_r(handle_, reason);
  return text;
}

GeosGeometry GeosContext::intersection(const GEOSGeometry* a, const GEOSGeometry* b) {
  return own(GEOSIntersection_r(handle_, a, b), "intersection");
}

GeosGeometry GeosContext::buffer(const GEOSGeometry* g, double width, int quadrant_segments) {
  return own(GEOSBuffer_r(handle_, g, width, quadrant_segments), "buffer");
}

GeosGeometry GeosContext::make_valid(const GEOSGeometry* g) { return own(GEOSMakeValid_r(handle_, g), "make valid"); }

GeosGeometry GeosContext::unary_union(const GEOSGeometry* g) { return own(GEOSUnaryUnion_r(handle_, g), "union"); }

GeosGeometry GeosContext::line_merge(const GEOSGeometry* g) { return own(GEOSLineMerge_r(handle_, g), "line merge"); }

double GeosContext::area(const GEOSGeometry* g) {
  double a = 0.0;
  if (!GEOSArea_r(handle_, g, &a)) throw Error("GEOS area failed: " + last_message_);
  return a;
}

double GeosContext::distance(const GEOSGeometry* a, const GEOSGeometry* b) {
  double d = 0.0;
  if (!GEOSDistance_r(handle_, a, b, &d)) throw Error("GEOS distance failed: " + last_message_);
  return d;
}

}  // namespace geo
