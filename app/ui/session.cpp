#include "session.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <QUndoStack>

#include <algorithm>
#include <set>

#include "approval_report.h"
#include "geo/basemap.h"
#include "geo/coverage.h"
#include "geo/geos.h"
#include "geo/plugins.h"
#include "geo/result_layers.h"
#include "geo/search.h"
#include "geo/siting.h"
#include "geo/style.h"

namespace cp {

namespace {

// An edit as the swap between two versions of the plots layer, both kept whole.
class PlotsChange : public QUndoCommand {
 public:
  PlotsChange(const QString& text, std::function<void(std::shared_ptr<const geo::LayerData>)> apply,
              std::shared_ptr<const geo::LayerData> before, std::shared_ptr<const geo::LayerData> after)
      : QUndoCommand(text), apply_(std::move(apply)), before_(std::move(before)), after_(std::move(after)) {}
  void redo() override { apply_(after_); }
  void undo() override { apply_(before_); }

 private:
  std::function<void(std::shared_ptr<const geo::LayerData>)> apply_;
  std::shared_ptr<const geo::LayerData> before_, after_;
};

// The order of the project's layers in the tree, top first: points over areas, as in QGIS.
const std::vector<geo::Role> kRoleOrder = {geo::Role::Candidates, geo::Role::Facilities, geo::Role::Plots, geo::Role::Parking,
                                           geo::Role::Buildings,  geo::Role::Roads,      geo::Role::Communities};

const geo::Role kAddedLayerRole = geo::Role::Candidates;  // added layers carry no role; this only picks a base look

QRectF to_rect(const geo::Extent& e) {
  return e.is_empty() ? QRectF() : QRectF(QPointF(e.min_x, e.min_y), QPointF(e.max_x, e.max_y));
}

// An added layer's look before the user chooses one: orange, to stand apart from the project's.
geo::LayerStyleSpec added_layer_default() {
  return {.fill = "#5aff7f00", .stroke = "#ffcc4c02", .stroke_width = 1.2, .label = "", .categorize = "", .point_size = 7};
}

// A layer's data prepared for drawing with its look: labels, categories and per-feature colours.
std::shared_ptr<MapLayerData> prepare_layer(std::shared_ptr<const geo::LayerData> source, const QString& id, const QString& name,
                                            const LayerStyle& style, const geo::LayerStyleSpec& spec, std::optional<geo::Role> role,
                                            const geo::Review* review = nullptr) {
  auto layer = make_map_layer(source, id, name, style.label_field);
  if (!spec.categorize.empty() && source->has(spec.categorize)) {
    std::map<std::string, QColor> colour_of;
    for (const auto& [value, colour] : geo::category_colours(*source, spec.categorize))
      colour_of[value] = QColor(QString::fromStdString(colour));
    for (std::size_t i = 0; i < source->size(); ++i) layer->feature_fill[i] = colour_of[source->text(i, spec.categorize)];
  } else if (role) {
    for (std::size_t i = 0; i < source->size(); ++i) {
      const geo::FeatureColours c = geo::default_feature_colours(*role, *source, i);
      if (!c.fill.empty() && spec.fill.empty()) layer->feature_fill[i] = QColor(QString::fromStdString(c.fill));
      if (!c.stroke.empty() && spec.stroke.empty()) layer->feature_stroke[i] = QColor(QString::fromStdString(c.stroke));
    }
    // Community offices stand apart: squares sized by floor area, coloured by whether their
    // community has the space it needs (once the review has said).
    if (*role == geo::Role::Facilities && review && spec.fill.empty())
      for (const geo::OfficeReview& o : review->offices) {
        if (o.facility >= layer->paths.size()) continue;
        layer->feature_diamond[o.facility] = 1;
        layer->feature_size[o.facility] = static_cast<float>(geo::office_symbol_size(o.floor_area_m2));
        layer->feature_fill[o.facility] = QColor(geo::office_standing_colour(geo::office_standing(*review, o)));
        layer->feature_stroke[o.facility] = QColor(40, 40, 40);
      }
    if (*role == geo::Role::Parking && spec.fill.empty())
      for (std::size_t i = 0; i < source->size(); ++i)
        if (const auto k = geo::parking_class_of(source->number(i, "spaces")))
          layer->feature_fill[i] = QColor(QString::fromStdString(geo::parking_classes()[*k].fill));
  }
  return layer;
}

// A basemap layer; one that cannot be read now (offline, no key, a moved file) stays in the project
// with its problem, written on the map where it would be: never a reason not to open the project.
std::shared_ptr<const MapLayerData> basemap_layer(const geo::MapLayerSpec& spec, const geo::TileCache& cache, int epsg, const QString& id,
                                                  const QString& name) {
  try {
    return make_basemap_layer(spec, cache, epsg, id, name);
  } catch (const std::exception& e) {
    auto layer = std::make_shared<MapLayerData>();
    layer->id = id;
    layer->name = name;
    layer->basemap = std::make_shared<const geo::MapLayerSpec>(spec);
    layer->tile_cache = cache;
    layer->working_epsg = epsg;
    layer->attribution = QString::fromStdString(spec.attribution);
    layer->problem = QString::fromUtf8(e.what());
    layer->source = std::make_shared<geo::LayerData>();
    return layer;
  }
}

LayerStyle style_of(const geo::LayerStyleSpec& spec, std::optional<geo::Role> role) {
  if (role) return to_map_style(spec, *role);
  return to_map_style(geo::overlay_style(added_layer_default(), spec), kAddedLayerRole);
}

}  // namespace

struct Session::Loaded {
  std::shared_ptr<geo::Project> project;
  std::vector<MapLayerEntry> layers;
};

Session::Session(QWidget* dialog_parent, QObject* parent)
    : QObject(parent), jobs_(new JobRunner(dialog_parent, this)), undo_stack_(new QUndoStack(this)) {
  tile_cache_.directory = std::filesystem::u8path(QStandardPaths::writableLocation(QStandardPaths::CacheLocation).toStdString()) / "tiles";
  connect(undo_stack_, &QUndoStack::cleanChanged, this, [this] { emit modifiedChanged(isModified()); });
}

Session::~Session() = default;

QStringList Session::shippedRulePacks() {
  QStringList packs;
  for (const std::string& name : geo::shipped_plugins("rules")) packs << QString::fromStdString(name);
  return packs;
}

// --- the project ---------------------------------------------------------------------------------

void Session::openProject(const QString& toml_file) {
  const std::string file = toml_file.toStdString();
  const geo::TileCache cache = tile_cache_;
  jobs_->run<std::shared_ptr<Loaded>>(
      tr("Reading the project…"),
      [file, cache](geo::Feedback& feedback) {
        auto loaded = std::make_shared<Loaded>();
        loaded->project = std::make_shared<geo::Project>(geo::load_project(geo::read_project(file), &feedback));
        const geo::Project& project = *loaded->project;
        for (geo::Role role : kRoleOrder) {
          if (!project.layer(role)) continue;
          MapLayerEntry e;
          e.id = geo::to_string(role);
          e.name = role_title(role);
          e.role = role;
          if (auto it = project.spec.styles.find(e.id.toStdString()); it != project.spec.styles.end()) e.spec = it->second;
          e.style = style_of(e.spec, role);
          e.visible = e.spec.visible.value_or(role != geo::Role::Candidates);
          e.data = prepare_layer(project.layers.at(role), e.id, e.name, e.style, e.spec, role);
          loaded->layers.push_back(std::move(e));
        }
        // Layers added to the map go on top, as they were saved; basemaps at the bottom.
        std::vector<MapLayerEntry> added, basemaps;
        for (const geo::MapLayerSpec& m : project.spec.map_layers) {
          MapLayerEntry e;
          e.id = QString::fromStdString(m.id);
          e.name = QString::fromStdString(m.name);
          e.added = m;
          if (auto it = project.spec.styles.find(m.id); it != project.spec.styles.end()) e.spec = it->second;
          e.style = style_of(e.spec, std::nullopt);
          e.visible = e.spec.visible.value_or(true);
          if (m.kind != geo::MapLayerKind::Vector) {
            e.data = basemap_layer(m, cache, project.working_epsg, e.id, e.name);
            basemaps.push_back(std::move(e));
            continue;
          }
          auto data = geo::load_display_layer(m.source, project.working_epsg, m.layer, nullptr, m.offset, m.crs);
          e.data = prepare_layer(std::move(data), e.id, e.name, e.style, e.spec, std::nullopt);
          added.push_back(std::move(e));
        }
        loaded->layers.insert(loaded->layers.begin(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
        loaded->layers.insert(loaded->layers.end(), std::make_move_iterator(basemaps.begin()), std::make_move_iterator(basemaps.end()));
        return loaded;
      },
      [this](std::shared_ptr<Loaded>& loaded) { showLoaded(loaded); });
}

void Session::openFile(const QString& path, const QString& layer) {
  if (path.endsWith(".toml", Qt::CaseInsensitive)) {
    openProject(path);
    return;
  }
  if (project_ && geo::opens_as_raster(path.toStdString())) {
    geo::MapLayerSpec spec;
    spec.id = QString("raster:%1").arg(QFileInfo(path).fileName()).toStdString();
    spec.name = QFileInfo(path).fileName().toStdString();
    spec.kind = geo::MapLayerKind::Raster;
    spec.source = std::filesystem::u8path(path.toStdString());
    addBasemap(spec);
    return;
  }
  const std::string file = path.toStdString();
  const std::string layer_name = layer.toStdString();
  auto project = project_;
  const QString id = QString("map:%1%2").arg(QFileInfo(path).fileName(), layer.isEmpty() ? QString() : ":" + layer);
  jobs_->run<std::shared_ptr<Loaded>>(
      tr("Reading %1…").arg(QFileInfo(path).fileName()),
      [file, layer_name, project, id, path](geo::Feedback& feedback) {
        auto loaded = std::make_shared<Loaded>();
        int epsg = 0;
        if (!project) {  // a map of the file on its own
          const geo::WorkingCrsChoice choice = geo::working_crs_for_source(file, layer_name);
          loaded->project = std::make_shared<geo::Project>();
          loaded->project->spec.name = QFileInfo(path).completeBaseName().toStdString();
          loaded->project->working_epsg = epsg = choice.epsg;
          loaded->project->working_crs_reason = choice.why;
        } else {
          epsg = project->working_epsg;
        }
        geo::MapLayerSpec spec;
        spec.id = id.toStdString();
        spec.name = QFileInfo(path).fileName().toStdString() + (layer_name.empty() ? "" : " · " + layer_name);
        spec.source = std::filesystem::u8path(file);
        spec.layer = layer_name;
        MapLayerEntry e;
        e.id = id;
        e.name = QString::fromStdString(spec.name);
        e.added = spec;
        e.style = style_of({}, std::nullopt);
        auto data = geo::load_display_layer(spec.source, epsg, layer_name, &feedback);
        if (loaded->project) {
          geo::Extent extent;
          for (const auto& g : data->geometries) extent.include(geo::extent_of(g));
          loaded->project->extent = extent;
        }
        e.data = prepare_layer(std::move(data), e.id, e.name, e.style, e.spec, std::nullopt);
        loaded->layers.push_back(std::move(e));
        return loaded;
      },
      [this, project](std::shared_ptr<Loaded>& loaded) {
        if (loaded->project) {
          showLoaded(loaded);
          return;
        }
        if (project != project_) return;  // another project was opened meanwhile
        MapLayerEntry& e = loaded->layers.front();
        const QString id = e.id;
        std::erase_if(layers_, [&](const MapLayerEntry& l) { return l.id == id; });
        layers_.insert(layers_.begin(), std::move(e));
        setMapModified(true);
        emit layersChanged();
      });
}

void Session::addBasemap(const geo::MapLayerSpec& spec) {
  if (!project_) return;
  auto project = project_;
  const geo::TileCache cache = tile_cache_;
  jobs_->run<std::shared_ptr<MapLayerData>>(
      tr("Opening the basemap %1…").arg(QString::fromStdString(spec.name)),
      [spec, cache, project](geo::Feedback&) {
        return make_basemap_layer(spec, cache, project->working_epsg, QString::fromStdString(spec.id), QString::fromStdString(spec.name));
      },
      [this, project, spec](std::shared_ptr<MapLayerData>& data) {
        if (project != project_) return;
        const QString id = QString::fromStdString(spec.id);
        std::erase_if(layers_, [&](const MapLayerEntry& l) { return l.id == id; });
        MapLayerEntry e;
        e.id = id;
        e.name = data->name;
        e.added = spec;
        e.style = style_of({}, std::nullopt);
        e.data = data;
        layers_.push_back(std::move(e));  // under everything: a basemap
        setMapModified(true);
        emit layersChanged();
      });
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

void Session::showLoaded(std::shared_ptr<Loaded> loaded) {
  project_ = loaded->project;
  loaded_plots_ = project_->layers.count(geo::Role::Plots) ? project_->layers.at(geo::Role::Plots) : nullptr;
  undo_stack_->clear();
  layers_ = std::move(loaded->layers);
  review_.reset();
  review_pack_.reset();
  selection_ = {};
  map_modified_ = false;
  emit modifiedChanged(false);
  emit projectLoaded();
  emit layersChanged();
  emit selectionChanged();
  runReview();
}

QRectF Session::fullExtent() const {
  QRectF extent = project_ ? to_rect(project_->extent) : QRectF();
  for (const auto& l : layers_)
    if (l.visible && !l.data->extent.isNull() && !(l.data->basemap && l.data->basemap->kind == geo::MapLayerKind::Tiles)) extent = extent.isNull() ? l.data->extent : extent.united(l.data->extent);
  return extent;
}

// --- review --------------------------------------------------------------------------------------

void Session::setRulePack(const QString& name) {
  if (name == rule_pack_) return;
  rule_pack_ = name;
  runReview();
}

void Session::runReview() {
  if (!project_) return;
  const int generation = ++review_generation_;
  if (!project_->layer(geo::Role::Communities) || !project_->layer(geo::Role::Plots)) {
    // Nothing to review against: the map is as reviewed as it gets.
    review_.reset();
    emit reviewed();
    return;
  }
  using Reviewed = std::pair<geo::Review, std::shared_ptr<const geo::RulePack>>;
  auto project = project_;
  const std::string pack_name = rule_pack_.toStdString();
  jobs_->run<std::shared_ptr<Reviewed>>(
      tr("Reviewing the plots (%1)").arg(rule_pack_),
      [project, pack_name](geo::Feedback&) {
        // The review's rule outcomes point into the pack: it lives as long as the review.
        auto pack = std::make_shared<const geo::RulePack>(geo::load_rule_pack(geo::resolve_rule_pack(pack_name)));
        return std::make_shared<Reviewed>(geo::review_plots(*project, *pack), pack);
      },
      [this, project, generation](std::shared_ptr<Reviewed>& r) {
        if (project != project_ || generation != review_generation_) return;  // overtaken
        review_ = std::move(r->first);
        review_pack_ = r->second;
        applyReview();
      },
      [this, project, generation](bool completed) {
        if (completed || project != project_ || generation != review_generation_) return;
        review_.reset();  // a failed review leaves no stale verdicts behind; jobs()->failed() says why
        applyReview();
      },
      {.show_progress = false});
}

void Session::applyReview() {
  for (const char* id : {"plots", "facilities"})
    if (MapLayerEntry* e = findLayer(id)) rebuildLayer(*e);
  emit layersChanged();
  emit reviewed();
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
                             const geo::LayerStyleSpec& spec, geo::Role role) {
  std::erase_if(layers_, [&](const MapLayerEntry& e) { return e.id == id; });
  MapLayerEntry e;
  e.id = id;
  e.name = name;
  e.spec = spec;
  e.style = to_map_style(spec, role);
  e.data = prepare_layer(std::move(data), id, name, e.style, spec, std::nullopt);
  layers_.insert(layers_.begin(), std::move(e));
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

// --- edits ---------------------------------------------------------------------------------------

bool Session::isModified() const { return !undo_stack_->isClean() || map_modified_; }

void Session::setMapModified(bool modified) {
  const bool before = isModified();
  map_modified_ = modified;
  if (isModified() != before) emit modifiedChanged(isModified());
}

void Session::replacePlots(std::shared_ptr<const geo::LayerData> plots) {
  auto edited = std::make_shared<geo::Project>(*project_);  // shares every other layer
  edited->layers[geo::Role::Plots] = plots;
  project_ = edited;
  if (MapLayerEntry* e = findLayer("plots")) {
    auto data = std::make_shared<MapLayerData>(*e->data);
    data->source = plots;
    e->data = data;
    review_.reset();
    rebuildLayer(*e);
  }
  emit layersChanged();
  runReview();
}

void Session::pushPlotsChange(const QString& text, std::shared_ptr<const geo::LayerData> after) {
  undo_stack_->push(new PlotsChange(text, [this](auto layer) { replacePlots(std::move(layer)); },
                                    project_->layers.at(geo::Role::Plots), std::move(after)));
}

void Session::editPlot(std::size_t index, const std::string& field, double value) {
  if (!project_ || !project_->layer(geo::Role::Plots)) return;
  auto plots = std::make_shared<geo::LayerData>(*project_->layer(geo::Role::Plots));
  if (index >= plots->size()) return;
  auto& column = plots->columns[field];
  if (column.size() < plots->size()) column.resize(plots->size());
  if (plots->number(index, field) == value) return;
  column.at(index) = value;
  pushPlotsChange(tr("Edit %1 of %2").arg(QString::fromStdString(field), QString::fromStdString(plots->text(index, "plot_id"))), plots);
}

void Session::addPlot(const QPolygonF& ring, double households, double gross_floor_area_m2, double reserved_office_m2) {
  if (!project_ || !project_->layer(geo::Role::Plots) || ring.size() < 4) return;
  auto plots = std::make_shared<geo::LayerData>(*project_->layer(geo::Role::Plots));
  geo::Path path;
  for (const QPointF& p : ring) path.push_back({p.x(), p.y()});
  if (!(path.front() == path.back())) path.push_back(path.front());
  const geo::Geometry shape = geo::Geometry::polygon(path);
  std::int64_t fid = 0;
  for (auto f : plots->fids) fid = std::max(fid, f);
  ++fid;
  geo::GeosContext geos;
  plots->fids.push_back(fid);
  plots->invalid_reasons.push_back(geos.invalid_reason(geos.from_geometry(shape).get()));
  plots->geometries.push_back(shape);
  const std::string id = QString("NEW-%1").arg(fid).toStdString();
  for (auto& [name, column] : plots->columns) {
    column.resize(plots->size() - 1);
    if (name == "plot_id") column.push_back(id);
    else if (name == "households") column.push_back(households);
    else if (name == "gross_floor_area_m2") column.push_back(gross_floor_area_m2);
    else if (name == "reserved_office_m2") column.push_back(reserved_office_m2);
    else column.push_back(std::monostate{});
  }
  if (!plots->has("plot_id")) {
    plots->columns["plot_id"].resize(plots->size());
    plots->columns["plot_id"].back() = id;
  }
  pushPlotsChange(tr("Draw plot %1").arg(QString::fromStdString(id)), plots);
}

bool Session::save(QString* error) {
  if (!project_) return false;
  if (!hasProjectFile()) {
    if (error) *error = tr("This map has no project file to save into: it was opened from a single file.");
    return false;
  }
  try {
    const auto plots = project_->layers.count(geo::Role::Plots) ? project_->layers.at(geo::Role::Plots) : nullptr;
    if (plots && loaded_plots_ && plots != loaded_plots_) geo::save_layer_edits(*project_, geo::Role::Plots, *loaded_plots_, *plots);
    std::map<std::string, geo::LayerStyleSpec> styles;
    std::vector<geo::MapLayerSpec> map_layers;
    for (const auto& e : layers_) {
      if (e.isResult()) continue;  // analysis results are not part of the project
      geo::LayerStyleSpec spec = e.spec;
      spec.visible = e.visible ? std::nullopt : std::optional<bool>(false);
      if (spec.visible || !spec.fill.empty() || !spec.stroke.empty() || spec.stroke_width >= 0 || spec.point_size >= 0 ||
          !spec.label.empty() || !spec.categorize.empty() || spec.opacity >= 0 || spec.min_scale > 0 || spec.max_scale > 0)
        styles[e.id.toStdString()] = spec;
      if (e.added) map_layers.push_back(*e.added);
    }
    geo::save_project_map(project_->spec.file, styles, map_layers);
  } catch (const std::exception& e) {
    if (error) *error = QString::fromUtf8(e.what());
    return false;
  }
  undo_stack_->setClean();
  setMapModified(false);
  openProject(QString::fromStdString(project_->spec.file.string()));
  return true;
}

// --- analyses and exports ------------------------------------------------------------------------

void Session::runCoverage(const QString& kind) {
  if (!project_) return;
  auto project = project_;
  const std::string k = kind.toStdString();
  jobs_->run<geo::Coverage>(
      tr("Computing coverage of %1…").arg(facility_kind_label(kind)),
      [project, k](geo::Feedback& feedback) {
        const geo::RulePack standards = geo::load_rule_pack(geo::resolve_rule_pack("gb50180"));
        return geo::compute_coverage(*project, &standards, {.kind = k, .service_areas = true}, &feedback);
      },
      [this, kind, project](geo::Coverage& c) {
        if (project != project_) return;
        auto uncovered = std::make_shared<geo::LayerData>(geo::coverage_buildings_layer(*project, c, true));
        auto areas = std::make_shared<geo::LayerData>(geo::service_areas_layer(*project, c));
        const QString label = facility_kind_label(kind);
        addResultLayer("service_areas_" + kind, tr("Service areas: %1 (%2 m)").arg(label).arg(c.distance_m), areas,
                       geo::result_layer_style("service_areas", areas->role), areas->role);
        addResultLayer("uncovered_" + kind,
                       tr("Uncovered: %1 (%L2 of %L3 households)")
                           .arg(label)
                           .arg(std::round(c.households() - (c.walking ? c.households_covered_walk() : c.households_covered_euclid())))
                           .arg(std::round(c.households())),
                       uncovered, geo::result_layer_style("uncovered_buildings", uncovered->role), uncovered->role);
      },
      [this](bool completed) { emit analysisFinished(completed); });
}

void Session::runSiting(const QString& kind, int sites) {
  if (!project_) return;
  auto project = project_;
  const std::string k = kind.toStdString();
  jobs_->run<geo::SitingResult>(
      tr("Choosing sites…"),
      [project, k, sites](geo::Feedback& feedback) {
        const geo::RulePack standards = geo::load_rule_pack(geo::resolve_rule_pack("gb50180"));
        geo::SitingOptions options;
        options.kind = k;
        options.add = sites;
        options.time_limit_s = 20;
        return geo::site_facilities(*project, &standards, options, &feedback);
      },
      [this, kind, project](geo::SitingResult& r) {
        if (project != project_) return;
        auto layer = std::make_shared<geo::LayerData>(geo::sites_layer(r));
        addResultLayer("sites_" + kind,
                       tr("New sites: %1 (+%L2 households; %3)")
                           .arg(facility_kind_label(kind))
                           .arg(std::round(r.covered_after - r.covered_before))
                           .arg(QString::fromStdString(r.method)),
                       layer, geo::result_layer_style("sites", layer->role), layer->role);
      },
      [this](bool completed) { emit analysisFinished(completed); });
}

void Session::startLayerExport(const QStringList& layer_ids, const QString& file, const geo::ExportOptions& options) {
  if (!project_) return;
  // What the worker needs, gathered here: the layers' data (shared, immutable) and their looks.
  struct Source {
    std::string name;
    std::shared_ptr<const geo::LayerData> data;
    geo::LayerStyleSpec style;
  };
  std::vector<Source> sources;
  for (const QString& id : layer_ids) {
    if (id == "review_plots") {
      if (!review_) continue;
      sources.push_back({"review_plots", std::make_shared<const geo::LayerData>(geo::review_plots_layer(*project_, *review_)),
                         geo::result_layer_style("review_plots", geo::Role::Plots)});
      continue;
    }
    const MapLayerEntry* e = layer(id);
    if (!e) continue;
    geo::LayerStyleSpec style = to_style_spec(e->style);
    style.categorize = e->spec.categorize;
    QString name = id;
    name.replace(QRegularExpression("[^A-Za-z0-9_]"), "_");
    sources.push_back({name.toStdString(), e->data->source, style});
  }
  const int epsg = project_->working_epsg;
  const std::filesystem::path out = std::filesystem::u8path(file.toStdString());
  geo::ExportOptions guarded = options;
  if (hasProjectFile()) guarded.inputs = geo::input_files(project_->spec);
  for (const auto& e : layers_)
    if (e.added && !e.added->source.empty()) guarded.inputs.push_back(e.added->source);
  jobs_->run<geo::ExportResult>(
      tr("Exporting…"),
      [sources, epsg, out, options = std::move(guarded)](geo::Feedback& feedback) {
        std::vector<geo::ExportLayer> layers;
        for (const auto& s : sources) layers.push_back({.name = s.name, .data = s.data.get(), .style = s.style});
        return geo::export_layers(layers, epsg, out, options, &feedback);
      },
      [this](geo::ExportResult& r) { emit message(tr("Exported %n file(s)", nullptr, static_cast<int>(r.files.size()))); },
      [this](bool completed) { emit analysisFinished(completed); });
}

void Session::startApprovalPackage(const QStringList& plot_ids, const QString& file) {
  if (!project_ || !review_ || !review_pack_) return;
  auto project = project_;
  auto review = std::make_shared<const geo::Review>(*review_);
  auto pack = review_pack_;
  std::vector<std::string> ids;
  for (const auto& id : plot_ids) ids.push_back(id.toStdString());
  jobs_->run<bool>(
      tr("Writing the approval package…"),
      [project, review, pack, ids, file](geo::Feedback& feedback) {
        const geo::RulePack standards = geo::load_rule_pack(geo::resolve_rule_pack("gb50180"));
        ApprovalReportInput input{.project = project.get(), .pack = pack.get(), .review = review.get(), .standards = &standards};
        input.plots = plots_by_id(*review, ids);
        input.plot_coverage = plot_coverage(*project, standards, &feedback);
        QString error;
        if (!write_approval_report(file, input, &feedback, &error)) throw geo::Error(error.toStdString());
        return true;
      },
      [this, file](bool&) { emit message(tr("Wrote %1").arg(file)); },
      [this](bool completed) { emit analysisFinished(completed); });
}

}  // namespace cp
