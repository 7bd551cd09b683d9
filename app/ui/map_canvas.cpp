#include "map_canvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <QtConcurrent>

#include <cmath>

#include "map_tools/map_tool.h"

namespace cp {

namespace {
constexpr double kMetresPerPixelAt96Dpi = 0.0254 / 96.0;
}

MapCanvas::MapCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setMinimumSize(200, 150);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setFocusPolicy(Qt::StrongFocus);
  connect(&watcher_, &QFutureWatcher<QImage>::finished, this, [this] {
    if (!watcher_.future().isCanceled() && !cancel_->load()) {
      image_ = watcher_.result();
      image_view_ = pending_view_;
      update();
      emit rendered();
    }
    if (refresh_pending_) {
      refresh_pending_ = false;
      refresh();
    }
  });
}

MapCanvas::~MapCanvas() {
  if (cancel_) cancel_->store(true);
  watcher_.waitForFinished();
}

void MapCanvas::setLayers(std::vector<LayerToDraw> layers) {
  layers_ = std::move(layers);
  refresh();
}

void MapCanvas::zoomToExtent(const QRectF& extent) {
  if (extent.isNull()) return;
  setView(MapView::fit(extent, size()));
}

void MapCanvas::setView(const MapView& view) {
  view_ = view;
  emit viewChanged();
  refresh();
}

void MapCanvas::zoomBy(double factor, std::optional<QPointF> anchor) {
  if (!(factor > 0)) return;
  MapView v = view_;
  const QPointF at = anchor ? toMap(*anchor) : v.centre;
  v.metres_per_pixel *= factor;
  v.centre = at + (v.centre - at) * factor;  // the map point under the anchor stays put
  setView(v);
}

void MapCanvas::zoomToScale(double denominator) {
  if (!(denominator > 0) || !std::isfinite(denominator)) return;
  MapView v = view_;
  v.metres_per_pixel = denominator * kMetresPerPixelAt96Dpi;
  setView(v);
}

void MapCanvas::ensureVisible(const QRectF& extent) {
  if (extent.isNull() && extent.topLeft().isNull()) return;
  const QRectF visible = view_.visible(size());
  if (visible.contains(extent)) return;
  if (extent.width() < visible.width() * 0.9 && extent.height() < visible.height() * 0.9) {
    MapView v = view_;
    v.centre = extent.center();
    setView(v);
    return;
  }
  const double pad = std::max({extent.width(), extent.height(), 200.0}) * 0.2;
  zoomToExtent(extent.adjusted(-pad, -pad, pad, pad));
}

void MapCanvas::setHighlight(const std::vector<QPainterPath>& paths, const std::vector<QPointF>& points) {
  highlight_ = paths;
  highlight_points_ = points;
  update();
}

QPointF MapCanvas::toMap(QPointF pixel) const { return view_.to_pixels(size()).inverted().map(pixel); }
QPointF MapCanvas::toPixel(QPointF map) const { return view_.to_pixels(size()).map(map); }
double MapCanvas::scaleDenominator() const { return view_.metres_per_pixel / kMetresPerPixelAt96Dpi; }

void MapCanvas::setMapTool(MapTool* tool) {
  if (tool_ == tool) return;
  if (tool_) tool_->deactivate();
  tool_ = tool;
  if (tool_) {
    tool_->activate();
    setCursor(tool_->cursor());
  } else {
    unsetCursor();
  }
  update();
}

void MapCanvas::refresh() {
  if (layers_.empty() || width() <= 0 || height() <= 0) {
    update();
    return;
  }
  if (watcher_.isRunning()) {  // the next render starts when this one has stopped
    cancel_->store(true);
    refresh_pending_ = true;
    update();
    return;
  }
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  pending_view_ = view_;
  auto layers = layers_;
  const MapView view = view_;
  const QSize size = this->size();
  const double dpr = devicePixelRatioF();
  auto cancel = cancel_;
  // One draw at a time uses the cache: the next starts only when this one has finished.
  LayerCache* cache = cache_.get();
  watcher_.setFuture(
      QtConcurrent::run([layers, view, size, dpr, cancel, cache] { return render_map(layers, view, size, dpr, *cancel, cache); }));
  update();
}

void MapCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(236, 234, 228));
  if (!image_.isNull()) {
    // The last image, placed where its map now lies: shifted and scaled while a new one renders.
    const QTransform image_to_map = image_view_.to_pixels(image_.size() / image_.devicePixelRatio()).inverted();
    const QPointF top_left = toPixel(image_to_map.map(QPointF(0, 0)));
    const double scale = image_view_.metres_per_pixel / view_.metres_per_pixel;
    const QSizeF logical = QSizeF(image_.size()) / image_.devicePixelRatio();
    p.setRenderHint(QPainter::SmoothPixmapTransform, scale != 1.0);
    p.drawImage(QRectF(top_left, logical * scale), image_);
  }
  if (!highlight_.empty() || !highlight_points_.empty()) {
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(QColor(255, 0, 255), 3);
    pen.setCosmetic(true);
    p.setPen(pen);
    p.setBrush(QColor(255, 0, 255, 40));
    p.setTransform(view_.to_pixels(size()));
    for (const auto& path : highlight_) p.drawPath(path);
    p.setTransform(QTransform());
    for (const auto& pt : highlight_points_) p.drawEllipse(toPixel(pt), 9, 9);
  }
  if (tool_) {
    p.save();
    p.setTransform(QTransform());
    tool_->paint(p);
    p.restore();
  }
  drawScaleBar(p);
  drawAttribution(p);
}

void MapCanvas::drawAttribution(QPainter& p) {
  // The sources of the basemaps shown, as their terms ask: bottom right, on a light band.
  QStringList sources;
  for (const auto& layer : layers_)
    if (!layer.data->attribution.isEmpty() && !sources.contains(layer.data->attribution)) sources << layer.data->attribution;
  if (sources.isEmpty()) return;
  const QString text = "© " + sources.join(" · ");
  p.setTransform(QTransform());
  const QFontMetrics metrics(p.font());
  const QRect box = metrics.boundingRect(text).adjusted(-4, -2, 4, 2);
  const QRect placed = box.translated(width() - box.width() - 4 - box.left(), height() - 4 - box.bottom());
  p.fillRect(placed, QColor(255, 255, 255, 200));
  p.setPen(QColor(60, 60, 60));
  p.drawText(placed, Qt::AlignCenter, text);
}

void MapCanvas::drawScaleBar(QPainter& p) {
  if (layers_.empty()) return;
  // A round length near a fifth of the width.
  const double target = width() / 5.0 * view_.metres_per_pixel;
  const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
  double length = magnitude;
  for (double step : {2.0, 5.0, 10.0})
    if (magnitude * step <= target) length = magnitude * step;
  const double pixels = length / view_.metres_per_pixel;
  const QPointF origin(16, height() - 20);
  p.setTransform(QTransform());
  p.setRenderHint(QPainter::Antialiasing, false);
  p.fillRect(QRectF(origin.x() - 6, origin.y() - 22, pixels + 60, 34), QColor(255, 255, 255, 200));
  p.setPen(QPen(Qt::black, 2));
  p.drawLine(origin, origin + QPointF(pixels, 0));
  p.drawLine(origin, origin + QPointF(0, -6));
  p.drawLine(origin + QPointF(pixels, 0), origin + QPointF(pixels, -6));
  p.drawText(origin + QPointF(pixels + 6, 4), length >= 1000 ? QString("%1 km").arg(length / 1000) : QString("%1 m").arg(length));
  p.drawText(origin + QPointF(0, -9), QString("1:%L1").arg(std::round(scaleDenominator()), 0, 'f', 0));
}

void MapCanvas::resizeEvent(QResizeEvent*) {
  emit viewChanged();
  refresh();
}

void MapCanvas::beginPan(QPoint at) {
  pan_from_ = at;
  pan_centre_ = view_.centre;
  setCursor(Qt::ClosedHandCursor);
}

void MapCanvas::dragPan(QPoint at) {
  const QPoint delta = at - pan_from_;
  view_.centre = pan_centre_ + QPointF(-delta.x() * view_.metres_per_pixel, delta.y() * view_.metres_per_pixel);
  emit viewChanged();
  update();  // the old image moves with the mouse; the new one is drawn on release
}

void MapCanvas::endPan() {
  setCursor(tool_ ? tool_->cursor() : QCursor());
  refresh();
}

void MapCanvas::mousePressEvent(QMouseEvent* e) {
  if (e->button() == Qt::MiddleButton) {
    middle_panning_ = true;
    beginPan(e->position().toPoint());
    return;
  }
  if (tool_) tool_->mousePress(e);
}

void MapCanvas::mouseMoveEvent(QMouseEvent* e) {
  emit cursorMoved(toMap(e->position()));
  if (middle_panning_) {
    dragPan(e->position().toPoint());
    return;
  }
  if (tool_) tool_->mouseMove(e);
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* e) {
  if (e->button() == Qt::MiddleButton && middle_panning_) {
    middle_panning_ = false;
    endPan();
    return;
  }
  if (tool_) tool_->mouseRelease(e);
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent* e) {
  if (tool_) tool_->mouseDoubleClick(e);
}

void MapCanvas::keyPressEvent(QKeyEvent* e) {
  if (tool_ && tool_->keyPress(e)) return;
  QWidget::keyPressEvent(e);
}

void MapCanvas::wheelEvent(QWheelEvent* e) {
  const double steps = e->angleDelta().y() / 120.0;
  if (steps == 0) return;
  zoomBy(std::pow(0.8, steps), e->position());
}

}  // namespace cp
