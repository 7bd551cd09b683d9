#include "select_tool.h"

#include <QMouseEvent>
#include <QPainter>

#include "../map_canvas.h"

namespace cp {

void SelectTool::mousePress(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return;
  from_ = to_ = e->position().toPoint();
  pressed_ = true;
}

void SelectTool::mouseMove(QMouseEvent* e) {
  if (!pressed_) return;
  to_ = e->position().toPoint();
  canvas_->update();
}

void SelectTool::mouseRelease(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton || !pressed_) return;
  pressed_ = false;
  to_ = e->position().toPoint();
  const bool add = e->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier);
  const bool click = (to_ - from_).manhattanLength() < 4;
  const QRectF pixels = click ? QRectF(QPointF(from_) - QPointF(3, 3), QSizeF(6, 6)) : QRectF(QPointF(from_), QPointF(to_)).normalized();
  canvas_->update();
  emit selectRequested(QRectF(canvas_->toMap(pixels.bottomLeft()), canvas_->toMap(pixels.topRight())).normalized(), click, add);
}

void SelectTool::paint(QPainter& p) {
  if (!pressed_ || (to_ - from_).manhattanLength() < 4) return;
  p.setPen(QPen(QColor(255, 200, 0), 1, Qt::DashLine));
  p.setBrush(QColor(255, 200, 0, 50));
  p.drawRect(QRect(from_, to_).normalized());
}

}  // namespace cp
