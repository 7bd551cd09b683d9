#pragma once
// Drag pans the map; a click (no drag) identifies what is under it.
#include <QPoint>
#include <QPointF>

#include "map_tool.h"

namespace cp {

class PanTool : public MapTool {
  Q_OBJECT
 public:
  using MapTool::MapTool;
  void mousePress(QMouseEvent* e) override;
  void mouseMove(QMouseEvent* e) override;
  void mouseRelease(QMouseEvent* e) override;
  QCursor cursor() const override { return Qt::OpenHandCursor; }

 signals:
  void clicked(QPointF map);

 private:
  QPoint press_at_;
  bool pressed_ = false;
  bool dragging_ = false;
};

}  // namespace cp
