// Writing plot edits back into the project's GeoPackage, in one transaction.
#include "geo/project.h"

#include <cmath>
#include <map>

#include "geo/crs.h"
#include "geo/database.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/proj.h"

namespace geo {

std::size_t save_layer_edits(const Project& project, Role role, const LayerData& loaded, const LayerData& edited) {
  const LayerSpec* spec = project.spec.find(role);
  if (!spec) throw Error(std::string("the project has no ") + to_string(role) + " layer");
  if (is_database_source(spec->source.string())) return save_database_edits(project, role, loaded, edited);
  OpenedSource source = open_vector_source(spec->source.string(), {.encoding = spec->encoding, .update = true});
  const std::string driver = source.dataset->GetDriver() ? source.dataset->GetDriver()->GetDescription() : "";
  if (driver != "GPKG")
    throw Error("saving edits is built for GeoPackage sources only (this one is " + driver + "); export the layer to a GeoPackage",
                {.file = spec->source.string()});
  OGRLayer* layer = spec->layer.empty() ? source.dataset->GetLayer(0) : source.dataset->GetLayerByName(spec->layer.c_str());
  if (!layer) throw Error("no layer '" + spec->layer + "'", {.file = spec->source.string()});
  const std::string where = spec->source.string();
  std::string source_crs = spec->crs.empty() ? crs_definition_of(layer->GetSpatialRef()) : spec->crs;
  if (source_crs.empty()) source_crs = epsg_definition(kCgcs2000Geographic);
  if (spec->offset != WebMapOffset::None)
    throw Error("saving edits into a layer in web-map offset coordinates is not supported", {.file = where});
  ProjContext proj;
  Transformer to_source(proj, epsg_definition(project.working_epsg), source_crs);

  std::map<std::int64_t, std::size_t> loaded_index;
  for (std::size_t i = 0; i < loaded.size(); ++i) loaded_index[loaded.fids[i]] = i;
  auto set_value = [](OGRFeature& f, const std::string& field, const Value& v) {
    const int index = f.GetFieldIndex(field.c_str());
    if (index < 0) return;
    if (auto p = std::get_if<std::int64_t>(&v)) f.SetField(index, static_cast<GIntBig>(*p));
    else if (auto d = std::get_if<double>(&v)) {
      if (f.GetFieldDefnRef(index)->GetType() == OFTInteger || f.GetFieldDefnRef(index)->GetType() == OFTInteger64)
        f.SetField(index, static_cast<GIntBig>(std::llround(*d)));
      else
        f.SetField(index, *d);
    } else if (auto t = std::get_if<std::string>(&v)) f.SetField(index, t->c_str());
    else f.SetFieldNull(index);
  };
  GdalErrorCollector errors;
  if (source.dataset->StartTransaction() != OGRERR_NONE) throw Error(errors.summary("cannot start a transaction"), {.file = where});
  std::size_t written = 0;
  try {
    for (std::size_t i = 0; i < edited.size(); ++i) {
      auto it = loaded_index.find(edited.fids[i]);
      if (it != loaded_index.end()) {
        bool changed = false;
        for (const auto& [model, source_field] : edited.field_sources)
          changed = changed || edited.columns.at(model).at(i) != loaded.columns.at(model).at(it->second);
        if (!changed) continue;
        OGRFeatureUniquePtr f(layer->GetFeature(edited.fids[i]));
        if (!f) throw Error("feature no longer in the source", {.file = where, .layer = layer->GetName(), .feature = edited.fids[i]});
        for (const auto& [model, source_field] : edited.field_sources) set_value(*f, source_field, edited.columns.at(model).at(i));
        if (layer->SetFeature(f.get()) != OGRERR_NONE)
          throw Error(errors.summary("cannot update the feature"), {.file = where, .layer = layer->GetName(), .feature = edited.fids[i]});
      } else {
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        for (const auto& [model, source_field] : edited.field_sources) set_value(*f, source_field, edited.columns.at(model).at(i));
        Geometry g = edited.geometries[i];
        for (auto& part : g.parts)
          for (auto& path : part)
            for (auto& p : path) p = to_source.forward(p);
        std::unique_ptr<OGRGeometry> og = to_ogr(g);
        if (wkbFlatten(layer->GetGeomType()) == wkbMultiPolygon) og.reset(OGRGeometryFactory::forceToMultiPolygon(og.release()));
        f->SetGeometryDirectly(og.release());
        if (layer->CreateFeature(f.get()) != OGRERR_NONE)
          throw Error(errors.summary("cannot add the feature"), {.file = where, .layer = layer->GetName()});
      }
      ++written;
    }
    if (source.dataset->CommitTransaction() != OGRERR_NONE) throw Error(errors.summary("cannot commit the edits"), {.file = where});
  } catch (...) {
    source.dataset->RollbackTransaction();
    throw;
  }
  return written;
}

}  // namespace geo
