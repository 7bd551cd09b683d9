#pragma once
// The map widget: shows the last finished image, scaled and shifted while the user pans and
// zooms, and asks a worker thread for a new one (cancelling the previous job). It never draws
// the map on the UI thread and is never blank while redrawing.
#include <QFutureWatcher>
#include <QImage>
#include <QPainterPath>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

#include "map_renderer.h"

namespace cp {

class MapCanvas : public QWidget {
  Q_OBJECT
 public:
  enum class Tool { Pan, DrawPolygon };

  explicit MapCanvas(QWidget* parent = nullptr);
  ~MapCanvas() override;

  void setLayers(std::vector<LayerToDraw> layers);
  const std::vector<LayerToDraw>& layers() const { return layers_; }
  void zoomToExtent(const QRectF& extent);
  void setView(const MapView& view);
  const MapView& view() const { return view_; }
  // Highlighted outlines (map coordinates), drawn above the map image.
  void setHighlight(const std::vector<QPainterPath>& paths, const std::vector<QPointF>& points = {});

  QPointF toMap(QPointF pixel) const;
  QPointF toPixel(QPointF map) const;
  double scaleDenominator() const;  // 1:N at 96 dpi
  bool isRendering() const { return watcher_.isRunning(); }
  // Pan: drag pans, a click identifies. DrawPolygon: clicks add vertices, a double click
  // finishes the polygon, Escape drops it.
  void setTool(Tool tool);
  Tool tool() const { return tool_; }

 signals:
  void cursorMoved(QPointF map);
  void clicked(QPointF map);
  void polygonDrawn(QPolygonF map_ring);
  void rendered();

 protected:
  void paintEvent(QPaintEvent*) override;
  void resizeEvent(QResizeEvent*) override;
  void mousePressEvent(QMouseEvent*) override;
  void mouseMoveEvent(QMouseEvent*) override;
  void mouseReleaseEvent(QMouseEvent*) override;
  void wheelEvent(QWheelEvent*) override;
  void mouseDoubleClickEvent(QMouseEvent*) override;
  void keyPressEvent(QKeyEvent*) override;

 private:
  void refresh();
  void drawScaleBar(QPainter& p);

  std::vector<LayerToDraw> layers_;
  MapView view_;
  QImage image_;
  MapView image_view_;
  MapView pending_view_;  // the view the running job draws
  QFutureWatcher<QImage> watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  bool refresh_pending_ = false;
  QPoint press_at_;
  QPointF press_centre_;
  bool dragging_ = false;
  std::vector<QPainterPath> highlight_;
  std::vector<QPointF> highlight_points_;
  Tool tool_ = Tool::Pan;
  QPolygonF drawing_;  // map coordinates
  QPointF cursor_map_;
  bool ignore_next_release_ = false;
};

}  // namespace cp
