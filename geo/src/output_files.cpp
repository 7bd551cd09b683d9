#include "output_files.h"

#include <unistd.h>

#include <cmath>

#include "geo/error.h"
#include "geo/gdal_io.h"

namespace geo::output {

namespace fs = std::filesystem;

TableWriter::TableWriter(GDALDataset& ds, const std::string& name, OGRwkbGeometryType geometry_type, OGRSpatialReference* srs,
                         const std::vector<Column>& columns, const CPLStringList& options)
    : file_(ds.GetDescription()), name_(name) {
  layer_ = ds.CreateLayer(name.c_str(), srs, geometry_type, const_cast<char**>(options.List()));
  if (!layer_) throw Error("cannot create the layer", {.file = file_, .layer = name});
  for (const auto& c : columns) {
    OGRFieldDefn defn(c.name, c.type);
    if (layer_->CreateField(&defn) != OGRERR_NONE) throw Error("cannot create the field", {.file = file_, .layer = name, .field = c.name});
  }
}

OGRFeatureUniquePtr TableWriter::feature() const { return OGRFeatureUniquePtr(OGRFeature::CreateFeature(layer_->GetLayerDefn())); }

void TableWriter::write(OGRFeatureUniquePtr f, std::int64_t id) {
  if (layer_->CreateFeature(f.get()) != OGRERR_NONE) throw Error("cannot write the feature", {.file = file_, .layer = name_, .feature = id});
}

void set_optional(OGRFeature& f, const char* field, const std::optional<double>& v, int decimals) {
  if (v && std::isfinite(*v)) {
    const double scale = std::pow(10.0, decimals);
    f.SetField(field, std::round(*v * scale) / scale);
  } else {
    f.SetFieldNull(f.GetFieldIndex(field));
  }
}

void write_gpkg(const fs::path& file, int epsg, const std::function<void(GDALDataset&, OGRSpatialReference&)>& fill) {
  ensure_gdal_registered();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GdalErrorCollector errors;
  GDALDatasetUniquePtr ds(driver->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw Error(errors.summary("cannot create the GeoPackage"), {.file = file.string()});
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  ds->StartTransaction();
  fill(*ds, srs);
  if (ds->CommitTransaction() != OGRERR_NONE) throw Error(errors.summary("cannot commit"), {.file = file.string()});
  ds.reset();
  if (!errors.errors().empty()) throw Error(errors.summary(""), {.file = file.string()});
}

void write_csv(const fs::path& file, const std::string& layer_name, const std::vector<Column>& columns,
               const std::function<void(TableWriter&)>& rows) {
  ensure_gdal_registered();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("CSV");
  GdalErrorCollector errors;
  GDALDatasetUniquePtr ds(driver->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw Error(errors.summary("cannot create the CSV file"), {.file = file.string()});
  CPLStringList options;
  options.SetNameValue("WRITE_BOM", "YES");
  TableWriter table(*ds, layer_name, wkbNone, nullptr, columns, options);
  rows(table);
  ds.reset();
  if (!errors.errors().empty()) throw Error(errors.summary(""), {.file = file.string()});
}

void StagedOutputs::check_free(const fs::path& dir, const std::vector<std::string>& names, bool overwrite) {
  if (overwrite) return;
  for (const auto& n : names)
    if (fs::exists(dir / n)) throw Error("exists already; pass --overwrite to replace it", {.file = (dir / n).string()});
}

StagedOutputs::StagedOutputs(const fs::path& dir, const std::string& job, std::vector<std::string> names, bool overwrite)
    : dir_(dir), names_(std::move(names)) {
  check_free(dir_, names_, overwrite);
  fs::create_directories(dir_);
  staging_ = dir_ / (".cplan-" + job + "-" + std::to_string(::getpid()));
  fs::remove_all(staging_);
  fs::create_directories(staging_);
}

StagedOutputs::~StagedOutputs() {
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void StagedOutputs::commit() {
  for (const auto& n : names_) fs::rename(staging_ / n, dir_ / n);
}

}  // namespace geo::output
