#include "geo/spatial_index.h"

#include <optional>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

#include <algorithm>
#include <cmath>

namespace geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BgPoint = bg::model::d2::point_xy<double>;
using BgBox = bg::model::box<BgPoint>;
using Entry = std::pair<BgBox, std::size_t>;

struct ExtentIndex::Impl {
  bgi::rtree<Entry, bgi::rstar<16>> tree;
};

ExtentIndex::ExtentIndex(const std::vector<Extent>& extents) : impl_(std::make_unique<Impl>()) {
  std::vector<Entry> entries;
  entries.reserve(extents.size());
  for (std::size_t i = 0; i < extents.size(); ++i) {
    const Extent& e = extents[i];
    if (e.is_empty()) continue;
    entries.emplace_back(BgBox({e.min_x, e.min_y}, {e.max_x, e.max_y}), i);
  }
  impl_->tree = bgi::rtree<Entry, bgi::rstar<16>>(entries.begin(), entries.end());  // packing construction
}

ExtentIndex::~ExtentIndex() = default;
ExtentIndex::ExtentIndex(ExtentIndex&&) noexcept = default;
ExtentIndex& ExtentIndex::operator=(ExtentIndex&&) noexcept = default;

std::vector<std::size_t> ExtentIndex::query(const Extent& e) const {
  std::vector<std::size_t> out;
  if (e.is_empty()) return out;
  const BgBox box({e.min_x, e.min_y}, {e.max_x, e.max_y});
  impl_->tree.query(bgi::intersects(box), boost::make_function_output_iterator([&out](const Entry& entry) { out.push_back(entry.second); }));
  return out;
}

std::vector<std::size_t> ExtentIndex::query(Point p) const {
  Extent e;
  e.include(p);
  return query(e);
}

bool polygon_contains(const Geometry& polygon, Point p) {
  bool inside = false;
  for (const auto& part : polygon.parts) {
    for (const auto& ring : part) {
      for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const Point& a = ring[i];
        const Point& b = ring[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
      }
    }
  }
  return inside;
}

namespace {

// The area-weighted centroid of a polygon's rings, or nothing when there is no area or a ring
// crosses itself: a simple ring's centroid lies within its extent, and one outside it means the
// formula divided by almost nothing (a bow-tie's halves cancel).
std::optional<Point> area_centroid(const Geometry& g) {
  double cx = 0, cy = 0, total = 0;
  for (const auto& part : g.parts) {
    for (std::size_t r = 0; r < part.size(); ++r) {
      const Path& ring = part[r];
      if (ring.size() < 3) continue;
      // Relative to the first vertex, so that large Gauss-Kruger coordinates keep precision.
      const Point o = ring[0];
      double a = 0, x = 0, y = 0;
      Extent e;
      for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const double x0 = ring[i].x - o.x, y0 = ring[i].y - o.y, x1 = ring[i + 1].x - o.x, y1 = ring[i + 1].y - o.y;
        const double cross = x0 * y1 - x1 * y0;
        a += cross;
        x += (x0 + x1) * cross;
        y += (y0 + y1) * cross;
        e.include(ring[i]);
      }
      if (a == 0) continue;
      const Point c{o.x + x / (3 * a), o.y + y / (3 * a)};
      if (c.x < e.min_x || c.x > e.max_x || c.y < e.min_y || c.y > e.max_y) return std::nullopt;
      // Outer rings add, holes subtract, whatever their orientation.
      const double sign = r == 0 ? 1.0 : -1.0;
      const double area = std::fabs(a) / 2 * sign;
      cx += c.x * area;
      cy += c.y * area;
      total += area;
    }
  }
  if (total == 0) return std::nullopt;
  return Point{cx / total, cy / total};
}

}  // namespace

namespace {

std::vector<Extent> extents_of(const std::vector<Geometry>& polygons) {
  std::vector<Extent> out;
  out.reserve(polygons.size());
  for (const auto& g : polygons) out.push_back(extent_of(g));
  return out;
}

}  // namespace

PolygonLocator::PolygonLocator(const std::vector<Geometry>& polygons) : polygons_(polygons), index_(extents_of(polygons)) {}

std::optional<std::size_t> PolygonLocator::locate(Point p) const {
  std::vector<std::size_t> found = index_.query(p);
  std::sort(found.begin(), found.end());
  for (std::size_t i : found)
    if (polygon_contains(polygons_[i], p)) return i;
  return std::nullopt;
}

Point centroid(const Geometry& g) {
  if (g.kind == GeometryKind::Polygon || g.kind == GeometryKind::MultiPolygon)
    if (auto c = area_centroid(g)) return *c;
  // Points, lines, and shapes without a usable area: the mean of the vertices.
  double sx = 0, sy = 0;
  std::size_t n = 0;
  for (const auto& part : g.parts)
    for (const auto& path : part)
      for (const auto& p : path) {
        sx += p.x;
        sy += p.y;
        ++n;
      }
  const double count = static_cast<double>(n);
  return n ? Point{sx / count, sy / count} : Point{};
}

}  // namespace geo
