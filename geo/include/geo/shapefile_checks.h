#pragma once
// A Shapefile is several files that must agree: .shp (shapes), .shx (their index), .dbf
// (attributes, one record per shape, in order), .prj and .cpg. GDAL reads what it can of files
// that disagree and pairs the wrong attributes with the wrong shapes without a word; these
// checks read the files' own headers and records and say where they contradict each other.
#include <cstdint>
#include <string>
#include <vector>

#include "geo/inspect.h"

namespace geo {

// A number field filled with asterisks: dBase's mark of an empty value, which writers also put
// where a number did not fit the field's width. The bytes cannot tell the two apart.
struct DbfOverflow {
  std::int64_t record = 0;  // 0-based: GDAL's feature id
  int field_index = 0;      // GDAL's field index: the .dbf's order
  std::string field;
};

struct ShapefileCheck {
  std::vector<Finding> findings;
  // Severity Error among the findings that make GDAL's reading untrustworthy (counts that
  // disagree, a .dbf shorter than its header says): a project refuses such a layer.
  bool attributes_unpaired = false;
  std::vector<DbfOverflow> overflows;
};

// shp_path: the .shp (or .dbf) given; the files beside it are found by extension.
ShapefileCheck check_shapefile(const std::string& shp_path);

}  // namespace geo
