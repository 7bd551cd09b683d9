#include "layer_plan.h"

#include <algorithm>

namespace cp {

namespace {

// Areas smaller than this many pixels each way are drawn as their extent's pixels.
constexpr double kSpeckPixels = 3.0;

}  // namespace

QColor fill_of(const MapLayerData& layer, const LayerStyle& style, std::size_t feature) {
  return layer.feature_fill[feature].value_or(style.fill);
}

QColor stroke_of(const MapLayerData& layer, const LayerStyle& style, std::size_t feature) {
  return layer.feature_stroke[feature].value_or(style.stroke);
}

bool is_cased(const LayerStyle& style) { return style.line_style != Qt::SolidLine && style.stroke_width > 0; }

bool reaches(const QRectF& extent, const QRectF& visible) {
  return extent.left() <= visible.right() && extent.right() >= visible.left() && extent.top() <= visible.bottom() &&
         extent.bottom() >= visible.top();
}

std::optional<LayerPlan> plan_layer(const MapLayerData& d, const LayerStyle& st, const ViewFrame& frame,
                                    const std::atomic<bool>& cancel) {
  LayerPlan plan;
  const bool points = is_point_layer(d);
  // Lines under a plain outline (streets) are drawn as plain segments, by colour.
  const bool lines = is_line_layer(d) && !is_cased(st) && st.stroke_width > 0;
  const double pixel = frame.pixel;
  for (std::size_t i = 0; i < d.extents.size(); ++i) {
    if ((i & 4095) == 0 && cancel.load(std::memory_order_relaxed)) return std::nullopt;
    const QRectF& e = d.extents[i];
    if (e.isNull() && !points) continue;
    if (!reaches(e, frame.visible)) continue;
    if (points) {
      plan.symbols.push_back(i);
      continue;
    }
    // Detail too small to see is dropped: a feature under a pixel draws nothing useful.
    if (e.width() < pixel && e.height() < pixel) continue;
    if (lines) {
      plan.lines[stroke_of(d, st, i).rgba()].push_back(i);
      continue;
    }
    const QColor fill = fill_of(d, st, i);
    // At a city's full extent its buildings are 2-3 pixels wide: rasterising each outline
    // antialiased would cost most of the draw for no visible difference.
    if (fill.alpha() > 0 && e.width() < kSpeckPixels * pixel && e.height() < kSpeckPixels * pixel) {
      plan.specks[fill.rgba()].push_back(i);
      continue;
    }
    // Outlines of features a few pixels across would bury their fill: fill only.
    const bool tiny = e.width() < 4 * pixel && e.height() < 4 * pixel && fill.alpha() > 0;
    plan.shapes.push_back({i, st.stroke_width > 0 && !tiny});
  }
  return plan;
}

}  // namespace cp
