#pragma once
// Tools that collect vertices by clicking (drawing a plot, measuring): a click adds a vertex, a
// double click adds the last one and finishes, Backspace drops the last vertex, Escape all.
// Dragging with the left button still pans, so that a long outline can be drawn across the map.
#include <QPoint>
#include <QPolygonF>

#include "map_tool.h"

namespace cp {

class VertexTool : public MapTool {
  Q_OBJECT
 public:
  using MapTool::MapTool;
  void deactivate() override;
  void mousePress(QMouseEvent* e) override;
  void mouseMove(QMouseEvent* e) override;
  void mouseRelease(QMouseEvent* e) override;
  void mouseDoubleClick(QMouseEvent* e) override;
  bool keyPress(QKeyEvent* e) override;

  const QPolygonF& vertices() const { return vertices_; }  // map coordinates
  QPointF cursorAt() const { return cursor_map_; }

 protected:
  // The vertices so far changed (cursor: where the rubber band ends).
  virtual void changed() {}
  // A double click ended the path.
  virtual void finished(const QPolygonF& vertices) = 0;
  void clear();

 private:
  void addVertex(QPointF map);
  QPolygonF vertices_;
  QPointF cursor_map_;
  QPoint press_at_;
  bool pressed_ = false;
  bool dragging_ = false;
  bool ignore_next_release_ = false;
};

}  // namespace cp
