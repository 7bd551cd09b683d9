#include "label_placer.h"

#include <cmath>

namespace cp {

LabelPlacer::LabelPlacer(QRectF bounds, double cell) : bounds_(bounds), cell_(cell) {}

std::vector<long long> LabelPlacer::cells_of(const QRectF& box) const {
  std::vector<long long> cells;
  const long long x0 = static_cast<long long>(std::floor(box.left() / cell_)), x1 = static_cast<long long>(std::floor(box.right() / cell_));
  const long long y0 = static_cast<long long>(std::floor(box.top() / cell_)), y1 = static_cast<long long>(std::floor(box.bottom() / cell_));
  for (long long x = x0; x <= x1; ++x)
    for (long long y = y0; y <= y1; ++y) cells.push_back(x * 1000003LL + y);
  return cells;
}

void LabelPlacer::insert(const QRectF& box, std::vector<QRectF>& into, std::unordered_map<long long, std::vector<std::size_t>>& grid) {
  into.push_back(box);
  for (long long c : cells_of(box)) grid[c].push_back(into.size() - 1);
}

void LabelPlacer::avoid(const QRectF& area) {
  const QRectF clipped = area.intersected(bounds_);
  if (!clipped.isEmpty()) insert(clipped, avoided_, avoided_grid_);
}

bool LabelPlacer::free(const QRectF& box, const std::vector<QRectF>& boxes, bool use_avoided) const {
  const auto& grid = use_avoided ? avoided_grid_ : placed_grid_;
  for (long long c : cells_of(box)) {
    auto it = grid.find(c);
    if (it == grid.end()) continue;
    for (std::size_t i : it->second)
      if (boxes[i].intersects(box)) return false;
  }
  return true;
}

std::optional<QRectF> LabelPlacer::place(const std::vector<QRectF>& candidates) {
  // First a position clear of labels and of the areas to avoid; then one clear of labels only.
  for (bool strict : {true, false})
    for (const QRectF& box : candidates) {
      if (!bounds_.contains(box) || !free(box, placed_, false)) continue;
      if (strict && !free(box, avoided_, true)) continue;
      insert(box, placed_, placed_grid_);
      return box;
    }
  return std::nullopt;
}

std::vector<QRectF> LabelPlacer::polygon_candidates(QPointF anchor, QSizeF size, const QRectF& feature_box) {
  std::vector<QRectF> out;
  const QRectF centred(anchor.x() - size.width() / 2, anchor.y() - size.height() / 2, size.width(), size.height());
  out.push_back(centred);
  for (QPointF shift : {QPointF(0, -1.2 * size.height()), QPointF(0, 1.2 * size.height()), QPointF(-0.6 * size.width(), 0),
                        QPointF(0.6 * size.width(), 0), QPointF(0, -2.4 * size.height()), QPointF(0, 2.4 * size.height())}) {
    const QRectF moved = centred.translated(shift);
    // Still on its feature: its centre inside the feature's box.
    if (feature_box.contains(moved.center())) out.push_back(moved);
  }
  return out;
}

std::vector<QRectF> LabelPlacer::point_candidates(QPointF anchor, QSizeF size, double radius) {
  const double gap = radius + 2;
  const double w = size.width(), h = size.height();
  return {QRectF(anchor.x() + gap, anchor.y() - h / 2, w, h), QRectF(anchor.x() - gap - w, anchor.y() - h / 2, w, h),
          QRectF(anchor.x() - w / 2, anchor.y() - gap - h, w, h), QRectF(anchor.x() - w / 2, anchor.y() + gap, w, h)};
}

}  // namespace cp
