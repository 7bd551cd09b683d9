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

// What one draw of the map leaves for the next draw of the same view: images of the map after its
// first layers, kept where drawing those layers took a while. A redraw after a change to an
// upper layer (a plot edited, a review re-run, a layer hidden or restyled) starts from the image
// below the first layer that changed, as QGIS's renderer cache keeps an image a layer. A layer
// is unchanged while its data (the same MapLayerData) and its style are.
class LayerCache {
 public:
  // How many layers the last draw through this cache drew (the rest came from an image).
  int layersRedrawn() const { return redrawn_; }

  static constexpr qint64 kWorthKeepingMs = 8;

 private:
  friend QImage render_map(const std::vector<LayerToDraw>&, const MapView&, QSize, double, const std::atomic<bool>&, LayerCache*);
  struct Snapshot {
    std::size_t layers;  // the image after the first `layers` layers
    QImage image;
  };
  MapView view_;
  QSize size_;
  double device_pixel_ratio_ = 0;
  std::vector<LayerToDraw> layers_;
  std::vector<Snapshot> snapshots_;
  int redrawn_ = 0;
};

// Draws bottom layer first. Features smaller than a pixel are skipped (points and labels are
// not); returns early with a partial image when cancel becomes true. With a cache, layers that
// have not changed since its last draw of this view are taken from it (one draw at a time).
QImage render_map(const std::vector<LayerToDraw>& layers, const MapView& view, QSize size, double device_pixel_ratio,
                  const std::atomic<bool>& cancel, LayerCache* cache = nullptr);

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
