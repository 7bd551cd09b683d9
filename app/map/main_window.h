#pragma once
// The main window: map canvas in the middle, layer tree, plot review and identify panels
// docked around it, cursor position in the status bar. Loading and review run on worker
// threads behind a progress dialog; the UI thread only shows their results.
#include <QMainWindow>

#include <map>
#include <functional>
#include <memory>
#include <optional>

#include "geo/export.h"
#include "geo/proj.h"
#include "geo/review.h"
#include "attribute_table.h"
#include "map_canvas.h"

class QComboBox;
class QUndoStack;
class QTableView;
class QSortFilterProxyModel;
class QLabel;
class QTableWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace cp {

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  void openProject(const QString& toml_file);
  // Window layout and the chosen rule pack, as the user left them (QSettings).
  void restoreSettings();
  MapCanvas* canvas() const { return canvas_; }
  const geo::Project* project() const { return project_.get(); }
  const std::optional<geo::Review>& review() const { return review_; }
  // The identify panel's rows after the last click: "field = value".
  QStringList identified() const;
  QTableWidget* reviewTable() const { return review_table_; }
  QTreeWidget* layerTree() const { return layer_tree_; }
  // Edits of the plots under review, each an undoable step; the review follows at once. They
  // live in the session: saving them back to the project's files is not built yet.
  void addPlot(const QPolygonF& ring, double households, double gross_floor_area_m2, double reserved_office_m2);
  void editPlot(std::size_t index, const std::string& field, double value);
  QUndoStack* undoStack() const { return undo_stack_; }

  // Analyses on a worker thread behind a progress dialog that can cancel; their results arrive
  // as layers on top of the map.
  void runCoverage(const QString& kind);
  void runSiting(const QString& kind, int sites);

  // The current map as a printable layout (title, legend, scale bar, north arrow) in PNG or PDF.
  bool exportMap(const QString& file, const QString& title, QSizeF page_mm, double dpi, QString* error = nullptr);

  // Layers of the map (by id; "review_plots" is the plots with their review) to Shapefile,
  // GeoPackage (styled for QGIS), GeoJSON, KML or DXF, as `cplan export` writes them, on a worker
  // thread behind a progress dialog; analysisFinished tells the outcome.
  void startLayerExport(const QStringList& layer_ids, const QString& file, const geo::ExportOptions& options);
  // The PDF approval package of the plots named (all when empty), as `cplan report` writes it.
  void startApprovalPackage(const QStringList& plot_ids, const QString& file);
  // The attribute table shows the layer with this id; selecting rows selects features on the map.
  void showAttributes(const QString& layer_id);
  QTableView* attributeView() const { return attribute_view_; }
  QString attributeLayer() const { return attribute_layer_; }

  // Adds any vector file (Shapefile, GeoPackage, GeoJSON, ...) as a layer over the project; a
  // .toml opens as the project. What a drop onto the window does.
  void openFile(const QString& path);

  // A layer's look: fill, stroke, label, colours by an attribute's values. Saved with the project
  // by saveStyles() (File → Save styles to project).
  void setLayerStyle(const QString& id, const geo::LayerStyleSpec& style);
  bool saveStyles(QString* error = nullptr);
  // Writes the plot edits back to the project's GeoPackage and its styles to the project file, then
  // reopens the project from disk (the undo history ends there, as in QGIS).
  bool saveProject(QString* error = nullptr);

  // Shows or hides a layer by its id ("communities", "plots", ...), as its tick in the tree does.
  void setLayerVisible(const QString& id, bool visible);

  // Told every progress step of a background job, on the job's thread, before the progress dialog
  // hears of it: how tests act (press Cancel) at a known point of a job.
  void setJobProgressObserver(std::function<void(double percent)> observer) { job_observer_ = std::move(observer); }

 signals:
  void projectLoaded();
  void reviewed();
  void analysisFinished(bool completed);  // false when cancelled or failed

 private:
  struct Loaded;
  void showLoaded(std::shared_ptr<Loaded> loaded);
  void runReview();
  void applyReview();
  void rebuildCanvasLayers();
  void identifyAt(QPointF map);
  void showPlot(int row);
  void chooseExport();
  void chooseLayerExport(const QString& preselected = {});  // the layer ticked at first
  void chooseApprovalPackage();
  void chooseProject();
  void replacePlots(std::shared_ptr<const geo::LayerData> plots);
  void pushPlotsChange(const QString& text, std::shared_ptr<const geo::LayerData> after);
  void askPlotAttributes(const QPolygonF& ring);
  void addResultLayer(const QString& id, const QString& name, std::shared_ptr<const geo::LayerData> layer, const LayerStyle& style);
  template <typename Result>
  void runJob(const QString& title, std::function<Result(geo::Feedback&)> job, std::function<void(Result&)> done);
  void chooseAnalysis(bool siting);
  void chooseStyle(const QString& id);
  void applyStyle(const QString& id);

 protected:
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dropEvent(QDropEvent* e) override;

  MapCanvas* canvas_;
  QTreeWidget* layer_tree_;
  QTableWidget* review_table_;
  QTreeWidget* identify_tree_;
  QComboBox* pack_combo_;
  QLabel* coords_label_;
  QLabel* scale_label_;
  QUndoStack* undo_stack_;
  QTableView* attribute_view_;
  AttributeTableModel* attribute_model_;
  QSortFilterProxyModel* attribute_sorter_;
  QString attribute_layer_;
  bool syncing_selection_ = false;
  std::shared_ptr<geo::Project> project_;
  std::shared_ptr<const geo::LayerData> loaded_plots_;  // as read from disk: what edits are compared with
  std::map<QString, std::shared_ptr<MapLayerData>> layers_;  // by layer id
  std::map<QString, LayerStyle> styles_;
  std::map<QString, geo::LayerStyleSpec> style_specs_;  // what the user set, as the project stores it
  std::optional<geo::Review> review_;
  std::shared_ptr<const geo::RulePack> review_pack_;  // what review_'s rule outcomes point into
  geo::ProjContext proj_;  // the UI thread's own, for the status bar's latitude/longitude
  std::unique_ptr<geo::Transformer> to_lonlat_;
  std::function<void(double)> job_observer_;
};

}  // namespace cp
