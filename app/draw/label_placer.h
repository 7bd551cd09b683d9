#pragma once
// Places labels so that none covers another: each label tries a few positions around its anchor
// (inside its polygon, or around its point symbol) and takes the first that is free; labels of
// higher priority are placed first (communities over plots over facilities over buildings), the
// larger feature first within a priority. Areas a label should rather not cover (the plots under
// review) are avoided when another position is free, and covered only when none is.
#include <QRectF>
#include <QSizeF>

#include <optional>
#include <unordered_map>
#include <vector>

namespace cp {

class LabelPlacer {
 public:
  explicit LabelPlacer(QRectF bounds, double cell = 64.0);

  // Somewhere labels should not go unless they must.
  void avoid(const QRectF& area);
  // Tries the candidate boxes in order (each the label's box in pixels); returns the one taken,
  // or nothing when each would overlap a placed label or leave the bounds.
  std::optional<QRectF> place(const std::vector<QRectF>& candidates);

  // Candidate boxes for a label of `size`: for a polygon, at its anchor then shifted up, down,
  // left and right while it stays inside the feature's box; for a point symbol of radius r,
  // right, left, above and below it.
  static std::vector<QRectF> polygon_candidates(QPointF anchor, QSizeF size, const QRectF& feature_box);
  static std::vector<QRectF> point_candidates(QPointF anchor, QSizeF size, double radius);

 private:
  bool free(const QRectF& box, const std::vector<QRectF>& taken_or_avoided, bool use_avoided) const;
  std::vector<long long> cells_of(const QRectF& box) const;
  void insert(const QRectF& box, std::vector<QRectF>& into, std::unordered_map<long long, std::vector<std::size_t>>& grid);

  QRectF bounds_;
  double cell_;
  std::vector<QRectF> placed_, avoided_;
  std::unordered_map<long long, std::vector<std::size_t>> placed_grid_, avoided_grid_;
};

}  // namespace cp
