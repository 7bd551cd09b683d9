// Draw time of the map: the demo-city generator's `city` (396,000 buildings, 290,746 road
// segments, 1,000 communities) drawn to a 1920x1080 image, at full extent and zoomed in to a
// sixteenth of it, by cplan's renderer (the function the canvas runs on its worker thread) and,
// as the peer in the same run, GDAL rasterising the same layers into a 1920x1080 raster. And a
// frame of panning: the map canvas, 1920x1080, dragged by 12 pixels and repainted from the image
// it last drew (what a planner sees while the mouse moves, before the new view is drawn).
#include <benchmark/benchmark.h>
#include <gdal_alg.h>
#include <gdal_priv.h>

#include <QApplication>
#include <QEventLoop>
#include <QTimer>

#include <filesystem>

#include "datasets/demo_city.h"
#include "geo/gdal_io.h"
#include "map_layer.h"
#include "map_canvas.h"
#include "map_renderer.h"

namespace {

struct City {
  std::filesystem::path dir;
  datasets::GeneratedCity generated;
  geo::Project project;
  std::vector<cp::LayerToDraw> layers;
  QRectF extent;
};

City& city() {
  static City* c = [] {
    auto* out = new City;
    out->dir = std::filesystem::temp_directory_path() / "cplan-render-bench";
    const auto scale = std::getenv("CPLAN_BENCH_SCALE") && std::string(std::getenv("CPLAN_BENCH_SCALE")) == "district"
                           ? datasets::Scale::District
                           : datasets::Scale::City;
    out->generated = datasets::generate_city(scale, 7, out->dir, "city");
    out->project = geo::load_project(geo::read_project(out->generated.project), nullptr,
                                     {.roles = {geo::Role::Communities, geo::Role::Buildings, geo::Role::Roads}});
    for (geo::Role role : {geo::Role::Communities, geo::Role::Roads, geo::Role::Buildings}) {
      auto layer = cp::make_map_layer(out->project.layers.at(role), geo::to_string(role), cp::role_title(role),
                                      cp::default_style(role).label_field);
      out->layers.push_back({layer, cp::default_style(role)});
    }
    const geo::Extent e = out->project.extent;
    out->extent = QRectF(QPointF(e.min_x, e.min_y), QPointF(e.max_x, e.max_y));
    return out;
  }();
  return *c;
}

const QSize kSize(1920, 1080);

QRectF zoomed(const QRectF& full) {  // a sixteenth of the area, at the centre
  return QRectF(full.center() - QPointF(full.width() / 8, full.height() / 8), full.size() / 4);
}

void BM_CplanRender(benchmark::State& state, bool zoom) {
  City& c = city();
  const cp::MapView view = cp::MapView::fit(zoom ? zoomed(c.extent) : c.extent, kSize, 0.0);
  const std::atomic<bool> cancel{false};
  for (auto _ : state) benchmark::DoNotOptimize(cp::render_map(c.layers, view, kSize, 1.0, cancel));
}

void BM_GdalRasterize(benchmark::State& state, bool zoom) {
  City& c = city();
  geo::ensure_gdal_registered();
  auto source = geo::open_vector_source(c.generated.gpkg.string());
  std::vector<OGRLayerH> layers;
  for (const char* name : {"communities", "roads", "buildings"})
    layers.push_back(OGRLayer::ToHandle(source.dataset->GetLayerByName(name)));
  const QRectF area = zoom ? zoomed(c.extent) : c.extent;
  const double pixel = std::max(area.width() / kSize.width(), area.height() / kSize.height());
  for (auto _ : state) {
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDatasetUniquePtr raster(mem->Create("", kSize.width(), kSize.height(), 1, GDT_Byte, nullptr));
    double transform[6] = {area.left(), pixel, 0, area.top() + area.height(), 0, -pixel};
    raster->SetGeoTransform(transform);
    int band = 1;
    std::vector<double> burn(layers.size(), 255.0);
    GDALRasterizeLayers(GDALDataset::ToHandle(raster.get()), 1, &band, static_cast<int>(layers.size()), layers.data(), nullptr,
                        nullptr, burn.data(), nullptr, nullptr, nullptr);
    benchmark::DoNotOptimize(raster.get());
  }
}

void BM_PanFrame(benchmark::State& state) {
  City& c = city();
  cp::MapCanvas canvas;
  canvas.resize(kSize);
  QEventLoop drawn;
  QObject::connect(&canvas, &cp::MapCanvas::rendered, &drawn, &QEventLoop::quit);
  QTimer::singleShot(60000, &drawn, &QEventLoop::quit);
  canvas.setView(cp::MapView::fit(zoomed(c.extent), kSize, 0.0));
  canvas.setLayers(c.layers);
  drawn.exec();  // the image panning moves
  QImage screen(kSize, QImage::Format_ARGB32_Premultiplied);  // the window's backing store
  canvas.beginPan(QPoint(960, 540));
  int step = 0;
  for (auto _ : state) {
    step = (step + 1) % 40;
    canvas.dragPan(QPoint(960 + 12 * step, 540 + 6 * step));
    canvas.render(&screen);
  }
  state.counters["frames_per_second"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(BM_CplanRender, full_extent, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_GdalRasterize, full_extent, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CplanRender, zoomed_sixteenth, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_GdalRasterize, zoomed_sixteenth, true)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PanFrame)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);  // fonts for the labels, and the canvas widget
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  std::filesystem::remove_all(std::filesystem::temp_directory_path() / "cplan-render-bench");
  return 0;
}
