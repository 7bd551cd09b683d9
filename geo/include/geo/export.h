#pragma once
// Export of a project layer for approval offices and colleagues' GIS: Shapefile, GeoPackage,
// GeoJSON, KML or DXF, in a CRS the user names, written whole or not at all.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <ogr_core.h>

#include "geo/feedback.h"
#include "geo/inspect.h"
#include "geo/project.h"
#include "geo/style.h"

namespace geo {

struct ExportOptions {
  std::string format = "gpkg";  // shp, gpkg, geojson, kml, dxf
  std::string crs;              // default: the project's working CRS
  std::string encoding = "UTF-8";  // Shapefile attributes: UTF-8 or GBK
  bool overwrite = false;
  std::vector<std::filesystem::path> inputs;  // files the export must never replace (input_files of the project)
};

// A layer to export: a project's role or an analysis result (result_layers.h), with its style.
struct ExportLayer {
  std::string name;                 // its name in the file (GeoPackage table, KML folder, DXF layer)
  const LayerData* data = nullptr;  // in the working CRS
  LayerStyleSpec style;             // GeoPackage: stored in layer_styles for QGIS; DXF: its label written as text
};

struct ExportResult {
  std::vector<std::filesystem::path> files;             // every file written
  std::vector<std::pair<std::string, std::string>> renamed_fields;  // full name -> name in the file
};

// A Shapefile field name that fits 10 bytes in the encoding, cut on a character boundary, made
// unique against `taken` with a numeric suffix; deterministic for the same inputs.
std::string fit_field_name(const std::string& name, const std::string& encoding, const std::vector<std::string>& taken);

// A Shapefile's fields as cplan writes them: text as wide as its longest value in the encoding
// (at most 254 bytes, the dBase limit), whole numbers 20 digits, decimals 24 with 15 after the point.
struct ShapefileField {
  std::string column;
  OGRFieldType type = OFTString;
  int width = 0;
  int precision = 0;
};

// The sizes of a Shapefile's .shp and .dbf for these rows, as the format lays them out (ESRI
// Shapefile Technical Description, 1998; dBase III): what the 2 GB limit is checked against.
struct ShapefileSize {
  std::uintmax_t shp = 0;
  std::uintmax_t dbf = 0;
};
ShapefileSize shapefile_size(const LayerData& layer, const std::vector<std::size_t>& rows, const std::vector<ShapefileField>& fields);

// Writes the layers into `out` (the format's extension added when it has none; another extension
// is refused). GeoPackage, KML and DXF hold several layers, GeoJSON one; Shapefiles are one per
// layer (NAME_LAYER.shp when there are several) and one per geometry family when a layer mixes
// them (NAME_point/_line/_polygon).
// Throws geo::Error (naming file, layer, feature, field) for what cannot be written faithfully:
// a value the encoding cannot hold, a Shapefile that would pass 2 GB, an existing output without
// overwrite, a write the disk cut short. A failure or cancellation leaves no partial file and the
// previous output intact.
ExportResult export_layers(const std::vector<ExportLayer>& layers, int working_epsg, const std::filesystem::path& out,
                           const ExportOptions& options, Feedback* feedback = nullptr);

}  // namespace geo
