#include "session.h"

#include "session_layer_prep.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
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

using namespace layer_prep;

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
        std::vector<MapLayerEntry> added, below, basemaps;
        for (const geo::MapLayerSpec& m : project.spec.map_layers) {
          MapLayerEntry e;
          e.id = QString::fromStdString(m.id);
          e.name = QString::fromStdString(m.name);
          e.added = m;
          if (auto it = project.spec.styles.find(m.id); it != project.spec.styles.end()) e.spec = it->second;
          e.style = style_of(e.spec, std::nullopt);
          e.visible = e.spec.visible.value_or(true);
          if (m.kind != geo::MapLayerKind::Vector) {
            e.data = make_basemap_layer(m, cache, project.working_epsg, e.id, e.name);
            basemaps.push_back(std::move(e));
            continue;
          }
          auto data = geo::load_display_layer(m.source, project.working_epsg, m.layer, nullptr, m.offset, m.crs);
          e.data = prepare_layer(std::move(data), e.id, e.name, e.style, e.spec, std::nullopt);
          (m.below ? below : added).push_back(std::move(e));
        }
        loaded->layers.insert(loaded->layers.begin(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
        loaded->layers.insert(loaded->layers.end(), std::make_move_iterator(below.begin()), std::make_move_iterator(below.end()));
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
  const std::string file = path.toStdString();
  const std::string layer_name = layer.toStdString();
  auto project = project_;
  const geo::TileCache cache = tile_cache_;
  const QString id = QString("map:%1%2").arg(QFileInfo(path).fileName(), layer.isEmpty() ? QString() : ":" + layer);
  jobs_->run<std::shared_ptr<Loaded>>(
      tr("Reading %1…").arg(QFileInfo(path).fileName()),
      [file, layer_name, project, id, path, cache](geo::Feedback& feedback) {
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
          if (geo::opens_as_raster(file)) {  // an orthophoto or tiles: a basemap, under everything
            geo::MapLayerSpec raster;
            raster.id = "raster:" + QFileInfo(path).fileName().toStdString();
            raster.name = QFileInfo(path).fileName().toStdString();
            raster.kind = geo::MapLayerKind::Raster;
            raster.source = std::filesystem::u8path(file);
            MapLayerEntry e;
            e.id = QString::fromStdString(raster.id);
            e.name = QString::fromStdString(raster.name);
            e.added = raster;
            e.style = style_of({}, std::nullopt);
            auto data = make_basemap_layer(raster, cache, epsg, e.id, e.name);
            if (!data->problem.isEmpty()) throw geo::Error(data->problem.toStdString());
            e.data = data;
            loaded->layers.push_back(std::move(e));
            return loaded;
          }
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
        placeAddedLayer(std::move(loaded->layers.front()));
      });
}

void Session::listenForOthersSaves() {
  edit_notifier_.reset();
  edit_listener_.reset();
  own_saved_plots_.clear();  // a new listener hears only what is saved from now on
  const geo::LayerSpec* plots = project_ ? project_->spec.find(geo::Role::Plots) : nullptr;
  if (!plots || !geo::is_database_source(plots->source.string())) return;
  try {
    edit_listener_ = std::make_unique<geo::EditListener>(plots->source.string());
  } catch (const std::exception& e) {
    emit message(tr("Others' saves will show only on refresh: %1").arg(QString::fromUtf8(e.what())));
    return;
  }
  // As the notices name it: schema.table.
  const std::string plots_table = geo::table_name_of(plots->layer).shown();
  edit_notifier_ = std::make_unique<QSocketNotifier>(edit_listener_->socket(), QSocketNotifier::Read);
  connect(edit_notifier_.get(), &QSocketNotifier::activated, this, [this, plots_table] {
    QStringList what;
    for (const auto& n : edit_listener_->take()) {
      if (n.table == plots_table) {
        if (auto own = own_saved_plots_.find(n.fid); own != own_saved_plots_.end()) {
          own_saved_plots_.erase(own);
          continue;
        }
      }
      what << tr("%1 saved feature %2 of %3").arg(QString::fromStdString(n.by)).arg(n.fid).arg(QString::fromStdString(n.table));
    }
    if (what.isEmpty()) return;
    emit othersSaved(what);
    emit message(tr("%1 — File → Refresh (F5) shows it").arg(what.join("; ")));
  });
}

void Session::showLoaded(std::shared_ptr<Loaded> loaded) {
  project_ = loaded->project;
  listenForOthersSaves();
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
  if (!project_->layer(geo::Role::Communities)) {
    // Nothing to review against: the map is as reviewed as it gets. Without plots the communities
    // are still reviewed as they are (households, office space, budget): the community maps use it.
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

void Session::refresh() {
  if (project_ && hasProjectFile()) openProject(QString::fromStdString(project_->spec.file.string()));
}

bool Session::save(QString* error, const geo::ConflictResolution& resolution) {
  save_conflicts_.clear();
  if (!project_) return false;
  if (!hasProjectFile()) {
    if (error) *error = tr("This map has no project file to save into: it was opened from a single file.");
    return false;
  }
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
  // The writing (a database over the network, a GeoPackage, the project file) runs on a worker;
  // the UI thread goes on painting meanwhile, taking no input until the save is over.
  struct Outcome {
    std::vector<std::int64_t> saved_to_database;
    std::vector<geo::EditConflict> conflicts;
    std::optional<std::string> error;
  };
  const std::shared_ptr<const geo::Project> project = project_;
  const auto plots = project->layers.count(geo::Role::Plots) ? project->layers.at(geo::Role::Plots) : nullptr;
  const auto loaded = loaded_plots_;
  QFutureWatcher<Outcome> watcher;
  QEventLoop wait;
  connect(&watcher, &QFutureWatcher<Outcome>::finished, &wait, &QEventLoop::quit);
  watcher.setFuture(QtConcurrent::run([project, plots, loaded, resolution, styles, map_layers] {
    Outcome out;
    try {
      if (plots && loaded && plots != loaded) {
        const geo::LayerSpec* spec = project->spec.find(geo::Role::Plots);
        if (spec && geo::is_database_source(spec->source.string()))
          geo::save_database_edits(*project, geo::Role::Plots, *loaded, *plots, resolution, &out.saved_to_database);
        else
          geo::save_layer_edits(*project, geo::Role::Plots, *loaded, *plots);
      }
      geo::save_project_map(project->spec.file, styles, map_layers);
    } catch (const geo::EditConflicts& e) {
      out.conflicts = e.conflicts();
      out.error = e.what();
    } catch (const std::exception& e) {
      out.error = e.what();
    }
    return out;
  }));
  // The database tells of this save too: heard only once the saved features are known as ours.
  if (edit_notifier_) edit_notifier_->setEnabled(false);
  if (!watcher.isFinished()) wait.exec(QEventLoop::ExcludeUserInputEvents);
  const Outcome outcome = watcher.result();
  own_saved_plots_.insert(outcome.saved_to_database.begin(), outcome.saved_to_database.end());
  if (edit_notifier_) edit_notifier_->setEnabled(true);
  if (outcome.error) {
    save_conflicts_ = outcome.conflicts;
    if (error) *error = QString::fromStdString(*outcome.error);
    return false;
  }
  undo_stack_->setClean();
  setMapModified(false);
  openProject(QString::fromStdString(project_->spec.file.string()));
  return true;
}

}  // namespace cp
