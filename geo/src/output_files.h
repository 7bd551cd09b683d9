#pragma once
// Shared by every writer of the engine (export, review, coverage, siting): layers written through
// OGR in any of the formats, and outputs staged in a hidden folder beside their targets and
// renamed into place only once all are written.
#include <ogr_core.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "geo/feedback.h"
#include "geo/project.h"

namespace geo::output {

struct LayerToWrite {
  std::string name;                 // the layer's name in the file; its DXF layer
  const LayerData* data = nullptr;  // geometries in the working CRS
  const LayerStyleSpec* style = nullptr;  // GeoPackage: stored for QGIS; DXF: its label becomes text
  std::vector<std::size_t> rows;    // the features to write; empty: all
  std::map<std::string, std::string> field_names;  // column -> name in the file, where it differs
  std::map<std::string, std::pair<int, int>> field_widths;  // column -> width, precision (Shapefile)
  // column -> type, where the values cannot tell it (a numeric column that is empty throughout).
  std::map<std::string, OGRFieldType> field_types;
  // Geometries held by another layer, where `data` holds none of its own: row i's is row
  // geometry_rows[i] of `geometries_of` (a result layer over the project's buildings need not
  // copy the city's 287,650 footprints to write them).
  const LayerData* geometries_of = nullptr;
  std::vector<std::size_t> geometry_rows;

  const Geometry& geometry(std::size_t i) const {
    return geometries_of ? geometries_of->geometries[geometry_rows[i]] : data->geometries[i];
  }
};

struct WriteSettings {
  std::string format;  // gpkg, shp, geojson, kml, dxf, csv
  int working_epsg = 0;
  std::string target_crs;  // empty: the working CRS
  std::string encoding = "UTF-8";  // Shapefile: UTF-8 or GBK (written as CP936)
  std::filesystem::path shown_as;  // the file messages name: the target, not its staging copy
};

// The type a column is written with: whole numbers, decimals, or text (also for a column of nulls).
OGRFieldType field_type(const std::vector<Value>& column);

// Creates `file` and writes the layers into it (one layer only for shp, geojson and csv).
// Throws geo::Error naming the file, layer and feature when GDAL refuses or reports an error,
// also one reported only on closing (a full disk); geo::Cancelled when asked to stop.
void write_layers(const std::filesystem::path& file, const std::vector<LayerToWrite>& layers, const WriteSettings& settings,
                  Feedback* feedback = nullptr);

// Outputs written to dir/.cplan-<job>-<pid>/ and renamed into dir by commit(); destroyed before
// commit (failure, cancellation), it removes what it staged and leaves dir as it was (a dir it
// had to create is removed again).
class StagedOutputs {
 public:
  StagedOutputs(const std::filesystem::path& dir, const std::string& job, std::vector<std::string> names, bool overwrite,
                const std::vector<std::filesystem::path>& inputs = {});
  ~StagedOutputs();
  StagedOutputs(const StagedOutputs&) = delete;
  StagedOutputs& operator=(const StagedOutputs&) = delete;
  std::filesystem::path staged(const std::string& name) const { return staging_ / name; }
  std::filesystem::path final_path(const std::string& name) const { return dir_ / name; }
  // write_layers into the staged file `name`, messages naming its final path.
  void write(const std::string& name, const std::vector<LayerToWrite>& layers, WriteSettings settings, Feedback* feedback = nullptr) const;
  void commit();

  // Throws geo::Error naming the first output that exists, unless overwriting, and the first that
  // would replace one of the inputs, always.
  static void check_free(const std::filesystem::path& dir, const std::vector<std::string>& names, bool overwrite,
                         const std::vector<std::filesystem::path>& inputs = {});

 private:
  std::filesystem::path dir_;
  std::filesystem::path staging_;
  std::vector<std::string> names_;
  bool created_dir_ = false;  // removed again, when empty, if nothing is committed
  bool committed_ = false;
};

}  // namespace geo::output
