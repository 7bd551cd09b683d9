#include "map_layout.h"

#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <cmath>

#include "geo/style.h"

namespace cp {

void paint_layout(QPainter& p, QSize pixels, double dpi, const MapLayout& layout, const std::vector<LayerToDraw>& layers,
                 const QRectF& extent) {
  const double mm = dpi / 25.4;
  p.fillRect(QRect(QPoint(0, 0), pixels), Qt::white);
  const double margin = 10 * mm;
  QFont title_font(geo::kLabelFontFamily);
  title_font.setPixelSize(static_cast<int>(7 * mm));
  title_font.setBold(true);
  p.setFont(title_font);
  p.setPen(Qt::black);
  p.drawText(QRectF(margin, margin * 0.6, pixels.width() - 2 * margin, 9 * mm), Qt::AlignLeft | Qt::AlignVCenter, layout.title);

  QFont small(geo::kLabelFontFamily);
  small.setPixelSize(static_cast<int>(3.2 * mm));
  // The legend in as many columns as its entries need, each label wrapped to the column: the
  // map's frame gives way to it, so that no entry leaves the page.
  const double column_width = 55 * mm;
  const double text_width = column_width - 10 * mm;
  const double top = margin + 10 * mm;
  const double bottom = pixels.height() - margin - 6 * mm;
  const QFontMetricsF metrics(small, p.device());
  std::vector<double> heights;
  for (const auto& entry : layout.legend)
    heights.push_back(std::max(6 * mm, metrics.boundingRect(QRectF(0, 0, text_width, 1e6), Qt::TextWordWrap, entry.label).height() + 1.5 * mm));
  int columns = 1;
  {
    double y = top + 8 * mm;
    for (double h : heights) {
      if (y + h > bottom && y > top + 8 * mm) {
        ++columns;
        y = top + 8 * mm;
      }
      y += h;
    }
  }
  const double legend_width = columns * column_width;
  const QRectF frame(margin, top, std::max(40 * mm, pixels.width() - 3 * margin - legend_width), pixels.height() - 2 * margin - 16 * mm);
  const QSize frame_size(static_cast<int>(frame.width()), static_cast<int>(frame.height()));
  MapView view = MapView::fit(extent, frame_size, 0.02);
  if (layout.scale && *layout.scale > 0) view.metres_per_pixel = *layout.scale * 0.0254 / dpi;
  p.save();
  p.setClipRect(frame);
  p.translate(frame.topLeft());
  const std::atomic<bool> never{false};
  // Sizes in the renderer are in pixels of a 96-dpi screen; scale them to the page.
  const double screen = dpi / 96.0;
  MapView page_view = view;
  page_view.metres_per_pixel *= screen;
  p.scale(screen, screen);
  paint_map(p, layers, page_view, QSize(static_cast<int>(frame.width() / screen), static_cast<int>(frame.height() / screen)), never);
  p.restore();
  p.setPen(QPen(Qt::black, 0.3 * mm));
  p.setBrush(Qt::NoBrush);
  p.drawRect(frame);

  // North arrow, in the frame's top right corner (Gauss-Kruger grid north).
  const QPointF tip(frame.right() - 10 * mm, frame.top() + 5 * mm);
  QPolygonF arrow({tip, tip + QPointF(3.5 * mm, 10 * mm), tip + QPointF(0, 7.5 * mm), tip + QPointF(-3.5 * mm, 10 * mm)});
  p.setBrush(Qt::black);
  p.drawPolygon(arrow);
  p.setFont(small);
  p.drawText(QRectF(tip.x() - 5 * mm, tip.y() + 10.5 * mm, 10 * mm, 5 * mm), Qt::AlignCenter, "N");

  // Scale bar: a round length near a quarter of the frame.
  const double metres_per_page_pixel = view.metres_per_pixel;
  const double target = frame.width() / 4 * metres_per_page_pixel;
  const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
  double length = magnitude;
  for (double step : {2.0, 5.0})
    if (magnitude * step <= target) length = magnitude * step;
  const double bar = length / metres_per_page_pixel;
  const QPointF origin(frame.left() + 6 * mm, frame.bottom() - 8 * mm);
  p.setBrush(QColor(255, 255, 255, 220));
  p.setPen(Qt::NoPen);
  p.drawRect(QRectF(origin.x() - 2 * mm, origin.y() - 6 * mm, bar + 26 * mm, 10 * mm));
  p.setPen(QPen(Qt::black, 0.5 * mm));
  p.drawLine(origin, origin + QPointF(bar, 0));
  p.drawLine(origin, origin + QPointF(0, -2 * mm));
  p.drawLine(origin + QPointF(bar / 2, 0), origin + QPointF(bar / 2, -1.2 * mm));
  p.drawLine(origin + QPointF(bar, 0), origin + QPointF(bar, -2 * mm));
  p.drawText(QRectF(origin.x() + bar + 2 * mm, origin.y() - 3 * mm, 22 * mm, 5 * mm), Qt::AlignLeft | Qt::AlignVCenter,
             length >= 1000 ? QString("%1 km").arg(length / 1000) : QString("%1 m").arg(length));

  // Legend.
  double y = frame.top();
  double x = frame.right() + margin;
  QFont heading = small;
  heading.setBold(true);
  p.setFont(heading);
  p.setPen(Qt::black);
  p.drawText(QRectF(x, y, legend_width, 6 * mm), Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("Legend"));
  y += 8 * mm;
  p.setFont(small);
  for (std::size_t i = 0; i < layout.legend.size(); ++i) {
    const auto& entry = layout.legend[i];
    if (y + heights[i] > bottom && y > top + 8 * mm) {
      x += column_width;
      y = top + 8 * mm;
    }
    const QRectF swatch(x, y + 0.8 * mm, 6 * mm, 4 * mm);
    p.setPen(QPen(entry.stroke, 0.3 * mm));
    p.setBrush(entry.fill);
    if (entry.point)
      p.drawEllipse(swatch.center(), 1.6 * mm, 1.6 * mm);
    else
      p.drawRect(swatch);
    p.setPen(Qt::black);
    p.drawText(QRectF(x + 8 * mm, y, text_width, heights[i]), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, entry.label);
    y += heights[i];
  }
  p.setFont(small);
  p.drawText(QRectF(margin, pixels.height() - margin - 4 * mm, pixels.width() - 2 * margin, 5 * mm), Qt::AlignLeft | Qt::AlignVCenter,
             layout.attribution.isEmpty() ? layout.subtitle : layout.subtitle + " · " + layout.attribution);
}

bool export_map(const QString& file, const MapLayout& layout, const std::vector<LayerToDraw>& layers, const QRectF& extent,
                QString* error) {
  const QSize pixels(static_cast<int>(std::round(layout.page_mm.width() / 25.4 * layout.dpi)),
                     static_cast<int>(std::round(layout.page_mm.height() / 25.4 * layout.dpi)));
  // Written whole or not at all: QSaveFile renames into place on commit.
  QSaveFile out(file);
  if (!out.open(QIODevice::WriteOnly)) {
    if (error) *error = out.errorString();
    return false;
  }
  if (QFileInfo(file).suffix().compare("pdf", Qt::CaseInsensitive) == 0) {
    QPdfWriter pdf(&out);
    pdf.setResolution(static_cast<int>(layout.dpi));
    pdf.setPageSize(QPageSize(layout.page_mm, QPageSize::Millimeter));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setTitle(layout.title);
    pdf.setCreator("Community Planner");
    QPainter painter(&pdf);
    paint_layout(painter, pixels, layout.dpi, layout, layers, extent);
  } else {
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.setDotsPerMeterX(static_cast<int>(layout.dpi / 0.0254));
    image.setDotsPerMeterY(static_cast<int>(layout.dpi / 0.0254));
    QPainter painter(&image);
    paint_layout(painter, pixels, layout.dpi, layout, layers, extent);
    painter.end();
    if (!image.save(&out, "PNG")) {
      if (error) *error = QObject::tr("cannot encode the PNG");
      out.cancelWriting();
      return false;
    }
  }
  if (!out.commit()) {
    if (error) *error = out.errorString();
    return false;
  }
  return true;
}

}  // namespace cp
