#include "map_renderer.h"

#include <QFont>
#include <QPainter>

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

void paint_map(QPainter& painter, const std::vector<LayerToDraw>& layers, const MapView& view, QSize size,
               const std::atomic<bool>& cancel) {
  painter.setRenderHint(QPainter::Antialiasing, true);
  // Everything is drawn relative to where the painter stood on entry (a layout's map frame).
  const QTransform base = painter.transform();
  const QTransform world = view.to_pixels(size) * base;
  const QRectF visible = view.visible(size);
  const double pixel = view.metres_per_pixel;
  // Widths, symbols and labels are in screen pixels; on a page the painter arrives scaled to the
  // paper's resolution, and what is drawn in device pixels is scaled alike.
  const double device = std::sqrt(std::abs(base.determinant()));
  const double scale = pixel / (0.0254 / 96.0);  // 1:scale at 96 dpi, as the canvas shows it
  for (const auto& layer : layers) {
    const MapLayerData& d = *layer.data;
    const LayerStyle& st = layer.style;
    if (!st.shown_at(scale) || st.opacity <= 0) continue;
    painter.setOpacity(std::clamp(st.opacity, 0.0, 1.0));
    const bool points = d.kind == geo::GeometryKind::Point || d.kind == geo::GeometryKind::MultiPoint;
    QPen pen(st.stroke, st.stroke_width * device);
    pen.setCosmetic(true);  // widths in pixels whatever the scale
    // Symbols shrink when zoomed far out, so that a city's facilities do not hide its map.
    const double symbol = std::clamp(st.point_size * 10.0 / std::max(pixel, 1e-9), 2.5, st.point_size);
    for (std::size_t i = 0; i < d.paths.size(); ++i) {
      if ((i & 1023) == 0 && cancel.load(std::memory_order_relaxed)) return;
      const QRectF& e = d.extents[i];
      if (e.isNull() && !points) continue;
      if (!e.intersects(visible) && !(e.width() == 0 && visible.contains(e.topLeft()))) continue;
      const QColor fill = d.feature_fill[i].value_or(st.fill);
      const QColor stroke = d.feature_stroke[i].value_or(st.stroke);
      if (points) {
        const QPointF at = world.map(d.points[i]);
        painter.setTransform(QTransform());
        painter.setPen(symbol > 4 ? QPen(stroke, 1.2 * device) : Qt::NoPen);
        painter.setBrush(fill);
        painter.drawEllipse(at, symbol * device / 2, symbol * device / 2);
        continue;
      }
      // Detail too small to see is dropped: a feature under a pixel draws nothing useful.
      if (e.width() < pixel && e.height() < pixel) continue;
      painter.setTransform(world);
      pen.setColor(stroke);
      // Outlines of features a few pixels across would bury their fill: fill only.
      const bool tiny = e.width() < 4 * pixel && e.height() < 4 * pixel && fill.alpha() > 0;
      painter.setPen(st.stroke_width > 0 && !tiny ? pen : Qt::NoPen);
      painter.setBrush(fill.alpha() == 0 ? Qt::NoBrush : QBrush(fill));
      painter.drawPath(d.paths[i]);
    }
  }
  // Labels last, above every layer, where they fit.
  painter.setOpacity(1.0);
  painter.setTransform(QTransform());
  QFont font = painter.font();
  font.setPixelSize(std::max(1, static_cast<int>(std::lround(13 * device))));
  painter.setFont(font);
  const QFontMetrics metrics(font);
  for (const auto& layer : layers) {
    const MapLayerData& d = *layer.data;
    if (layer.style.label_field.isEmpty() || !layer.style.shown_at(scale)) continue;
    for (std::size_t i = 0; i < d.labels.size(); ++i) {
      if (cancel.load(std::memory_order_relaxed)) return;
      if (d.labels[i].isEmpty() || !visible.contains(d.points[i])) continue;
      const QRect box = metrics.boundingRect(d.labels[i]);
      if (d.extents[i].width() / pixel * device < box.width() * 0.6) continue;  // the feature is too small for its name
      const QPointF at = world.map(d.points[i]);
      const QPointF origin(at.x() - box.width() / 2.0, at.y() + metrics.ascent() / 2.0);
      // A light halo keeps Chinese names legible over any fill.
      painter.setPen(QPen(QColor(255, 255, 255, 220), 3 * device));
      QPainterPath text;
      text.addText(origin, font, d.labels[i]);
      painter.strokePath(text, painter.pen());
      painter.fillPath(text, QColor(50, 40, 30));
    }
  }
  painter.setTransform(base);
}

QImage render_map(const std::vector<LayerToDraw>& layers, const MapView& view, QSize size, double device_pixel_ratio,
                  const std::atomic<bool>& cancel) {
  QImage image(size * device_pixel_ratio, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(device_pixel_ratio);
  image.fill(QColor(236, 234, 228));
  QPainter painter(&image);
  paint_map(painter, layers, view, size, cancel);
  return image;
}

}  // namespace cp
