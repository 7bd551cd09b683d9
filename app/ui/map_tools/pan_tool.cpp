#include "pan_tool.h"

#include <QMouseEvent>

#include "../map_canvas.h"

namespace cp {

void PanTool::mousePress(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return;
  press_at_ = e->position().toPoint();
  pressed_ = true;
  dragging_ = false;
}

void PanTool::mouseMove(QMouseEvent* e) {
  if (!pressed_ || !(e->buttons() & Qt::LeftButton)) return;
  const QPoint at = e->position().toPoint();
  if (!dragging_) {
    if ((at - press_at_).manhattanLength() < 4) return;  // a shaky click is still a click
    dragging_ = true;
    canvas_->beginPan(press_at_);
  }
  canvas_->dragPan(at);
}

void PanTool::mouseRelease(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton || !pressed_) return;
  pressed_ = false;
  if (dragging_) {
    dragging_ = false;
    canvas_->endPan();
    return;
  }
  emit clicked(canvas_->toMap(e->position()));
}

}  // namespace cp
