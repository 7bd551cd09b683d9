// The map application on the real data in ../shared (its own test, so that ctest shows it as
// skipped, not passed, where that data is not beside the project).
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTreeWidget>
#include <QtTest>

#include <filesystem>

#include "datasets/demo_city.h"
#include "main_window.h"

class TestMapWindowRealData : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    if (!std::filesystem::exists(shared_data())) QSKIP("shared data not beside the project");
    dir_ = std::filesystem::temp_directory_path() / ("cplan-app-real-" + std::to_string(QCoreApplication::applicationPid()));
    const auto city = datasets::generate_city(datasets::Scale::Demo, datasets::kDefaultSeed, dir_, "demo");
    window_ = std::make_unique<cp::MainWindow>();
    window_->resize(1200, 800);
    window_->show();
    QSignalSpy reviewed(window_.get(), &cp::MainWindow::reviewed);
    window_->openProject(QString::fromStdString(city.project.string()));
    QVERIFY(reviewed.wait(60000));
  }

  void cleanupTestCase() {
    window_.reset();
    std::filesystem::remove_all(dir_);
  }

  void aVectorFileOpensAsALayerOverTheProject() {
    // The real Hangzhou district boundaries (GCJ-02 aside, they land on the demo city's zone).
    const auto file = shared_data() / "districts" / "hangzhou-districts-gcj02.geojson";
    window_->openFile(QString::fromStdString(file.string()));
    QTRY_VERIFY_WITH_TIMEOUT(window_->session()->layer("map:hangzhou-districts-gcj02.geojson") != nullptr, 60000);
    QCOMPARE(window_->layerTree()->topLevelItem(0)->text(0), QString("hangzhou-districts-gcj02.geojson"));
    window_->showAttributes(window_->layerTree()->topLevelItem(0)->data(0, Qt::UserRole + 1).toString());
    QCOMPARE(window_->attributeView()->model()->rowCount(), 13);
  }

 private:
  static std::filesystem::path shared_data() { return std::filesystem::path(CPLAN_SHARED_DIR) / "data"; }
  std::filesystem::path dir_;
  std::unique_ptr<cp::MainWindow> window_;
};

QTEST_MAIN(TestMapWindowRealData)
#include "test_map_window_real_data.moc"
