// Two map applications on one city held in PostGIS, offscreen: the second planner to save a plot
// the first saved meanwhile gets the conflict dialog with both versions, and nothing is lost
// whichever way it is settled.
#include <QDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTimer>
#include <QTreeWidget>
#include <QtTest>

#include <filesystem>

#include <fmt/format.h>

#include "../support/test_database.h"
#include "app_fixtures.h"
#include "datasets/demo_city.h"
#include "geo/database.h"

class TestSharedEditing : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    const auto connection = pg_test::connection();
    if (!connection) {
      if (pg_test::required()) QFAIL("CPLAN_REQUIRE_PG is set but CPLAN_TEST_PG is not: the cluster is missing");
      QSKIP("no test database: run the tests with scripts/dev.sh test, which starts one");
    }
    dir_ = std::filesystem::temp_directory_path() / ("cplan-shared-test-" + std::to_string(QCoreApplication::applicationPid()));
    const auto city = datasets::generate_city(datasets::Scale::Demo, datasets::kDefaultSeed, dir_, "demo");
    schema_ = std::make_unique<pg_test::TestSchema>(*connection);
    geo::PublishOptions options;
    options.target = schema_->source();
    options.schema = schema_->name();
    options.project_file = dir_ / "demo.pg.toml";
    geo::publish_project(geo::read_project(city.project), options);
    const QString project = QString::fromStdString(options.project_file.string());
    first_ = app_fixtures::open_window(project, QSize(1000, 700));
    second_ = app_fixtures::open_window(project, QSize(1000, 700));
    QVERIFY(first_ && second_);
  }

  void cleanupTestCase() {
    first_.reset();
    second_.reset();
    schema_.reset();
    std::filesystem::remove_all(dir_);
  }

  void theSecondSaveGetsTheConflictAndTakingTheirsKeepsTheFirstPlanners() {
    editBoth(111, 222);
    QVERIFY(save(*first_));
    answerConflict("take_theirs");
    QVERIFY(save(*second_));
    QVERIFY(dialog_seen_);
    QVERIFY2(dialog_text_.contains("111") && dialog_text_.contains("222"), qPrintable(dialog_text_));
    QCOMPARE(QString::fromStdString(householdsInDatabase()), QString("111"));
    QCOMPARE(householdsShown(*second_), 111.0);  // read again: theirs is what the second planner now sees
  }

  void keepingMineSavesOverTheVersionShown() {
    refresh(*first_);
    refresh(*second_);
    editBoth(333, 444);
    QVERIFY(save(*first_));
    answerConflict("keep_mine");
    QVERIFY(save(*second_));
    QVERIFY(dialog_seen_);
    QCOMPARE(QString::fromStdString(householdsInDatabase()), QString("444"));
  }

  void cancellingSavesNothingAndKeepsTheEdit() {
    refresh(*first_);
    refresh(*second_);
    editBoth(555, 666);
    QVERIFY(save(*first_));
    answerConflict("cancel");
    QString error;
    QVERIFY(!second_->saveProject(&error));
    QVERIFY(dialog_seen_);
    QCOMPARE(QString::fromStdString(householdsInDatabase()), QString("555"));
    QVERIFY(second_->session()->isModified());  // the edit is still there to save later
    QCOMPARE(householdsShown(*second_), 666.0);
  }

  void othersSavesAreHeardAndOnesOwnAreNot() {
    QSignalSpy heard_by_second(second_->session(), &cp::Session::othersSaved);
    QSignalSpy heard_by_first(first_->session(), &cp::Session::othersSaved);
    refresh(*first_);
    QSignalSpy reviewed(first_.get(), &cp::MainWindow::reviewed);
    first_->editPlot(kPlot, "households", 777);
    QVERIFY(reviewed.wait(30000));
    QVERIFY(save(*first_));
    QVERIFY(heard_by_second.count() > 0 || heard_by_second.wait(10000));
    const QString said = heard_by_second.first().first().toStringList().join(" ");
    const qlonglong fid = first_->project()->layer(geo::Role::Plots)->fids.at(kPlot);
    QVERIFY2(said.contains(QString("feature %1 of %2.plots").arg(fid).arg(QString::fromStdString(schema_->name()))), qPrintable(said));
    QTest::qWait(500);
    QCOMPARE(heard_by_first.count(), 0);  // one's own save is no news
  }

 private:
  // Both planners change the households of the same plot, each in their own window.
  void editBoth(double first, double second) {
    for (auto [window, value] : {std::pair{first_.get(), first}, std::pair{second_.get(), second}}) {
      QSignalSpy reviewed(window, &cp::MainWindow::reviewed);
      window->editPlot(kPlot, "households", value);
      QVERIFY(reviewed.wait(30000));
    }
  }

  bool save(cp::MainWindow& window) {
    QSignalSpy loaded(&window, &cp::MainWindow::projectLoaded);
    QString error;
    if (!window.saveProject(&error)) {
      qWarning("%s", qPrintable(error));
      return false;
    }
    return loaded.wait(60000);
  }

  void refresh(cp::MainWindow& window) {
    QSignalSpy reviewed(&window, &cp::MainWindow::reviewed);
    window.session()->refresh();
    QVERIFY(reviewed.wait(60000));
  }

  // Presses a button of the conflict dialog when it comes up, after noting what it shows.
  void answerConflict(const QString& button) {
    dialog_seen_ = false;
    dialog_text_.clear();
    QTimer::singleShot(300, this, [this, button] {
      auto* dialog = second_->findChild<QDialog*>("conflict_dialog");
      if (!dialog) return;
      dialog_seen_ = true;
      if (auto* tree = dialog->findChild<QTreeWidget*>("conflicts"))
        for (QTreeWidgetItemIterator it(tree); *it; ++it)
          for (int c = 0; c < tree->columnCount(); ++c) dialog_text_ += (*it)->text(c) + " ";
      if (qEnvironmentVariableIsSet("CPLAN_TEST_SAVE")) dialog->grab().save(qEnvironmentVariable("CPLAN_TEST_SAVE"));
      dialog->findChild<QPushButton*>(button)->click();
    });
  }

  std::string householdsInDatabase() const {
    const geo::LayerData& plots = *first_->project()->layer(geo::Role::Plots);
    return schema_->value(fmt::format("SELECT \"{}\" FROM {}.plots WHERE fid = {}", plots.field_sources.at("households"), schema_->name(),
                                      plots.fids.at(kPlot)));
  }

  static double householdsShown(const cp::MainWindow& window) {
    return window.project()->layer(geo::Role::Plots)->number(kPlot, "households").value_or(-1);
  }

  static constexpr std::size_t kPlot = 4;
  std::filesystem::path dir_;
  std::unique_ptr<pg_test::TestSchema> schema_;
  std::unique_ptr<cp::MainWindow> first_, second_;
  bool dialog_seen_ = false;
  QString dialog_text_;
};

QTEST_MAIN(TestSharedEditing)
#include "test_shared_editing.moc"
