#pragma once
// The map widget: shows the last finished image, scaled and shifted while the user pans and
// zooms, and asks a worker thread for a new one (cancelling the previous job). It never draws
// the map on the UI thread and is never blank while redrawing. Mouse and keys go to the current
// map tool (map_tools/), as QgsMapCanvas hands them to a QgsMapTool; the wheel zooms and the
// middle button pans whatever the tool.
#include <QFutureWatcher>
#include <QImage>
#include <QPainterPath>
#include <QPointer>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

#include "map_renderer.h"

namespace cp {

class MapTool;

class MapCanvas : public QWidget {
  Q_OBJECT
 public:
  explicit MapCanvas(QWidget* parent = nullptr);
  ~MapCanvas() override;

  void setLayers(std::vector<LayerToDraw> layers);
  const std::vector<LayerToDraw>& layers() const { return layers_; }
  void zoomToExtent(const QRectF& extent);
  void setView(const MapView& view);
  const MapView& view() const { return view_; }
  // Zooms by factor (< 1 zooms in) keeping the map point under anchor (pixels) in place; the
  // canvas's centre when anchor is null.
  void zoomBy(double factor, std::optional<QPointF> anchor = std::nullopt);
  void zoomToScale(double denominator);
  // Shows an extent if it is not in view already: pans when it fits at this scale, zooms out when not.
  void ensureVisible(const QRectF& extent);
  // Highlighted outlines (map coordinates), drawn above the map image.
  void setHighlight(const std::vector<QPainterPath>& paths, const std::vector<QPointF>& points = {});

  QPointF toMap(QPointF pixel) const;
  QPointF toPixel(QPointF map) const;
  double scaleDenominator() const;  // 1:N at 96 dpi
  bool isRendering() const { return watcher_.isRunning(); }

  // The tool that receives the mouse; not owned. Null: the map only zooms and pans (middle button).
  void setMapTool(MapTool* tool);
  MapTool* mapTool() const { return tool_; }

  // Panning by dragging, shared by the pan tool and the middle button: the old image moves with
  // the mouse, the new one is drawn when the drag ends.
  void beginPan(QPoint at);
  void dragPan(QPoint at);
  void endPan();

 signals:
  void cursorMoved(QPointF map);
  void viewChanged();  // every change of centre or scale, at once (the status bar follows it)
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
  void drawAttribution(QPainter& p);

  std::vector<LayerToDraw> layers_;
  MapView view_;
  QImage image_;
  MapView image_view_;
  MapView pending_view_;  // the view the running job draws
  QFutureWatcher<QImage> watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  // Images of the map's lower layers at the last view, for redraws after a change above them.
  std::unique_ptr<LayerCache> cache_ = std::make_unique<LayerCache>();
  bool refresh_pending_ = false;
  QPoint pan_from_;
  QPointF pan_centre_;
  bool middle_panning_ = false;
  std::vector<QPainterPath> highlight_;
  std::vector<QPointF> highlight_points_;
  MapTool* tool_ = nullptr;  // owned by the canvas (its QObject parent)
};

}  // namespace cp
