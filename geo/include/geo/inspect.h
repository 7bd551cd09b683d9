#pragma once
// What `cplan info` tells a planner about a source before they trust it: per layer, its shape
// (geometry type, count, CRS, extent, fields) and the problems found in it.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geo/feedback.h"
#include "geo/geometry.h"

namespace geo {

enum class Severity { Note, Warning, Error };
const char* to_string(Severity s);

// A data problem, reported rather than thrown: the user decides what to do about it.
struct Finding {
  Severity severity = Severity::Warning;
  std::string code;     // stable identifier: invalid_geometry, missing_prj, dbf_encoding_guess, ...
  std::string message;  // one sentence for a planner
  std::vector<std::int64_t> feature_ids;  // the first few features concerned, when it is about features
};

struct FieldInfo {
  std::string name;
  std::string type;  // OGR's type name: Integer, Integer64, Real, String, Date, ...
  int width = 0;
};

struct LayerCrs {
  std::string name;
  std::optional<int> epsg;
  bool geographic = false;
};

struct InvalidFeature {
  std::int64_t fid = 0;
  std::string reason;  // GEOS's reason
};

struct LayerReport {
  std::string name;
  std::string geometry_type;
  std::int64_t feature_count = 0;
  std::optional<LayerCrs> crs;
  Extent extent;  // in the layer's own CRS, traditional GIS axis order
  std::vector<FieldInfo> fields;
  std::int64_t invalid_count = 0;
  std::int64_t empty_count = 0;
  std::vector<InvalidFeature> first_invalid;  // at most kMaxListedFeatures
  std::vector<Finding> findings;
};

struct SourceReport {
  std::string path;
  std::string driver;
  std::string encoding;  // the attribute encoding used to read it, when it was decided by us
  std::vector<LayerReport> layers;
  std::vector<Finding> findings;  // about the source as a whole

  bool has_errors() const;
  bool has_read_errors() const;  // GDAL failed on part of the data, or a Shapefile's files disagree: what was shown is incomplete
};

inline constexpr std::size_t kMaxListedFeatures = 5;

struct InspectOptions {
  std::string encoding;  // force an attribute encoding for Shapefiles ("UTF-8", "GBK")
  bool check_geometries = true;
};

// Throws geo::Error when the source cannot be opened at all; everything else is a Finding.
SourceReport inspect_source(const std::string& path, const InspectOptions& options = {}, Feedback* feedback = nullptr);

// Heuristics on a layer's extent, shared with the project loader.
std::optional<Finding> check_axis_order(const Extent& extent, const std::optional<LayerCrs>& crs);

nlohmann::json to_json(const SourceReport& report);

}  // namespace geo
