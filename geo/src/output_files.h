#pragma once
// Shared by the engine's writers (review, coverage): tables through OGR, and outputs staged in a
// hidden folder beside their targets and renamed into place only once all are written.
#include <ogrsf_frmts.h>

#include <cpl_string.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace geo::output {

struct Column {
  const char* name;
  OGRFieldType type;
};

class TableWriter {
 public:
  TableWriter(GDALDataset& ds, const std::string& name, OGRwkbGeometryType geometry_type, OGRSpatialReference* srs,
              const std::vector<Column>& columns, const CPLStringList& options = {});
  OGRFeatureUniquePtr feature() const;
  void write(OGRFeatureUniquePtr f, std::int64_t id);

 private:
  std::string file_;
  std::string name_;
  OGRLayer* layer_ = nullptr;
};

void set_optional(OGRFeature& f, const char* field, const std::optional<double>& v, int decimals = 2);

// A GeoPackage in the given EPSG code, in one transaction; `fill` adds its layers.
void write_gpkg(const std::filesystem::path& file, int epsg,
                const std::function<void(GDALDataset&, OGRSpatialReference&)>& fill);

// A CSV table with a UTF-8 byte-order mark, so that Excel on a Chinese Windows reads it right.
void write_csv(const std::filesystem::path& file, const std::string& layer_name, const std::vector<Column>& columns,
               const std::function<void(TableWriter&)>& rows);

// Outputs written to dir/.cplan-<job>-<pid>/ and renamed into dir by commit(); destroyed before
// commit (failure, cancellation), it removes what it staged and leaves dir as it was.
class StagedOutputs {
 public:
  StagedOutputs(const std::filesystem::path& dir, const std::string& job, std::vector<std::string> names, bool overwrite);
  ~StagedOutputs();
  StagedOutputs(const StagedOutputs&) = delete;
  StagedOutputs& operator=(const StagedOutputs&) = delete;
  std::filesystem::path staged(const std::string& name) const { return staging_ / name; }
  std::filesystem::path final_path(const std::string& name) const { return dir_ / name; }
  void commit();

  // Throws geo::Error naming the first output that exists, unless overwriting.
  static void check_free(const std::filesystem::path& dir, const std::vector<std::string>& names, bool overwrite);

 private:
  std::filesystem::path dir_;
  std::filesystem::path staging_;
  std::vector<std::string> names_;
};

}  // namespace geo::output
