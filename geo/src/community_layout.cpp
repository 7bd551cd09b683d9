#include "community_layout.h"

#include <fmt/format.h>

#include <algorithm>

#include "geo/error.h"
#include "geo/geos.h"
#include "geo/spatial_index.h"

namespace geo {

namespace {

std::string name_of(const LayerData& communities, std::size_t c) {
  std::string name = communities.text(c, "name");
  return name.empty() ? fmt::format("feature {}", communities.fids[c]) : name;
}

// The first few items of a list for a message, "…" for the rest.
class ShortList {
 public:
  void add(const std::string& item) {
    if (items_ < kMaxListedFeatures) text_ += (text_.empty() ? "" : "; ") + item;
    else if (items_ == kMaxListedFeatures) text_ += "; and more";
    ++items_;
  }
  bool empty() const { return items_ == 0; }
  const std::string& text() const { return text_; }

 private:
  std::size_t items_ = 0;
  std::string text_;
};

}  // namespace

std::vector<Finding> community_overlaps_and_gaps(const LayerData& communities) {
  std::vector<Finding> out;
  if (communities.size() < 2) return out;
  GeosContext geos;
  std::vector<GeosGeometry> shapes;
  std::vector<Extent> extents;
  Geometry all;
  all.kind = GeometryKind::MultiPolygon;
  for (std::size_t c = 0; c < communities.size(); ++c) {
    const Geometry& g = communities.geometries[c];
    extents.push_back(extent_of(g));
    if (g.empty()) {
      shapes.emplace_back(nullptr, GeosGeometryDeleter{geos.handle()});
      continue;
    }
    GeosGeometry shape = geos.from_geometry(g);
    if (communities.invalid_reasons[c]) shape = geos.make_valid(shape.get());
    const Geometry valid = geos.to_geometry(shape.get());
    for (const auto& part : valid.parts)
      if (part.size() >= 1 && part[0].size() >= 4) all.parts.push_back(part);
    shapes.push_back(std::move(shape));
  }
  const ExtentIndex index(extents);
  if (all.parts.empty()) return out;
  const GeosGeometry merged = geos.unary_union(geos.from_geometry(all).get());

  // Overlaps: each pair once. Every place in two communities is counted twice in the sum of their
  // areas and once in their union, so no pair overlaps by more than the sum exceeds the union:
  // where that is within the tolerance (a city that tiles), the pairs need not be intersected.
  double summed_area = 0;
  for (const auto& shape : shapes)
    if (shape) summed_area += geos.area(shape.get());
  const bool may_overlap = summed_area - geos.area(merged.get()) > kCommunityLayoutToleranceM2;
  ShortList overlaps;
  double overlap_total = 0;
  std::vector<std::int64_t> overlap_ids;
  for (std::size_t a = 0; may_overlap && a < communities.size(); ++a) {
    if (!shapes[a]) continue;
    for (std::size_t b : index.query(extents[a])) {
      if (b <= a || !shapes[b]) continue;
      const GeosGeometry piece = geos.intersection(shapes[a].get(), shapes[b].get());
      const double area = geos.area(piece.get());
      if (area <= kCommunityLayoutToleranceM2) continue;
      const Point at = centroid(geos.to_geometry(piece.get()));
      overlap_total += area;
      overlaps.add(fmt::format("{} and {} by {:.0f} m² around ({:.0f}, {:.0f})", name_of(communities, a), name_of(communities, b), area,
                               at.x, at.y));
      if (overlap_ids.size() + 2 <= kMaxListedFeatures) overlap_ids.insert(overlap_ids.end(), {communities.fids[a], communities.fids[b]});
    }
  }
  if (!overlaps.empty()) {
    out.push_back({Severity::Warning, "communities_overlap",
                   fmt::format("communities overlap ({:.0f} m² in all): {}. A plot there is shared between them by area, never "
                               "counted twice; correct the boundaries",
                               overlap_total, overlaps.text()),
                   overlap_ids});
  }

  // Gaps: holes in the union of every community.
  const Geometry outline = geos.to_geometry(merged.get());
  ShortList gaps;
  double gap_total = 0;
  for (const auto& part : outline.parts) {
    for (std::size_t r = 1; r < part.size(); ++r) {
      const Geometry hole = Geometry::polygon(part[r]);
      const double a = area(hole);
      if (a <= kCommunityLayoutToleranceM2) continue;
      gap_total += a;
      const Point at = centroid(hole);
      std::string around;
      int named = 0;
      for (std::size_t c : index.query(extent_of(hole)))
        if (named++ < 3) around += (around.empty() ? "" : ", ") + name_of(communities, c);
      gaps.add(fmt::format("{:.0f} m² around ({:.0f}, {:.0f}) next to {}", a, at.x, at.y, around));
    }
  }
  if (!gaps.empty()) {
    out.push_back({Severity::Warning, "communities_gap",
                   fmt::format("the communities leave gaps between them ({:.0f} m² in all): {}. Households there belong to no "
                               "community; a plot's share in a gap is reported as outside every community",
                               gap_total, gaps.text()),
                   {}});
  }
  return out;
}

}  // namespace geo
