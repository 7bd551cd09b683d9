// Well-known binary, as GDAL's Arrow streams carry geometries, read straight into our geometry.
#include <bit>
#include <cmath>
#include <cstring>

#include "geo/gdal_io.h"

namespace geo {

namespace {

// Reads the well-known binary of points, lines, polygons and their multi-forms (2D, Z, M or ZM,
// ISO or PostGIS flags, either byte order) the way from_ogr reads the same geometry; says false
// for anything else (curves, collections, a damaged or short record), left to GDAL.
class WkbReader {
 public:
  explicit WkbReader(std::span<const std::uint8_t> bytes) : at_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  bool read(Geometry& out) {
    std::uint32_t type = 0;
    int dims = 2;
    if (!header(type, dims)) return false;
    switch (type) {
      case 1: case 2: case 3:
        if (!member(type, dims, out)) return false;
        out.kind = type == 1 ? GeometryKind::Point : type == 2 ? GeometryKind::LineString : GeometryKind::Polygon;
        break;
      case 4: case 5: case 6: {
        std::uint32_t count = 0;
        if (!number(count)) return false;
        for (std::uint32_t i = 0; i < count; ++i) {
          std::uint32_t member_type = 0;
          int member_dims = 2;
          if (!header(member_type, member_dims) || member_type != type - 3 || !member(member_type, member_dims, out)) return false;
        }
        out.kind = type == 4 ? GeometryKind::MultiPoint : type == 5 ? GeometryKind::MultiLineString : collection_kind(out);
        break;
      }
      default: return false;
    }
    if (out.parts.empty()) out.kind = GeometryKind::Empty;
    return at_ == end_;
  }

 private:
  bool header(std::uint32_t& type, int& dims) {
    if (end_ - at_ < 5 || *at_ > 1) return false;
    little_ = *at_++ == 1;
    std::uint32_t code = 0;
    if (!number(code)) return false;
    dims = 2 + ((code & 0x80000000u) ? 1 : 0) + ((code & 0x40000000u) ? 1 : 0);
    if (code & 0x20000000u) {  // a PostGIS SRID, not needed here
      std::uint32_t srid = 0;
      if (!number(srid)) return false;
    }
    code &= 0x0fffffffu;
    dims += code >= 3000 ? 2 : code >= 1000 ? 1 : 0;
    type = code % 1000;
    return dims <= 4;
  }

  // One point, line or polygon appended as a part, empty ones left out as from_ogr does.
  bool member(std::uint32_t type, int dims, Geometry& out) {
    if (type == 1) {
      Point p;
      if (!point(dims, p)) return false;
      if (!std::isnan(p.x) || !std::isnan(p.y)) out.parts.push_back({Path{p}});  // NaN, NaN is WKB's empty point
      return true;
    }
    std::uint32_t paths = 1;
    if (type == 3 && !number(paths)) return false;
    std::vector<Path> rings;
    bool any_point = false;
    for (std::uint32_t r = 0; r < paths; ++r) {
      std::uint32_t count = 0;
      if (!number(count) || static_cast<std::size_t>(end_ - at_) / (8u * static_cast<unsigned>(dims)) < count) return false;
      Path path(count);
      for (auto& p : path)
        if (!point(dims, p)) return false;
      any_point = any_point || count > 0;
      rings.push_back(std::move(path));
    }
    if (any_point) out.parts.push_back(std::move(rings));
    return true;
  }

  bool point(int dims, Point& p) {
    if (end_ - at_ < 8 * dims) return false;
    p.x = real();
    p.y = real();
    at_ += 8 * (dims - 2);
    return true;
  }

  bool number(std::uint32_t& v) {
    if (end_ - at_ < 4) return false;
    std::memcpy(&v, at_, 4);
    if (little_ != (std::endian::native == std::endian::little)) v = byteswap(v);
    at_ += 4;
    return true;
  }

  double real() {
    std::uint64_t bits = 0;
    std::memcpy(&bits, at_, 8);
    if (little_ != (std::endian::native == std::endian::little)) bits = byteswap(bits);
    at_ += 8;
    return std::bit_cast<double>(bits);
  }

  template <typename T>
  static T byteswap(T v) {
    T out = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) out = static_cast<T>((out << 8) | ((v >> (8 * i)) & 0xff));
    return out;
  }

  const std::uint8_t* at_;
  const std::uint8_t* end_;
  bool little_ = true;
};

}  // namespace

std::optional<Geometry> from_wkb(std::span<const std::uint8_t> wkb) {
  Geometry out;
  if (WkbReader(wkb).read(out)) return out;
  OGRGeometry* parsed = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &parsed, wkb.size()) != OGRERR_NONE || !parsed) return std::nullopt;
  const std::unique_ptr<OGRGeometry> owned(parsed);
  return from_ogr(*owned);
}

}  // namespace geo
