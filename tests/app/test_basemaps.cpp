// A city map under the overlays, in the application: the demo city over an orthophoto (a GeoTIFF
// in Web Mercator the test writes) and over XYZ tiles served on 127.0.0.1, each lined up with the
// project's data where the canvas draws it; the basemap kept with the project (its URL, never a
// key); the same tiles from the cache once the server is stopped; the attribution on the map.
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "../support/tiles.h"
#include "datasets/demo_city.h"
#include "geo/crs.h"
#include "geo/proj.h"
#include "geo/spatial_index.h"
#include "app_fixtures.h"
#include "main_window.h"

namespace fs = std::filesystem;

class TestBasemaps : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    dir_ = fs::temp_directory_path() / ("cplan-basemap-test-" + std::to_string(QCoreApplication::applicationPid()));
    project_ = QString::fromStdString(datasets::generate_city(datasets::Scale::Demo, datasets::kDefaultSeed, dir_, "demo").project.string());
    window_ = app_fixtures::open_window(project_, QSize(1400, 900), [this](cp::MainWindow& w) {
      geo::TileCache cache = w.session()->tileCache();
      cache.directory = dir_ / "tile-cache";
      w.session()->setTileCache(cache);
    });
    QVERIFY(window_);
    // The marker: the first community's centre, in lon/lat by PROJ from the working CRS.
    const geo::Point c = geo::centroid(window_->project()->layer(geo::Role::Communities)->geometries[0]);
    marker_ = QPointF(c.x, c.y);
    geo::ProjContext proj;
    lonlat_ = geo::Transformer(proj, geo::epsg_definition(window_->project()->working_epsg), "EPSG:4490").forward(c);
  }

  void cleanupTestCase() {
    window_.reset();
    fs::remove_all(dir_);
  }

  void anOrthophotoLiesUnderTheCityWhereItBelongs() {
    const fs::path tiff = fixtures::marker_tiff(dir_ / "ortho.tif", 3857, fixtures::mercator(lonlat_), 1.0, 3000);
    window_->openFile(QString::fromStdString(tiff.string()));
    QTRY_VERIFY_WITH_TIMEOUT(window_->session()->layer("raster:ortho.tif") != nullptr, 30000);
    const cp::MapLayerEntry& bottom = window_->session()->layers().back();
    QVERIFY(bottom.data->basemap);  // a raster goes under everything
    QCOMPARE(bottom.data->basemap->kind, geo::MapLayerKind::Raster);
    screenshot("demo-over-orthophoto");
    QVERIFY2(markerAt(bottom.id) < 2.0, "the orthophoto's marker is more than 2 m from its point");
    window_->session()->removeLayer(bottom.id);
  }

  void tilesFromALocalServerThenFromTheCache() {
    const fs::path tiff = fixtures::marker_tiff(dir_ / "tiles.tif", 3857, fixtures::mercator(lonlat_), 0.5, 2400);
    fixtures::write_tiles(tiff, dir_ / "xyz", 17, fixtures::mercator(lonlat_), false);
    auto server = std::make_unique<fixtures::TileServer>(dir_ / "xyz");
    QVERIFY(server->up());
    geo::MapLayerSpec spec;
    spec.id = "tiles:local";
    spec.name = "local tiles";
    spec.kind = geo::MapLayerKind::Tiles;
    spec.url = "http://127.0.0.1:" + std::to_string(server->port()) + "/{z}/{x}/{y}.png";
    spec.max_zoom = 17;
    spec.attribution = "Test tiles";
    window_->session()->addBasemap(spec);
    QTRY_VERIFY_WITH_TIMEOUT(window_->session()->layer("tiles:local") != nullptr, 30000);
    QVERIFY(markerAt("tiles:local") < 2.0);
    bool attributed = false;
    for (const auto& l : window_->canvas()->layers()) attributed |= l.data->attribution == "Test tiles";
    QVERIFY(attributed);
    screenshot("demo-over-tiles");
    // The basemap prints, and so does its attribution.
    const fs::path pdf = dir_ / "with-tiles.pdf";
    QString print_error;
    QVERIFY2(window_->exportMap(QString::fromStdString(pdf.string()), "Basemap", QSizeF(297, 210), 100, &print_error), qPrintable(print_error));
    QCOMPARE(std::system(("pdftotext '" + pdf.string() + "' '" + (dir_ / "with-tiles.txt").string() + "'").c_str()), 0);
    std::ifstream printed(dir_ / "with-tiles.txt");
    const std::string page((std::istreambuf_iterator<char>(printed)), std::istreambuf_iterator<char>());
    QVERIFY2(page.find("Test tiles") != std::string::npos, page.c_str());
    // Kept with the project: its URL template, its attribution.
    QSignalSpy loaded(window_.get(), &cp::MainWindow::projectLoaded);
    QString error;
    QVERIFY2(window_->saveProject(&error), qPrintable(error));
    QVERIFY(loaded.wait(60000));
    const geo::ProjectSpec saved = geo::read_project(project_.toStdString());
    QCOMPARE(saved.map_layers.size(), std::size_t{1});
    QCOMPARE(saved.map_layers[0].kind, geo::MapLayerKind::Tiles);
    QCOMPARE(saved.map_layers[0].url, spec.url);
    QVERIFY(window_->session()->layer("tiles:local"));
    // The server goes away; offline, the tiles come from the disk cache.
    server.reset();
    geo::TileCache cache = window_->session()->tileCache();
    cache.offline = true;
    window_->session()->setTileCache(cache);
    QVERIFY(markerAt("tiles:local") < 2.0);
  }

 private:
  // Shows only the basemap, draws the map around the marker at 0.5 m a pixel, and gives how far
  // (in metres) the red marker lies from where the canvas puts the marker's point.
  double markerAt(const QString& basemap_id) {
    std::vector<std::pair<QString, bool>> was;
    for (const auto& l : window_->session()->layers()) was.emplace_back(l.id, l.visible);
    for (const auto& [id, visible] : was) window_->session()->setLayerVisible(id, id == basemap_id);
    cp::MapCanvas* canvas = window_->canvas();
    cp::MapView view;
    view.centre = marker_ + QPointF(13, -7);  // off centre: the marker need not sit in the middle
    view.metres_per_pixel = 0.5;
    QSignalSpy rendered(canvas, &cp::MapCanvas::rendered);
    canvas->setView(view);
    if (!rendered.wait(30000)) return 1e9;
    const QImage image = canvas->grab().toImage();
    for (const auto& [id, visible] : was) window_->session()->setLayerVisible(id, visible);
    double sx = 0, sy = 0;
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
      for (int x = 0; x < image.width(); ++x) {
        const QColor c = image.pixelColor(x, y);
        if (c.red() > 150 && c.green() < 130 && c.blue() < 130) sx += x + 0.5, sy += y + 0.5, ++n;
      }
    if (n == 0) return 1e9;
    const QPointF expected = canvas->toPixel(marker_);
    return QLineF(QPointF(sx / n, sy / n), expected).length() * view.metres_per_pixel;
  }

  void screenshot(const QString& name) {
    const QString dir = qEnvironmentVariable("CPLAN_SCREENSHOTS");
    if (dir.isEmpty()) return;
    QSignalSpy rendered(window_->canvas(), &cp::MapCanvas::rendered);
    window_->canvas()->zoomToExtent(window_->session()->fullExtent());
    rendered.wait(30000);
    window_->grab().save(dir + "/" + name + ".png");
  }

  fs::path dir_;
  QString project_;
  std::unique_ptr<cp::MainWindow> window_;
  QPointF marker_;
  geo::Point lonlat_;
};

QTEST_MAIN(TestBasemaps)
#include "test_basemaps.moc"
