#include "draw_polygon_tool.h"

#include <QPainter>

#include "../map_canvas.h"

namespace cp {

void DrawPolygonTool::finished(const QPolygonF& vertices) {
  if (vertices.size() < 3) return;
  QPolygonF ring = vertices;
  ring.append(ring.front());
  emit polygonDrawn(ring);
}

void DrawPolygonTool::paint(QPainter& p) {
  if (vertices().isEmpty()) return;
  p.setRenderHint(QPainter::Antialiasing);
  QPolygonF pixels;
  for (const QPointF& pt : vertices()) pixels << canvas_->toPixel(pt);
  pixels << canvas_->toPixel(cursorAt());
  p.setPen(QPen(QColor(0, 120, 255), 2, Qt::DashLine));
  p.setBrush(QColor(0, 120, 255, 40));
  p.drawPolygon(pixels);
  p.setBrush(QColor(0, 120, 255));
  for (const QPointF& pt : vertices()) p.drawEllipse(canvas_->toPixel(pt), 3, 3);
}

}  // namespace cp
