#pragma once
// Reading one layer's features for the loader: geometries brought into the working CRS, each one
// that cannot be used set aside with its reason, attributes decoded to UTF-8 — the same for a
// single reader and for the parallel readers of a large GeoPackage, each on its own thread with
// its own PROJ and GEOS contexts.
#include <ogrsf_frmts.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geo/crs_checks.h"
#include "geo/feedback.h"
#include "geo/project.h"
#include "load_checks.h"

namespace geo::layer_reader {

// How features of one layer are read: the same for a single reader and for parallel ones.
struct ReadPlan {
  WebMapOffset offset;
  std::string source_crs;
  std::string working_crs;
  bool validate;
  std::vector<int> field_indexes;
  std::optional<LayerCrs> crs;
  std::optional<CrsBounds> bounds;
  bool gbk_text = false;  // the project says GBK for a source whose driver does not decode it (CSV, GeoJSON)
  bool columnar = true;   // through GDAL's Arrow stream where the driver says it is fast
};

struct ChunkResult {
  std::vector<std::int64_t> fids;
  std::vector<Geometry> geometries;
  std::vector<std::optional<std::string>> invalid_reasons;
  std::vector<std::vector<Value>> columns;  // in the plan's field order
  std::vector<load_checks::UnusableFeature> unusable;  // emptied, with the reason in invalid_reasons
  std::int64_t not_utf8 = 0;  // text values that were not UTF-8
  std::int64_t first_not_utf8 = -1;
  std::vector<std::string> gdal_errors;
  Extent extent;
};

// Reads the layer's features (as filtered) with this thread's own PROJ and GEOS contexts.
// capacity: rows to reserve room for, so that the other chunks can be appended to this one in place.
ChunkResult read_chunk(OGRLayer& layer, const ReadPlan& plan, const SubFeedback* progress, std::int64_t expected,
                       Feedback* cancel = nullptr, std::size_t capacity = 0);

}  // namespace geo::layer_reader
