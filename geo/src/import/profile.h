#pragma once
// An import profile (plugins/importers/*.toml): which source features fill which role of a
// project, how their tags become the model's fields, and the [network] and [households]
// defaults written into the project. The format is described at the top of osm.toml.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "geo/web_map_offsets.h"
#include "import/tags.h"

namespace geo::import {

enum class GeometryNeed { Area, Line, Point, Any };
const char* to_string(GeometryNeed need);

struct FieldRule {
  std::string column;              // the output column (a model field or any other)
  std::vector<std::string> from;   // tag keys, "@id", first present wins
};

struct KindRule {
  std::string kind;  // a facility kind the engine knows
  std::vector<TagPattern> match;
};

// How source files are read, where the file says too little (AMap's GCJ-02, a CSV's lon/lat).
struct SourceRule {
  std::vector<std::string> files;  // globs on the file name
  std::string crs;                 // when the file declares none
  WebMapOffset offset = WebMapOffset::None;
  std::string encoding;            // Shapefile text encoding
  std::string location_field;      // a "lon,lat" text column, for CSVs without geometry columns
};

struct RoleRule {
  std::string target;  // a role's name, or "residential_areas"
  std::vector<std::string> layers;
  GeometryNeed geometry = GeometryNeed::Any;
  std::vector<TagPattern> match;
  std::vector<TagPattern> exclude;
  std::vector<FieldRule> fields;
  std::vector<KindRule> kinds;  // facilities: sets the kind column
  // A missing value of estimate_field is the feature's area ÷ area_per_unit_m2 (marked in
  // <field>_estimated); parking spaces.
  std::string estimate_field;
  double area_per_unit_m2 = 0;
  std::string otherwise;  // "buildings": when nothing matches, the buildings fill this role
};

struct ImportProfile {
  std::string name;
  std::filesystem::path file;
  std::string description;
  std::string driver;  // when set, every source must open with this GDAL driver
  std::vector<SourceRule> sources;
  std::vector<RoleRule> roles;  // in the file's order
  toml::table network;     // the [network] and [households] tables, written into the project
  toml::table households;

  const RoleRule* role(const std::string& target) const;
  const SourceRule* source_for(const std::filesystem::path& file) const;
};

// Reads a profile; errors name the file, line and problem.
ImportProfile read_import_profile(const std::filesystem::path& file);

}  // namespace geo::import
