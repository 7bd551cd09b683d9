#pragma once
// What each feature of a layer becomes at one view: left out (outside, or under a pixel), a point
// symbol, a street drawn as plain segments, a speck (an area a few pixels across, drawn as its
// extent's pixels) or a shape filled and outlined. Decided once here and drawn by either painter:
// QPainter for pages and vector devices, the raster painter (raster_painter.h) for the screen.
#include <QColor>
#include <QRectF>
#include <QTransform>

#include <atomic>
#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "map_layer.h"

namespace cp {

// The view as the painters need it: map to device pixels, what is seen, and the sizes that
// decide level of detail.
struct ViewFrame {
  QTransform world;      // map coordinates -> device pixels
  QRectF visible;        // in map coordinates
  double pixel = 1.0;    // map units per screen pixel
  double device = 1.0;   // device pixels per screen pixel (a page's resolution, a high-dpi screen)
};

struct LayerShape {
  std::size_t feature;
  bool outlined;  // false: its outline would bury its fill at this size
};

struct LayerPlan {
  std::vector<std::size_t> symbols;                    // point features, in order
  std::map<QRgb, std::vector<std::size_t>> lines;      // by stroke colour: plain segments
  std::map<QRgb, std::vector<std::size_t>> specks;     // by fill colour: their extent's pixels
  std::vector<LayerShape> shapes;                      // filled and outlined one by one, in order
};

QColor fill_of(const MapLayerData& layer, const LayerStyle& style, std::size_t feature);
QColor stroke_of(const MapLayerData& layer, const LayerStyle& style, std::size_t feature);
// Whether outlines are dashed and run on a light casing (a boundary).
bool is_cased(const LayerStyle& style);

// Whether a feature's extent reaches into the view, edges included: QRectF::intersects wants an
// overlap of some area, which a horizontal or vertical street (an extent without height or
// width) or a point never has.
bool reaches(const QRectF& extent, const QRectF& visible);

// The plan of a vector layer (not a basemap) at this view; nothing when cancelled.
std::optional<LayerPlan> plan_layer(const MapLayerData& layer, const LayerStyle& style, const ViewFrame& frame,
                                    const std::atomic<bool>& cancel);

}  // namespace cp
