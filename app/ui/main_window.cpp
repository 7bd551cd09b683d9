#include "main_window.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDate>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QToolBar>
#include <QUndoStack>

#include <cmath>

#include "dialogs/conflict_dialog.h"
#include "dialogs/layer_dialogs.h"
#include "geo/crs.h"
#include "geo/proj.h"
#include "map_layout.h"
#include "map_tools/draw_polygon_tool.h"
#include "map_tools/measure_tool.h"
#include "map_tools/pan_tool.h"
#include "map_tools/select_tool.h"
#include "panels/attribute_panel.h"
#include "panels/identify_panel.h"
#include "panels/layer_tree_panel.h"
#include "panels/review_panel.h"
#include "panels/search_box.h"

namespace cp {

// The status bar's latitude and longitude: the UI thread's own PROJ context.
class LonLatReadout {
 public:
  explicit LonLatReadout(int epsg)
      : to_lonlat_(proj_, geo::epsg_definition(epsg), geo::epsg_definition(geo::kCgcs2000Geographic)) {}
  std::optional<geo::Point> at(QPointF map) const {
    try {
      return to_lonlat_.forward(geo::Point{map.x(), map.y()});
    } catch (const geo::Error&) {
      return std::nullopt;
    }
  }

 private:
  geo::ProjContext proj_;
  geo::Transformer to_lonlat_;
};

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), session_(new Session(this, this)) {
  setAcceptDrops(true);
  setWindowTitle(tr("Community Planner"));
  resize(1280, 860);
  canvas_ = new MapCanvas(this);
  setCentralWidget(canvas_);
  pan_ = new PanTool(canvas_);
  select_ = new SelectTool(canvas_);
  measure_distance_ = new MeasureTool(canvas_, MeasureTool::Mode::Distance);
  measure_area_ = new MeasureTool(canvas_, MeasureTool::Mode::Area);
  draw_ = new DrawPolygonTool(canvas_);
  canvas_->setMapTool(pan_);

  buildDocks();
  buildToolBar();
  buildMenus();
  buildStatusBar();

  connect(session_, &Session::projectLoaded, this, &MainWindow::showProject);
  connect(session_, &Session::layersChanged, this, &MainWindow::showLayers);
  connect(session_, &Session::selectionChanged, this, &MainWindow::showSelection);
  connect(session_, &Session::modifiedChanged, this, &MainWindow::updateTitle);
  connect(session_, &Session::reviewed, this, &MainWindow::reviewed);
  connect(session_, &Session::analysisFinished, this, &MainWindow::analysisFinished);
  connect(session_, &Session::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
  // Every failure of a job is shown; the window stays live behind the message.
  connect(session_->jobs(), &JobRunner::failed, this, [this](const QString& title, const QString& message) {
    auto* box = new QMessageBox(QMessageBox::Warning, tr("The job did not complete"), title + "\n\n" + message, QMessageBox::Ok, this);
    box->setObjectName("job_failed");
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  });
  connect(pan_, &PanTool::clicked, this, [this](QPointF map) {
    identify_->identifyAt(map, 6 * canvas_->view().metres_per_pixel, attributes_->layerId());
  });
  connect(select_, &SelectTool::selectRequested, this, &MainWindow::selectInRect);
  connect(draw_, &DrawPolygonTool::polygonDrawn, this, &MainWindow::askPlotAttributes);
  for (MeasureTool* tool : {measure_distance_, measure_area_})
    connect(tool, &MeasureTool::measured, this, [this](const QString& text) { statusBar()->showMessage(text); });
}

MainWindow::~MainWindow() {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  settings.setValue("review/rules", session_->rulePack());
}

void MainWindow::restoreSettings() {
  QSettings settings;
  // Basemap keys the user gave (Layer → Add basemap), unless the environment sets them.
  settings.beginGroup("keys");
  for (const QString& name : settings.childKeys())
    if (qEnvironmentVariableIsEmpty(name.toUtf8().constData())) qputenv(name.toUtf8().constData(), settings.value(name).toString().toUtf8());
  settings.endGroup();
  geo::TileCache cache = session_->tileCache();
  cache.offline = settings.value("tiles/offline", false).toBool();
  cache.max_bytes = settings.value("tiles/max_mb", 512).toLongLong() << 20;
  session_->setTileCache(cache);
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
  const QString rules = settings.value("review/rules", "national").toString();
  if (Session::shippedRulePacks().contains(rules)) session_->setRulePack(rules);
}

void MainWindow::buildDocks() {
  auto dock = [this](const QString& title, const char* name, QWidget* widget, Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(name);
    d->setWidget(widget);
    addDockWidget(area, d);
    return d;
  };
  layer_tree_ = new LayerTreePanel(session_, this);
  identify_ = new IdentifyPanel(session_, this);
  review_panel_ = new ReviewPanel(session_, this);
  attributes_ = new AttributePanel(session_, this);
  auto* layers_dock = dock(tr("Layers"), "layers", layer_tree_, Qt::LeftDockWidgetArea);
  dock(tr("Identify"), "identify", identify_, Qt::LeftDockWidgetArea);
  auto* review_dock = dock(tr("Plot review"), "review", review_panel_, Qt::RightDockWidgetArea);
  dock(tr("Attribute table"), "attributes", attributes_, Qt::BottomDockWidgetArea);
  resizeDocks({layers_dock, review_dock}, {260, 440}, Qt::Horizontal);

  connect(layer_tree_, &LayerTreePanel::zoomToLayerRequested, this, &MainWindow::zoomToLayer);
  connect(layer_tree_, &LayerTreePanel::styleRequested, this, &MainWindow::chooseStyle);
  connect(layer_tree_, &LayerTreePanel::attributesRequested, this, &MainWindow::showAttributes);
  connect(layer_tree_, &LayerTreePanel::exportRequested, this, [this](const QString& id) {
    chooseLayerExport(id == "plots" && session_->review() ? "review_plots" : id);  // plots go with their review
  });
  connect(review_panel_, &ReviewPanel::plotChosen, this, &MainWindow::showPlot);
  connect(identify_, &IdentifyPanel::identified, this, [this](const QString& id, std::size_t f) {
    if (id == attributes_->layerId()) {
      session_->select(id, {f});  // the table follows the map
      return;
    }
    const MapLayerEntry* e = session_->layer(id);
    if (is_point_layer(*e->data)) canvas_->setHighlight({}, {e->data->points[f]});
    else canvas_->setHighlight({e->data->path(f)});
  });
  connect(identify_, &IdentifyPanel::nothingIdentified, this, [this] { canvas_->setHighlight({}); });
}

void MainWindow::buildToolBar() {
  QToolBar* tools = addToolBar(tr("Map tools"));
  tools->setObjectName("tools");
  auto* group = new QActionGroup(this);
  auto tool_action = [&](const QString& text, const QString& tip, MapTool* tool, const char* name) {
    QAction* a = tools->addAction(text, this, [this, tool] { canvas_->setMapTool(tool); });
    a->setObjectName(name);
    a->setToolTip(tip);
    a->setCheckable(true);
    group->addAction(a);
    return a;
  };
  tool_action(tr("Pan"), tr("Drag to pan; click to identify"), pan_, "tool_pan")->setChecked(true);
  tool_action(tr("Select"), tr("Click or drag a rectangle to select features of the active layer (Ctrl adds)"), select_, "tool_select");
  tool_action(tr("Measure"), tr("Click along a path; double-click to end"), measure_distance_, "tool_measure");
  tool_action(tr("Measure area"), tr("Click the corners of an area; double-click to end"), measure_area_, "tool_measure_area");
  tool_action(tr("Draw plot"), tr("Click the corners of a new development plot; double-click to finish, Esc to drop it"), draw_,
              "tool_draw");
  tools->addSeparator();
  tools->addAction(tr("Zoom in"), QKeySequence::ZoomIn, this, [this] { canvas_->zoomBy(0.5); });
  tools->addAction(tr("Zoom out"), QKeySequence::ZoomOut, this, [this] { canvas_->zoomBy(2.0); });
  tools->addAction(tr("Full extent"), this, [this] { canvas_->zoomToExtent(session_->fullExtent()); });
  tools->addAction(tr("Zoom to selection"), this, [this] {
    const QRectF e = session_->selectionExtent();
    const double pad = std::max({e.width(), e.height(), 200.0}) * 0.3;
    if (!session_->selection().empty()) canvas_->zoomToExtent(e.adjusted(-pad, -pad, pad, pad));
  });
  tools->addSeparator();
  undo_ = session_->undoStack()->createUndoAction(this, tr("Undo"));
  undo_->setShortcut(QKeySequence::Undo);
  undo_->setIconText(tr("Undo"));  // the tool bar keeps its width; the menu and tip name the step
  redo_ = session_->undoStack()->createRedoAction(this, tr("Redo"));
  redo_->setShortcut(QKeySequence::Redo);
  redo_->setIconText(tr("Redo"));
  tools->addAction(undo_);
  tools->addAction(redo_);
  tools->addSeparator();
  search_ = new SearchBox(session_, this);
  tools->addWidget(search_);
  connect(search_, &SearchBox::chosen, this, [this](const QString& id, std::size_t f) {
    showAttributes(id);
    session_->select(id, {f});
  });
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("Open project or file…"), QKeySequence::Open, this, &MainWindow::chooseOpen);
  file->addAction(tr("Save project (edits, styles, layers)"), QKeySequence::Save, this, [this] { saveProject(); });
  file->addAction(tr("Refresh from the sources"), QKeySequence::Refresh, this, [this] {
    if (session_->isModified() &&
        QMessageBox::question(this, tr("Refresh"), tr("Reading the project again drops the changes not saved. Go on?")) != QMessageBox::Yes)
      return;
    session_->refresh();
  });
  file->addSeparator();
  file->addAction(tr("Export map (PNG, PDF)…"), this, &MainWindow::chooseMapExport);
  file->addAction(tr("Export layers (Shapefile, GeoPackage, GeoJSON, KML, DXF)…"), this, [this] { chooseLayerExport(); });
  file->addAction(tr("Approval package (PDF)…"), this, &MainWindow::chooseApprovalPackage);
  file->addSeparator();
  file->addAction(tr("Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addAction(undo_);
  edit->addAction(redo_);
  edit->addAction(tr("Clear selection"), this, [this] { session_->clearSelection(); });

  QMenu* layer = menuBar()->addMenu(tr("&Layer"));
  layer->addAction(tr("Add layer…"), this, &MainWindow::chooseAddLayer);
  layer->addAction(tr("Add basemap…"), this, [this] {
    if (!session_->project()) return;
    if (const auto spec = askBasemap(this)) session_->addBasemap(*spec);
  });
  layer->addSeparator();
  QAction* offline = layer->addAction(tr("Work offline (tiles from the cache only)"));
  offline->setCheckable(true);
  offline->setChecked(QSettings().value("tiles/offline", false).toBool());
  connect(offline, &QAction::toggled, this, [this](bool on) {
    QSettings().setValue("tiles/offline", on);
    geo::TileCache cache = session_->tileCache();
    cache.offline = on;
    session_->setTileCache(cache);
  });

  QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
  analysis->addAction(tr("Facility coverage…"), this, [this] { chooseAnalysis(false); });
  analysis->addAction(tr("Site new facilities…"), this, [this] { chooseAnalysis(true); });
  QMenu* community_maps = analysis->addMenu(tr("Community map"));
  for (geo::CommunityMap map : geo::kCommunityMaps)
    community_maps->addAction(Session::communityMapTitle(map), this, [this, map] { session_->runCommunityMap(map); });

  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(tr("Zoom to full extent"), this, [this] { canvas_->zoomToExtent(session_->fullExtent()); });
  QMenu* language = view->addMenu(tr("Language"));
  auto* languages = new QActionGroup(this);
  const QString chosen = QSettings().value("ui/language").toString();
  for (const auto& [code, name] : std::vector<std::pair<QString, QString>>{{"", tr("System")}, {"zh_CN", "中文"}, {"en", "English"}}) {
    QAction* a = language->addAction(name, this, [this, code] {
      QSettings().setValue("ui/language", code);
      QMessageBox::information(this, tr("Language"), tr("The new language applies when Community Planner starts again."));
    });
    a->setCheckable(true);
    a->setChecked(code == chosen);
    languages->addAction(a);
  }
  for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
}

void MainWindow::buildStatusBar() {
  coords_label_ = new QLabel(this);
  statusBar()->addWidget(coords_label_, 1);
  statusBar()->addPermanentWidget(new QLabel(tr("Scale"), this));
  scale_box_ = new QComboBox(this);
  scale_box_->setObjectName("scale_box");
  scale_box_->setEditable(true);
  scale_box_->setInsertPolicy(QComboBox::NoInsert);
  scale_box_->setMinimumWidth(120);
  for (int s : {500, 1000, 2000, 5000, 10000, 25000, 50000, 100000}) scale_box_->addItem(QString("1:%L1").arg(s));
  statusBar()->addPermanentWidget(scale_box_);
  // A typed scale: "1:2000", "1:2,000", "2000" or "2千"; anything else puts the map's back.
  auto apply = [this](const QString& text) {
    QString digits = text;
    digits.remove(QRegularExpression("^\\s*1\\s*[:：]\\s*")).remove(',').remove("，").remove(' ');
    bool ok = false;
    const double denominator = QLocale::c().toDouble(digits, &ok);
    if (ok && denominator >= 1 && denominator <= 1e9) canvas_->zoomToScale(denominator);
    else updateScaleBox();
  };
  connect(scale_box_->lineEdit(), &QLineEdit::editingFinished, this, [this, apply] { apply(scale_box_->currentText()); });
  connect(scale_box_, &QComboBox::textActivated, this, apply);
  connect(canvas_, &MapCanvas::viewChanged, this, &MainWindow::updateScaleBox);
  connect(canvas_, &MapCanvas::cursorMoved, this, [this](QPointF map) {
    if (!session_->project()) return;
    QString text = QString("E %1  N %2 (EPSG:%3)").arg(map.x(), 0, 'f', 1).arg(map.y(), 0, 'f', 1).arg(session_->project()->working_epsg);
    if (lonlat_)
      if (auto ll = lonlat_->at(map)) text += QString("   %1°N %2°E").arg(ll->y, 0, 'f', 6).arg(ll->x, 0, 'f', 6);
    coords_label_->setText(text);
  });
}

void MainWindow::updateScaleBox() {
  const double scale = canvas_->scaleDenominator();
  layer_tree_->setMapScale(scale);
  if (scale_box_->lineEdit()->hasFocus()) return;  // the user is typing one
  const QSignalBlocker block(scale_box_);
  scale_box_->setEditText(QString("1:%L1").arg(std::round(scale), 0, 'f', 0));
}

void MainWindow::updateTitle() {
  const geo::Project* p = session_->project();
  const QString name = p ? QString::fromStdString(p->spec.name) : QString();
  setWindowTitle(name.isEmpty() ? tr("Community Planner") : tr("Community Planner — %1").arg(name) + "[*]");
  setWindowModified(session_->isModified());
}

// --- what the session tells --------------------------------------------------------------------

void MainWindow::showProject() {
  const geo::Project& p = *session_->project();
  try {
    lonlat_ = std::make_unique<LonLatReadout>(p.working_epsg);
  } catch (const geo::Error&) {
    lonlat_.reset();
  }
  for (MeasureTool* tool : {measure_distance_, measure_area_}) tool->setWorkingCrs(p.working_epsg);
  updateTitle();
  canvas_->setHighlight({});
  canvas_->zoomToExtent(session_->fullExtent());
  // The plots are the layer a reviewer works on; without them, the communities, else the top shown layer.
  if (session_->layer("plots")) showAttributes("plots");
  else if (session_->layer("communities")) showAttributes("communities");
  else
    for (const MapLayerEntry& e : session_->layers())
      if (e.visible) {
        showAttributes(e.id);
        break;
      }
  emit projectLoaded();
}

void MainWindow::showLayers() { canvas_->setLayers(session_->layersToDraw()); }

void MainWindow::showSelection() {
  const Selection& s = session_->selection();
  const MapLayerEntry* e = session_->layer(s.layer_id);
  if (!e) {
    canvas_->setHighlight({});
    return;
  }
  std::vector<QPainterPath> paths;
  std::vector<QPointF> points;
  for (std::size_t f : s.features) {
    if (f >= e->data->size()) continue;
    if (!e->data->has_shape(f)) points.push_back(e->data->points[f]);
    else paths.push_back(e->data->path(f));
  }
  canvas_->setHighlight(paths, points);
  if (!s.empty()) canvas_->ensureVisible(session_->selectionExtent());  // an off-screen selection comes into view
}

void MainWindow::showPlot(std::size_t index) {
  const MapLayerEntry* plots = session_->layer("plots");
  if (!plots || index >= plots->data->size()) return;
  const QRectF e = plots->data->extents[index];
  if (!e.isNull()) canvas_->zoomToExtent(e.adjusted(-e.width() * 2, -e.height() * 2, e.width() * 2, e.height() * 2));
  identify_->identifyAt(plots->data->points[index], 0.01, "plots");
  session_->select("plots", {index});
}

void MainWindow::selectInRect(const QRectF& rect, bool click, bool add) {
  // The active layer is the one in the attribute table, as QGIS selects in its active layer.
  QString id = attributes_->layerId();
  if (id.isEmpty() && !session_->layers().empty()) id = session_->layers().front().id;
  const MapLayerEntry* e = session_->layer(id);
  if (!e) return;
  std::vector<std::size_t> picked;
  if (click) {
    const auto hits = features_at(*e->data, rect.center(), rect.width() / 2);
    if (!hits.empty()) picked.push_back(hits.front());
  } else {
    picked = features_in(*e->data, rect);
  }
  if (add && session_->selection().layer_id == id) {
    std::vector<std::size_t> merged = session_->selection().features;
    for (std::size_t f : picked)
      if (std::find(merged.begin(), merged.end(), f) == merged.end()) merged.push_back(f);
    picked = std::move(merged);
  }
  session_->select(id, std::move(picked));
  statusBar()->showMessage(tr("%n feature(s) selected in %1", nullptr, static_cast<int>(session_->selection().features.size())).arg(e->name),
                           6000);
}

// --- accessors the tests use -----------------------------------------------------------------------

QStringList MainWindow::identified() const { return identify_->rows(); }
QTableWidget* MainWindow::reviewTable() const { return review_panel_->table(); }
QTreeWidget* MainWindow::layerTree() const { return layer_tree_; }
QTableView* MainWindow::attributeView() const { return attributes_->view(); }
QString MainWindow::attributeLayer() const { return attributes_->layerId(); }
QLineEdit* MainWindow::searchBox() const { return search_; }
void MainWindow::showAttributes(const QString& layer_id) { attributes_->showLayer(layer_id); }

// --- files -----------------------------------------------------------------------------------------

bool MainWindow::maybeSave() {
  if (!session_->isModified()) return true;
  QMessageBox box(QMessageBox::Question, tr("Unsaved changes"),
                  tr("The project has changes that are not saved (plot edits, styles or layers). Save them?"),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
  box.setObjectName("unsaved_prompt");
  box.setDefaultButton(QMessageBox::Save);
  switch (box.exec()) {
    case QMessageBox::Save: return saveProject();
    case QMessageBox::Discard: return true;
    default: return false;
  }
}

bool MainWindow::saveProject(QString* error_out) {
  QString error;
  geo::ConflictResolution resolution;
  // A third planner may save while the user decides: then the dialog comes again, with theirs.
  for (;;) {
    if (session_->save(&error, resolution)) return true;
    if (session_->saveConflicts().empty()) {
      if (error_out) *error_out = error;
      else QMessageBox::warning(this, tr("Cannot save"), error);
      return false;
    }
    const ConflictChoice choice = askConflict(this, session_->saveConflicts());
    if (choice == ConflictChoice::Cancel) return false;
    for (const auto& c : session_->saveConflicts()) {
      if (choice == ConflictChoice::TakeTheirs || c.deleted) resolution.take_theirs.insert(c.fid);
      else resolution.keep_mine[c.fid] = c.their_version;
    }
  }
}

void MainWindow::closeEvent(QCloseEvent* e) {
  if (maybeSave()) e->accept();
  else e->ignore();
}

void MainWindow::openFile(const QString& path) {
  if (path.endsWith(".toml", Qt::CaseInsensitive) && !maybeSave()) return;
  session_->openFile(path);
}

void MainWindow::chooseOpen() {
  const QString file = QFileDialog::getOpenFileName(
      this, tr("Open project or file"), {},
      tr("Project or vector file (*.toml *.gpkg *.shp *.geojson *.json *.kml *.gml *.dxf *.csv *.osm *.pbf);;All files (*)"));
  if (!file.isEmpty()) openFile(file);
}

void MainWindow::chooseAddLayer() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Add layer"), {},
                                                    tr("Vector file (*.gpkg *.shp *.geojson *.json *.kml *.gml *.dxf *.csv);;All files (*)"));
  if (file.isEmpty()) return;
  if (file.endsWith(".toml", Qt::CaseInsensitive)) {
    QMessageBox::information(this, tr("Add layer"), tr("A project file opens with File → Open, not as a layer."));
    return;
  }
  session_->openFile(file);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
  for (const QUrl& url : e->mimeData()->urls())
    if (url.isLocalFile()) openFile(url.toLocalFile());
}

// --- dialogs ---------------------------------------------------------------------------------------

void MainWindow::zoomToLayer(const QString& id) {
  if (const MapLayerEntry* e = session_->layer(id); e && !e->data->extent.isNull()) {
    const QRectF r = e->data->extent;
    const double pad = std::max({r.width(), r.height(), 200.0}) * 0.05;
    canvas_->zoomToExtent(r.adjusted(-pad, -pad, pad, pad));
  }
}

void MainWindow::chooseStyle(const QString& id) {
  const MapLayerEntry* e = session_->layer(id);
  if (!e) return;
  if (auto spec = askLayerStyle(this, *e)) session_->setLayerStyle(id, *spec);
}

void MainWindow::chooseAnalysis(bool siting) {
  if (!session_->project()) return;
  const auto choice = askAnalysis(this, siting);
  if (!choice) return;
  if (siting) session_->runSiting(choice->kind, choice->sites);
  else session_->runCoverage(choice->kind);
}

}  // namespace cp
