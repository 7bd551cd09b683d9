#include "vertex_tool.h"

#include <QKeyEvent>
#include <QMouseEvent>

#include "../map_canvas.h"

namespace cp {

void VertexTool::deactivate() { clear(); }

void VertexTool::clear() {
  vertices_.clear();
  changed();
  canvas_->update();
}

void VertexTool::addVertex(QPointF map) {
  // A double click releases twice at the same place: one vertex, not two.
  if (vertices_.isEmpty() || QLineF(vertices_.back(), map).length() > 2 * canvas_->view().metres_per_pixel) vertices_.append(map);
  changed();
  canvas_->update();
}

void VertexTool::mousePress(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return;
  ignore_next_release_ = false;  // a double click's release, if any, has come and gone
  press_at_ = e->position().toPoint();
  pressed_ = true;
  dragging_ = false;
}

void VertexTool::mouseMove(QMouseEvent* e) {
  cursor_map_ = canvas_->toMap(e->position());
  if (pressed_ && (e->buttons() & Qt::LeftButton)) {
    const QPoint at = e->position().toPoint();
    if (!dragging_ && (at - press_at_).manhattanLength() >= 4) {
      dragging_ = true;
      canvas_->beginPan(press_at_);
    }
    if (dragging_) canvas_->dragPan(at);
    return;
  }
  if (!vertices_.isEmpty()) {
    changed();
    canvas_->update();
  }
}

void VertexTool::mouseRelease(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return;
  pressed_ = false;
  if (dragging_) {
    dragging_ = false;
    canvas_->endPan();
    return;
  }
  if (ignore_next_release_) {
    ignore_next_release_ = false;
    return;
  }
  cursor_map_ = canvas_->toMap(e->position());
  addVertex(cursor_map_);
}

void VertexTool::mouseDoubleClick(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return;
  // The double click's point counts once, whether or not a release has already added it; the
  // release that follows it must not start a new path.
  addVertex(canvas_->toMap(e->position()));
  ignore_next_release_ = true;
  const QPolygonF done = vertices_;
  vertices_.clear();
  finished(done);
  canvas_->update();
}

bool VertexTool::keyPress(QKeyEvent* e) {
  if (e->key() == Qt::Key_Escape && !vertices_.isEmpty()) {
    clear();
    return true;
  }
  if (e->key() == Qt::Key_Backspace && !vertices_.isEmpty()) {
    vertices_.removeLast();
    changed();
    canvas_->update();
    return true;
  }
  return false;
}

}  // namespace cp
