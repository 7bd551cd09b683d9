#pragma once
// A planning project: which layers play which role, how their fields map onto the model's,
// and the one working CRS every layer is brought into on load.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "geo/crs.h"
#include "geo/feedback.h"
#include "geo/geometry.h"
#include "geo/inspect.h"
#include "geo/households_options.h"
#include "geo/network_options.h"
#include "geo/web_map_offsets.h"

namespace geo {

enum class Role { Communities, Buildings, Plots, Facilities, Parking, Roads, Candidates };
inline constexpr Role kAllRoles[] = {Role::Communities, Role::Buildings, Role::Plots,     Role::Facilities,
                                     Role::Parking,     Role::Roads,     Role::Candidates};
const char* to_string(Role role);
std::optional<Role> parse_role(std::string_view name);

// The model's fields of a role: what the engine reads, and which of them it cannot do without.
struct ModelField {
  std::string name;
  bool required = false;
  bool numeric = false;
  std::vector<std::string> aliases;  // recognised source names, Chinese ones among them
};
const std::vector<ModelField>& model_fields(Role role);

// Facility kinds the engine knows; Chinese names in the data are recognised.
std::optional<std::string> normalise_facility_kind(std::string_view value);

struct LayerSpec {
  Role role = Role::Communities;
  std::filesystem::path source;  // resolved against the project file's folder
  std::string layer;             // empty: the source's only (or first) layer
  std::string crs;               // overrides the source's CRS ("EPSG:4490", WKT, PROJ string)
  WebMapOffset offset = WebMapOffset::None;
  std::string encoding;          // attribute encoding of a Shapefile
  std::map<std::string, std::string> field_map;  // model field -> source field
  bool merge_pieces = false;  // features sharing an id are pieces of one: join them on load
};

// How a layer is drawn, kept with the project so that the map looks the same next time.
struct LayerStyleSpec {
  std::string fill;    // "#rrggbb" or "#aarrggbb"
  std::string stroke;
  double stroke_width = -1;  // pixels; negative: the default
  std::string label;         // field drawn as label; "" none
  std::string categorize;    // field whose values each get a colour; "" none
  // With categorize: each value's colour in legend order, all of them shown even where no feature
  // has it (a choropleth's classes); empty: colours by geo::category_colours.
  std::vector<std::pair<std::string, std::string>> classes;
  double point_size = -1;    // pixels, for point layers; negative: the default
  std::string line_style;    // outlines and lines: "solid", "dash", "dot", "dash dot" (QGIS's names); "" the default
  double opacity = -1;       // 0 (clear) … 1 (opaque); negative: opaque
  // Shown only between these scales (denominators: min_scale = 50000 hides the layer when
  // zoomed out beyond 1:50,000; max_scale = 500 hides it when zoomed in beyond 1:500); 0: no limit.
  double min_scale = 0;
  double max_scale = 0;
  std::optional<bool> visible;  // the layer's tick in the layer tree; unset: shown
};

// A layer on the map beside the project's roles, added with Layer → Add layer or Add basemap and
// kept with the project ([[map_layers]]), drawn in the working CRS: any vector source GDAL opens,
// a raster (GeoTIFF/COG orthophoto, MBTiles, GeoPackage tiles, in any CRS) or a tile service.
enum class MapLayerKind { Vector, Raster, Tiles };
enum class TileScheme { WebMercator, Cgcs2000 };  // EPSG:3857 tiles, or Tianditu's EPSG:4490 tiles ("_c")

struct MapLayerSpec {
  std::string id;    // unique in the project; its [styles.ID] holds its look
  std::string name;  // shown in the layer tree
  MapLayerKind kind = MapLayerKind::Vector;
  std::filesystem::path source;  // a file, resolved against the project file's folder (vector, raster)
  std::string layer;             // empty: the source's first layer
  std::string crs;               // stands in for a CRS the source lacks
  WebMapOffset offset = WebMapOffset::None;  // GCJ-02 tiles (AMap) are warped back by the published offset
  // Tiles: a URL template with {x}, {y}, {z} and, for a service that wants one, {key} — the key
  // itself comes from the environment variable key_env (or the application's settings), never
  // from the project file.
  std::string url;
  TileScheme scheme = TileScheme::WebMercator;
  std::string key_env;
  int max_zoom = 18;
  std::string attribution;  // shown on the map and printed
  bool below = false;  // drawn under the project's layers (the city map of an import), not over them
};

struct ProjectSpec {
  std::string name;
  std::filesystem::path file;  // the TOML it came from
  std::string crs = "auto";    // working CRS: "auto" or a definition
  std::vector<LayerSpec> layers;
  std::map<std::string, LayerStyleSpec> styles;  // by layer id (the role's name, or a map layer's id)
  std::vector<MapLayerSpec> map_layers;  // [[map_layers]], top of the map first
  NetworkOptions network;  // [network]: what a pedestrian may use
  HouseholdEstimate households;  // [households]: estimates for buildings without households
  bool merge_pieces = false;  // [project] merge_pieces: for every layer

  const LayerSpec* find(Role role) const;
};

// The files an output must never replace, whatever --overwrite says: the project file, each
// layer's source and, for a Shapefile source, the files beside it.
std::vector<std::filesystem::path> input_files(const ProjectSpec& spec);

// Parses a project TOML; errors name the file, line and problem.
ProjectSpec read_project(const std::filesystem::path& toml_file);
ProjectSpec parse_project(const std::string& toml_text, const std::filesystem::path& file_for_messages);

// Rewrites the project file's map: its [styles.*] tables and [[map_layers]], leaving the rest of it
// as written; the file is replaced whole (written beside it, then renamed).
void save_project_map(const std::filesystem::path& toml_file, const std::map<std::string, LayerStyleSpec>& styles,
                      const std::vector<MapLayerSpec>& map_layers);

using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

// One role's features in the working CRS, attributes held column by column under the model's
// field names (plus the source's other fields under their own names).
struct LayerData {
  Role role = Role::Communities;
  std::filesystem::path source_file;
  std::string source_layer;
  std::string describe_source() const;  // "file.gpkg, layer 'plots'"
  std::vector<std::int64_t> fids;
  std::vector<Geometry> geometries;
  std::vector<std::optional<std::string>> invalid_reasons;  // GEOS's reason, for polygon roles
  std::map<std::string, std::vector<Value>> columns;
  std::vector<std::string> column_order;  // as the source (or the result) has them; what a table and an export show
  std::map<std::string, std::string> field_sources;  // model field -> source field it came from
  std::vector<Finding> findings;
  // Values of number fields that could not be kept (NaN or infinity in the source): the cell is
  // left empty and this says what was there, so that a review gives the reason, not "missing".
  struct ValueProblem {
    std::int64_t fid = 0;
    std::string field;  // model field name
    std::string problem;
  };
  std::vector<ValueProblem> value_problems;

  std::size_t size() const { return fids.size(); }
  std::optional<std::string> value_problem(std::size_t row, const std::string& field) const;
  bool has(const std::string& field) const { return columns.count(field) != 0; }
  // The value as a number by read_number's rule (geo/numbers.h); empty when it is not one.
  std::optional<double> number(std::size_t i, const std::string& field) const;
  std::string text(std::size_t i, const std::string& field) const;
  // What the data calls a model field, for messages: "households (户数)".
  std::string label(const std::string& model_field) const;
  // Every column: those in column_order first, in that order, then any others by name.
  std::vector<std::string> column_names() const;
};

struct Project {
  ProjectSpec spec;
  int working_epsg = 0;
  std::string working_crs_reason;
  std::string households_note;  // how buildings' households were estimated, when they were; every output says it
  Extent extent;  // working CRS
  // Shared and immutable once loaded: an edit replaces one layer and shares the others.
  std::map<Role, std::shared_ptr<const LayerData>> layers;

  const LayerData* layer(Role role) const;
};

// Reads every layer, maps fields, brings geometries into the working CRS. Throws geo::Error for
// what makes a layer unusable (missing file, missing required field with the fields found);
// reports data problems as findings on the layers.
struct LoadOptions {
  std::vector<Role> roles;         // the roles to read, all when empty: a job reads no more than it uses
  bool model_fields_only = false;  // skip the source's other fields (analyses need only the model's)
  // The model fields a job reads, for the roles listed; a listed role's other model fields are
  // not decoded (with model_fields_only). Its id field is always read, for the load checks, and
  // so are the fields the household estimate needs when the project estimates households.
  std::map<Role, std::vector<std::string>> fields;
  // GeoPackage layers with at least this many features are read by several threads.
  std::int64_t parallel_read_min_features = 50000;
  // Layers whose driver offers a fast Arrow stream (GeoPackage) are read through it, in columns;
  // false reads them feature by feature (bench/read_bench compares the two).
  bool columnar = true;
  bool merge_pieces = false;  // join features that share an id (--merge-pieces), whatever the project says
};
Project load_project(const ProjectSpec& spec, Feedback* feedback = nullptr, const LoadOptions& options = {});

// Any vector file's layer (the first, or the named one) for display beside a project: every field
// under its own name, geometries brought into the working CRS (lon/lat without a CRS is read as
// CGCS2000; other layers without one are refused). crs stands in for a CRS the file lacks;
// offset undoes a web map's (GCJ-02, BD-09) on lon/lat coordinates.
std::shared_ptr<LayerData> load_display_layer(const std::filesystem::path& source, int working_epsg, const std::string& layer = {},
                                              Feedback* feedback = nullptr, WebMapOffset offset = WebMapOffset::None,
                                              const std::string& crs = {});

// The working CRS for a file opened on its own, without a project: its own CRS when that is
// projected, else the CGCS2000 Gauss-Kruger zone of its centre. Throws geo::Error when the file
// cannot be opened, holds no features, or its CRS is unknown and its coordinates not lon/lat.
WorkingCrsChoice working_crs_for_source(const std::filesystem::path& source, const std::string& layer = {});

// Writes a role's edited features back to its source: changed model fields of existing features,
// and new features (their geometry brought back into the source's CRS). GeoPackage sources and
// database tables (geo/database.h: save_database_edits, with row versions), in one transaction,
// so that a failure leaves the source as it was. Returns how many features were written.
std::size_t save_layer_edits(const Project& project, Role role, const LayerData& loaded, const LayerData& edited);

std::string value_to_string(const Value& v);

}  // namespace geo
