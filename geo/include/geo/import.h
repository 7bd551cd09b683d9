#pragma once
// cplan import: from what a city office has (an OpenStreetMap extract, Geofabrik's Shapefiles,
// survey data with AMap POIs) to a project: one GeoPackage with a layer per role and a project
// file that names them, with the working CRS, the walking network's rules and the household
// estimate written in. An import profile (plugins/importers/*.toml) says which features fill
// which role; the report says what filled each role, from what, and what could not be used.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geo/feedback.h"
#include "geo/geometry.h"
#include "geo/web_map_offsets.h"

namespace geo {

struct ImportOptions {
  std::vector<std::filesystem::path> sources;
  std::string profile = "osm";  // a shipped profile's name, or a path to a .toml
  std::filesystem::path out_dir;
  std::string name;  // the files' stem and the project's name; default: the first source's stem
  // The area to import: the polygons of a boundary file (also the communities when the source
  // has none), or a lon/lat box. Features that touch it are imported whole.
  std::filesystem::path boundary;
  std::string boundary_layer;
  std::string boundary_crs;  // when the file declares none
  WebMapOffset boundary_offset = WebMapOffset::None;
  std::optional<Extent> bbox;  // west, south, east, north in degrees
  bool overwrite = false;
  bool merge_pieces = false;  // written into the project: features sharing an id are joined on load
};

struct ImportedLayer {
  std::string name;  // the role, or residential_areas
  std::size_t features = 0;
  std::string from;  // "lines of city.osm.pbf where highway=*"
  std::vector<std::string> notes;  // what was set aside or estimated, with examples
};

struct ImportReport {
  std::filesystem::path gpkg;
  std::filesystem::path project;
  std::string profile;
  int working_epsg = 0;
  std::string working_crs_reason;
  std::vector<std::string> sources;  // per source layer: what was read and left out
  std::vector<ImportedLayer> layers;
  std::vector<std::string> not_filled;  // roles left empty, and why
  std::vector<std::pair<std::string, double>> seconds;  // how long each step took (read, select, build, write)
};

// Throws geo::Error naming the file (profile, source, boundary) when the import cannot be done;
// geo::Cancelled when asked to stop. Nothing is written unless everything is.
ImportReport import_city(const ImportOptions& options, Feedback* feedback = nullptr);

// Reads a "W,S,E,N" box in degrees; throws geo::Error saying what is wrong with it.
Extent parse_bbox(const std::string& text);

}  // namespace geo
