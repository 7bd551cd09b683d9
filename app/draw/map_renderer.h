#pragma once
// Draws layers into an image: the job the canvas runs on a worker thread (QPainter on a QImage,
// the way QGIS's map renderer does), and the same function serves PNG export and tests.
#include <QImage>
#include <QRectF>
#include <QSize>

#include <atomic>
#include <vector>

#include "map_layer.h"

namespace cp {

struct LayerToDraw {
  MapLayerPtr data;
  LayerStyle style;
};

// What part of the map is seen: the map point at the image's centre and metres per pixel.
struct MapView {
  QPointF centre;
  double metres_per_pixel = 1.0;

  QTransform to_pixels(QSize size) const;  // map (y up) -> pixels (y down)
  QRectF visible(QSize size) const;        // in map coordinates
  static MapView fit(const QRectF& extent, QSize size, double margin = 0.05);
};

// Draws bottom layer first. Features smaller than a pixel are skipped (points and labels are
// not); returns early with a partial image when cancel becomes true.
QImage render_map(const std::vector<LayerToDraw>& layers, const MapView& view, QSize size, double device_pixel_ratio,
                  const std::atomic<bool>& cancel);

// The labels of the layers that have a label field, placed without overlaps (label_placer.h);
// paint_map calls it last, above every layer.
struct PlacedLabel {
  QString text;
  QRectF box;  // device pixels
  int priority = 0;
};
std::vector<PlacedLabel> paint_labels(QPainter& painter, const std::vector<LayerToDraw>& layers, const MapView& view, QSize size,
                                      const std::atomic<bool>& cancel);

// Draws into an existing painter (PNG/PDF export share this).
void paint_map(QPainter& painter, const std::vector<LayerToDraw>& layers, const MapView& view, QSize size,
               const std::atomic<bool>& cancel);

}  // namespace cp
