#include "map_renderer.h"

#include <QFont>
#include <QElapsedTimer>
#include <QPainter>
#include <QStaticText>

#include "geo/error.h"
#include "geo/style.h"
#include "label_placer.h"
#include "layer_plan.h"
#include "raster_painter.h"

#include <algorithm>
#include <cmath>

namespace cp {

QTransform MapView::to_pixels(QSize size) const {
  const double s = 1.0 / metres_per_pixel;
  QTransform t;
  t.translate(size.width() / 2.0, size.height() / 2.0);
  t.scale(s, -s);
  t.translate(-centre.x(), -centre.y());
  return t;
}

QRectF MapView::visible(QSize size) const {
  const double w = size.width() * metres_per_pixel, h = size.height() * metres_per_pixel;
  return {centre.x() - w / 2, centre.y() - h / 2, w, h};
}

MapView MapView::fit(const QRectF& extent, QSize size, double margin) {
  MapView v;
  v.centre = extent.center();
  const double mx = extent.width() / std::max(1, size.width()), my = extent.height() / std::max(1, size.height());
  v.metres_per_pixel = std::max({mx, my, 1e-6}) * (1.0 + 2 * margin);
  return v;
}

namespace {

// Reads a basemap for the view and draws it (at the painter's opacity). False when cancelled; a
// basemap that cannot be read is not a reason to stop the map: its problem is written on it.
bool paint_basemap(QPainter& painter, const MapLayerData& d, const MapView& view, QSize size, const std::atomic<bool>& cancel) {
  const QTransform base = painter.transform();
  const QRectF frame = base.mapRect(QRectF(QPointF(0, 0), QSizeF(size)));
  const int width = std::max(1, static_cast<int>(std::lround(frame.width())));
  const int height = std::max(1, static_cast<int>(std::lround(frame.height())));
  const QRectF seen = view.visible(size);
  const geo::Extent extent{seen.left(), seen.top(), seen.right(), seen.bottom()};
  try {
    geo::BasemapReader reader(*d.basemap, d.tile_cache, d.working_epsg);
    geo::RgbaImage image = reader.read(extent, width, height, &cancel);
    const QImage picture(image.rgba.data(), image.width, image.height, image.width * 4, QImage::Format_RGBA8888);
    painter.setTransform(QTransform());
    painter.drawImage(QRectF(frame.topLeft(), QSizeF(width, height)), picture);
  } catch (const geo::Cancelled&) {
    painter.setTransform(base);
    return false;
  } catch (const std::exception& e) {
    painter.setTransform(QTransform());
    QFont font(geo::kLabelFontFamily);
    font.setPixelSize(std::max(1, static_cast<int>(frame.height() / 60)));
    painter.setFont(font);
    painter.setPen(QColor(170, 20, 20));
    painter.drawText(frame.adjusted(8, 8, -8, -8), Qt::AlignTop | Qt::AlignLeft | Qt::TextWordWrap,
                     QObject::tr("Basemap %1 not drawn: %2").arg(d.name, QString::fromUtf8(e.what())));
  }
  painter.setTransform(base);
  return true;
}

// Draws a plan with QPainter, feature by feature: for pages and vector devices (PDF, SVG), where
// the raster painter cannot write.
void paint_plan(QPainter& painter, const MapLayerData& d, const LayerStyle& st, const LayerPlan& plan, const ViewFrame& frame) {
  QPen pen(st.stroke, st.stroke_width * frame.device, st.line_style);
  pen.setCosmetic(true);  // widths in pixels whatever the scale
  // A dashed outline (a boundary) runs on a light casing, so that it reads over any fill.
  QPen casing(QColor(255, 255, 255, 170), (st.stroke_width + 2.5) * frame.device);
  casing.setCosmetic(true);
  const bool cased = is_cased(st);
  painter.setTransform(frame.world);
  for (const LayerShape& shape : plan.shapes) {
    const QPainterPath path = d.path(shape.feature);
    const QColor fill = fill_of(d, st, shape.feature);
    if (fill.alpha() > 0 && !is_line_layer(d)) painter.fillPath(path, fill);
    if (!shape.outlined) continue;
    if (cased) painter.strokePath(path, casing);
    pen.setColor(stroke_of(d, st, shape.feature));
    painter.strokePath(path, pen);
  }
  // Streets as segments in device pixels, one call per colour: Qt's cosmetic line drawer takes
  // them straight, where stroking each street's path went through its path stroker.
  painter.setTransform(QTransform());
  painter.setBrush(Qt::NoBrush);
  std::vector<QLineF> segments;
  for (const auto& [rgba, features] : plan.lines) {
    segments.clear();
    for (std::size_t i : features)
      for (std::uint32_t r = d.feature_ring[i]; r < d.feature_ring[i + 1]; ++r)
        for (std::uint32_t k = d.ring_start[r] + 1; k < d.ring_start[r + 1]; ++k)
          segments.emplace_back(frame.world.map(d.vertices[k - 1]), frame.world.map(d.vertices[k]));
    pen.setColor(QColor::fromRgba(rgba));
    painter.setPen(pen);
    painter.drawLines(segments.data(), static_cast<int>(segments.size()));
  }
  painter.setPen(Qt::NoPen);
  painter.setRenderHint(QPainter::Antialiasing, false);
  std::vector<QRectF> rects;
  for (const auto& [rgba, features] : plan.specks) {
    rects.clear();
    for (std::size_t i : features) rects.push_back(frame.world.mapRect(d.extents[i]));
    painter.setBrush(QColor::fromRgba(rgba));
    painter.drawRects(rects.data(), static_cast<int>(rects.size()));
  }
  painter.setRenderHint(QPainter::Antialiasing, true);
}

// Point symbols, drawn with QPainter on images too: they are few, and carry outlines and diamonds.
void paint_symbols(QPainter& painter, const MapLayerData& d, const LayerStyle& st, const std::vector<std::size_t>& symbols,
                   const ViewFrame& frame) {
  painter.setTransform(QTransform());
  const double device = frame.device;
  for (std::size_t i : symbols) {
    const QColor fill = fill_of(d, st, i);
    const QColor stroke = stroke_of(d, st, i);
    const double full = d.feature_size[i] > 0 ? d.feature_size[i] : st.point_size;
    // Symbols shrink when zoomed far out, so that a city's facilities do not hide its map.
    const double symbol = std::clamp(full * 10.0 / std::max(frame.pixel, 1e-9), std::min(2.5, full), full);
    const QPointF at = frame.world.map(d.points[i]);
    painter.setPen(symbol > 4 ? QPen(stroke, 1.2 * device) : Qt::NoPen);
    painter.setBrush(fill);
    const double r = symbol * device / 2;
    if (d.feature_diamond[i]) {
      // A diamond with a white rim: unlike the plots' squares and the other facilities' dots.
      const double q = r * 1.25;
      painter.setPen(QPen(Qt::white, 1.6 * device));
      painter.drawPolygon(QPolygonF({at + QPointF(0, -q), at + QPointF(q, 0), at + QPointF(0, q), at + QPointF(-q, 0)}));
    } else {
      painter.drawEllipse(at, r, r);
    }
  }
}

ViewFrame frame_of(const MapView& view, QSize size, const QTransform& base) {
  return {.world = view.to_pixels(size) * base,
          .visible = view.visible(size),
          .pixel = view.metres_per_pixel,
          .device = std::sqrt(std::abs(base.determinant()))};
}

}  // namespace

namespace {

// Draws layers one at a time into a painter, at one view: the frames worked out once.
class LayerPainter {
 public:
  LayerPainter(QPainter& painter, const MapView& view, QSize size)
      : painter_(painter),
        view_(view),
        size_(size),
        base_(painter.transform()),
        // Widths, symbols and labels are in screen pixels; on a page the painter arrives scaled
        // to the paper's resolution, and what is drawn in device pixels is scaled alike.
        frame_(frame_of(view, size, base_)),
        // On an image the raster painter writes the pixels themselves, so it maps to the image's
        // own pixels: the painter's device transform, a high-dpi screen's scale included.
        raster_(can_paint_raster(painter) ? static_cast<QImage*>(painter.device()) : nullptr),
        raster_frame_(frame_of(view, size, painter.deviceTransform())),
        scale_(view.metres_per_pixel / (0.0254 / 96.0)) {  // 1:scale at 96 dpi, as the canvas shows it
    painter.setRenderHint(QPainter::Antialiasing, true);
  }

  // False when cancelled.
  bool draw(const LayerToDraw& layer, const std::atomic<bool>& cancel) {
    const MapLayerData& d = *layer.data;
    const LayerStyle& st = layer.style;
    if (!st.shown_at(scale_) || st.opacity <= 0) return !cancel.load();
    painter_.setOpacity(std::clamp(st.opacity, 0.0, 1.0));
    if (d.basemap) return paint_basemap(painter_, d, view_, size_, cancel);
    const std::optional<LayerPlan> plan = plan_layer(d, st, frame_, cancel);
    if (!plan) return false;
    if (raster_) {
      // QPainter's raster engine draws as it is called: nothing of it is pending in the pixels.
      if (!paint_raster(*raster_, d, st, *plan, raster_frame_, cancel)) return false;
    } else {
      paint_plan(painter_, d, st, *plan, frame_);
    }
    paint_symbols(painter_, d, st, plan->symbols, frame_);
    return true;
  }

  // The labels of all the layers, above them, placed once for the view.
  void labels(const std::vector<LayerToDraw>& layers, const std::atomic<bool>& cancel) {
    painter_.setOpacity(1.0);
    painter_.setTransform(base_);  // the labels measure from where the painter stood on entry
    paint_labels(painter_, layers, view_, size_, cancel);
    painter_.setTransform(base_);
  }

 private:
  QPainter& painter_;
  MapView view_;
  QSize size_;
  QTransform base_;  // everything is drawn relative to where the painter stood on entry
  ViewFrame frame_;
  QImage* raster_;
  ViewFrame raster_frame_;
  double scale_;
};

QImage blank_map(QSize size, double device_pixel_ratio) {
  QImage image(size * device_pixel_ratio, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(device_pixel_ratio);
  image.fill(QColor(236, 234, 228));
  return image;
}

}  // namespace

void paint_map(QPainter& painter, const std::vector<LayerToDraw>& layers, const MapView& view, QSize size,
               const std::atomic<bool>& cancel) {
  LayerPainter draw(painter, view, size);
  for (const auto& layer : layers)
    if (!draw.draw(layer, cancel)) return;
  draw.labels(layers, cancel);
}

std::vector<PlacedLabel> paint_labels(QPainter& painter, const std::vector<LayerToDraw>& layers, const MapView& view, QSize size,
                                      const std::atomic<bool>& cancel) {
  std::vector<PlacedLabel> done;
  const QTransform base = painter.transform();
  const QTransform world = view.to_pixels(size) * base;
  const QRectF visible = view.visible(size);
  const double pixel = view.metres_per_pixel;
  const double device = std::sqrt(std::abs(base.determinant()));
  const double scale = pixel / (0.0254 / 96.0);
  painter.setTransform(QTransform());
  QFont font(geo::kLabelFontFamily);
  font.setPixelSize(std::max(1, static_cast<int>(std::lround(13 * device))));
  QFont strong = font;
  strong.setBold(true);
  const QFontMetricsF metrics(font), strong_metrics(strong);
  const QRectF frame = base.mapRect(QRectF(QPointF(0, 0), QSizeF(size)));

  struct Candidate {
    const MapLayerData* layer;
    std::size_t feature;
    int priority;
    double weight;  // the feature's size: larger first within a priority
  };
  std::vector<Candidate> candidates;
  LabelPlacer placer(frame, 64 * device);
  const bool on_image = painter.device() && painter.device()->devType() == QInternal::Image;
  const QColor halo(255, 255, 255, 220);
  std::vector<QPointF> halo_offsets;
  for (int k = 0; k < 8; ++k)
    halo_offsets.emplace_back(1.5 * device * std::cos(k * M_PI / 4), 1.5 * device * std::sin(k * M_PI / 4));
  for (const auto& layer : layers) {
    const MapLayerData& d = *layer.data;
    if (!layer.style.shown_at(scale)) continue;
    // The plots under review are what a reviewer looks at: other labels keep off them if they can.
    if (layer.style.label_priority == 2)
      for (std::size_t i = 0; i < d.extents.size(); ++i)
        if (reaches(d.extents[i], visible)) placer.avoid(world.mapRect(d.extents[i]));
    if (layer.style.label_field.isEmpty()) continue;
    for (std::size_t i = 0; i < d.labels.size(); ++i)
      if (!d.labels[i].isEmpty() && visible.contains(d.points[i]))
        candidates.push_back({&d, i, layer.style.label_priority, d.extents[i].width() * d.extents[i].height()});
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.priority != b.priority ? a.priority > b.priority : a.weight > b.weight;
  });
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    if ((k & 255) == 0 && cancel.load(std::memory_order_relaxed)) return done;
    const Candidate& c = candidates[k];
    const MapLayerData& d = *c.layer;
    const bool community = c.priority >= 3;
    const QFont& f = community ? strong : font;
    const QFontMetricsF& m = community ? strong_metrics : metrics;
    const QString& text = d.labels[c.feature];
    const QSizeF box(m.horizontalAdvance(text) + 2 * device, m.height());
    const QPointF anchor = world.map(d.points[c.feature]);
    std::vector<QRectF> places;
    if (is_point_layer(d)) {
      places = LabelPlacer::point_candidates(anchor, box, 5 * device);
    } else {
      const QRectF feature = world.mapRect(d.extents[c.feature]);
      // A name much wider than its feature would be read as another's.
      if (feature.width() < box.width() * (community ? 0.4 : 0.6)) continue;
      places = LabelPlacer::polygon_candidates(anchor, box, feature);
    }
    const auto placed = placer.place(places);
    if (!placed) continue;
    // A light halo keeps Chinese names legible over any fill.
    const QPointF baseline(placed->left() + device, placed->top() + m.ascent());
    const QColor ink = community ? QColor(110, 30, 70) : QColor(50, 40, 30);
    if (on_image) {
      // On an image: the text drawn from the glyph cache, its halo the same text shifted around
      // it. Stroking the glyphs' outlines took over a millisecond a label.
      // The text is laid out once (QStaticText) for its nine draws.
      painter.setFont(f);
      QStaticText laid_out(text);
      laid_out.setTextFormat(Qt::PlainText);
      laid_out.prepare(QTransform(), f);
      const QPointF top_left(baseline.x(), baseline.y() - m.ascent());
      painter.setPen(halo);
      for (const QPointF& offset : halo_offsets) painter.drawStaticText(top_left + offset, laid_out);
      painter.setPen(ink);
      painter.drawStaticText(top_left, laid_out);
    } else {
      // On a page the halo is the glyphs' outline, stroked: a vector, sharp at any zoom.
      QPainterPath path;
      path.addText(baseline, f, text);
      painter.strokePath(path, QPen(halo, 3 * device));
      painter.fillPath(path, ink);
    }
    done.push_back({text, *placed, c.priority});
  }
  return done;
}

QImage render_map(const std::vector<LayerToDraw>& layers, const MapView& view, QSize size, double device_pixel_ratio,
                  const std::atomic<bool>& cancel, LayerCache* cache) {
  if (!cache) {
    QImage image = blank_map(size, device_pixel_ratio);
    QPainter painter(&image);
    paint_map(painter, layers, view, size, cancel);
    return image;
  }
  // The layers below the first that changed are taken from the latest image of them the cache
  // holds; the view, the size and the screen must be the same.
  LayerCache& c = *cache;
  const bool same_view = c.view_.centre == view.centre && c.view_.metres_per_pixel == view.metres_per_pixel &&
                         c.size_ == size && c.device_pixel_ratio_ == device_pixel_ratio;
  std::size_t unchanged = 0;
  if (same_view)
    while (unchanged < layers.size() && unchanged < c.layers_.size() && c.layers_[unchanged].data == layers[unchanged].data &&
           c.layers_[unchanged].style == layers[unchanged].style)
      ++unchanged;
  std::erase_if(c.snapshots_, [&](const LayerCache::Snapshot& s) { return s.layers > unchanged; });
  c.view_ = view;
  c.size_ = size;
  c.device_pixel_ratio_ = device_pixel_ratio;
  c.layers_ = layers;
  const std::size_t start = c.snapshots_.empty() ? 0 : c.snapshots_.back().layers;
  QImage image = start == 0 ? blank_map(size, device_pixel_ratio) : c.snapshots_.back().image.copy();
  c.redrawn_ = static_cast<int>(layers.size() - start);
  QPainter painter(&image);
  LayerPainter draw(painter, view, size);
  QElapsedTimer since_snapshot;
  since_snapshot.start();
  for (std::size_t i = start; i < layers.size(); ++i) {
    if (!draw.draw(layers[i], cancel)) return image;
    // An image is kept where the layers drawn since the last one took a while: a copy costs a
    // millisecond or two, redrawing a city's buildings a hundred.
    if (since_snapshot.elapsed() >= LayerCache::kWorthKeepingMs) {
      c.snapshots_.push_back({i + 1, image.copy()});
      since_snapshot.restart();
    }
  }
  draw.labels(layers, cancel);
  return image;
}

}  // namespace cp
