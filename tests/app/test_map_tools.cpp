// The tools a GIS user reaches for, on the demo city, offscreen: zoom buttons and the editable
// scale, measuring, selecting by rectangle with the attribute table in step, search, identify
// that never goes stale, failures shown, layers added and kept, a file opened on its own, the
// printed legend, and the question before unsaved edits are lost.
#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoStack>
#include <QScreen>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "../support/fixtures.h"
#include "datasets/demo_city.h"
#include "geo/crs.h"
#include "geo/geos.h"
#include "geo/proj.h"
#include "geo/spatial_index.h"
#include "app_fixtures.h"
#include "main_window.h"
#include "map_tools/measure_tool.h"
#include "map_tools/pan_tool.h"
#include "map_tools/select_tool.h"
#include "panels/search_box.h"

namespace fs = std::filesystem;

class TestMapTools : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    dir_ = fs::temp_directory_path() / ("cplan-tools-test-" + std::to_string(QCoreApplication::applicationPid()));
    project_ = QString::fromStdString(datasets::generate_city(datasets::Scale::Demo, datasets::kDefaultSeed, dir_, "demo").project.string());
    window_ = app_fixtures::open_window(project_, QSize(1600, 1000));
    QVERIFY(window_);
  }

  void cleanupTestCase() {
    window_->session()->undoStack()->clear();
    window_.reset();
    fs::remove_all(dir_);
  }

  void zoomButtonsAndTheScaleBoxFollowEachOther() {
    cp::MapCanvas* canvas = window_->canvas();
    const double before = canvas->scaleDenominator();
    action("Zoom in")->trigger();
    QCOMPARE(std::round(canvas->scaleDenominator()), std::round(before / 2));
    // The box shows the new scale at once, not when the next image is drawn.
    QCOMPARE(window_->scaleBox()->currentText(), QString("1:%L1").arg(std::round(before / 2), 0, 'f', 0));
    action("Zoom out")->trigger();
    QCOMPARE(std::round(canvas->scaleDenominator()), std::round(before));
    setScaleText("1:2,000");
    QCOMPARE(std::round(canvas->scaleDenominator()), 2000.0);
    setScaleText("5000");
    QCOMPARE(std::round(canvas->scaleDenominator()), 5000.0);
    setScaleText("about a street");  // not a scale: the map stays, the box shows it again
    QCOMPARE(std::round(canvas->scaleDenominator()), 5000.0);
    QCOMPARE(window_->scaleBox()->currentText(), QString("1:%L1").arg(5000));
    action("Full extent")->trigger();
    QVERIFY(canvas->view().visible(canvas->size()).contains(window_->session()->fullExtent()));
  }

  void measuresADistanceAndAnArea() {
    cp::MapCanvas* canvas = window_->canvas();
    const double mpp = canvas->view().metres_per_pixel;
    cp::MeasureTool* distance = window_->measureDistanceTool();
    canvas->setMapTool(distance);
    const QPoint a = canvas->rect().center() - QPoint(150, 200);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, a);
    QTest::mouseDClick(canvas, Qt::LeftButton, Qt::NoModifier, a + QPoint(300, 400));
    QVERIFY(distance->result());
    // 500 pixels on the screen, by hand: the plane's figure is that many pixels of ground.
    QVERIFY(std::abs(distance->result()->planar_length_m - 500 * mpp) < 1e-6 * 500 * mpp);
    QVERIFY(distance->result()->ellipsoidal_length_m);
    const double ellipsoid = *distance->result()->ellipsoidal_length_m;
    QVERIFY2(std::abs(ellipsoid - 500 * mpp) < 0.002 * 500 * mpp, qPrintable(QString::number(ellipsoid)));
    QVERIFY(distance->resultText().contains("Distance"));
    shot("measure-distance");

    cp::MeasureTool* area = window_->measureAreaTool();
    canvas->setMapTool(area);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, a);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, a + QPoint(200, 0));
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, a + QPoint(200, 100));
    QTest::mouseDClick(canvas, Qt::LeftButton, Qt::NoModifier, a + QPoint(0, 100));
    QVERIFY(area->result() && area->result()->planar_area_m2);
    QVERIFY(std::abs(*area->result()->planar_area_m2 - 20000 * mpp * mpp) < 1e-6 * 20000 * mpp * mpp);
    QVERIFY(area->resultText().contains("Area"));
    shot("measure-area");
    canvas->setMapTool(window_->panTool());
  }

  void selectsByRectangleWithTheTableInStep() {
    cp::MapCanvas* canvas = window_->canvas();
    window_->showAttributes("communities");
    canvas->setMapTool(window_->selectTool());
    const QPoint from = canvas->rect().center() - QPoint(120, 80);
    const QPoint to = canvas->rect().center() + QPoint(60, 90);
    QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(canvas, to);
    QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, to);
    const cp::Selection& selection = window_->session()->selection();
    QCOMPARE(selection.layer_id, QString("communities"));
    // Which communities the rectangle touches, by GEOS: not by the map's own hit test.
    const QRectF rect = QRectF(canvas->toMap(from), canvas->toMap(to)).normalized();
    const geo::LayerData& communities = *window_->project()->layer(geo::Role::Communities);
    geo::GeosContext geos;
    const auto box = geos.from_wkt(QString("POLYGON ((%1 %2, %3 %2, %3 %4, %1 %4, %1 %2))")
                                       .arg(rect.left(), 0, 'f', 3).arg(rect.top(), 0, 'f', 3)
                                       .arg(rect.right(), 0, 'f', 3).arg(rect.bottom(), 0, 'f', 3).toStdString());
    std::vector<std::size_t> expected;
    for (std::size_t i = 0; i < communities.size(); ++i)
      if (GEOSIntersects_r(geos.handle(), geos.from_geometry(communities.geometries[i]).get(), box.get()) == 1) expected.push_back(i);
    std::vector<std::size_t> got = selection.features;
    std::sort(got.begin(), got.end());
    QVERIFY(expected.size() >= 2);
    QVERIFY(got == expected);
    QCOMPARE(window_->attributeView()->selectionModel()->selectedRows().size(), static_cast<int>(expected.size()));

    // Ctrl-click adds one more; a plain click replaces the selection with one.
    std::size_t outside = 0;
    while (std::find(expected.begin(), expected.end(), outside) != expected.end()) ++outside;
    const geo::Point c = geo::centroid(communities.geometries[outside]);
    window_->session()->select("communities", {});
    canvas->zoomToExtent(window_->session()->fullExtent());
    const QPoint at = canvas->toPixel(QPointF(c.x, c.y)).toPoint();
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, at);
    QCOMPARE(window_->session()->selection().features, std::vector<std::size_t>{outside});
    canvas->setMapTool(window_->panTool());

    // A selection made in the table, off the screen, is brought into view.
    window_->session()->clearSelection();
    canvas->zoomToScale(1000);
    const std::size_t far = farthestFromCentre(communities);
    const QModelIndex row = window_->attributeView()->model()->index(static_cast<int>(far), 0);
    window_->attributeView()->selectionModel()->select(row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(window_->session()->selection().features, std::vector<std::size_t>{far});
    const geo::Extent e = geo::extent_of(communities.geometries[far]);
    const QRectF seen = canvas->view().visible(canvas->size());
    QVERIFY2(seen.intersects(QRectF(QPointF(e.min_x, e.min_y), QPointF(e.max_x, e.max_y))),
             qPrintable(QString("%1 %2 %3 %4 / %5 %6 %7 %8").arg(seen.left()).arg(seen.top()).arg(seen.right()).arg(seen.bottom())
                            .arg(e.min_x).arg(e.min_y).arg(e.max_x).arg(e.max_y)));
    window_->session()->clearSelection();
  }

  void searchFindsCommunitiesPlotsAndValues() {
    auto* search = qobject_cast<cp::SearchBox*>(window_->searchBox());
    QVERIFY(search);
    const geo::LayerData& communities = *window_->project()->layer(geo::Role::Communities);
    const QString name = QString::fromStdString(communities.text(3, "name"));
    QSignalSpy searched(search, &cp::SearchBox::searched);
    search->setFocus();
    search->setText(name);
    emit search->textEdited(name);
    QVERIFY(searched.wait(10000));
    QVERIFY(!search->results().empty());
    QCOMPARE(search->results().front().layer_id, QString("communities"));  // communities first
    QCOMPARE(search->results().front().feature, std::size_t{3});
    search->choose(0);
    shot("search");
    QCOMPARE(window_->session()->selection().layer_id, QString("communities"));
    QCOMPARE(window_->attributeLayer(), QString("communities"));
    const QString plot = QString::fromStdString(window_->project()->layer(geo::Role::Plots)->text(5, "plot_id"));
    search->setText(plot);
    emit search->textEdited(plot);
    QVERIFY(searched.wait(10000));
    QCOMPARE(search->results().front().layer_id, QString("plots"));
    QCOMPARE(search->results().front().feature, std::size_t{5});
    search->setText("no such thing anywhere");
    emit search->textEdited(search->text());
    QVERIFY(searched.wait(10000));
    QVERIFY(search->results().empty());
    window_->session()->clearSelection();
  }

  void identifyShowsTheValuesOfNowNotOfTheClick() {
    const geo::PlotReview* target = nullptr;
    for (const auto& p : window_->review()->plots)
      if (p.verdict == geo::Verdict::Short) target = &p;
    QVERIFY(target);
    const std::size_t index = target->index;
    const double required = *target->required_office_m2;
    cp::MapCanvas* canvas = window_->canvas();
    const geo::Extent e = geo::extent_of(window_->project()->layer(geo::Role::Plots)->geometries[index]);
    canvas->zoomToExtent(QRectF(QPointF(e.min_x, e.min_y), QPointF(e.max_x, e.max_y)).adjusted(-200, -200, 200, 200));
    window_->showAttributes("plots");
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, canvas->toPixel(QPointF((e.min_x + e.max_x) / 2, (e.min_y + e.max_y) / 2)).toPoint());
    QVERIFY2(window_->identified().join('\n').contains("verdict = short"), qPrintable(window_->identified().join('\n')));
    QSignalSpy reviewed(window_.get(), &cp::MainWindow::reviewed);
    window_->editPlot(index, "reserved_office_m2", std::ceil(required) + 40);
    QVERIFY(reviewed.wait(30000));
    const QString shown = window_->identified().join('\n');
    QVERIFY2(shown.contains("verdict = compliant"), qPrintable(shown));
    QVERIFY2(shown.contains(QString("reserved_office_m2 = %1").arg(std::ceil(required) + 40)), qPrintable(shown));
    window_->undoStack()->undo();
    QVERIFY(reviewed.wait(30000));
    QVERIFY(window_->identified().join('\n').contains("verdict = short"));
  }

  void aFailedReviewIsShownAndLeavesNoStaleVerdicts() {
    QSignalSpy failed(window_->session()->jobs(), &cp::JobRunner::failed);
    QSignalSpy reviewed(window_.get(), &cp::MainWindow::reviewed);
    window_->session()->setRulePack("no-such-pack");
    QVERIFY(failed.wait(30000));
    QVERIFY(failed.at(0).at(1).toString().contains("no-such-pack"));
    QVERIFY(reviewed.count() > 0 || reviewed.wait(10000));
    QVERIFY(!window_->review().has_value());
    QCOMPARE(window_->reviewTable()->rowCount(), 0);
    auto* box = window_->findChild<QMessageBox*>("job_failed");
    QVERIFY(box && box->isVisible());
    box->close();
    reviewed.clear();
    window_->session()->setRulePack("national");
    QVERIFY(reviewed.wait(30000));
    QVERIFY(window_->review().has_value());
  }

  void theAnalysisDialogsAreLaidOutAndTranslated() {
    bool checked = false;
    QTimer::singleShot(300, this, [&] {
      auto* dialog = window_->findChild<QDialog*>("coverage_dialog");
      QVERIFY(dialog);
      QVERIFY(dialog->findChildren<QDoubleSpinBox*>().isEmpty());  // nothing drawn over the kind selector
      auto* kind = dialog->findChild<QComboBox*>();
      QCOMPARE(kind->itemText(1), QString("Health station"));  // by name, not by code
      QCOMPARE(kind->itemData(1).toString(), QString("health_station"));
      dialog->reject();
      checked = true;
    });
    action("Facility coverage…")->trigger();
    QVERIFY(checked);
    checked = false;
    QTimer::singleShot(300, this, [&] {
      auto* dialog = window_->findChild<QDialog*>("siting_dialog");
      QVERIFY(dialog);
      auto* kind = dialog->findChild<QComboBox*>();
      auto* count = dialog->findChild<QDoubleSpinBox*>();
      QVERIFY(count);
      QVERIFY(!kind->geometry().intersects(count->geometry()));
      dialog->reject();
      checked = true;
    });
    action("Site new facilities…")->trigger();
    QVERIFY(checked);
  }

  void aScaleRangeHidesALayerAndGreysItInTheTree() {
    cp::MapCanvas* canvas = window_->canvas();
    canvas->zoomToScale(20000);
    geo::LayerStyleSpec style = window_->session()->layer("buildings")->spec;
    style.min_scale = 5000;  // buildings only from 1:5,000 in
    window_->setLayerStyle("buildings", style);
    QTreeWidgetItem* item = treeItem("buildings");
    QVERIFY(item && !item->toolTip(0).isEmpty());
    QSignalSpy rendered(canvas, &cp::MapCanvas::rendered);
    QVERIFY(rendered.wait(30000));
    const QImage far = canvas->grab().toImage();
    style.min_scale = 0;
    window_->setLayerStyle("buildings", style);
    QVERIFY(rendered.wait(30000));
    QVERIFY(canvas->grab().toImage() != far);  // the buildings are back
    QVERIFY(treeItem("buildings")->toolTip(0).isEmpty());
  }

  void aPrintedLegendListsEveryClassOnThePage() {
    const fs::path pdf = dir_ / "a4-portrait.pdf";
    window_->canvas()->zoomToExtent(window_->session()->fullExtent());
    QString error;
    QVERIFY2(window_->exportMap(QString::fromStdString(pdf.string()), "Legend", QSizeF(210, 297), 150, &error, 5000), qPrintable(error));
    const fs::path text = dir_ / "a4-portrait.txt";
    QCOMPARE(std::system(("pdftotext '" + pdf.string() + "' '" + text.string() + "'").c_str()), 0);
    std::ifstream in(text);
    const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const char* label : {"Office: community", "Health station", "Kindergarten", "compliant", "short", "Buildings", "Communities"})
      QVERIFY2(page.find(label) != std::string::npos, label);
  }

  void anAddedLayerIsKeptWithTheProject() {
    // A few points in lon/lat around the demo city's first community, as a planner's GeoJSON.
    const geo::Point c = geo::centroid(window_->project()->layer(geo::Role::Communities)->geometries[0]);
    geo::ProjContext proj;
    const geo::Transformer to_lonlat(proj, geo::epsg_definition(window_->project()->working_epsg), "EPSG:4490");
    const geo::Point ll = to_lonlat.forward(c);
    const fs::path file = dir_ / "观察点.geojson";
    {
      std::ofstream out(file);
      out << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"名称":"甲"},"geometry":{"type":"Point","coordinates":[)"
          << std::setprecision(10) << ll.x << "," << ll.y << "]}}]}";
    }
    window_->openFile(QString::fromStdString(file.string()));
    // Waited for by its id: a review still running from the test before also changes the layers.
    const QString id("map:观察点.geojson");
    QTRY_VERIFY_WITH_TIMEOUT(window_->session()->layer(id) != nullptr, 30000);
    QCOMPARE(window_->session()->layers().front().id, id);
    const QPointF at = window_->session()->layers().front().data->points[0];
    QVERIFY(QLineF(at, QPointF(c.x, c.y)).length() < 0.01);  // where it belongs in the working CRS
    QVERIFY(window_->session()->isModified());
    QVERIFY(window_->isWindowModified());
    QSignalSpy loaded(window_.get(), &cp::MainWindow::projectLoaded);
    QString error;
    QVERIFY2(window_->saveProject(&error), qPrintable(error));
    QVERIFY(loaded.wait(60000));
    QVERIFY(window_->session()->layer(id));
    QVERIFY(!window_->session()->isModified());
    QCOMPARE(geo::read_project(project_.toStdString()).map_layers.size(), std::size_t{1});
    window_->session()->removeLayer(id);
    QVERIFY(window_->session()->isModified());
    QVERIFY2(window_->saveProject(&error), qPrintable(error));
    QVERIFY(loaded.wait(60000));
    QVERIFY(!window_->session()->layer(id));
    QVERIFY(geo::read_project(project_.toStdString()).map_layers.empty());
  }

  void aVectorFileOpensAsAMapOfItsOwn() {
    fixtures::LayerFixture lonlat;
    lonlat.type = wkbPolygon;
    lonlat.epsg = 4490;
    lonlat.fields = {{"name", OFTString}};
    lonlat.features = {{"POLYGON ((112.95 28.20, 112.97 28.20, 112.97 28.22, 112.95 28.22, 112.95 28.20))", {{"name", "岳麓"}}}};
    const fs::path file = fixtures::write_layer("GPKG", dir_ / "changsha.gpkg", lonlat);
    cp::MainWindow window;
    window.resize(900, 700);
    window.show();
    QSignalSpy loaded(&window, &cp::MainWindow::projectLoaded);
    window.openFile(QString::fromStdString(file.string()));
    QVERIFY(loaded.wait(30000));
    QCOMPARE(window.project()->working_epsg, 4547);  // CGCS2000 GK zone of 114 E
    QCOMPARE(window.session()->layers().size(), std::size_t{1});
    QSignalSpy rendered(window.canvas(), &cp::MapCanvas::rendered);
    QVERIFY(rendered.wait(30000));
    QString error;
    QVERIFY(!window.saveProject(&error));  // nowhere to save to: said, not pretended
    QVERIFY(error.contains("single file"));
  }

  // Last: it closes the window.
  void unsavedEditsAreNotLostWithoutAQuestion() {
    QSignalSpy reviewed(window_.get(), &cp::MainWindow::reviewed);
    window_->editPlot(0, "households", 777);
    QVERIFY(reviewed.wait(30000));
    QVERIFY(window_->session()->isModified());
    answerPrompt(QMessageBox::Cancel);
    QVERIFY(!window_->close());  // cancelled: the window stays, the edit too
    QVERIFY(window_->isVisible());
    QCOMPARE(*window_->project()->layer(geo::Role::Plots)->number(0, "households"), 777.0);
    answerPrompt(QMessageBox::Cancel);
    window_->openFile(project_);  // opening another project asks too
    QCOMPARE(*window_->project()->layer(geo::Role::Plots)->number(0, "households"), 777.0);
    QVERIFY(prompted_);
    answerPrompt(QMessageBox::Discard);
    QVERIFY(window_->close());
    QVERIFY(prompted_);
  }

 private:
  // With CPLAN_SCREENSHOTS=DIR (under xvfb-run, not offscreen), the screen at this point: how the
  // README's pictures of the tools are made.
  void shot(const QString& name) {
    const QString dir = qEnvironmentVariable("CPLAN_SCREENSHOTS");
    if (dir.isEmpty()) return;
    QTest::qWait(400);
    QGuiApplication::primaryScreen()->grabWindow(0).save(dir + "/" + name + ".png");
  }

  QAction* action(const QString& text) {
    for (QAction* a : window_->findChildren<QAction*>())
      if (a->text() == text) return a;
    qFatal("no action '%s'", qPrintable(text));
  }

  void setScaleText(const QString& text) {
    QLineEdit* edit = window_->scaleBox()->lineEdit();
    edit->setText(text);
    emit edit->editingFinished();
  }

  QTreeWidgetItem* treeItem(const QString& id) {
    for (int i = 0; i < window_->layerTree()->topLevelItemCount(); ++i)
      if (window_->layerTree()->topLevelItem(i)->data(0, Qt::UserRole + 1).toString() == id) return window_->layerTree()->topLevelItem(i);
    return nullptr;
  }

  // Presses a button of the unsaved-edits question when it comes up.
  void answerPrompt(QMessageBox::StandardButton button) {
    prompted_ = false;
    QTimer::singleShot(200, this, [this, button] {
      auto* box = window_->findChild<QMessageBox*>("unsaved_prompt");
      if (!box) return;
      prompted_ = true;
      shot("unsaved-prompt");
      box->button(button)->click();
    });
  }

  static std::size_t farthestFromCentre(const geo::LayerData& layer) {
    geo::Extent all;
    for (const auto& g : layer.geometries) all.include(geo::extent_of(g));
    const geo::Point mid{(all.min_x + all.max_x) / 2, (all.min_y + all.max_y) / 2};
    std::size_t far = 0;
    double best = -1;
    for (std::size_t i = 0; i < layer.size(); ++i) {
      const geo::Point c = geo::centroid(layer.geometries[i]);
      const double d = std::hypot(c.x - mid.x, c.y - mid.y);
      if (d > best) best = d, far = i;
    }
    return far;
  }

  fs::path dir_;
  QString project_;
  std::unique_ptr<cp::MainWindow> window_;
  bool prompted_ = false;
};

QTEST_MAIN(TestMapTools)
#include "test_map_tools.moc"
