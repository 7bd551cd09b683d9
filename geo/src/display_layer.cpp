// Layers shown beside a project, and files opened on their own: every field under its own name,
// geometries in the working CRS.
#include "geo/project.h"

#include <algorithm>

#include "geo/crs.h"
#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/inspect.h"
#include "geo/proj.h"
#include "geo/text.h"
#include "layer_reader.h"
#include "load_checks.h"

namespace geo {

namespace fs = std::filesystem;
using layer_reader::ReadPlan;
using layer_reader::ChunkResult;
using layer_reader::read_chunk;

namespace {

OGRLayer* open_named_layer(OpenedSource& opened, const fs::path& source, const std::string& layer_name) {
  OGRLayer* layer = layer_name.empty() ? opened.dataset->GetLayer(0) : opened.dataset->GetLayerByName(layer_name.c_str());
  if (!layer) {
    if (layer_name.empty()) throw Error("the source holds no vector layer", {.file = source.string()});
    throw Error("no layer '" + layer_name + "'", {.file = source.string()});
  }
  return layer;
}

Extent layer_envelope(OGRLayer& layer) {
  OGREnvelope env;
  Extent e;
  if (layer.GetExtent(&env, TRUE) == OGRERR_NONE) {
    e.include(Point{env.MinX, env.MinY});
    e.include(Point{env.MaxX, env.MaxY});
  }
  return e;
}

}  // namespace

WorkingCrsChoice working_crs_for_source(const fs::path& source, const std::string& layer_name) {
  OpenedSource opened = open_vector_source(source.string());
  OGRLayer* layer = open_named_layer(opened, source, layer_name);
  const std::string crs = crs_definition_of(layer->GetSpatialRef());
  const Extent native = layer_envelope(*layer);
  if (native.is_empty()) throw Error("the layer has no features to place on a map", {.file = source.string(), .layer = layer->GetName()});
  ProjContext proj;
  if (!crs.empty()) {
    const CrsDescription d = describe_crs(proj, crs);
    if (!d.geographic && d.epsg)
      return {*d.epsg, "the file's own CRS, " + d.name + " (EPSG:" + std::to_string(*d.epsg) + ")", false};
  }
  Extent lonlat = native;
  if (!crs.empty()) {
    const Transformer to_lonlat(proj, crs, epsg_definition(kCgcs2000Geographic));
    lonlat = {};
    for (const Point corner : {Point{native.min_x, native.min_y}, Point{native.max_x, native.max_y},
                               Point{native.min_x, native.max_y}, Point{native.max_x, native.min_y}})
      lonlat.include(to_lonlat.forward(corner));
  }
  return choose_working_crs(lonlat);
}

std::shared_ptr<LayerData> load_display_layer(const fs::path& source, int working_epsg, const std::string& layer_name,
                                              Feedback* feedback, WebMapOffset offset, const std::string& declared_crs) {
  OpenedSource opened = open_vector_source(source.string());
  OGRLayer* layer = open_named_layer(opened, source, layer_name);
  std::string crs = !declared_crs.empty()              ? declared_crs
                    : offset != WebMapOffset::None ? std::string("EPSG:4326")
                                                   : crs_definition_of(layer->GetSpatialRef());
  if (crs.empty()) {
    auto guess = check_axis_order(layer_envelope(*layer), std::nullopt);
    if (!guess || guess->code != "crs_guess")
      throw Error("the layer declares no CRS; add it to a project with crs = \"EPSG:...\"", {.file = source.string(), .layer = layer->GetName()});
    crs = epsg_definition(kCgcs2000Geographic);
  }
  ReadPlan plan{offset, crs, epsg_definition(working_epsg), false, {}, std::nullopt, std::nullopt, false};
  const OGRFeatureDefn& defn = *layer->GetLayerDefn();
  for (int i = 0; i < defn.GetFieldCount(); ++i) plan.field_indexes.push_back(i);
  SubFeedback progress(feedback, 0, 100);
  ChunkResult chunk = read_chunk(*layer, plan, &progress, std::max<std::int64_t>(1, layer->GetFeatureCount(FALSE)), feedback);
  auto out = std::make_shared<LayerData>();
  out->source_file = source;
  out->source_layer = layer->GetName();
  out->fids = std::move(chunk.fids);
  out->geometries = std::move(chunk.geometries);
  out->invalid_reasons = std::move(chunk.invalid_reasons);
  for (int i = 0; i < defn.GetFieldCount(); ++i) {
    const std::string name = repaired_utf8(defn.GetFieldDefn(i)->GetNameRef());
    out->columns[name] = std::move(chunk.columns[static_cast<std::size_t>(i)]);
    out->column_order.push_back(name);
  }
  load_checks::set_aside_unusable(*out, chunk.unusable);
  return out;
}

}  // namespace geo
