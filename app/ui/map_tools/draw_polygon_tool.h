#pragma once
// Draws a new development plot: click its corners, double-click to finish.
#include "vertex_tool.h"

namespace cp {

class DrawPolygonTool : public VertexTool {
  Q_OBJECT
 public:
  using VertexTool::VertexTool;
  void paint(QPainter& p) override;

 signals:
  void polygonDrawn(QPolygonF map_ring);  // closed: the first vertex repeated at the end

 protected:
  void finished(const QPolygonF& vertices) override;
};

}  // namespace cp
