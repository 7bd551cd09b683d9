#pragma once
// The main window: the map canvas in the middle, the layer tree, identify, plot review and
// attribute table docked around it, map tools and search in the tool bar, cursor position and an
// editable scale in the status bar. It shows the session (session.h) and forwards the user's
// requests to it; it decides nothing about the data itself.
#include <QMainWindow>

#include <functional>
#include <memory>

#include "map_canvas.h"
#include "session.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTableWidget;
class QTreeWidget;
class QUndoStack;

namespace cp {

class AttributePanel;
class IdentifyPanel;
class LayerTreePanel;
class MeasureTool;
class PanTool;
class ReviewPanel;
class SearchBox;
class SelectTool;
class DrawPolygonTool;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  Session* session() const { return session_; }
  MapCanvas* canvas() const { return canvas_; }

  // Opens a project (.toml) or any vector file GDAL reads: over the open project as a layer, or,
  // with none open, as a map of its own. What the command line, File → Open and a drop do.
  void openFile(const QString& path);
  void openProject(const QString& toml_file) { session_->openProject(toml_file); }
  // Window layout and the chosen rule pack, as the user left them (QSettings).
  void restoreSettings();
  // With unsaved edits: asks to save, discard or cancel. True when it is fine to go on.
  bool maybeSave();
  // Saves the project; in a shared database, conflicts go to the user (keep mine, take theirs,
  // cancel). Another failure is said in a message box, or given in error when asked for.
  bool saveProject(QString* error = nullptr);

  const geo::Project* project() const { return session_->project(); }
  const std::optional<geo::Review>& review() const { return session_->review(); }
  QStringList identified() const;  // the identify panel's rows: "field = value"
  QTableWidget* reviewTable() const;
  QTreeWidget* layerTree() const;
  QTableView* attributeView() const;
  QString attributeLayer() const;
  void showAttributes(const QString& layer_id);
  QUndoStack* undoStack() const { return session_->undoStack(); }
  MeasureTool* measureDistanceTool() const { return measure_distance_; }
  MeasureTool* measureAreaTool() const { return measure_area_; }
  SelectTool* selectTool() const { return select_; }
  PanTool* panTool() const { return pan_; }
  DrawPolygonTool* drawTool() const { return draw_; }
  QLineEdit* searchBox() const;
  QComboBox* scaleBox() const { return scale_box_; }

  // The current map as a printable layout (title, legend, scale bar, north arrow) in PNG or PDF;
  // at 1:scale around the map's centre when a scale is given.
  bool exportMap(const QString& file, const QString& title, QSizeF page_mm, double dpi, QString* error = nullptr,
                 std::optional<double> scale = std::nullopt);

  // Shorthands for the session's, as the tests and the command line use them.
  void addPlot(const QPolygonF& ring, double households, double gfa, double reserved) { session_->addPlot(ring, households, gfa, reserved); }
  void editPlot(std::size_t index, const std::string& field, double value) { session_->editPlot(index, field, value); }
  void runCoverage(const QString& kind) { session_->runCoverage(kind); }
  void runSiting(const QString& kind, int sites) { session_->runSiting(kind, sites); }
  void setLayerVisible(const QString& id, bool visible) { session_->setLayerVisible(id, visible); }
  void setLayerStyle(const QString& id, const geo::LayerStyleSpec& style) { session_->setLayerStyle(id, style); }
  void startLayerExport(const QStringList& ids, const QString& file, const geo::ExportOptions& options) {
    session_->startLayerExport(ids, file, options);
  }
  void startApprovalPackage(const QStringList& plot_ids, const QString& file) { session_->startApprovalPackage(plot_ids, file); }
  void setJobProgressObserver(std::function<void(double percent)> observer) { session_->jobs()->setProgressObserver(std::move(observer)); }

 signals:
  void projectLoaded();
  void reviewed();
  void analysisFinished(bool completed);

 protected:
  void closeEvent(QCloseEvent* e) override;
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dropEvent(QDropEvent* e) override;

 private:
  void buildDocks();
  void buildMenus();
  void buildToolBar();
  void buildStatusBar();
  void showProject();
  void showLayers();
  void showSelection();
  void showPlot(std::size_t index);
  void selectInRect(const QRectF& rect, bool click, bool add);
  void updateScaleBox();
  void updateTitle();
  void askPlotAttributes(const QPolygonF& ring);
  void chooseOpen();
  void chooseAddLayer();
  void chooseMapExport();
  void chooseLayerExport(const QString& ticked = {});
  void chooseApprovalPackage();
  void chooseStyle(const QString& id);
  void chooseAnalysis(bool siting);
  void zoomToLayer(const QString& id);

  Session* session_;
  MapCanvas* canvas_;
  LayerTreePanel* layer_tree_;
  IdentifyPanel* identify_;
  ReviewPanel* review_panel_;
  AttributePanel* attributes_;
  SearchBox* search_;
  QLabel* coords_label_;
  QComboBox* scale_box_;
  PanTool* pan_;
  SelectTool* select_;
  MeasureTool* measure_distance_;
  MeasureTool* measure_area_;
  DrawPolygonTool* draw_;
  QAction* undo_ = nullptr;
  QAction* redo_ = nullptr;
  std::unique_ptr<class LonLatReadout> lonlat_;
};

}  // namespace cp
