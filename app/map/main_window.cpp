#include "main_window.h"

#include <QActionGroup>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QUndoStack>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QInputDialog>
#include <QColorDialog>
#include <QDate>
#include <QPushButton>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <cmath>

#include "approval_report.h"
#include "geo/crs.h"
#include "geo/result_layers.h"
#include "geo/style.h"
#include "geo/error.h"
#include "geo/coverage.h"
#include "geo/geos.h"
#include "geo/siting.h"
#include "geo/rules.h"
#include "map_layout.h"

namespace cp {

namespace {

constexpr int kLayerIdRole = Qt::UserRole + 1;

// Review table columns; households and reserved area can be edited in place.
enum Column { kPlotColumn, kCommunityColumn, kVerdictColumn, kHouseholdsColumn, kRequiredColumn, kReservedColumn, kShortColumn };

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

QString text_of(const geo::Value& v) { return QString::fromStdString(geo::value_to_string(v)); }


}  // namespace

struct MainWindow::Loaded {
  std::shared_ptr<geo::Project> project;
  std::map<QString, std::shared_ptr<MapLayerData>> layers;
  QString error;
};

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setAcceptDrops(true);
  setWindowTitle(tr("Community Planner"));
  resize(1280, 860);
  canvas_ = new MapCanvas(this);
  setCentralWidget(canvas_);

  layer_tree_ = new QTreeWidget(this);
  layer_tree_->setHeaderLabel(tr("Layers"));
  layer_tree_->setDragDropMode(QAbstractItemView::InternalMove);  // drag to reorder the drawing order
  auto* layers_dock = new QDockWidget(tr("Layers"), this);
  layers_dock->setObjectName("layers");
  layers_dock->setWidget(layer_tree_);
  addDockWidget(Qt::LeftDockWidgetArea, layers_dock);
  connect(layer_tree_, &QTreeWidget::itemChanged, this, [this] { rebuildCanvasLayers(); });
  connect(layer_tree_->model(), &QAbstractItemModel::rowsMoved, this, [this] { rebuildCanvasLayers(); });

  identify_tree_ = new QTreeWidget(this);
  identify_tree_->setColumnCount(2);
  identify_tree_->setHeaderLabels({tr("Field"), tr("Value")});
  auto* identify_dock = new QDockWidget(tr("Identify"), this);
  identify_dock->setObjectName("identify");
  identify_dock->setWidget(identify_tree_);
  addDockWidget(Qt::LeftDockWidgetArea, identify_dock);

  auto* review_panel = new QWidget(this);
  auto* review_layout = new QVBoxLayout(review_panel);
  pack_combo_ = new QComboBox(review_panel);
  for (const char* pack : {"national", "hangzhou", "changsha", "gb50180"}) pack_combo_->addItem(pack);
  review_layout->addWidget(pack_combo_);
  review_table_ = new QTableWidget(review_panel);
  review_table_->setColumnCount(7);
  review_table_->setHorizontalHeaderLabels({tr("Plot"), tr("Community"), tr("Verdict"), tr("Households"),
                                            tr("Required m²"), tr("Reserved m²"), tr("Short m²")});
  review_table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  review_table_->setSelectionMode(QAbstractItemView::SingleSelection);
  review_table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  review_table_->setSortingEnabled(true);
  review_table_->horizontalHeader()->setStretchLastSection(true);
  review_layout->addWidget(review_table_);
  review_panel->setMinimumWidth(430);
  auto* review_dock = new QDockWidget(tr("Plot review"), this);
  review_dock->setObjectName("review");
  review_dock->setWidget(review_panel);
  addDockWidget(Qt::RightDockWidgetArea, review_dock);
  resizeDocks({layers_dock, review_dock}, {260, 440}, Qt::Horizontal);
  connect(pack_combo_, &QComboBox::currentTextChanged, this, [this] { runReview(); });
  connect(review_table_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (item->column() != kHouseholdsColumn && item->column() != kReservedColumn) return;
    bool ok = false;
    const double value = item->data(Qt::DisplayRole).toDouble(&ok);
    const auto index = static_cast<std::size_t>(review_table_->item(item->row(), kPlotColumn)->data(Qt::UserRole).toInt());
    if (ok && value >= 0) editPlot(index, item->column() == kHouseholdsColumn ? "households" : "reserved_office_m2", value);
  });
  connect(review_table_, &QTableWidget::itemSelectionChanged, this, [this] {
    const auto rows = review_table_->selectionModel()->selectedRows();
    if (!rows.isEmpty()) showPlot(rows.front().row());
  });

  attribute_model_ = new AttributeTableModel(this);
  attribute_sorter_ = new QSortFilterProxyModel(this);
  attribute_sorter_->setSourceModel(attribute_model_);
  attribute_sorter_->setSortRole(Qt::DisplayRole);
  attribute_view_ = new QTableView(this);
  attribute_view_->setModel(attribute_sorter_);
  attribute_view_->setSortingEnabled(true);
  attribute_view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  attribute_view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  auto* attribute_dock = new QDockWidget(tr("Attribute table"), this);
  attribute_dock->setObjectName("attributes");
  attribute_dock->setWidget(attribute_view_);
  addDockWidget(Qt::BottomDockWidgetArea, attribute_dock);
  layer_tree_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(layer_tree_, &QTreeWidget::customContextMenuRequested, this, [this](QPoint at) {
    QTreeWidgetItem* item = layer_tree_->itemAt(at);
    if (!item) return;
    const QString id = item->data(0, kLayerIdRole).toString();
    QMenu menu;
    menu.addAction(tr("Style…"), this, [this, id] { chooseStyle(id); });
    menu.addAction(tr("Attribute table"), this, [this, id] { showAttributes(id); });
    // The plots go out with their review, as a reviewer sends them on.
    menu.addAction(tr("Export…"), this, [this, id] { chooseLayerExport(id == "plots" && review_ ? "review_plots" : id); });
    menu.exec(layer_tree_->viewport()->mapToGlobal(at));
  });
  connect(layer_tree_, &QTreeWidget::itemDoubleClicked, this,
          [this](QTreeWidgetItem* item) { showAttributes(item->data(0, kLayerIdRole).toString()); });
  connect(attribute_view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    if (syncing_selection_ || !layers_.count(attribute_layer_)) return;
    const MapLayerData& layer = *layers_[attribute_layer_];
    std::vector<QPainterPath> paths;
    std::vector<QPointF> points;
    QRectF extent;
    for (const QModelIndex& row : attribute_view_->selectionModel()->selectedRows()) {
      const auto f = static_cast<std::size_t>(row.data(Qt::UserRole).toULongLong());
      if (f >= layer.paths.size()) continue;
      if (layer.paths[f].isEmpty()) points.push_back(layer.points[f]);
      else paths.push_back(layer.paths[f]);
      extent = extent.isNull() ? layer.extents[f] : extent.united(layer.extents[f]);
    }
    canvas_->setHighlight(paths, points);
    if (!extent.isNull()) {  // zoom to the selection, with room around it
      const double pad = std::max({extent.width(), extent.height(), 200.0});
      canvas_->zoomToExtent(extent.adjusted(-pad, -pad, pad, pad));
    }
  });

  coords_label_ = new QLabel(this);
  scale_label_ = new QLabel(this);
  statusBar()->addWidget(coords_label_, 1);
  statusBar()->addPermanentWidget(scale_label_);
  connect(canvas_, &MapCanvas::cursorMoved, this, [this](QPointF map) {
    if (!project_) return;
    QString text = QString("E %1  N %2 (EPSG:%3)").arg(map.x(), 0, 'f', 1).arg(map.y(), 0, 'f', 1).arg(project_->working_epsg);
    try {
      if (to_lonlat_) {
        const geo::Point ll = to_lonlat_->forward({map.x(), map.y()});
        text += QString("   %1°N %2°E").arg(ll.y, 0, 'f', 6).arg(ll.x, 0, 'f', 6);
      }
    } catch (const geo::Error&) {
    }
    coords_label_->setText(text);
    scale_label_->setText(QString("1:%L1").arg(std::round(canvas_->scaleDenominator())));
  });
  connect(canvas_, &MapCanvas::clicked, this, &MainWindow::identifyAt);

  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("Open project…"), QKeySequence::Open, this, &MainWindow::chooseProject);
  file->addAction(tr("Export map (PNG, PDF)…"), this, &MainWindow::chooseExport);
  file->addAction(tr("Export layers (Shapefile, GeoPackage, GeoJSON, KML, DXF)…"), this, [this] { chooseLayerExport(); });
  file->addAction(tr("Approval package (PDF)…"), this, &MainWindow::chooseApprovalPackage);
  file->addAction(tr("Save project (edits and styles)"), QKeySequence::Save, this, [this] {
    QString error;
    if (!saveProject(&error)) QMessageBox::warning(this, tr("Cannot save"), error);
  });
  file->addSeparator();
  file->addAction(tr("Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
  undo_stack_ = new QUndoStack(this);
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = undo_stack_->createUndoAction(this, tr("Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = undo_stack_->createRedoAction(this, tr("Redo"));
  redo->setShortcut(QKeySequence::Redo);
  edit->addAction(undo);
  edit->addAction(redo);
  QToolBar* tools = addToolBar(tr("Tools"));
  tools->setObjectName("tools");
  auto* tool_group = new QActionGroup(this);
  QAction* pan = tools->addAction(tr("Pan"), this, [this] { canvas_->setTool(MapCanvas::Tool::Pan); });
  QAction* draw = tools->addAction(tr("Draw plot"), this, [this] { canvas_->setTool(MapCanvas::Tool::DrawPolygon); });
  for (QAction* a : {pan, draw}) {
    a->setCheckable(true);
    tool_group->addAction(a);
  }
  pan->setChecked(true);
  draw->setToolTip(tr("Click the corners of a new development plot; double-click to finish, Esc to drop it"));
  tools->addSeparator();
  tools->addAction(undo);
  tools->addAction(redo);
  connect(canvas_, &MapCanvas::polygonDrawn, this, &MainWindow::askPlotAttributes);

  QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
  analysis->addAction(tr("Facility coverage…"), this, [this] { chooseAnalysis(false); });
  analysis->addAction(tr("Site new facilities…"), this, [this] { chooseAnalysis(true); });

  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(tr("Zoom to full extent"), this, [this] {
    if (project_) canvas_->zoomToExtent(QRectF(QPointF(project_->extent.min_x, project_->extent.min_y),
                                               QPointF(project_->extent.max_x, project_->extent.max_y)));
  });
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
  view->addAction(layers_dock->toggleViewAction());
  view->addAction(identify_dock->toggleViewAction());
  view->addAction(review_dock->toggleViewAction());
  view->addAction(attribute_dock->toggleViewAction());
}

MainWindow::~MainWindow() {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  settings.setValue("review/rules", pack_combo_->currentText());
}

void MainWindow::restoreSettings() {
  QSettings settings;
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
  const QString rules = settings.value("review/rules", "national").toString();
  const QSignalBlocker block(pack_combo_);
  if (pack_combo_->findText(rules) >= 0) pack_combo_->setCurrentText(rules);
}

void MainWindow::chooseProject() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Open project"), {}, tr("Community Planner project (*.toml)"));
  if (!file.isEmpty()) openProject(file);
}

void MainWindow::openProject(const QString& toml_file) {
  auto feedback = std::make_shared<geo::Feedback>();
  auto* progress = new QProgressDialog(tr("Reading the project…"), tr("Cancel"), 0, 100, this);
  progress->setWindowModality(Qt::WindowModal);
  progress->setMinimumDuration(300);
  connect(progress, &QProgressDialog::canceled, this, [feedback] { feedback->cancel(); });
  auto listener = std::make_shared<geo::Feedback>([progress](double percent, std::string_view) {
    QMetaObject::invokeMethod(progress, [progress, percent] { progress->setValue(static_cast<int>(percent)); }, Qt::QueuedConnection);
  });
  auto* watcher = new QFutureWatcher<std::shared_ptr<Loaded>>(this);
  connect(watcher, &QFutureWatcher<std::shared_ptr<Loaded>>::finished, this, [this, watcher, progress] {
    progress->close();
    progress->deleteLater();
    watcher->deleteLater();
    showLoaded(watcher->result());
  });
  const std::string file = toml_file.toStdString();
  watcher->setFuture(QtConcurrent::run([file, feedback, listener] {
    auto loaded = std::make_shared<Loaded>();
    try {
      // One Feedback carries the cancel flag, the other the progress to the dialog.
      geo::Feedback relay([&](double p, std::string_view s) {
        feedback->throw_if_cancelled();
        listener->set_progress(p, s);
      });
      loaded->project = std::make_shared<geo::Project>(geo::load_project(geo::read_project(file), &relay));
      for (geo::Role role : geo::kAllRoles) {
        const geo::LayerData* layer = loaded->project->layer(role);
        if (!layer) continue;
        const QString id = geo::to_string(role);
        loaded->layers[id] = make_map_layer(loaded->project->layers.at(role), id, role_title(role), default_style(role).label_field);
        if (role == geo::Role::Roads) {  // motorways stand out, footways are quiet
          auto& l = *loaded->layers[id];
          for (std::size_t i = 0; i < layer->size(); ++i) {
            const std::string c = layer->text(i, "road_class");
            if (c == "motorway" || c == "motorway_link") l.feature_stroke[i] = QColor(232, 146, 60);
            if (c == "primary" || c == "secondary") l.feature_stroke[i] = QColor(130, 130, 130);
            if (c == "footway") l.feature_stroke[i] = QColor(200, 200, 200);
          }
        }
      }
    } catch (const std::exception& e) {
      loaded->error = QString::fromUtf8(e.what());
    }
    return loaded;
  }));
}

void MainWindow::showLoaded(std::shared_ptr<Loaded> loaded) {
  if (!loaded->error.isEmpty()) {
    QMessageBox::warning(this, tr("Cannot open"), loaded->error);
    return;
  }
  project_ = loaded->project;
  loaded_plots_ = project_->layers.count(geo::Role::Plots) ? project_->layers.at(geo::Role::Plots) : nullptr;
  undo_stack_->clear();
  layers_ = loaded->layers;
  review_.reset();
  to_lonlat_ = std::make_unique<geo::Transformer>(proj_, geo::epsg_definition(project_->working_epsg),
                                                  geo::epsg_definition(geo::kCgcs2000Geographic));
  setWindowTitle(tr("Community Planner — %1").arg(QString::fromStdString(project_->spec.name)));
  const QSignalBlocker block(layer_tree_);
  layer_tree_->clear();
  // Top of the tree is drawn last (on top), as in QGIS.
  const std::vector<geo::Role> order = {geo::Role::Candidates, geo::Role::Facilities, geo::Role::Plots, geo::Role::Parking,
                                        geo::Role::Buildings,  geo::Role::Roads,      geo::Role::Communities};
  for (geo::Role role : order) {
    const QString id = geo::to_string(role);
    if (!layers_.count(id)) continue;
    styles_[id] = default_style(role);
    auto* item = new QTreeWidgetItem(layer_tree_, {layers_[id]->name});
    item->setData(0, kLayerIdRole, id);
    item->setFlags((item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled) & ~Qt::ItemIsDropEnabled);
    item->setCheckState(0, role == geo::Role::Candidates ? Qt::Unchecked : Qt::Checked);
    QPixmap swatch(14, 14);
    swatch.fill(styles_[id].fill.alpha() ? styles_[id].fill : styles_[id].stroke);
    item->setIcon(0, QIcon(swatch));
  }
  style_specs_.clear();
  for (const auto& [id, spec] : project_->spec.styles) {
    style_specs_[QString::fromStdString(id)] = spec;
    applyStyle(QString::fromStdString(id));
  }
  rebuildCanvasLayers();
  canvas_->zoomToExtent(QRectF(QPointF(project_->extent.min_x, project_->extent.min_y),
                               QPointF(project_->extent.max_x, project_->extent.max_y)));
  showAttributes("plots");  // the plots are the layer a reviewer works on
  emit projectLoaded();
  runReview();
}

void MainWindow::setLayerStyle(const QString& id, const geo::LayerStyleSpec& style) {
  style_specs_[id] = style;
  applyStyle(id);
  rebuildCanvasLayers();
}

void MainWindow::applyStyle(const QString& id) {
  if (!layers_.count(id) || !style_specs_.count(id)) return;
  const geo::LayerStyleSpec& spec = style_specs_[id];
  const auto role = geo::parse_role(id.toStdString());
  LayerStyle style = styles_[id];
  if (role) {
    style = to_map_style(spec, *role);
  } else {
    if (!spec.fill.empty()) style.fill = QColor(QString::fromStdString(spec.fill));
    if (!spec.stroke.empty()) style.stroke = QColor(QString::fromStdString(spec.stroke));
    if (spec.stroke_width >= 0) style.stroke_width = spec.stroke_width;
    if (!spec.label.empty()) style.label_field = QString::fromStdString(spec.label);
  }
  styles_[id] = style;
  // Labels and categories are per feature: the layer is prepared again with them.
  const MapLayerData& old = *layers_[id];
  auto layer = make_map_layer(old.source, id, old.name, style.label_field);
  if (!spec.categorize.empty() && old.source->has(spec.categorize)) {
    std::map<std::string, QColor> colour_of;
    for (const auto& [value, colour] : geo::category_colours(*old.source, spec.categorize))
      colour_of[value] = QColor(QString::fromStdString(colour));
    for (std::size_t i = 0; i < old.source->size(); ++i) layer->feature_fill[i] = colour_of[old.source->text(i, spec.categorize)];
  } else if (id == "plots" && review_) {
    for (const auto& p : review_->plots) layer->feature_fill[p.index] = QColor(geo::verdict_colour(p.verdict));
  }
  layers_[id] = layer;
}

bool MainWindow::saveStyles(QString* error) {
  if (!project_) return false;
  std::map<std::string, geo::LayerStyleSpec> styles;
  for (const auto& [id, spec] : style_specs_)
    if (geo::parse_role(id.toStdString())) styles[id.toStdString()] = spec;  // result layers are not part of the project
  try {
    geo::save_project_styles(project_->spec.file, styles);
    return true;
  } catch (const std::exception& e) {
    if (error) *error = QString::fromUtf8(e.what());
    return false;
  }
}

bool MainWindow::saveProject(QString* error) {
  if (!project_) return false;
  try {
    const auto plots = project_->layers.count(geo::Role::Plots) ? project_->layers.at(geo::Role::Plots) : nullptr;
    if (plots && loaded_plots_ && plots != loaded_plots_) geo::save_layer_edits(*project_, geo::Role::Plots, *loaded_plots_, *plots);
  } catch (const std::exception& e) {
    if (error) *error = QString::fromUtf8(e.what());
    return false;
  }
  if (!saveStyles(error)) return false;
  openProject(QString::fromStdString(project_->spec.file.string()));
  return true;
}

void MainWindow::chooseStyle(const QString& id) {
  if (!layers_.count(id)) return;
  geo::LayerStyleSpec spec = style_specs_.count(id) ? style_specs_[id] : geo::LayerStyleSpec{};
  const LayerStyle& current = styles_[id];
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Style: %1").arg(layers_[id]->name));
  auto* form = new QFormLayout(&dialog);
  auto colour_button = [&dialog](QColor colour) {
    auto* b = new QPushButton(colour.name(QColor::HexArgb), &dialog);
    b->setStyleSheet(QString("background:%1").arg(colour.name()));
    QObject::connect(b, &QPushButton::clicked, &dialog, [b] {
      const QColor c = QColorDialog::getColor(QColor(b->text()), b, {}, QColorDialog::ShowAlphaChannel);
      if (!c.isValid()) return;
      b->setText(c.name(QColor::HexArgb));
      b->setStyleSheet(QString("background:%1").arg(c.name()));
    });
    return b;
  };
  auto* fill = colour_button(current.fill);
  auto* stroke = colour_button(current.stroke);
  auto* width = new QDoubleSpinBox(&dialog);
  width->setRange(0, 20);
  width->setSingleStep(0.2);
  width->setValue(current.stroke_width);
  auto* label = new QComboBox(&dialog);
  auto* categorize = new QComboBox(&dialog);
  label->addItem(tr("(none)"), "");
  categorize->addItem(tr("(one colour)"), "");
  for (const auto& [field, column] : layers_[id]->source->columns) {
    label->addItem(QString::fromStdString(field), QString::fromStdString(field));
    categorize->addItem(QString::fromStdString(field), QString::fromStdString(field));
  }
  label->setCurrentIndex(std::max(0, label->findData(current.label_field)));
  categorize->setCurrentIndex(std::max(0, categorize->findData(QString::fromStdString(spec.categorize))));
  form->addRow(tr("Fill"), fill);
  form->addRow(tr("Stroke"), stroke);
  form->addRow(tr("Stroke width (px)"), width);
  form->addRow(tr("Label"), label);
  form->addRow(tr("Colour by"), categorize);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  if (dialog.exec() != QDialog::Accepted) return;
  spec.fill = fill->text().toStdString();
  spec.stroke = stroke->text().toStdString();
  spec.stroke_width = width->value();
  spec.label = label->currentData().toString().toStdString();
  spec.categorize = categorize->currentData().toString().toStdString();
  setLayerStyle(id, spec);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
  for (const QUrl& url : e->mimeData()->urls())
    if (url.isLocalFile()) openFile(url.toLocalFile());
}

void MainWindow::openFile(const QString& path) {
  if (path.endsWith(".toml", Qt::CaseInsensitive) || !project_) {
    if (!path.endsWith(".toml", Qt::CaseInsensitive)) {
      QMessageBox::information(this, tr("Open a project first"),
                               tr("A vector file is drawn over a project, in its coordinate system: open a project first."));
      return;
    }
    openProject(path);
    return;
  }
  auto project = project_;
  const std::string file = path.toStdString();
  runJob<std::shared_ptr<geo::LayerData>>(
      tr("Reading %1…").arg(QFileInfo(path).fileName()),
      [file, project](geo::Feedback& feedback) { return geo::load_display_layer(file, project->working_epsg, {}, &feedback); },
      [this, path](std::shared_ptr<geo::LayerData>& layer) {
        LayerStyle style;
        style.fill = QColor(255, 127, 0, 90);
        style.stroke = QColor(204, 76, 2);
        style.stroke_width = 1.2;
        style.point_size = 7;
        addResultLayer("file:" + path, QFileInfo(path).fileName(), layer, style);
      });
}

void MainWindow::showAttributes(const QString& layer_id) {
  if (!layers_.count(layer_id)) return;
  attribute_layer_ = layer_id;
  attribute_model_->setLayer(layers_[layer_id]->source);
  attribute_view_->sortByColumn(0, Qt::AscendingOrder);  // in feature order until the user sorts
  attribute_view_->resizeColumnsToContents();
}

void MainWindow::setLayerVisible(const QString& id, bool visible) {
  for (int i = 0; i < layer_tree_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = layer_tree_->topLevelItem(i);
    if (item->data(0, kLayerIdRole).toString() == id) item->setCheckState(0, visible ? Qt::Checked : Qt::Unchecked);
  }
}

void MainWindow::rebuildCanvasLayers() {
  std::vector<LayerToDraw> draw;
  for (int i = layer_tree_->topLevelItemCount() - 1; i >= 0; --i) {
    QTreeWidgetItem* item = layer_tree_->topLevelItem(i);
    if (item->checkState(0) != Qt::Checked) continue;
    const QString id = item->data(0, kLayerIdRole).toString();
    if (layers_.count(id)) draw.push_back({layers_[id], styles_[id]});
  }
  canvas_->setLayers(std::move(draw));
}

void MainWindow::runReview() {
  if (!project_) return;
  if (!project_->layer(geo::Role::Communities)) {
    // Nothing to review against: the map is as reviewed as it gets.
    emit reviewed();
    return;
  }
  const std::string pack_name = pack_combo_->currentText().toStdString();
  auto project = project_;
  using Reviewed = std::pair<std::optional<geo::Review>, std::shared_ptr<const geo::RulePack>>;
  auto* watcher = new QFutureWatcher<Reviewed>(this);
  connect(watcher, &QFutureWatcher<Reviewed>::finished, this, [this, watcher, project] {
    watcher->deleteLater();
    if (project != project_) return;  // another project was opened meanwhile
    std::tie(review_, review_pack_) = watcher->result();
    applyReview();
  });
  watcher->setFuture(QtConcurrent::run([project, pack_name]() -> Reviewed {
    try {
      // The review's rule outcomes point into the pack: it lives as long as the review.
      auto pack = std::make_shared<const geo::RulePack>(geo::load_rule_pack(geo::resolve_rule_pack(pack_name)));
      return {geo::review_plots(*project, *pack), pack};
    } catch (const std::exception&) {
      return {};
    }
  }));
}

void MainWindow::applyReview() {
  if (!review_) return;
  // The plots layer again, each plot filled with its verdict's colour.
  if (auto it = layers_.find("plots"); it != layers_.end()) {
    auto coloured = std::make_shared<MapLayerData>(*it->second);
    for (const auto& p : review_->plots) {
      QColor c(geo::verdict_colour(p.verdict));
      c.setAlpha(210);
      coloured->feature_fill[p.index] = c;
    }
    it->second = coloured;
  }
  const QSignalBlocker block(review_table_);
  review_table_->setSortingEnabled(false);
  review_table_->setRowCount(static_cast<int>(review_->plots.size()));
  auto number = [](const std::optional<double>& v) {
    auto* item = new QTableWidgetItem;
    if (v) item->setData(Qt::DisplayRole, std::round(*v * 10) / 10);
    return item;
  };
  for (int r = 0; r < static_cast<int>(review_->plots.size()); ++r) {
    const geo::PlotReview& p = review_->plots[static_cast<std::size_t>(r)];
    auto* id = new QTableWidgetItem(QString::fromStdString(p.plot_id));
    id->setData(Qt::UserRole, static_cast<int>(p.index));
    id->setToolTip(QString::fromStdString(p.reason));
    review_table_->setItem(r, 0, id);
    review_table_->setItem(
        r, 1, new QTableWidgetItem(p.community ? QString::fromStdString(review_->communities[*p.community].name) : QString("—")));
    auto* verdict = new QTableWidgetItem(verdict_label(p.verdict));
    verdict->setForeground(QColor(geo::verdict_colour(p.verdict)));
    verdict->setToolTip(QString::fromStdString(p.citation + "\n" + p.reason));
    review_table_->setItem(r, 2, verdict);
    auto read_only = [](QTableWidgetItem* item) {
      item->setFlags(item->flags() & ~Qt::ItemIsEditable);
      return item;
    };
    id->setFlags(id->flags() & ~Qt::ItemIsEditable);
    review_table_->item(r, 1)->setFlags(review_table_->item(r, 1)->flags() & ~Qt::ItemIsEditable);
    verdict->setFlags(verdict->flags() & ~Qt::ItemIsEditable);
    review_table_->setItem(r, kHouseholdsColumn, number(p.households));
    review_table_->setItem(r, kRequiredColumn, read_only(number(p.required_office_m2)));
    review_table_->setItem(r, kReservedColumn, number(p.reserved_office_m2));
    review_table_->setItem(r, kShortColumn, read_only(number(p.shortfall_m2)));
  }
  review_table_->setSortingEnabled(true);
  review_table_->resizeColumnsToContents();
  // The plots' legend, under their layer in the tree: one swatch per verdict, with its count.
  {
    const QSignalBlocker block_tree(layer_tree_);
    for (int i = 0; i < layer_tree_->topLevelItemCount(); ++i) {
      QTreeWidgetItem* item = layer_tree_->topLevelItem(i);
      if (item->data(0, kLayerIdRole).toString() != "plots") continue;
      qDeleteAll(item->takeChildren());
      for (geo::Verdict v : {geo::Verdict::Compliant, geo::Verdict::Short, geo::Verdict::NotApplicable, geo::Verdict::Unchecked}) {
        auto* child = new QTreeWidgetItem(item, {QString("%1 (%2)").arg(verdict_label(v)).arg(review_->count(v))});
        child->setFlags(Qt::ItemIsEnabled);
        QPixmap swatch(14, 14);
        swatch.fill(QColor(geo::verdict_colour(v)));
        child->setIcon(0, QIcon(swatch));
      }
      item->setExpanded(true);
    }
  }
  rebuildCanvasLayers();
  emit reviewed();
}

void MainWindow::showPlot(int row) {
  QTableWidgetItem* id = review_table_->item(row, kPlotColumn);
  if (!id || !layers_.count("plots")) return;
  const auto index = static_cast<std::size_t>(id->data(Qt::UserRole).toInt());
  const MapLayerData& plots = *layers_["plots"];
  canvas_->setHighlight({plots.paths[index]});
  const QRectF e = plots.extents[index];
  if (!e.isNull()) canvas_->zoomToExtent(e.adjusted(-e.width() * 2, -e.height() * 2, e.width() * 2, e.height() * 2));
  identifyAt(plots.points[index]);
}

void MainWindow::identifyAt(QPointF map) {
  identify_tree_->clear();
  const double tolerance = 6 * canvas_->view().metres_per_pixel;
  // The active layer (the one in the attribute table) answers first, then the topmost visible
  // layer with a feature under the point.
  std::vector<QString> order;
  if (!attribute_layer_.isEmpty()) order.push_back(attribute_layer_);
  for (int i = 0; i < layer_tree_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = layer_tree_->topLevelItem(i);
    if (item->checkState(0) == Qt::Checked) order.push_back(item->data(0, kLayerIdRole).toString());
  }
  for (const QString& id : order) {
    if (!layers_.count(id)) continue;
    const MapLayerData& layer = *layers_[id];
    const bool points = layer.kind == geo::GeometryKind::Point || layer.kind == geo::GeometryKind::MultiPoint;
    const bool lines = layer.kind == geo::GeometryKind::LineString || layer.kind == geo::GeometryKind::MultiLineString;
    for (std::size_t f = 0; f < layer.paths.size(); ++f) {
      const QRectF e = layer.extents[f].adjusted(-tolerance, -tolerance, tolerance, tolerance);
      if (!e.contains(map)) continue;
      bool hit = false;
      if (points) {
        hit = QLineF(layer.points[f], map).length() <= tolerance;
      } else if (lines) {
        QPainterPathStroker stroker;
        stroker.setWidth(2 * tolerance);
        hit = stroker.createStroke(layer.paths[f]).contains(map);
      } else {
        hit = layer.paths[f].contains(map);
      }
      if (!hit) continue;
      const geo::LayerData& source = *layer.source;
      auto* top = new QTreeWidgetItem(identify_tree_, {layer.name, QString("fid %1").arg(source.fids[f])});
      for (const auto& [field, column] : source.columns)
        new QTreeWidgetItem(top, {QString::fromStdString(field), text_of(column[f])});
      if (id == "plots" && review_) {
        for (const auto& p : review_->plots) {
          if (p.index != f) continue;
          new QTreeWidgetItem(top, {"verdict", geo::to_string(p.verdict)});
          new QTreeWidgetItem(top, {"reason", QString::fromStdString(p.reason)});
          new QTreeWidgetItem(top, {"rule", QString::fromStdString(p.rule_id + " · " + p.citation)});
        }
      }
      top->setExpanded(true);
      if (id == attribute_layer_) {  // the table follows the map's selection
        const QSignalBlocker block(attribute_view_->selectionModel());
        const QModelIndex row = attribute_sorter_->mapFromSource(attribute_model_->index(static_cast<int>(f), 0));
        attribute_view_->selectionModel()->select(row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        attribute_view_->scrollTo(row);
      }
      if (points)
        canvas_->setHighlight({}, {layer.points[f]});
      else
        canvas_->setHighlight({layer.paths[f]});
      return;
    }
  }
  canvas_->setHighlight({});
}

QStringList MainWindow::identified() const {
  QStringList out;
  for (int i = 0; i < identify_tree_->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* top = identify_tree_->topLevelItem(i);
    out << top->text(0) + " = " + top->text(1);
    for (int k = 0; k < top->childCount(); ++k) out << top->child(k)->text(0) + " = " + top->child(k)->text(1);
  }
  return out;
}

void MainWindow::replacePlots(std::shared_ptr<const geo::LayerData> plots) {
  auto edited = std::make_shared<geo::Project>(*project_);  // shares every other layer
  edited->layers[geo::Role::Plots] = plots;
  project_ = edited;
  layers_["plots"] = make_map_layer(plots, "plots", role_title(geo::Role::Plots), default_style(geo::Role::Plots).label_field);
  if (attribute_layer_ == "plots") showAttributes("plots");
  review_.reset();
  rebuildCanvasLayers();
  runReview();
}

void MainWindow::pushPlotsChange(const QString& text, std::shared_ptr<const geo::LayerData> after) {
  undo_stack_->push(new PlotsChange(text, [this](auto layer) { replacePlots(std::move(layer)); },
                                    project_->layers.at(geo::Role::Plots), std::move(after)));
}

void MainWindow::editPlot(std::size_t index, const std::string& field, double value) {
  if (!project_ || !project_->layer(geo::Role::Plots)) return;
  auto plots = std::make_shared<geo::LayerData>(*project_->layer(geo::Role::Plots));
  auto& column = plots->columns[field];
  if (column.size() < plots->size()) column.resize(plots->size());
  if (plots->number(index, field) == value) return;
  column.at(index) = value;
  pushPlotsChange(tr("Edit %1 of %2").arg(QString::fromStdString(field), QString::fromStdString(plots->text(index, "plot_id"))), plots);
}

void MainWindow::addPlot(const QPolygonF& ring, double households, double gross_floor_area_m2, double reserved_office_m2) {
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
  if (!plots->has("plot_id")) plots->columns["plot_id"].resize(plots->size()), plots->columns["plot_id"].back() = id;
  pushPlotsChange(tr("Draw plot %1").arg(QString::fromStdString(id)), plots);
}

void MainWindow::askPlotAttributes(const QPolygonF& ring) {
  // Window-modal but without a nested event loop: the map keeps drawing behind it.
  auto* dialog = new QDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setObjectName("new_plot_dialog");
  dialog->setWindowTitle(tr("New plot"));
  auto* form = new QFormLayout(dialog);
  auto spin = [dialog](double value, double max) {
    auto* s = new QDoubleSpinBox(dialog);
    s->setRange(0, max);
    s->setDecimals(0);
    s->setValue(value);
    return s;
  };
  auto* households = spin(500, 100000);
  auto* gfa = spin(55000, 10000000);
  auto* reserved = spin(150, 100000);
  form->addRow(tr("Households"), households);
  form->addRow(tr("Gross floor area m²"), gfa);
  form->addRow(tr("Reserved office m²"), reserved);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
  connect(dialog, &QDialog::accepted, this, [this, ring, households, gfa, reserved] {
    addPlot(ring, households->value(), gfa->value(), reserved->value());
  });
  dialog->open();
}

template <typename Result>
void MainWindow::runJob(const QString& title, std::function<Result(geo::Feedback&)> job, std::function<void(Result&)> done) {
  auto* progress = new QProgressDialog(title, tr("Cancel"), 0, 100, this);
  progress->setWindowModality(Qt::WindowModal);
  progress->setMinimumDuration(200);
  progress->setAttribute(Qt::WA_DeleteOnClose);
  QPointer<QProgressDialog> dialog(progress);
  // Made here, used there: the dialog's Cancel sets the job's atomic flag, the job's progress
  // reaches the dialog as queued calls.
  auto feedback = std::make_shared<geo::Feedback>([dialog, observer = job_observer_](double percent, std::string_view) {
    if (observer) observer(percent);
    QMetaObject::invokeMethod(
        dialog, [dialog, percent] { if (dialog) dialog->setValue(static_cast<int>(percent)); }, Qt::QueuedConnection);
  });
  connect(progress, &QProgressDialog::canceled, this, [feedback] { feedback->cancel(); });
  struct Outcome {
    std::optional<Result> result;
    QString error;
  };
  auto* watcher = new QFutureWatcher<std::shared_ptr<Outcome>>(this);
  connect(watcher, &QFutureWatcher<std::shared_ptr<Outcome>>::finished, this, [this, watcher, dialog, done] {
    watcher->deleteLater();
    if (dialog) dialog->close();
    auto outcome = watcher->result();
    if (outcome->result) done(*outcome->result);
    if (!outcome->error.isEmpty()) {
      // Shown without blocking: the window stays live behind it.
      auto* box = new QMessageBox(QMessageBox::Warning, tr("The job did not complete"), outcome->error, QMessageBox::Ok, this);
      box->setAttribute(Qt::WA_DeleteOnClose);
      box->open();
    }
    emit analysisFinished(outcome->result.has_value());
  });
  watcher->setFuture(QtConcurrent::run([job, feedback] {
    auto outcome = std::make_shared<Outcome>();
    try {
      outcome->result = job(*feedback);
    } catch (const geo::Cancelled&) {
      // cancelled: no result, no message
    } catch (const std::exception& e) {
      outcome->error = QString::fromUtf8(e.what());
    }
    return outcome;
  }));
  progress->show();
}

void MainWindow::addResultLayer(const QString& id, const QString& name, std::shared_ptr<const geo::LayerData> layer,
                                const LayerStyle& style) {
  layers_[id] = make_map_layer(std::move(layer), id, name, style.label_field);
  styles_[id] = style;
  const QSignalBlocker block(layer_tree_);
  for (int i = 0; i < layer_tree_->topLevelItemCount(); ++i)
    if (layer_tree_->topLevelItem(i)->data(0, kLayerIdRole).toString() == id) delete layer_tree_->takeTopLevelItem(i);
  auto* item = new QTreeWidgetItem({name});
  item->setData(0, kLayerIdRole, id);
  item->setFlags((item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled) & ~Qt::ItemIsDropEnabled);
  item->setCheckState(0, Qt::Checked);
  QPixmap swatch(14, 14);
  swatch.fill(style.fill.alpha() ? style.fill : style.stroke);
  item->setIcon(0, QIcon(swatch));
  layer_tree_->insertTopLevelItem(0, item);
  rebuildCanvasLayers();
}

void MainWindow::runCoverage(const QString& kind) {
  if (!project_) return;
  auto project = project_;
  const std::string k = kind.toStdString();
  runJob<geo::Coverage>(
      tr("Computing coverage of %1…").arg(kind),
      [project, k](geo::Feedback& feedback) {
        const geo::RulePack standards = geo::load_rule_pack(geo::resolve_rule_pack("gb50180"));
        return geo::compute_coverage(*project, &standards, {.kind = k, .service_areas = true}, &feedback);
      },
      [this, kind, project](geo::Coverage& c) {
        if (project != project_) return;
        auto uncovered = std::make_shared<geo::LayerData>(geo::coverage_buildings_layer(*project, c, true));
        auto areas = std::make_shared<geo::LayerData>(geo::service_areas_layer(*project, c));
        const LayerStyle area_style = to_map_style(geo::result_layer_style("service_areas", areas->role), areas->role);
        const LayerStyle uncovered_style = to_map_style(geo::result_layer_style("uncovered_buildings", uncovered->role), uncovered->role);
        addResultLayer("service_areas_" + kind, tr("Service areas: %1 (%2 m)").arg(kind).arg(c.distance_m), areas, area_style);
        addResultLayer("uncovered_" + kind,
                       tr("Uncovered: %1 (%L2 of %L3 households)")
                           .arg(kind)
                           .arg(std::round(c.households() - (c.walking ? c.households_covered_walk() : c.households_covered_euclid())))
                           .arg(std::round(c.households())),
                       uncovered, uncovered_style);
      });
}

void MainWindow::runSiting(const QString& kind, int sites) {
  if (!project_) return;
  auto project = project_;
  const std::string k = kind.toStdString();
  runJob<geo::SitingResult>(
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
        const LayerStyle style = to_map_style(geo::result_layer_style("sites", layer->role), layer->role);
        addResultLayer("sites_" + kind,
                       tr("New sites: %1 (+%L2 households; %3)")
                           .arg(kind)
                           .arg(std::round(r.covered_after - r.covered_before))
                           .arg(QString::fromStdString(r.method)),
                       layer, style);
      });
}

void MainWindow::chooseAnalysis(bool siting) {
  if (!project_) return;
  QDialog dialog(this);
  dialog.setWindowTitle(siting ? tr("Site new facilities") : tr("Facility coverage"));
  auto* form = new QFormLayout(&dialog);
  auto* kind = new QComboBox(&dialog);
  for (const char* k : {"community_office", "health_station", "kindergarten", "elderly_care", "market", "parking"}) kind->addItem(k);
  form->addRow(tr("Kind"), kind);
  auto* count = new QDoubleSpinBox(&dialog);
  count->setDecimals(0);
  count->setRange(1, 500);
  count->setValue(5);
  if (siting) form->addRow(tr("Sites to add"), count);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  if (dialog.exec() != QDialog::Accepted) return;
  if (siting)
    runSiting(kind->currentText(), static_cast<int>(count->value()));
  else
    runCoverage(kind->currentText());
}

bool MainWindow::exportMap(const QString& file, const QString& title, QSizeF page_mm, double dpi, QString* error) {
  if (!project_) return false;
  MapLayout layout;
  layout.title = title;
  layout.page_mm = page_mm;
  layout.dpi = dpi;
  layout.subtitle = tr("CRS: EPSG:%1 · %2 · Community Planner")
                        .arg(project_->working_epsg)
                        .arg(QDate::currentDate().toString(Qt::ISODate));
  for (const auto& layer : canvas_->layers()) {  // bottom first: the legend reads top first
    const bool point = layer.data->kind == geo::GeometryKind::Point || layer.data->kind == geo::GeometryKind::MultiPoint;
    if (layer.data->id == "plots" && review_) {
      for (geo::Verdict v : {geo::Verdict::Compliant, geo::Verdict::Short, geo::Verdict::NotApplicable, geo::Verdict::Unchecked})
        layout.legend.insert(layout.legend.begin(), {tr("Plot: %1").arg(verdict_label(v)), QColor(geo::verdict_colour(v)), Qt::black, false});
      continue;
    }
    layout.legend.insert(layout.legend.begin(), {layer.data->name, layer.style.fill, layer.style.stroke, point});
  }
  const QRectF extent = canvas_->view().visible(canvas_->size());
  return export_map(file, layout, canvas_->layers(), extent, error);
}

void MainWindow::chooseExport() {
  if (!project_) return;
  const QString file = QFileDialog::getSaveFileName(this, tr("Export map"), "map.pdf", "PDF (*.pdf);;PNG (*.png)");
  if (file.isEmpty()) return;
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Export map"));
  auto* form = new QFormLayout(&dialog);
  auto* title = new QLineEdit(tr("Plot review — %1").arg(QString::fromStdString(project_->spec.name)), &dialog);
  auto spin = [&dialog](double value, double lo, double hi) {
    auto* s = new QDoubleSpinBox(&dialog);
    s->setRange(lo, hi);
    s->setDecimals(0);
    s->setValue(value);
    return s;
  };
  auto* width = spin(297, 50, 2000);
  auto* height = spin(210, 50, 2000);
  auto* dpi = spin(300, 72, 1200);
  form->addRow(tr("Title"), title);
  form->addRow(tr("Width mm"), width);
  form->addRow(tr("Height mm"), height);
  form->addRow(tr("DPI"), dpi);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  if (dialog.exec() != QDialog::Accepted) return;
  QString error;
  QApplication::setOverrideCursor(Qt::WaitCursor);
  const bool ok = exportMap(file, title->text(), QSizeF(width->value(), height->value()), dpi->value(), &error);
  QApplication::restoreOverrideCursor();
  if (!ok) QMessageBox::warning(this, tr("Export failed"), file + ": " + error);
}

void MainWindow::startLayerExport(const QStringList& layer_ids, const QString& file, const geo::ExportOptions& options) {
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
    if (!layers_.count(id)) continue;
    geo::LayerStyleSpec style = to_style_spec(styles_[id]);
    if (style_specs_.count(id)) style.categorize = style_specs_[id].categorize;
    sources.push_back({id.toStdString(), layers_[id]->source, style});
  }
  const int epsg = project_->working_epsg;
  const std::filesystem::path out = std::filesystem::u8path(file.toStdString());
  geo::ExportOptions guarded = options;
  guarded.inputs = geo::input_files(project_->spec);
  runJob<geo::ExportResult>(
      tr("Exporting…"),
      [sources, epsg, out, options = std::move(guarded)](geo::Feedback& feedback) {
        std::vector<geo::ExportLayer> layers;
        for (const auto& s : sources) layers.push_back({.name = s.name, .data = s.data.get(), .style = s.style});
        return geo::export_layers(layers, epsg, out, options, &feedback);
      },
      [this](geo::ExportResult& r) {
        statusBar()->showMessage(tr("Exported %n file(s)", nullptr, static_cast<int>(r.files.size())), 8000);
      });
}

void MainWindow::chooseLayerExport(const QString& preselected) {
  if (!project_) return;
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Export layers"));
  auto* form = new QFormLayout(&dialog);
  auto* list = new QTreeWidget(&dialog);
  list->setHeaderHidden(true);
  list->setRootIsDecorated(false);
  const QString ticked = preselected.isEmpty() && review_ ? QString("review_plots") : preselected;
  auto add_choice = [list, &ticked](const QString& id, const QString& name) {
    auto* item = new QTreeWidgetItem(list, {name});
    item->setData(0, Qt::UserRole, id);
    item->setCheckState(0, id == ticked ? Qt::Checked : Qt::Unchecked);
  };
  if (review_) add_choice("review_plots", tr("Plots with their review (verdicts, rules)"));
  for (int i = 0; i < layer_tree_->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* item = layer_tree_->topLevelItem(i);
    add_choice(item->data(0, kLayerIdRole).toString(), item->text(0));
  }
  auto* format = new QComboBox(&dialog);
  for (const auto& [label, code] : std::vector<std::pair<QString, QString>>{{tr("GeoPackage (styled for QGIS)"), "gpkg"},
                                                                           {tr("ESRI Shapefile"), "shp"},
                                                                           {"GeoJSON", "geojson"},
                                                                           {"KML", "kml"},
                                                                           {tr("DXF (CAD)"), "dxf"}})
    format->addItem(label, code);
  auto* crs = new QComboBox(&dialog);
  crs->setEditable(true);
  crs->addItems({QString("EPSG:%1").arg(project_->working_epsg), "EPSG:4490", "EPSG:4326"});
  auto* encoding = new QComboBox(&dialog);
  encoding->addItems({"UTF-8", "GBK"});
  form->addRow(tr("Layers"), list);
  form->addRow(tr("Format"), format);
  form->addRow(tr("CRS"), crs);
  form->addRow(tr("Shapefile encoding"), encoding);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  connect(format, &QComboBox::currentIndexChanged, &dialog, [format, encoding, crs] {
    encoding->setEnabled(format->currentData() == "shp");
    crs->setEnabled(format->currentData() != "kml");  // KML is WGS 84 by definition
  });
  encoding->setEnabled(false);
  if (dialog.exec() != QDialog::Accepted) return;
  QStringList ids;
  for (int i = 0; i < list->topLevelItemCount(); ++i)
    if (list->topLevelItem(i)->checkState(0) == Qt::Checked) ids << list->topLevelItem(i)->data(0, Qt::UserRole).toString();
  if (ids.isEmpty()) return;
  const QString code = format->currentData().toString();
  const QString file = QFileDialog::getSaveFileName(this, tr("Export layers"), ids.size() == 1 ? ids.front() + "." + code : "export." + code,
                                                    QString("%1 (*.%2)").arg(format->currentText(), code));
  if (file.isEmpty()) return;
  geo::ExportOptions options;
  options.format = code.toStdString();
  options.crs = code == "kml" ? std::string() : crs->currentText().trimmed().toStdString();
  if (options.crs == QString("EPSG:%1").arg(project_->working_epsg).toStdString()) options.crs.clear();
  options.encoding = encoding->currentText().toStdString();
  options.overwrite = true;  // the file dialog has asked before replacing
  startLayerExport(ids, file, options);
}

void MainWindow::startApprovalPackage(const QStringList& plot_ids, const QString& file) {
  if (!project_ || !review_ || !review_pack_) return;
  auto project = project_;
  auto review = std::make_shared<const geo::Review>(*review_);
  auto pack = review_pack_;
  std::vector<std::string> ids;
  for (const auto& id : plot_ids) ids.push_back(id.toStdString());
  runJob<bool>(
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
      [this, file](bool&) { statusBar()->showMessage(tr("Wrote %1").arg(file), 8000); });
}

void MainWindow::chooseApprovalPackage() {
  if (!project_ || !review_) return;
  QStringList choices{tr("All plots")};
  for (const auto& p : review_->plots) choices << QString::fromStdString(p.plot_id);
  const int row = review_table_->currentRow();  // the table may be sorted: go by the id it shows
  const int current = row >= 0 && review_table_->item(row, 0) ? std::max(0, static_cast<int>(choices.indexOf(review_table_->item(row, 0)->text()))) : 0;
  bool ok = false;
  const QString choice = QInputDialog::getItem(this, tr("Approval package"), tr("Plot"), choices, current, false, &ok);
  if (!ok) return;
  const bool all = choice == choices.front();
  const QString file = QFileDialog::getSaveFileName(this, tr("Approval package"), all ? "approval.pdf" : choice + ".pdf", "PDF (*.pdf)");
  if (file.isEmpty()) return;
  startApprovalPackage(all ? QStringList() : QStringList{choice}, file);
}

}  // namespace cp
