// The map application's real widgets, offscreen: the demo city drawn with plots in their verdict
// colours where they lie, a click that identifies the plot under it, the review table in step.
#include <QDialog>
#include <QFile>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTreeWidget>
#include <QUndoStack>
#include <QTranslator>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <filesystem>

#include "../support/fixtures.h"
#include "../support/independent_review.h"
#include "datasets/demo_city.h"
#include "geo/gdal_io.h"
#include "geo/spatial_index.h"
#include "app_fixtures.h"
#include "main_window.h"
#include "map_tools/draw_polygon_tool.h"
#include "map_tools/pan_tool.h"

class TestMapWindow : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // settings go to a test location, not the user's
    dir_ = std::filesystem::temp_directory_path() / ("cplan-app-test-" + std::to_string(QCoreApplication::applicationPid()));
    project_ = QString::fromStdString(datasets::generate_city(datasets::Scale::Demo, datasets::kDefaultSeed, dir_, "demo").project.string());
    // A large canvas: plots many pixels wide next to fixed-size labels.
    window_ = app_fixtures::open_window(project_, QSize(2600, 1600));
    QVERIFY(window_);
  }

  void cleanupTestCase() {
    window_.reset();
    std::filesystem::remove_all(dir_);
  }

  void hidingALayerRedrawsWithoutIt() {
    const QImage before = window_->canvas()->grab().toImage();
    QSignalSpy rendered(window_->canvas(), &cp::MapCanvas::rendered);
    window_->setLayerVisible("communities", false);  // its names would cover some plots
    QVERIFY(rendered.wait(30000));
    window_->setLayerVisible("facilities", false);  // and its symbols
    QVERIFY(rendered.wait(30000));
    QVERIFY(window_->canvas()->grab().toImage() != before);
  }

  void plotsAreDrawnInTheirVerdictColours() {
    const QImage image = window_->canvas()->grab().toImage();
    if (qEnvironmentVariableIsSet("CPLAN_TEST_SAVE")) image.save(qEnvironmentVariable("CPLAN_TEST_SAVE"));
    // The verdicts from SpatiaLite and the national rule by hand, not from the window's review.
    QCOMPARE(window_->review()->pack_id, std::string("national"));
    const auto truth = fixtures::independent_review(dir_ / "demo.gpkg", "national");
    const geo::LayerData& plots = *window_->project()->layer(geo::Role::Plots);
    int checked = 0;
    for (std::size_t index = 0; index < plots.size(); ++index) {
      const std::string id = plots.text(index, "plot_id");
      QVERIFY2(truth.count(id), id.c_str());
      const std::string verdict = truth.at(id).verdict;
      if (verdict != "short" && verdict != "compliant") continue;
      const bool short_of_space = verdict == "short";
      // A grid of points inside the plot: labels and facility symbols may sit on some of them,
      // so most, not all, must show the verdict's colour.
      int inside = 0, matching = 0;
      // Around the plot, clear of its own label in the middle.
      for (double fx : {0.15, 0.3, 0.7, 0.85})
        for (double fy : {0.15, 0.3, 0.7, 0.85}) {
          const QPoint at = window_->canvas()->toPixel(plot_point(index, fx, fy)).toPoint();
          if (!image.rect().contains(at)) continue;
          ++inside;
          const QColor c = image.pixelColor(at);
          const bool red = c.red() > 170 && c.green() < 120;
          const bool green = c.green() > 110 && c.red() < 120;
          matching += short_of_space ? red : green;
        }
      if (inside == 0) continue;
      QVERIFY2(matching * 2 > inside, qPrintable(QString("%1: %2 of %3 points in its colour")
                                                      .arg(QString::fromStdString(id)).arg(matching).arg(inside)));
      ++checked;
    }
    QVERIFY(checked >= 10);
  }

  void clickIdentifiesThePlotUnderTheCursor() {
    const geo::PlotReview* target = nullptr;
    for (const auto& p : window_->review()->plots)
      if (p.verdict == geo::Verdict::Short) target = &p;
    QVERIFY(target);
    const QPoint at = window_->canvas()->toPixel(plot_centre(target->index)).toPoint();
    QTest::mouseClick(window_->canvas(), Qt::LeftButton, Qt::NoModifier, at);
    const QString shown = window_->identified().join('\n');
    QVERIFY2(shown.contains("plot_id = " + QString::fromStdString(target->plot_id)), qPrintable(shown));
    QVERIFY2(shown.contains("verdict = short"), qPrintable(shown));
  }

  void drawingAPlotShowsItsVerdictAndUndoRemovesIt() {
    const int before = window_->reviewTable()->rowCount();
    QSignalSpy reviewed(window_.get(), &cp::MainWindow::reviewed);
    // A 100 m square in the first community: 1,000 households need 300 m² (national); 100 reserved.
    const geo::Point c = geo::centroid(window_->project()->layer(geo::Role::Communities)->geometries[0]);
    const QPolygonF ring({QPointF(c.x, c.y), QPointF(c.x + 100, c.y), QPointF(c.x + 100, c.y + 100), QPointF(c.x, c.y + 100),
                          QPointF(c.x, c.y)});
    window_->addPlot(ring, 1000, 110000, 100);
    QVERIFY(reviewed.wait(30000));
    QCOMPARE(window_->reviewTable()->rowCount(), before + 1);
    const geo::PlotReview& added = window_->review()->plots.back();
    QVERIFY(QString::fromStdString(added.plot_id).startsWith("NEW-"));
    QCOMPARE(added.verdict, geo::Verdict::Short);
    QCOMPARE(*added.shortfall_m2, 200.0);
    QVERIFY(added.community.has_value());
    window_->undoStack()->undo();
    QVERIFY(reviewed.wait(30000));
    QCOMPARE(window_->reviewTable()->rowCount(), before);
    window_->undoStack()->redo();
    QVERIFY(reviewed.wait(30000));
    QCOMPARE(window_->reviewTable()->rowCount(), before + 1);
    window_->undoStack()->undo();
    QVERIFY(reviewed.wait(30000));
  }

  void editingTheReservedAreaUpdatesTheVerdict() {
    const geo::PlotReview* target = nullptr;
    for (const auto& p : window_->review()->plots)
      if (p.verdict == geo::Verdict::Short) target = &p;
    QVERIFY(target);
    const std::size_t index = target->index;
    const double required = *target->required_office_m2;
    QSignalSpy reviewed(window_.get(), &cp::MainWindow::reviewed);
    window_->editPlot(index, "reserved_office_m2", required + 10);
    QVERIFY(reviewed.wait(30000));
    QCOMPARE(window_->review()->plots[index].verdict, geo::Verdict::Compliant);
    window_->undoStack()->undo();
    QVERIFY(reviewed.wait(30000));
    QCOMPARE(window_->review()->plots[index].verdict, geo::Verdict::Short);
  }

  void clicksDrawAPolygon() {
    cp::MapCanvas* canvas = window_->canvas();
    canvas->setMapTool(window_->drawTool());
    QSignalSpy drawn(window_->drawTool(), &cp::DrawPolygonTool::polygonDrawn);
    const QPoint c = canvas->rect().center();
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, c);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, c + QPoint(40, 0));
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, c + QPoint(40, 40));
    QTest::mouseDClick(canvas, Qt::LeftButton, Qt::NoModifier, c + QPoint(0, 40));
    QCOMPARE(drawn.count(), 1);
    const auto ring = drawn.at(0).at(0).value<QPolygonF>();
    QCOMPARE(ring.size(), 5);  // four corners, closed
    QCOMPARE(ring.front(), ring.back());
    // The window asks for the new plot's figures; accepting adds it, one undoable step.
    auto* dialog = window_->findChild<QDialog*>("new_plot_dialog");
    QVERIFY(dialog);
    QSignalSpy reviewed(window_.get(), &cp::MainWindow::reviewed);
    const int before = window_->reviewTable()->rowCount();
    dialog->accept();
    QVERIFY(reviewed.wait(30000));
    QCOMPARE(window_->reviewTable()->rowCount(), before + 1);
    window_->undoStack()->undo();
    QVERIFY(reviewed.wait(30000));
    canvas->setMapTool(window_->panTool());
  }

  void coverageFromTheUiAddsResultLayers() {
    QSignalSpy finished(window_.get(), &cp::MainWindow::analysisFinished);
    const int layers_before = window_->layerTree()->topLevelItemCount();
    window_->runCoverage("kindergarten");
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(window_->layerTree()->topLevelItemCount(), layers_before + 2);
    QCOMPARE(window_->layerTree()->topLevelItem(0)->data(0, Qt::UserRole + 1).toString(), QString("uncovered_kindergarten"));
    QVERIFY(window_->layerTree()->topLevelItem(0)->text(0).contains("Kindergarten"));  // the kind by its name, not its code
  }

  void sitingFromTheUiAddsTheSites() {
    QSignalSpy finished(window_.get(), &cp::MainWindow::analysisFinished);
    window_->runSiting("market", 3);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(window_->layerTree()->topLevelItem(0)->data(0, Qt::UserRole + 1).toString(), QString("sites_market"));
  }

  void exportsAPrintableMapToPngAndPdf() {
    const auto png = dir_ / "map.png";
    const auto pdf = dir_ / "map.pdf";
    QString error;
    QVERIFY2(window_->exportMap(QString::fromStdString(png.string()), "地块审查 Plot review", QSizeF(297, 210), 150, &error),
             qPrintable(error));
    const QImage image(QString::fromStdString(png.string()));
    QCOMPARE(image.size(), QSize(1754, 1240));  // A4 landscape at 150 dpi
    // The title's dark text at the top left, the white margin around the frame.
    bool title_ink = false;
    for (int x = 60; x < 600 && !title_ink; ++x)
      for (int y = 30; y < 90 && !title_ink; ++y) title_ink = image.pixelColor(x, y).lightness() < 80;
    QVERIFY(title_ink);
    QCOMPARE(image.pixelColor(5, 5), QColor(Qt::white));
    QVERIFY(window_->exportMap(QString::fromStdString(pdf.string()), "Plot review", QSizeF(420, 297), 300));
    QFile file(QString::fromStdString(pdf.string()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    // A folder that cannot be written: a clear failure, nothing left behind.
    QVERIFY(!window_->exportMap("/nonexistent-folder/map.png", "x", QSizeF(100, 100), 72, &error));
    QVERIFY(!error.isEmpty());
  }

  void exportsLayersAsCplanDoes() {
    // After the coverage and siting tests: a result layer goes out beside the reviewed plots.
    QString uncovered;
    for (int i = 0; i < window_->layerTree()->topLevelItemCount(); ++i) {
      const QString id = window_->layerTree()->topLevelItem(i)->data(0, Qt::UserRole + 1).toString();
      if (id.startsWith("uncovered_")) uncovered = id;
    }
    QVERIFY(!uncovered.isEmpty());
    const auto file = dir_ / "导出.gpkg";
    QSignalSpy finished(window_.get(), &cp::MainWindow::analysisFinished);
    geo::ExportOptions options;
    options.format = "gpkg";
    window_->startLayerExport({"review_plots", "communities", uncovered}, QString::fromStdString(file.string()), options);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    geo::ensure_gdal_registered();
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR));
    QVERIFY(ds);
    QCOMPARE(ds->GetLayerByName("review_plots")->GetFeatureCount(), static_cast<GIntBig>(window_->review()->plots.size()));
    QVERIFY(ds->GetLayerByName(uncovered.toStdString().c_str()) != nullptr);
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    QVERIFY(styles != nullptr);
    QCOMPARE(styles->GetFeatureCount(), static_cast<GIntBig>(3));
    // The same file again without overwrite: refused, the export left as it was.
    options.overwrite = false;
    window_->startLayerExport({"communities"}, QString::fromStdString(file.string()), options);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(1).at(0).toBool(), false);
    GDALDatasetUniquePtr again(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR));
    QVERIFY(again->GetLayerByName("review_plots") != nullptr);
  }

  void cancellingAnExportLeavesTheFolderAsItWas() {
    // exportsLayersAsCplanDoes's export again over its file, cancelled with the progress dialog's
    // Cancel button once half of it is written: the previous file byte for byte, nothing staged left.
    const auto file = dir_ / "导出.gpkg";
    QVERIFY(std::filesystem::exists(file));
    const auto before = fixtures::snapshot(dir_);
    QStringList layers{"review_plots", "communities", "buildings"};
    auto pressed = std::make_shared<std::atomic<bool>>(false);
    window_->setJobProgressObserver([this, pressed](double percent) {
      if (percent < 50 || pressed->exchange(true)) return;
      // On the job's thread: the click happens on the UI thread before the job writes on.
      QMetaObject::invokeMethod(
          window_.get(),
          [this] {
            // What its Cancel button does; the dialog may not have shown yet on a fast machine.
            for (auto* dialog : window_->findChildren<QProgressDialog*>()) emit dialog->canceled();
          },
          Qt::BlockingQueuedConnection);
    });
    for (auto* box : window_->findChildren<QMessageBox*>()) box->close();  // earlier tests' messages
    QSignalSpy finished(window_.get(), &cp::MainWindow::analysisFinished);
    geo::ExportOptions options;
    options.format = "gpkg";
    options.overwrite = true;
    window_->startLayerExport(layers, QString::fromStdString(file.string()), options);
    QVERIFY(finished.wait(60000));
    window_->setJobProgressObserver({});
    QVERIFY(pressed->load());
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    for (auto* box : window_->findChildren<QMessageBox*>()) QVERIFY2(!box->isVisible(), qPrintable(box->text()));  // cancelled, not failed
    QVERIFY(fixtures::snapshot(dir_) == before);
  }

  void writesTheApprovalPackageOfAPlot() {
    const auto pdf = dir_ / "P00001 审批.pdf";
    QSignalSpy finished(window_.get(), &cp::MainWindow::analysisFinished);
    window_->startApprovalPackage({"P00001"}, QString::fromStdString(pdf.string()));
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QFile file(QString::fromStdString(pdf.string()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    QVERIFY(file.size() > 20000);
  }

  void attributeTableSortsAndFollowsTheMap() {
    window_->showAttributes("plots");
    QTableView* view = window_->attributeView();
    const int plots = static_cast<int>(window_->project()->layer(geo::Role::Plots)->size());
    QCOMPARE(view->model()->rowCount(), plots);
    // Sorting by households (a number column) orders numerically.
    int households_column = -1;
    for (int c = 0; c < view->model()->columnCount(); ++c)
      if (view->model()->headerData(c, Qt::Horizontal).toString().startsWith("households")) households_column = c;
    QVERIFY(households_column > 0);
    view->sortByColumn(households_column, Qt::DescendingOrder);
    double previous = 1e18;
    for (int r = 0; r < plots; ++r) {
      const QVariant v = view->model()->index(r, households_column).data();
      if (!v.isValid()) continue;  // the plot without households sorts last
      QVERIFY(v.toDouble() <= previous);
      previous = v.toDouble();
    }
    // A click on a plot selects its row.
    const geo::PlotReview& target = window_->review()->plots.front();
    QTest::mouseClick(window_->canvas(), Qt::LeftButton, Qt::NoModifier, window_->canvas()->toPixel(plot_point(target.index, 0.2, 0.2)).toPoint());
    const auto selected = view->selectionModel()->selectedRows();
    const QPointF m = plot_point(target.index, 0.2, 0.2);
    const QPoint px = window_->canvas()->toPixel(m).toPoint();
    QVERIFY2(selected.size() == 1, qPrintable(QString::fromStdString(target.plot_id) + QString(" map %1,%2 px %3,%4 canvas %5x%6: ").arg(m.x()).arg(m.y()).arg(px.x()).arg(px.y())
                                              .arg(window_->canvas()->width()).arg(window_->canvas()->height()) + window_->identified().join("; ")));
    QCOMPARE(selected.front().data(Qt::UserRole).toULongLong(), static_cast<qulonglong>(target.index));
  }

  void chineseTranslationIsEmbeddedAndComplete() {
    QTranslator zh;
    QVERIFY(zh.load(":/i18n/community-planner_zh_CN.qm"));
    QCOMPARE(zh.translate("cp::MainWindow", "Layers"), QString("图层"));
    QCOMPARE(zh.translate("cp::MainWindow", "Plot review — %1"), QString("地块审查 — %1"));
    QCOMPARE(zh.translate("QObject", "Communities"), QString("社区"));
    // Every string of the interface has its Chinese: none left unfinished in the source's .ts.
    QFile ts(QString(CPLAN_SOURCE_DIR) + "/app/i18n/community-planner_zh_CN.ts");
    QVERIFY(ts.open(QIODevice::ReadOnly));
    const QByteArray text = ts.readAll();
    QVERIFY(text.count("<message") > 250);
    QCOMPARE(text.count("type=\"unfinished\""), 0);
  }

  void stylesChangeTheMapAndAreSavedWithTheProject() {
    geo::LayerStyleSpec style;
    style.fill = "#ff336699";
    style.stroke = "#ff000000";
    style.stroke_width = 2;
    style.categorize = "use";
    window_->setLayerStyle("buildings", style);
    QString error;
    QSignalSpy loaded(window_.get(), &cp::MainWindow::projectLoaded);
    QSignalSpy reviewed(window_.get(), &cp::MainWindow::reviewed);
    QVERIFY2(window_->saveProject(&error), qPrintable(error));
    QVERIFY(loaded.wait(60000));
    QVERIFY(reviewed.count() > 0 || reviewed.wait(60000));
    const geo::ProjectSpec reread = geo::read_project(project_.toStdString());
    QCOMPARE(QString::fromStdString(reread.styles.at("buildings").categorize), QString("use"));
    QCOMPARE(reread.styles.at("buildings").stroke_width, 2.0);
    QCOMPARE(reread.layers.size(), std::size_t{7});  // the rest of the file as it was
  }

  void savingWritesTheEditsToTheGeoPackage() {
    const geo::PlotReview* target = nullptr;
    for (const auto& p : window_->review()->plots)
      if (p.verdict == geo::Verdict::Short) target = &p;
    QVERIFY(target);
    const std::string id = target->plot_id;
    const double required = *target->required_office_m2;
    QSignalSpy reviewed(window_.get(), &cp::MainWindow::reviewed);
    window_->editPlot(target->index, "reserved_office_m2", std::ceil(required) + 5);
    QVERIFY(reviewed.wait(30000));
    const geo::Point c = geo::centroid(window_->project()->layer(geo::Role::Communities)->geometries[1]);
    window_->addPlot(QPolygonF({QPointF(c.x, c.y), QPointF(c.x + 80, c.y), QPointF(c.x + 80, c.y + 60), QPointF(c.x, c.y + 60),
                                QPointF(c.x, c.y)}),
                     400, 44000, 200);
    QVERIFY(reviewed.wait(30000));
    const std::size_t plots_before_save = window_->project()->layer(geo::Role::Plots)->size();
    QSignalSpy loaded(window_.get(), &cp::MainWindow::projectLoaded);
    QString error;
    QVERIFY2(window_->saveProject(&error), qPrintable(error));
    QVERIFY(loaded.wait(60000));
    QVERIFY(reviewed.wait(60000));
    QVERIFY(!window_->undoStack()->canUndo());  // the history starts afresh
    // Read back from the GeoPackage by GDAL, not from the window: the edit and the new plot are
    // there, and the national rule by hand (SpatiaLite for the places) finds both compliant.
    geo::ensure_gdal_registered();
    GDALDatasetUniquePtr gpkg(GDALDataset::Open((dir_ / "demo.gpkg").string().c_str(), GDAL_OF_VECTOR));
    QVERIFY(gpkg);
    OGRLayer* stored = gpkg->GetLayerByName("plots");
    QCOMPARE(static_cast<std::size_t>(stored->GetFeatureCount()), plots_before_save);
    int edited = 0, added = 0;
    std::string added_id;
    for (auto& f : *stored) {
      if (f->GetFieldAsString("地块编号") == id) {
        QCOMPARE(f->GetFieldAsDouble("社区用房面积"), std::ceil(required) + 5);
        ++edited;
      }
      if (f->GetFieldAsInteger("户数") == 400 && f->GetFieldAsDouble("建筑面积") == 44000) {
        QCOMPARE(f->GetFieldAsDouble("社区用房面积"), 200.0);
        added_id = f->GetFieldAsString("地块编号");
        ++added;
      }
    }
    QCOMPARE(edited, 1);
    QCOMPARE(added, 1);
    gpkg.reset();
    const auto truth = fixtures::independent_review(dir_ / "demo.gpkg", "national");
    QCOMPARE(truth.at(id).verdict, std::string("compliant"));
    QCOMPARE(truth.at(added_id).verdict, std::string("compliant"));
    // And the window, reopened from disk, agrees with that.
    int agreeing = 0;
    for (const auto& p : window_->review()->plots) {
      QCOMPARE(std::string(geo::to_string(p.verdict)), truth.at(p.plot_id).verdict);
      ++agreeing;
    }
    QCOMPARE(static_cast<std::size_t>(agreeing), plots_before_save);
  }

  void reviewTableListsEveryPlot() {
    QCOMPARE(window_->reviewTable()->rowCount(), static_cast<int>(window_->review()->plots.size()));
    window_->reviewTable()->selectRow(0);
    QVERIFY(!window_->identified().isEmpty());
  }

 private:
  QPointF plot_point(std::size_t index, double fx, double fy) const {
    const auto& g = window_->project()->layer(geo::Role::Plots)->geometries[index];
    const geo::Extent e = geo::extent_of(g);
    return {e.min_x + fx * e.width(), e.min_y + fy * e.height()};
  }
  QPointF plot_centre(std::size_t index) const { return plot_point(index, 0.5, 0.5); }

  std::filesystem::path dir_;
  QString project_;
  std::unique_ptr<cp::MainWindow> window_;
};

QTEST_MAIN(TestMapWindow)
#include "test_map_window.moc"
