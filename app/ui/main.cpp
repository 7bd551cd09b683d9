// community-planner: the map application. Opens the demo city, a project file, or a vector file.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>
#include <QTimer>

#include <cstdio>
#include <optional>

#include "datasets/demo_city.h"
#include "geo/community_figures.h"
#include "main_window.h"
#include "session.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("community-planner");
  QApplication::setOrganizationName("Community Planner");
  // The language: --lang, else the one chosen in the settings, else the system's.
  QString language;
  for (int i = 1; i + 1 < argc; ++i)
    if (QString(argv[i]) == "--lang") language = argv[i + 1];
  if (language.isEmpty()) language = QSettings().value("ui/language").toString();
  const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
  QTranslator app_translator, qt_translator;
  if (locale.language() == QLocale::Chinese) {
    if (app_translator.load(":/i18n/community-planner_zh_CN.qm")) QApplication::installTranslator(&app_translator);
    if (qt_translator.load(locale, "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
      QApplication::installTranslator(&qt_translator);
  }

  QCommandLineParser parser;
  parser.setApplicationDescription("社区规划 Community Planner — plan community facilities on the map.");
  parser.addHelpOption();
  parser.addPositionalArgument("file", "a project .toml, or any vector file GDAL reads, opened as a map (default: the demo city)");
  QCommandLineOption screenshot("screenshot", "save the window to FILE once the map is drawn, then quit", "file");
  parser.addOption(screenshot);
  parser.addOption(QCommandLineOption("lang", "interface language: zh_CN or en (default: settings, else the system's)", "language"));
  QCommandLineOption export_map("export", "save the reviewed map as a printable layout (PNG or PDF by extension), then quit",
                                "file");
  parser.addOption(export_map);
  QCommandLineOption paper("paper", "paper of --export: a4 (landscape, the default), a4-portrait, a3, a3-portrait", "paper", "a4");
  parser.addOption(paper);
  QCommandLineOption coverage("coverage", "once the project is open, compute the coverage of facilities of KIND", "kind");
  parser.addOption(coverage);
  QCommandLineOption rules("rules", "rule pack of the review: national, hangzhou, changsha, gb50180", "pack");
  parser.addOption(rules);
  QCommandLineOption community_map("community-map", "once the plots are reviewed, draw the community map MAP: office_space, parking or budget",
                                   "map");
  parser.addOption(community_map);
  parser.process(app);

  cp::MainWindow window;
  window.restoreSettings();
  window.show();
  QString project = parser.positionalArguments().value(0);
  if (project.isEmpty()) project = QString::fromStdString(datasets::demo_project().string());
  if (parser.isSet(rules)) window.session()->setRulePack(parser.value(rules));
  std::optional<geo::CommunityMap> map;
  if (parser.isSet(community_map)) {
    for (geo::CommunityMap m : geo::kCommunityMaps)
      if (parser.value(community_map) == geo::to_string(m)) map = m;
    if (!map) {
      std::fprintf(stderr, "community-planner: unknown --community-map '%s' (office_space, parking, budget)\n", qPrintable(parser.value(community_map)));
      return 2;
    }
    QObject::connect(&window, &cp::MainWindow::reviewed, &window, [&window, m = *map] { window.session()->runCommunityMap(m); },
                     Qt::SingleShotConnection);
  }
  if (parser.isSet(coverage)) {
    const QString kind = parser.value(coverage);
    QObject::connect(&window, &cp::MainWindow::reviewed, &window, [&window, kind] { window.runCoverage(kind); },
                     Qt::SingleShotConnection);
  }
  if (parser.isSet(screenshot)) {
    const QString file = parser.value(screenshot);
    // After the review has coloured the plots (and any analysis has finished) and the canvas has drawn them.
    auto ready = parser.isSet(coverage) || map ? &cp::MainWindow::analysisFinished : nullptr;
    if (ready)
      QObject::connect(&window, &cp::MainWindow::analysisFinished, &window, [&window, file] {
        QObject::connect(window.canvas(), &cp::MapCanvas::rendered, &window, [&window, file] {
          QTimer::singleShot(200, &window, [&window, file] {
            window.grab().save(file);
            QApplication::quit();
          });
        });
      });
    else
    QObject::connect(&window, &cp::MainWindow::reviewed, &window, [&window, file] {
      QObject::connect(window.canvas(), &cp::MapCanvas::rendered, &window, [&window, file] {
        QTimer::singleShot(200, &window, [&window, file] {
          window.grab().save(file);
          QApplication::quit();
        });
      });
    });
  }
  if (parser.isSet(export_map)) {
    const QString file = parser.value(export_map);
    const QString sheet = parser.value(paper).toLower();
    const QSizeF page = sheet == "a3" ? QSizeF(420, 297) : sheet == "a3-portrait" ? QSizeF(297, 420) : sheet == "a4-portrait" ? QSizeF(210, 297) : QSizeF(297, 210);
    QObject::connect(&window, &cp::MainWindow::reviewed, &window, [&window, file, page] {
      QObject::connect(window.canvas(), &cp::MapCanvas::rendered, &window, [&window, file, page] {
        QString error;
        const bool ok = window.exportMap(file, QObject::tr("Plot review"), page, 200, &error);
        if (!ok) qWarning("%s: %s", qPrintable(file), qPrintable(error));
        QApplication::exit(ok ? 0 : 2);
      });
    });
  }
  window.openFile(project);
  return app.exec();
}
