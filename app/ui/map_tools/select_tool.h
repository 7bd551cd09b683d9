#pragma once
// Selects features: a click picks what is under it, a drag picks what the rectangle touches;
// with Ctrl or Shift the pick is added to the selection.
#include <QPoint>
#include <QRectF>

#include "map_tool.h"

namespace cp {

class SelectTool : public MapTool {
  Q_OBJECT
 public:
  using MapTool::MapTool;
  void mousePress(QMouseEvent* e) override;
  void mouseMove(QMouseEvent* e) override;
  void mouseRelease(QMouseEvent* e) override;
  void paint(QPainter& p) override;
  QCursor cursor() const override { return Qt::ArrowCursor; }

 signals:
  // A rectangle in map coordinates (a click gives a square a few pixels across around it).
  void selectRequested(QRectF map, bool click, bool add);

 private:
  QPoint from_, to_;
  bool pressed_ = false;
};

}  // namespace cp
