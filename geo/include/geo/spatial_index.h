#pragma once
// A bulk-loaded R-tree over extents (Boost.Geometry, packed on construction) and the planar
// point-in-polygon test, for assigning many features to few polygons.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "geo/geometry.h"

namespace geo {

class ExtentIndex {
 public:
  explicit ExtentIndex(const std::vector<Extent>& extents);  // item i is extents[i]
  ~ExtentIndex();
  ExtentIndex(ExtentIndex&&) noexcept;
  ExtentIndex& operator=(ExtentIndex&&) noexcept;

  // Items whose extent intersects the query (touching counts).
  std::vector<std::size_t> query(const Extent& e) const;
  std::vector<std::size_t> query(Point p) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Which of a set of polygons holds a point: the first (in their order) whose area contains it.
class PolygonLocator {
 public:
  explicit PolygonLocator(const std::vector<Geometry>& polygons);  // kept by reference: must outlive the locator
  std::optional<std::size_t> locate(Point p) const;

 private:
  const std::vector<Geometry>& polygons_;
  ExtentIndex index_;
};

// Even-odd rule over every ring of every polygon part: holes exclude.
bool polygon_contains(const Geometry& polygon, Point p);

// Area-weighted centroid of a polygonal geometry; the vertex mean for other kinds.
Point centroid(const Geometry& g);

}  // namespace geo
