// Cartography on the real data in ../shared (its own test, so that ctest shows it as skipped, not
// passed, where that data is not beside the project): the labels of the real Wuhan OSM import,
// with the four study zones as communities, never collide at any scale.
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <filesystem>

#include "app_fixtures.h"
#include "geo/import.h"
#include "geo/style.h"
#include "label_checks.h"
#include "main_window.h"
#include "session.h"

namespace fs = std::filesystem;

class TestCartographyRealData : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    dir_ = fs::temp_directory_path() / ("cplan-carto-real-" + std::to_string(QCoreApplication::applicationPid()));
  }
  void cleanupTestCase() { fs::remove_all(dir_); }

  void realWuhanLabelsNeverCollide() {
    const fs::path osm = fs::path(CPLAN_SHARED_DIR) / "data" / "osm-wuhan" / "wuhan-guanggu.osm";
    const fs::path zones = fs::path(CPLAN_SOURCE_DIR) / "datasets" / "real" / "wuhan-guanggu-zones.geojson";
    if (!fs::exists(osm)) QSKIP("the shared Wuhan OSM extract is not here");
    geo::ImportOptions options;
    options.sources = {osm};
    options.boundary = zones;
    options.out_dir = dir_ / "wuhan";
    const geo::ImportReport imported = geo::import_city(options);
    const auto opened = app_fixtures::open_window(QString::fromStdString(imported.project.string()), QSize(1400, 900));
    QVERIFY(opened);
    cp::MainWindow& window = *opened;
    geo::LayerStyleSpec labelled = window.session()->layer("buildings")->spec;
    labelled.label = "name";  // the named buildings of the real map, among the community names
    window.setLayerStyle("buildings", labelled);
    const QRectF all = window.session()->fullExtent();
    const QSize size(1200, 800);
    for (double zoom : {1.0, 0.4, 0.15}) {
      cp::MapView view = cp::MapView::fit(all, size);
      view.metres_per_pixel *= zoom;
      const auto labels = label_checks::labels_at(*window.session(), view, size);
      QString which;
      QVERIFY2(!label_checks::any_overlap(labels, &which), qPrintable(QString("zoom %1: %2").arg(zoom).arg(which)));
      if (zoom == 1.0) {
        int communities = 0, buildings = 0;
        for (const auto& l : labels) (l.priority == 3 ? communities : buildings)++;
        QCOMPARE(communities, 4);  // every study zone named at full extent
        QVERIFY(buildings > 0);
      }
    }
    if (qEnvironmentVariableIsSet("CPLAN_SCREENSHOTS")) {
      QSignalSpy rendered(window.canvas(), &cp::MapCanvas::rendered);
      window.canvas()->zoomToExtent(all);
      QVERIFY(rendered.wait(30000));
      window.grab().save(qEnvironmentVariable("CPLAN_SCREENSHOTS") + "/wuhan-labels.png");
    }
  }
 private:
  fs::path dir_;
};

QTEST_MAIN(TestCartographyRealData)
#include "test_cartography_real_data.moc"
