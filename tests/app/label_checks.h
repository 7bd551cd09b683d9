#pragma once
// What the cartography tests ask of the labels a view places.
#include <QImage>
#include <QPainter>

#include <atomic>
#include <vector>

#include "map_renderer.h"
#include "session.h"

namespace label_checks {

// Every label the map places at a view, as it draws them.
inline std::vector<cp::PlacedLabel> labels_at(const cp::Session& session, const cp::MapView& view, QSize size) {
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  QPainter painter(&image);
  const std::atomic<bool> never{false};
  return cp::paint_labels(painter, session.layersToDraw(), view, size, never);
}

inline bool any_overlap(const std::vector<cp::PlacedLabel>& labels, QString* which) {
  for (std::size_t i = 0; i < labels.size(); ++i)
    for (std::size_t k = i + 1; k < labels.size(); ++k)
      if (labels[i].box.intersects(labels[k].box)) {
        *which = labels[i].text + " / " + labels[k].text;
        return true;
      }
  return false;
}

}  // namespace label_checks
