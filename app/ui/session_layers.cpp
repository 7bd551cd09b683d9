// The session's map: its layers, basemaps, selection and search.
#include "session.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QUndoStack>

#include <algorithm>

#include "approval_report.h"
#include "geo/basemap.h"
#include "geo/coverage.h"
#include "geo/result_layers.h"
#include "geo/search.h"
#include "geo/siting.h"
#include "geo/style.h"
#include "session_layer_prep.h"

namespace cp {

using namespace layer_prep;

void Session::addBasemap(const geo::MapLayerSpec& spec) {
  if (!project_) return;
  auto project = project_;
  const geo::TileCache cache = tile_cache_;
  jobs_->run<std::shared_ptr<MapLayerData>>(
      tr("Opening the basemap %1…").arg(QString::fromStdString(spec.name)),
      [spec, cache, project](geo::Feedback&) {
        auto data = make_basemap_layer(spec, cache, project->working_epsg, QString::fromStdString(spec.id), QString::fromStdString(spec.name));
        if (!data->problem.isEmpty()) throw geo::Error(data->problem.toStdString());  // asked for now: said now
        return data;
      },
      [this, project, spec](std::shared_ptr<MapLayerData>& data) {
        if (project != project_) return;
        MapLayerEntry e;
        e.id = QString::fromStdString(spec.id);
        e.name = data->name;
        e.added = spec;
        e.style = style_of({}, std::nullopt);
        e.data = data;
        placeAddedLayer(std::move(e));
      });
}

void Session::placeAddedLayer(MapLayerEntry e) {
  const QString id = e.id;
  std::erase_if(layers_, [&](const MapLayerEntry& l) { return l.id == id; });
  // A basemap goes under everything; any other layer on top, as QGIS adds layers.
  if (e.data->basemap) layers_.push_back(std::move(e));
  else layers_.insert(layers_.begin(), std::move(e));
  setMapModified(true);
  emit layersChanged();
}

void Session::setTileCache(const geo::TileCache& cache) {
  tile_cache_ = cache;
  for (auto& e : layers_) {
    if (!e.data->basemap) continue;
    auto data = std::make_shared<MapLayerData>(*e.data);
    data->tile_cache = cache;
    e.data = data;
  }
  emit layersChanged();
}

// --- layers --------------------------------------------------------------------------------------

MapLayerEntry* Session::findLayer(const QString& id) {
  for (auto& l : layers_)
    if (l.id == id) return &l;
  return nullptr;
}

const MapLayerEntry* Session::layer(const QString& id) const { return const_cast<Session*>(this)->findLayer(id); }

std::vector<LayerToDraw> Session::layersToDraw() const {
  std::vector<LayerToDraw> draw;
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it)
    if (it->visible) draw.push_back({it->data, it->style});
  return draw;
}

void Session::rebuildLayer(MapLayerEntry& e) {
  e.style = style_of(e.spec, e.role);
  if (e.data->basemap) return;  // drawn from its source: only its opacity and scale range apply
  if (e.isResult()) e.style = to_map_style(e.spec, e.data->source->role);
  auto layer = prepare_layer(e.data->source, e.id, e.name, e.style, e.spec, e.role, review_ ? &*review_ : nullptr);
  if (e.id == "plots" && review_ && e.spec.categorize.empty()) {
    for (const auto& p : review_->plots) {
      QColor c(geo::verdict_colour(p.verdict));
      c.setAlpha(210);
      layer->feature_fill[p.index] = c;
    }
  }
  e.data = layer;
}

void Session::setLayerVisible(const QString& id, bool visible) {
  MapLayerEntry* e = findLayer(id);
  if (!e || e->visible == visible) return;
  e->visible = visible;
  if (!e->isResult()) {
    e->spec.visible = visible;
    setMapModified(true);
  }
  emit layersChanged();
}

void Session::setLayerOrder(const QStringList& top_first) {
  std::vector<MapLayerEntry> ordered;
  for (const QString& id : top_first)
    if (MapLayerEntry* e = findLayer(id)) ordered.push_back(std::move(*e));
  for (auto& e : layers_)
    if (!e.id.isEmpty() && !top_first.contains(e.id)) ordered.push_back(std::move(e));  // not named: kept below
  std::erase_if(ordered, [](const MapLayerEntry& e) { return e.id.isEmpty() || !e.data; });
  layers_ = std::move(ordered);
  emit layersChanged();
}

void Session::setLayerStyle(const QString& id, const geo::LayerStyleSpec& spec) {
  MapLayerEntry* e = findLayer(id);
  if (!e) return;
  e->spec = spec;
  if (!e->spec.visible && !e->visible) e->spec.visible = false;
  rebuildLayer(*e);
  if (!e->isResult()) setMapModified(true);
  emit layersChanged();
}

void Session::removeLayer(const QString& id) {
  auto it = std::find_if(layers_.begin(), layers_.end(), [&](const MapLayerEntry& e) { return e.id == id; });
  if (it == layers_.end() || it->role) return;  // the project's own layers stay: they are its data
  const bool saved = it->added.has_value();
  layers_.erase(it);
  if (selection_.layer_id == id) clearSelection();
  if (saved) setMapModified(true);
  emit layersChanged();
}

void Session::addResultLayer(const QString& id, const QString& name, std::shared_ptr<const geo::LayerData> data,
                             const geo::LayerStyleSpec& spec, geo::Role role, const QString& above) {
  std::erase_if(layers_, [&](const MapLayerEntry& e) { return e.id == id; });
  MapLayerEntry e;
  e.id = id;
  e.name = name;
  e.spec = spec;
  e.style = to_map_style(spec, role);
  if (spec.label.empty()) e.style.label_field.clear();  // a result is labelled only where it says so, not by its role's default
  e.data = prepare_layer(std::move(data), id, name, e.style, spec, std::nullopt);
  auto at = std::find_if(layers_.begin(), layers_.end(), [&](const MapLayerEntry& l) { return !above.isEmpty() && l.id == above; });
  layers_.insert(at == layers_.end() ? layers_.begin() : at, std::move(e));
  emit layersChanged();
}

// --- selection and search --------------------------------------------------------------------------

void Session::select(const QString& layer_id, std::vector<std::size_t> features) {
  selection_ = {layer_id, std::move(features)};
  emit selectionChanged();
}

QRectF Session::selectionExtent() const {
  const MapLayerEntry* e = layer(selection_.layer_id);
  if (!e) return {};
  QRectF extent;
  for (std::size_t f : selection_.features) {
    if (f >= e->data->extents.size()) continue;
    QRectF r = e->data->extents[f];
    if (r.isNull()) r = QRectF(e->data->points[f], QSizeF(0, 0));
    extent = extent.isNull() ? r : extent.united(r);
  }
  return extent;
}

std::vector<SearchResult> Session::search(const std::vector<MapLayerEntry>& layers, const QString& text, std::size_t limit,
                                          const geo::Feedback* cancel) {
  // Communities and plots are what a planner names most; then facilities; then the rest, top first.
  std::vector<const MapLayerEntry*> order;
  for (const char* id : {"communities", "plots", "facilities", "parking"})
    for (const auto& e : layers)
      if (e.id == id) order.push_back(&e);
  for (const auto& e : layers)
    if (std::find(order.begin(), order.end(), &e) == order.end()) order.push_back(&e);
  std::vector<SearchResult> results;
  const std::string query = text.toStdString();
  for (const MapLayerEntry* e : order) {
    if (results.size() >= limit) break;
    for (const geo::SearchHit& hit : geo::search_layer(*e->data->source, query, limit - results.size(), cancel))
      results.push_back({e->id, e->name, hit.row, QString::fromStdString(hit.field), QString::fromStdString(hit.value)});
  }
  return results;
}

}  // namespace cp
