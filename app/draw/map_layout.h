#pragma once
// A printable map: title, the map in a frame, legend, scale bar, north arrow, CRS and source
// line, at a chosen paper size and resolution, to PNG or PDF.
#include <QSizeF>
#include <QString>

#include <optional>
#include <vector>

#include "map_renderer.h"

namespace cp {

struct LegendEntry {
  QString label;
  QColor fill;
  QColor stroke;
  bool point = false;
};

struct MapLayout {
  QString title;
  QString subtitle;  // CRS, date, sources
  QSizeF page_mm{297, 210};
  double dpi = 300;
  std::optional<double> scale;  // 1:scale on paper around the extent's centre; empty: the extent fills the frame
  std::vector<LegendEntry> legend;  // long labels wrap; entries that do not fit one column go on in the next
  QString attribution;  // sources of the data and basemaps, printed under the map
};

// Draws the layout on a painter whose device is `pixels` wide and high at `dpi` (a page of a
// PDF, an image).
void paint_layout(QPainter& painter, QSize pixels, double dpi, const MapLayout& layout, const std::vector<LayerToDraw>& layers,
                  const QRectF& extent);

// Writes PNG or PDF by the file's extension; the map shows `extent` (map coordinates) as large as
// the frame allows. Returns false with a reason when the file cannot be written.
bool export_map(const QString& file, const MapLayout& layout, const std::vector<LayerToDraw>& layers, const QRectF& extent,
                QString* error = nullptr);

}  // namespace cp
