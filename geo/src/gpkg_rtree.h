#pragma once
// A GeoPackage table's spatial index (the gpkg_rtree_index extension), written in one pass from
// the boxes of the features just written. GDAL 3.6 fills the index row by row through SQLite's
// R*Tree module, which took 2.9 s of the 4.8 s that writing the city's 287,650 uncovered
// buildings took; GDAL 3.8 packs the tree itself (GDAL PR #8596). This packs it the same way:
// the boxes sorted into full nodes (sort-tile-recursive), written straight into the module's
// three shadow tables in SQLite's own node format, then the extension's triggers, so that any
// later edit keeps the index up to date as it would one that GDAL made.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "geo/geometry.h"

namespace geo::gpkg_rtree {

struct IndexedBox {
  std::int64_t fid;
  Extent box;
};

// Adds the spatial index of table.geometry_column (keyed by fid_column) to the closed GeoPackage
// `file`, holding `boxes` (those of the non-empty geometries); throws geo::Error naming the file
// and table when SQLite refuses.
void write_index(const std::filesystem::path& file, const std::string& table, const std::string& geometry_column,
                 const std::string& fid_column, std::vector<IndexedBox> boxes);

}  // namespace geo::gpkg_rtree
