#pragma once
// The session: what the application has open and decides on, as QGIS's QgsProject does. It owns
// the project, the plot review, the map's layers (order, visibility, looks), the selection, the
// undo stack of plot edits and the one job runner; panels, map tools and the window only show it
// and ask it for changes. Its signals say what changed.
#include <QObject>
#include <QSocketNotifier>
#include <QRectF>
#include <QStringList>

#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "geo/basemap.h"
#include "geo/community_figures.h"
#include "geo/export.h"
#include "geo/database.h"
#include "geo/project.h"
#include "geo/review.h"
#include "geo/rules.h"
#include "job_runner.h"
#include "map_renderer.h"

class QUndoStack;

namespace cp {

// One layer of the map, top of the map first in Session::layers().
struct MapLayerEntry {
  QString id;    // a role's name, "map:..." for an added layer, or an analysis result's id
  QString name;  // shown in the layer tree
  std::shared_ptr<const MapLayerData> data;
  LayerStyle style;            // as drawn
  geo::LayerStyleSpec spec;    // what the user set, as the project stores it
  bool visible = true;
  std::optional<geo::Role> role;             // a project layer
  std::optional<geo::MapLayerSpec> added;    // a layer added to the map, saved with the project
  bool isResult() const { return !role && !added; }  // an analysis result: never saved
};

struct Selection {
  QString layer_id;
  std::vector<std::size_t> features;
  bool empty() const { return features.empty(); }
};

// A feature found by Session::search.
struct SearchResult {
  QString layer_id;
  QString layer_name;
  std::size_t feature = 0;
  QString field;
  QString value;
};

class Session : public QObject {
  Q_OBJECT
 public:
  // Dialogs of its jobs (progress) open over dialog_parent.
  explicit Session(QWidget* dialog_parent, QObject* parent = nullptr);
  ~Session() override;

  JobRunner* jobs() const { return jobs_; }
  QUndoStack* undoStack() const { return undo_stack_; }

  // --- the project -------------------------------------------------------------------------
  // Reads the project on a worker thread; projectLoaded() when it is shown, jobs()->failed() when not.
  void openProject(const QString& toml_file);
  // A vector file: added to the map over the open project, or, with none open, opened as a map of
  // its own in the file's CRS (or the CGCS2000 zone of its centre). A .toml opens as the project.
  void openFile(const QString& path, const QString& layer = {});
  // A basemap (raster file or tile service, see geo/basemap.h) under every other layer.
  void addBasemap(const geo::MapLayerSpec& spec);
  // Where tiles are cached and whether the network is used; applies to every tile layer.
  void setTileCache(const geo::TileCache& cache);
  const geo::TileCache& tileCache() const { return tile_cache_; }
  const geo::Project* project() const { return project_.get(); }
  std::shared_ptr<const geo::Project> sharedProject() const { return project_; }
  bool hasProjectFile() const { return project_ && !project_->spec.file.empty(); }
  QRectF fullExtent() const;  // the project's extent and every shown layer's

  // --- review ------------------------------------------------------------------------------
  const std::optional<geo::Review>& review() const { return review_; }
  std::shared_ptr<const geo::RulePack> reviewPack() const { return review_pack_; }
  QString rulePack() const { return rule_pack_; }
  void setRulePack(const QString& name);  // reviews again
  static QStringList shippedRulePacks();  // from plugins/rules

  // --- layers ------------------------------------------------------------------------------
  const std::vector<MapLayerEntry>& layers() const { return layers_; }
  const MapLayerEntry* layer(const QString& id) const;
  std::vector<LayerToDraw> layersToDraw() const;  // bottom first, shown layers only
  void setLayerVisible(const QString& id, bool visible);
  void setLayerOrder(const QStringList& top_first);
  void setLayerStyle(const QString& id, const geo::LayerStyleSpec& spec);
  void removeLayer(const QString& id);
  // An analysis result on top of the map, or just above the layer `above` (replacing one with the same id).
  void addResultLayer(const QString& id, const QString& name, std::shared_ptr<const geo::LayerData> data,
                      const geo::LayerStyleSpec& spec, geo::Role role, const QString& above = {});

  // --- selection and search -----------------------------------------------------------------
  const Selection& selection() const { return selection_; }
  void select(const QString& layer_id, std::vector<std::size_t> features);
  void clearSelection() { select({}, {}); }
  QRectF selectionExtent() const;
  // Features whose values contain the text: communities first, then plots, facilities, every
  // other layer; at most limit. Runs on the calling thread: callers off the UI thread use it.
  static std::vector<SearchResult> search(const std::vector<MapLayerEntry>& layers, const QString& text, std::size_t limit,
                                          const geo::Feedback* cancel = nullptr);

  // --- edits ---------------------------------------------------------------------------------
  void addPlot(const QPolygonF& ring, double households, double gross_floor_area_m2, double reserved_office_m2);
  void editPlot(std::size_t index, const std::string& field, double value);
  // Unsaved plot edits, styles or layers changed since the project was read or saved.
  bool isModified() const;
  // Writes the plot edits to the project's GeoPackage or database and the map (styles, added
  // layers) to the project file, then reads the project again (the undo history ends there, as in
  // QGIS). In a shared database a plot someone else saved since it was read stops the save whole:
  // saveConflicts() lists them, and a second save with the user's resolution settles them.
  bool save(QString* error = nullptr, const geo::ConflictResolution& resolution = {});
  const std::vector<geo::EditConflict>& saveConflicts() const { return save_conflicts_; }
  // Reads the project again from its sources: others' saved changes appear. Unsaved edits are lost.
  void refresh();

  // --- analyses and exports (each a job; analysisFinished tells the outcome) -------------------
  void runCoverage(const QString& kind);
  void runSiting(const QString& kind, int sites);
  // Every community's figures under the review's rule pack (office space, parking, budget) as a
  // layer drawn as one of the community maps; the layer "community_map" is replaced each time.
  void runCommunityMap(geo::CommunityMap map);
  static QString communityMapTitle(geo::CommunityMap map);
  static QString communityMapClassLabel(geo::CommunityMap map, const geo::ChoroplethClass& c);
  void startLayerExport(const QStringList& layer_ids, const QString& file, const geo::ExportOptions& options);
  void startApprovalPackage(const QStringList& plot_ids, const QString& file);

 signals:
  void projectLoaded();
  void layersChanged();   // order, visibility, looks or data of a layer
  void reviewed();        // a review finished (or there is nothing to review); review() holds it
  void modifiedChanged(bool modified);
  void selectionChanged();
  void analysisFinished(bool completed);  // false when cancelled or failed
  void message(const QString& text);      // for the status bar
  // Someone else saved features of this project's database (heard by LISTEN/NOTIFY); File →
  // Refresh shows them.
  void othersSaved(const QStringList& what);

 private:
  struct Loaded;
  void showLoaded(std::shared_ptr<Loaded> loaded);
  void runReview();
  void applyReview();
  void rebuildLayer(MapLayerEntry& entry);
  MapLayerEntry* findLayer(const QString& id);
  void replacePlots(std::shared_ptr<const geo::LayerData> plots);
  void pushPlotsChange(const QString& text, std::shared_ptr<const geo::LayerData> after);
  void setMapModified(bool modified);
  void placeAddedLayer(MapLayerEntry entry);  // replaces one of the same id; marks the map modified

  JobRunner* jobs_;
  QUndoStack* undo_stack_;
  std::shared_ptr<geo::Project> project_;
  std::shared_ptr<const geo::LayerData> loaded_plots_;  // as read from disk: what edits are compared with
  std::vector<geo::EditConflict> save_conflicts_;       // of the last save, when it stopped on them
  // Others' saves to a project held in a database, heard without blocking the UI thread.
  std::unique_ptr<geo::EditListener> edit_listener_;
  std::unique_ptr<QSocketNotifier> edit_notifier_;
  void listenForOthersSaves();
  std::multiset<std::int64_t> own_saved_plots_;  // heard back from the database: not news
  std::vector<MapLayerEntry> layers_;
  std::optional<geo::Review> review_;
  std::shared_ptr<const geo::RulePack> review_pack_;  // what review_'s rule outcomes point into
  QString rule_pack_ = "national";
  int review_generation_ = 0;  // a review finishing after a newer one started is dropped
  Selection selection_;
  bool map_modified_ = false;
  geo::TileCache tile_cache_;
};

}  // namespace cp
