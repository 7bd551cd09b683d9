#include "measure_tool.h"

#include <QLocale>
#include <QPainter>

#include "../map_canvas.h"
#include "geo/error.h"

namespace cp {

MeasureTool::MeasureTool(MapCanvas* canvas, Mode mode) : VertexTool(canvas), mode_(mode) {}
MeasureTool::~MeasureTool() = default;

void MeasureTool::setWorkingCrs(int epsg) {
  try {
    measurer_ = std::make_unique<geo::PathMeasurer>(epsg);
  } catch (const geo::Error&) {
    measurer_.reset();  // the planar figure is still given; describe() says the ellipsoidal is not
  }
  clear();
}

QString MeasureTool::describe(const geo::Measurement& m, Mode mode) {
  const QLocale locale;
  auto length = [&](double metres) {
    return metres >= 10000 ? tr("%1 km").arg(locale.toString(metres / 1000, 'f', 3)) : tr("%1 m").arg(locale.toString(metres, 'f', 2));
  };
  auto area = [&](double m2) {
    return m2 >= 1e6 ? tr("%1 km²").arg(locale.toString(m2 / 1e6, 'f', 4))
                     : tr("%1 m² (%2 ha)").arg(locale.toString(m2, 'f', 1), locale.toString(m2 / 1e4, 'f', 4));
  };
  if (mode == Mode::Area) {
    if (!m.planar_area_m2) return tr("click at least three corners");
    QString text = tr("Area %1 · on the ellipsoid %2").arg(area(*m.planar_area_m2), m.ellipsoidal_area_m2 ? area(*m.ellipsoidal_area_m2) : tr("unknown"));
    return text + tr(" · perimeter %1").arg(length(m.planar_length_m));
  }
  return tr("Distance %1 · on the ellipsoid %2")
      .arg(length(m.planar_length_m), m.ellipsoidal_length_m ? length(*m.ellipsoidal_length_m) : tr("unknown"));
}

void MeasureTool::measure(const QPolygonF& path) {
  std::vector<geo::Point> points;
  for (const QPointF& p : path) points.push_back({p.x(), p.y()});
  geo::Measurement m;
  try {
    m = measurer_ ? measurer_->measure(points, mode_ == Mode::Area) : geo::measure_on_plane(points, mode_ == Mode::Area);
  } catch (const geo::Error&) {
    m = geo::measure_on_plane(points, mode_ == Mode::Area);  // the ellipsoid's figure stays unknown, said so
  }
  result_ = m;
  text_ = describe(m, mode_);
  emit measured(text_);
}

void MeasureTool::changed() {
  if (vertices().isEmpty()) return;
  kept_.clear();
  QPolygonF path = vertices();
  path << cursorAt();
  measure(path);
}

void MeasureTool::finished(const QPolygonF& vertices) {
  kept_ = vertices;
  measure(vertices);
}

void MeasureTool::paint(QPainter& p) {
  const bool drawing = !vertices().isEmpty();
  QPolygonF path = drawing ? vertices() : kept_;
  if (path.isEmpty()) return;
  if (drawing) path << cursorAt();
  QPolygonF pixels;
  for (const QPointF& pt : path) pixels << canvas_->toPixel(pt);
  p.setRenderHint(QPainter::Antialiasing);
  p.setPen(QPen(QColor(220, 30, 30), 2));
  if (mode_ == Mode::Area) {
    p.setBrush(QColor(220, 30, 30, 40));
    p.drawPolygon(pixels);
  } else {
    p.setBrush(Qt::NoBrush);
    p.drawPolyline(pixels);
  }
  p.setBrush(QColor(220, 30, 30));
  for (const QPointF& pt : pixels) p.drawEllipse(pt, 3, 3);
  if (text_.isEmpty()) return;
  // The figure beside the path's end, on a white box so that it reads over any map.
  const QFontMetrics metrics(p.font());
  const QRectF box = QRectF(metrics.boundingRect(text_)).adjusted(-4, -2, 4, 2);
  QPointF at = pixels.back() + QPointF(12, -12);
  at.setX(std::min(at.x(), canvas_->width() - box.width() - 4));
  const QRectF placed = box.translated(at - box.bottomLeft());
  p.setPen(Qt::NoPen);
  p.setBrush(QColor(255, 255, 255, 230));
  p.drawRect(placed);
  p.setPen(QColor(120, 0, 0));
  p.drawText(placed, Qt::AlignCenter, text_);
}

}  // namespace cp
