#pragma once
// A bulk-loaded R-tree over extents (Boost.Geometry, packed on construction) and the planar
// point-in-polygon test, for assigning many features to few polygons.
#include <cstddef>
#include <functional>
#include <memory>
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

// Even-odd rule over every ring of every polygon part: holes exclude.
bool polygon_contains(const Geometry& polygon, Point p);

// Area-weighted centroid of a polygonal geometry; the vertex mean for other kinds.
Point centroid(const Geometry& g);

}  // namespace geo
