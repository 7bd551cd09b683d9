// How long the UI thread stalls while a planner pans the city-scale map over a tile basemap.
// The map application's real window (offscreen) opens the generated city (1,000 communities,
// 396,000 buildings), a tile basemap served by python3's http.server on 127.0.0.1 is added, and
// the map is dragged 60 times by 120 pixels as a mouse would, each drag releasing a redraw on the
// worker thread. A 1 ms heartbeat timer on the UI thread records the longest gap between its
// ticks: the longest the window could not answer. The peer, in the same run: the same pans with
// the basemap hidden.
//   pan_stall_bench [demo|district|city]   (default city; the city takes about a minute to generate)
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "../tests/support/tiles.h"
#include "datasets/demo_city.h"
#include "geo/crs.h"
#include "geo/proj.h"
#include "main_window.h"

namespace fs = std::filesystem;

namespace {

struct Stalls {
  double longest_ms = 0;
  double p99_ms = 0;
  int frames = 0;
};

void wait_for(const std::function<bool()>& done, int timeout_ms) {
  QElapsedTimer t;
  t.start();
  while (!done() && t.elapsed() < timeout_ms) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

Stalls pan(cp::MainWindow& window) {
  cp::MapCanvas* canvas = window.canvas();
  std::vector<double> gaps;
  QElapsedTimer clock;
  clock.start();
  qint64 last = clock.nsecsElapsed();
  QTimer heartbeat;
  heartbeat.setTimerType(Qt::PreciseTimer);
  QObject::connect(&heartbeat, &QTimer::timeout, [&] {
    const qint64 now = clock.nsecsElapsed();
    gaps.push_back(static_cast<double>(now - last) / 1e6);
    last = now;
  });
  int frames = 0;
  const auto connection = QObject::connect(canvas, &cp::MapCanvas::rendered, [&] { ++frames; });
  heartbeat.start(1);
  const QPoint centre = canvas->rect().center();
  for (int i = 0; i < 60; ++i) {
    const QPoint direction = (i / 15) % 2 == 0 ? QPoint(120, 40) : QPoint(-120, -40);
    canvas->beginPan(centre);
    for (int step = 1; step <= 12; ++step) {  // the mouse moves in 12 steps, 8 ms apart
      canvas->dragPan(centre + direction * step / 12);
      QElapsedTimer t;
      t.start();
      while (t.elapsed() < 8) QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
    }
    canvas->endPan();
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 60) QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
  }
  wait_for([&] { return !canvas->isRendering(); }, 60000);
  heartbeat.stop();
  QObject::disconnect(connection);
  std::sort(gaps.begin(), gaps.end());
  Stalls s;
  s.frames = frames;
  if (!gaps.empty()) {
    s.longest_ms = gaps.back();
    s.p99_ms = gaps[static_cast<std::size_t>(0.99 * static_cast<double>(gaps.size() - 1))];
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  const std::string scale_name = argc > 1 ? argv[1] : "city";
  const auto scale = datasets::parse_scale(scale_name).value_or(datasets::Scale::City);
  const fs::path dir = fs::temp_directory_path() / "cplan-pan-stall";
  fs::create_directories(dir);
  std::fprintf(stderr, "generating the %s...\n", scale_name.c_str());
  const auto city = datasets::generate_city(scale, 7, dir, "city");

  cp::MainWindow window;
  window.resize(1600, 1000);
  window.show();
  geo::TileCache cache = window.session()->tileCache();
  cache.directory = dir / "tile-cache";
  fs::remove_all(cache.directory);
  window.session()->setTileCache(cache);
  bool reviewed = false;
  QObject::connect(&window, &cp::MainWindow::reviewed, [&] { reviewed = true; });
  window.openFile(QString::fromStdString(city.project.string()));
  wait_for([&] { return reviewed; }, 600000);
  if (!reviewed) {
    std::fprintf(stderr, "the city did not open\n");
    return 1;
  }

  // Tiles over the city's centre at zoom 15 (about 4 m a pixel), cut from a Web Mercator raster.
  const QRectF extent = window.session()->fullExtent();
  geo::ProjContext proj;
  const geo::Transformer to_lonlat(proj, geo::epsg_definition(window.project()->working_epsg), "EPSG:4490");
  const geo::Point centre = to_lonlat.forward(geo::Point{extent.center().x(), extent.center().y()});
  const fs::path raster = fixtures::marker_tiff(dir / "basemap.tif", 3857, fixtures::mercator(centre), 4.0, 4000);
  fixtures::write_tiles(raster, dir / "xyz", 15, fixtures::mercator(centre), false);
  fixtures::TileServer server(dir / "xyz");
  geo::MapLayerSpec spec;
  spec.id = "tiles:bench";
  spec.name = "bench tiles";
  spec.kind = geo::MapLayerKind::Tiles;
  spec.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/{z}/{x}/{y}.png";
  spec.max_zoom = 15;
  bool added = false;
  QObject::connect(window.session(), &cp::Session::layersChanged, [&] { added = window.session()->layer("tiles:bench") != nullptr; });
  window.session()->addBasemap(spec);
  wait_for([&] { return added; }, 60000);

  // At a district's scale around the centre, where a planner pans.
  cp::MapView view;
  view.centre = extent.center();
  view.metres_per_pixel = 4.0;
  window.canvas()->setView(view);
  wait_for([&] { return !window.canvas()->isRendering(); }, 60000);

  const Stalls with_tiles = pan(window);
  window.session()->setLayerVisible("tiles:bench", false);
  window.canvas()->setView(view);
  wait_for([&] { return !window.canvas()->isRendering(); }, 60000);
  const Stalls without = pan(window);

  std::printf("| pans over the %s | longest UI-thread stall | 99th percentile gap | frames drawn |\n|---|---|---|---|\n",
              scale_name.c_str());
  std::printf("| with a tile basemap | %.1f ms | %.1f ms | %d |\n", with_tiles.longest_ms, with_tiles.p99_ms, with_tiles.frames);
  std::printf("| without (peer, same run) | %.1f ms | %.1f ms | %d |\n", without.longest_ms, without.p99_ms, without.frames);
  std::printf("ratio of longest stalls (with / without): %.2f\n", without.longest_ms > 0 ? with_tiles.longest_ms / without.longest_ms : 0.0);
  return 0;
}
