// Cartography for this job, offscreen: labels placed without collisions and by priority (the
// demo city at several scales; the real Wuhan import in test_cartography_real_data), community offices drawn apart and in
// the right community (checked by GEOS), parking by spaces, boundaries unlike roads.
#include <fstream>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QtTest>

#include <filesystem>

#include "datasets/demo_city.h"
#include "geo/community_figures.h"
#include "geo/geos.h"
#include "geo/spatial_index.h"
#include "geo/style.h"
#include "label_placer.h"
#include "app_fixtures.h"
#include "label_checks.h"
#include "main_window.h"
#include "layer_plan.h"
#include "map_renderer.h"
#include "raster_painter.h"
#include "session.h"

namespace fs = std::filesystem;

namespace {

}  // namespace

class TestCartography : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    dir_ = fs::temp_directory_path() / ("cplan-carto-test-" + std::to_string(QCoreApplication::applicationPid()));
    project_ = QString::fromStdString(datasets::generate_city(datasets::Scale::Demo, datasets::kDefaultSeed, dir_, "demo").project.string());
  }
  void cleanupTestCase() { fs::remove_all(dir_); }

  void thePlacerNeverOverlapsAndAvoidsWhatItCan() {
    cp::LabelPlacer placer(QRectF(0, 0, 200, 100));
    placer.avoid(QRectF(90, 40, 20, 20));
    // Centred on the area to avoid: the placer goes to the next candidate that is clear.
    const auto first = placer.place({QRectF(80, 45, 40, 10), QRectF(80, 20, 40, 10)});
    QVERIFY(first);
    QCOMPARE(*first, QRectF(80, 20, 40, 10));
    // Only the avoided area is left: covered, since nothing else is free.
    const auto second = placer.place({QRectF(80, 20, 40, 10), QRectF(85, 45, 30, 10)});
    QVERIFY(second);
    QCOMPARE(*second, QRectF(85, 45, 30, 10));
    QVERIFY(!placer.place({QRectF(70, 18, 40, 10)}));       // on a placed label: refused
    QVERIFY(!placer.place({QRectF(190, 90, 40, 10)}));      // off the image: refused
  }

  void demoCityLabelsNeverCollideAndCommunitiesComeFirst() {
    const auto opened = app_fixtures::open_window(project_, QSize(1400, 900));
    QVERIFY(opened);
    cp::MainWindow& window = *opened;
    geo::LayerStyleSpec labelled = window.session()->layer("buildings")->spec;
    labelled.label = "building_id";  // the most crowded labels there are: they must yield
    window.setLayerStyle("buildings", labelled);
    const QRectF all = window.session()->fullExtent();
    const QSize size(1200, 800);
    const std::size_t communities = window.project()->layer(geo::Role::Communities)->size();
    for (double zoom : {1.0, 0.5, 0.25, 0.1}) {
      cp::MapView view = cp::MapView::fit(all, size);
      view.metres_per_pixel *= zoom;
      const auto labels = label_checks::labels_at(*window.session(), view, size);
      QString which;
      QVERIFY2(!label_checks::any_overlap(labels, &which), qPrintable(QString("zoom %1: %2").arg(zoom).arg(which)));
      // A community's name shows wherever its centre is in view: nothing of lower rank takes its place.
      std::size_t shown = 0, in_view = 0;
      for (const auto& l : labels) shown += l.priority == 3;
      const geo::LayerData& layer = *window.project()->layer(geo::Role::Communities);
      for (std::size_t i = 0; i < layer.size(); ++i) {
        const geo::Point c = geo::centroid(layer.geometries[i]);
        const QPointF at = view.to_pixels(size).map(QPointF(c.x, c.y));
        in_view += QRectF(QPointF(0, 0), QSizeF(size)).adjusted(60, 20, -60, -20).contains(at);
      }
      QVERIFY2(shown >= in_view, qPrintable(QString("zoom %1: %2 of %3 community names").arg(zoom).arg(shown).arg(in_view)));
      QVERIFY(shown <= communities);
      if (zoom == 1.0) QCOMPARE(shown, communities);
    }
  }



  void communityOfficesStandApartInTheirCommunities() {
    const auto opened = app_fixtures::open_window(project_, QSize(1000, 700));
    QVERIFY(opened);
    cp::MainWindow& window = *opened;
    const geo::Review& review = *window.review();
    const geo::LayerData& facilities = *window.project()->layer(geo::Role::Facilities);
    const geo::LayerData& communities = *window.project()->layer(geo::Role::Communities);
    const cp::MapLayerData& drawn = *window.session()->layer("facilities")->data;
    // Which facilities are offices and in which community, by GDAL's values and GEOS: not the review's locator.
    geo::GeosContext geos;
    std::size_t offices = 0;
    for (std::size_t f = 0; f < facilities.size(); ++f) {
      const bool office = facilities.text(f, "kind") == "community_office";
      QCOMPARE(static_cast<bool>(drawn.feature_diamond[f]), office);
      if (!office) continue;
      ++offices;
      const auto it = std::find_if(review.offices.begin(), review.offices.end(), [f](const geo::OfficeReview& o) { return o.facility == f; });
      QVERIFY(it != review.offices.end());
      std::optional<std::size_t> holder;
      const auto point = geos.from_geometry(facilities.geometries[f]);
      for (std::size_t c = 0; c < communities.size() && !holder; ++c)
        if (GEOSContains_r(geos.handle(), geos.from_geometry(communities.geometries[c]).get(), point.get()) == 1) holder = c;
      QCOMPARE(it->community, holder);
      QCOMPARE(*drawn.feature_fill[f], QColor(geo::office_standing_colour(geo::office_standing(review, *it))));
      QCOMPARE(drawn.feature_size[f], static_cast<float>(geo::office_symbol_size(facilities.number(f, "floor_area_m2"))));
    }
    QVERIFY(offices >= 10);
    QCOMPARE(review.offices.size(), offices);
    // The legend says what the symbols mean, with counts that add up.
    QTreeWidgetItem* item = nullptr;
    for (int i = 0; i < window.layerTree()->topLevelItemCount(); ++i)
      if (window.layerTree()->topLevelItem(i)->data(0, Qt::UserRole + 1).toString() == "facilities") item = window.layerTree()->topLevelItem(i);
    QVERIFY(item);
    int counted = 0;
    for (int k = 0; k < item->childCount(); ++k) {
      const QString text = item->child(k)->text(0);
      if (!text.startsWith("Office:")) continue;
      counted += QRegularExpression("\\((\\d+)\\)$").match(text).captured(1).toInt();
    }
    QCOMPARE(static_cast<std::size_t>(counted), offices);
    // Parking zones by their spaces.
    const geo::LayerData& parking = *window.project()->layer(geo::Role::Parking);
    const cp::MapLayerData& zones = *window.session()->layer("parking")->data;
    for (std::size_t i = 0; i < parking.size(); ++i) {
      const auto k = geo::parking_class_of(parking.number(i, "spaces"));
      if (k) QCOMPARE(*zones.feature_fill[i], QColor(QString::fromStdString(geo::parking_classes()[*k].fill)));
    }
    // Community boundaries are dash-dot, roads solid: a boundary never reads as a street.
    QCOMPARE(window.session()->layer("communities")->style.line_style, Qt::DashDotLine);
    QCOMPARE(window.session()->layer("roads")->style.line_style, Qt::SolidLine);
  }

  // The three community maps: each community coloured by its class (breaks by hand: a half, all
  // and 1½ of what the rule asks; budget quartiles in order), a legend with every class and counts
  // that add up, the map laid over the communities and under the plots.
  void communityMapsDrawTheirClassesWithLegends() {
    auto opened = app_fixtures::open_window(project_, QSize(1200, 800), [](cp::MainWindow& w) { w.session()->setRulePack("hangzhou"); });
    QVERIFY(opened);
    cp::MainWindow& window = *opened;
    for (geo::CommunityMap map : geo::kCommunityMaps) {
      QSignalSpy finished(window.session(), &cp::Session::analysisFinished);
      window.session()->runCommunityMap(map);
      QVERIFY(finished.wait(60000));
      QCOMPARE(finished.front().front().toBool(), true);
      const cp::MapLayerEntry* e = window.session()->layer("community_map");
      QVERIFY(e);
      const geo::LayerData& figures = *e->data->source;
      QCOMPARE(figures.size(), std::size_t{25});
      const auto& layers = window.session()->layers();
      std::size_t at = 0, communities = 0, plots = 0;
      for (std::size_t i = 0; i < layers.size(); ++i) {
        if (layers[i].id == "community_map") at = i;
        if (layers[i].id == "communities") communities = i;
        if (layers[i].id == "plots") plots = i;
      }
      QCOMPARE(at + 1, communities);  // just over the communities (the list is top first)
      QVERIFY(plots < at);
      std::vector<double> values;
      for (std::size_t i = 0; i < figures.size(); ++i) {
        const char* field = map == geo::CommunityMap::OfficeSpace ? "office_share_of_rule"
                            : map == geo::CommunityMap::Parking   ? "parking_share_of_standard"
                                                                  : "yuan_per_household";
        const auto v = figures.number(i, field);
        QVERIFY2(v.has_value(), field);
        values.push_back(*v);
        if (map == geo::CommunityMap::Budget) continue;
        const char* colour = *v < 0.5 ? "#d7191c" : *v < 1.0 ? "#fdae61" : *v < 1.5 ? "#a6d96a" : "#1a9641";
        QCOMPARE(*e->data->feature_fill[i], QColor(colour));
      }
      if (map == geo::CommunityMap::Budget) {
        // Quartile classes in order: a community with more per household is never in a lighter class.
        const std::vector<QString> order = {"#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"};
        auto rank = [&](std::size_t i) {
          return std::find(order.begin(), order.end(), e->data->feature_fill[i]->name()) - order.begin();
        };
        for (std::size_t i = 0; i < figures.size(); ++i)
          for (std::size_t k = 0; k < figures.size(); ++k)
            if (values[i] < values[k]) QVERIFY(rank(i) <= rank(k));
        QVERIFY(rank(0) < 4);
      }
      // The legend: every class and "no figure", with counts that add up to the communities.
      QTreeWidgetItem* item = nullptr;
      for (int i = 0; i < window.layerTree()->topLevelItemCount(); ++i)
        if (window.layerTree()->topLevelItem(i)->data(0, Qt::UserRole + 1).toString() == "community_map") item = window.layerTree()->topLevelItem(i);
      QVERIFY(item);
      QCOMPARE(item->text(0), cp::Session::communityMapTitle(map));
      QCOMPARE(item->childCount(), 5);  // four classes and "no figure"
      int counted = 0;
      for (int k = 0; k < item->childCount(); ++k) counted += QRegularExpression("\\((\\d+)\\)$").match(item->child(k)->text(0)).captured(1).toInt();
      QCOMPARE(counted, 25);
      if (map != geo::CommunityMap::Budget) QVERIFY(item->child(0)->text(0).startsWith("< 50 %"));
    }
  }

  // Real data seldom comes with a developer's plots: the communities are reviewed as they are and
  // their maps drawn all the same (a scripted screenshot once waited for ever here).
  void communityMapsWithoutPlots() {
    const fs::path source = project_.toStdString();
    std::ifstream in(source);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto from = text.find("[layers.plots]");
    QVERIFY(from != std::string::npos);
    text.erase(from, text.find("[layers.", from + 1) - from);
    const fs::path without = source.parent_path() / "no_plots.toml";
    std::ofstream(without) << text;
    auto opened = app_fixtures::open_window(QString::fromStdString(without.string()), QSize(1000, 700),
                                            [](cp::MainWindow& w) { w.session()->setRulePack("hangzhou"); });
    QVERIFY(opened);
    cp::MainWindow& window = *opened;
    QVERIFY(!window.session()->layer("plots"));
    QSignalSpy finished(window.session(), &cp::Session::analysisFinished);
    window.session()->runCommunityMap(geo::CommunityMap::Budget);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.front().front().toBool(), true);
    const cp::MapLayerEntry* e = window.session()->layer("community_map");
    QVERIFY(e);
    for (std::size_t i = 0; i < e->data->source->size(); ++i) QVERIFY(e->data->source->number(i, "yuan_per_household").has_value());
  }

  // The renderer's two shortcuts draw what the full paths would: streets as one batch of segments
  // in device pixels, areas a few pixels across as the pixels of their extent. Checked pixel by
  // pixel against features placed by hand, 1 m to the pixel.
  void streetsAndSpecksLandOnTheirPixels() {
    geo::LayerData roads;
    roads.role = geo::Role::Roads;
    roads.fids = {1, 2};
    roads.geometries = {geo::Geometry::line({{10, 50}, {190, 50}}), geo::Geometry::line({{100, 10}, {100, 40}, {150, 40}})};
    roads.invalid_reasons.resize(2);
    geo::LayerData buildings;
    buildings.role = geo::Role::Buildings;
    buildings.fids = {1, 2};
    buildings.geometries = {geo::Geometry::polygon({{20, 70}, {22, 70}, {22, 72}, {20, 72}, {20, 70}}),         // 2 px: a speck
                            geo::Geometry::polygon({{120, 60}, {160, 60}, {160, 90}, {120, 90}, {120, 60}})};  // 40 x 30 px
    buildings.invalid_reasons.resize(2);
    cp::LayerStyle street;
    street.stroke = QColor(200, 0, 0);
    street.stroke_width = 1.0;
    cp::LayerStyle house;
    house.fill = QColor(0, 0, 200);
    house.stroke_width = 0;
    const std::vector<cp::LayerToDraw> layers = {
        {cp::make_map_layer(std::make_shared<geo::LayerData>(buildings), "buildings", "buildings"), house},
        {cp::make_map_layer(std::make_shared<geo::LayerData>(roads), "roads", "roads"), street}};
    const QSize size(200, 100);
    const cp::MapView view{QPointF(100, 50), 1.0};  // x 0..200, y 0..100 (y up)
    std::atomic<bool> cancel{false};
    const QImage image = cp::render_map(layers, view, size, 1.0, cancel);
    auto at = [&](double x, double y) {  // map metres to the pixel there
      const QPointF p = view.to_pixels(size).map(QPointF(x, y));
      return image.pixelColor(static_cast<int>(p.x()), static_cast<int>(p.y()));
    };
    // A 1-pixel antialiased line between two pixel rows tints both: red well above green and blue.
    auto reddish = [](QColor c) { return c.red() - c.green() > 50 && c.red() - c.blue() > 50; };
    for (double x : {15.0, 60.0, 99.0, 185.0}) QVERIFY2(reddish(at(x, 50)) || reddish(at(x, 49.5)), qPrintable(QString::number(x)));
    for (double y : {15.0, 30.0}) QVERIFY(reddish(at(100, y)) || reddish(at(99.5, y)));
    QVERIFY(reddish(at(130, 40)) || reddish(at(130, 39.5)));
    QVERIFY(!reddish(at(60, 60)) && !reddish(at(130, 20)));  // nothing drawn off the streets
    QCOMPARE(at(21, 71), QColor(0, 0, 200));    // the speck
    QVERIFY(at(25, 71) != QColor(0, 0, 200));    // and no more than its extent
    QCOMPARE(at(140, 75), QColor(0, 0, 200));   // the large building, filled as a path
  }

  // The screen's images are drawn by the raster painter (AGG) and pages by QPainter, from one plan
  // of what each feature becomes: the two must show the same map. The demo city with all its
  // layers (translucent fills, dashed cased boundaries, streets, outlines, specks, symbols,
  // labels), at full extent and zoomed in, drawn both ways: QPainter draws into a
  // non-premultiplied image, where the raster painter does not write.
  void theRasterPainterDrawsWhatQPainterDraws() {
    const auto opened = app_fixtures::open_window(project_, QSize(1400, 900));
    QVERIFY(opened);
    const cp::Session& session = *opened->session();
    const QSize size(1000, 700);
    const std::atomic<bool> never{false};
    for (double zoom : {1.0, 0.3, 0.08}) {
      cp::MapView view = cp::MapView::fit(session.fullExtent(), size);
      view.metres_per_pixel *= zoom;
      const QImage raster = cp::render_map(session.layersToDraw(), view, size, 1.0, never).convertToFormat(QImage::Format_ARGB32);
      QImage painted(size, QImage::Format_ARGB32);
      painted.fill(QColor(236, 234, 228));
      {
        QPainter painter(&painted);
        cp::paint_map(painter, session.layersToDraw(), view, size, never);
      }
      // Antialiased edges differ by a few levels between two rasterisers; a feature drawn by one
      // and not the other differs by a hundred or more over its pixels.
      long long total = 0, far_off = 0, drawn = 0;
      for (int y = 0; y < size.height(); ++y) {
        const auto* a = reinterpret_cast<const QRgb*>(raster.constScanLine(y));
        const auto* b = reinterpret_cast<const QRgb*>(painted.constScanLine(y));
        for (int x = 0; x < size.width(); ++x) {
          const int d = std::max({std::abs(qRed(a[x]) - qRed(b[x])), std::abs(qGreen(a[x]) - qGreen(b[x])), std::abs(qBlue(a[x]) - qBlue(b[x]))});
          total += d;
          far_off += d > 96;
          drawn += a[x] != qRgb(236, 234, 228);
        }
      }
      const auto pixels = static_cast<double>(size.width() * size.height());
      const QString stats = QString("zoom %1: mean difference %2, %3 % of pixels off by more than 96, %4 % drawn")
                                .arg(zoom).arg(static_cast<double>(total) / pixels, 0, 'f', 2).arg(100.0 * static_cast<double>(far_off) / pixels, 0, 'f', 3).arg(100.0 * static_cast<double>(drawn) / pixels, 0, 'f', 1);
      qInfo("%s", qPrintable(stats));
      QVERIFY2(static_cast<double>(drawn) > pixels / 2, qPrintable(stats));  // a map, not a blank image
      QVERIFY2(static_cast<double>(total) / pixels < 1.5, qPrintable(stats));
      QVERIFY2(static_cast<double>(far_off) < pixels / 200, qPrintable(stats));
    }
  }

  // The raster painter draws bands of rows side by side; each band clips exactly at its rows, so
  // the map drawn in seven bands is the map drawn in one, seams included, to a level of rounding.
  void bandsMeetWithoutASeam() {
    const auto opened = app_fixtures::open_window(project_, QSize(1400, 900));
    QVERIFY(opened);
    const cp::Session& session = *opened->session();
    const QSize size(900, 613);  // not a multiple of seven
    const std::atomic<bool> never{false};
    for (double zoom : {1.0, 0.2}) {
      cp::MapView view = cp::MapView::fit(session.fullExtent(), size);
      view.metres_per_pixel *= zoom;
      const cp::ViewFrame frame{view.to_pixels(size), view.visible(size), view.metres_per_pixel, 1.0};
      QImage one(size, QImage::Format_ARGB32_Premultiplied), seven(size, QImage::Format_ARGB32_Premultiplied);
      one.fill(Qt::white);
      seven.fill(Qt::white);
      int drawn_layers = 0;
      for (const cp::LayerToDraw& layer : session.layersToDraw()) {
        if (layer.data->basemap) continue;
        const auto plan = cp::plan_layer(*layer.data, layer.style, frame, never);
        QVERIFY(plan);
        QVERIFY(cp::paint_raster(one, *layer.data, layer.style, *plan, frame, never, 1));
        QVERIFY(cp::paint_raster(seven, *layer.data, layer.style, *plan, frame, never, 7));
        drawn_layers += !plan->shapes.empty() || !plan->lines.empty() || !plan->specks.empty();
      }
      QVERIFY(drawn_layers >= 3);
      QVERIFY(one != QImage(size, QImage::Format_ARGB32_Premultiplied));
      // Subpixel rounding moves with a band's origin by a level here and there; a seam (a row
      // left out, an edge drawn twice) would be tens of levels over a row.
      int worst = 0;
      for (int y = 0; y < size.height(); ++y)
        for (int x = 0; x < size.width(); ++x) {
          const QRgb a = one.pixel(x, y), b = seven.pixel(x, y);
          worst = std::max({worst, std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)), std::abs(qBlue(a) - qBlue(b)),
                            std::abs(qAlpha(a) - qAlpha(b))});
        }
      QVERIFY2(worst <= 2, qPrintable(QString("zoom %1: a pixel differs by %2 levels").arg(zoom).arg(worst)));
    }
  }

  // A redraw through the layer cache after a change to an upper layer starts from the image of the
  // layers below it, and draws exactly what a draw from nothing draws; a change at the bottom,
  // or another view, redraws everything.
  void theLayerCacheRedrawsFromTheFirstChangedLayer() {
    const auto opened = app_fixtures::open_window(project_, QSize(1400, 900));
    QVERIFY(opened);
    const cp::Session& session = *opened->session();
    std::vector<cp::LayerToDraw> layers = session.layersToDraw();
    QVERIFY(layers.size() >= 4);
    const QSize size(800, 600);
    const cp::MapView view = cp::MapView::fit(session.fullExtent(), size);
    const std::atomic<bool> never{false};
    cp::LayerCache cache;
    const QImage first = cp::render_map(layers, view, size, 1.0, never, &cache);
    QCOMPARE(cache.layersRedrawn(), static_cast<int>(layers.size()));
    QCOMPARE(first, cp::render_map(layers, view, size, 1.0, never));

    layers.back().style.stroke = QColor(255, 0, 255);  // the top layer restyled
    layers.back().style.stroke_width = 3;
    const QImage top_changed = cp::render_map(layers, view, size, 1.0, never, &cache);
    QVERIFY2(cache.layersRedrawn() < static_cast<int>(layers.size()), qPrintable(QString::number(cache.layersRedrawn())));
    QCOMPARE(top_changed, cp::render_map(layers, view, size, 1.0, never));

    layers.front().style.opacity = 0.5;  // the bottom layer changed: nothing below it to keep
    const QImage bottom_changed = cp::render_map(layers, view, size, 1.0, never, &cache);
    QCOMPARE(cache.layersRedrawn(), static_cast<int>(layers.size()));
    QCOMPARE(bottom_changed, cp::render_map(layers, view, size, 1.0, never));

    cp::MapView moved = view;
    moved.centre += QPointF(37, 0);  // another view: every layer again
    const QImage panned = cp::render_map(layers, moved, size, 1.0, never, &cache);
    QCOMPARE(cache.layersRedrawn(), static_cast<int>(layers.size()));
    QCOMPARE(panned, cp::render_map(layers, moved, size, 1.0, never));
  }

 private:
  fs::path dir_;
  QString project_;
};

QTEST_MAIN(TestCartography)
#include "test_cartography.moc"
