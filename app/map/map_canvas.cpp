#include "map_canvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <QtConcurrent>

#include <cmath>

namespace cp {

MapCanvas::MapCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setMinimumSize(200, 150);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setCursor(Qt::OpenHandCursor);
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
  view_ = MapView::fit(extent, size());
  refresh();
}

void MapCanvas::setView(const MapView& view) {
  view_ = view;
  refresh();
}

void MapCanvas::setHighlight(const std::vector<QPainterPath>& paths, const std::vector<QPointF>& points) {
  highlight_ = paths;
  highlight_points_ = points;
  update();
}

QPointF MapCanvas::toMap(QPointF pixel) const { return view_.to_pixels(size()).inverted().map(pixel); }
QPointF MapCanvas::toPixel(QPointF map) const { return view_.to_pixels(size()).map(map); }
double MapCanvas::scaleDenominator() const { return view_.metres_per_pixel / (0.0254 / 96.0); }

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
  watcher_.setFuture(QtConcurrent::run([layers, view, size, dpr, cancel] { return render_map(layers, view, size, dpr, *cancel); }));
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
  if (!drawing_.isEmpty()) {  // the polygon being drawn, with a rubber band to the cursor
    p.setTransform(QTransform());
    p.setRenderHint(QPainter::Antialiasing);
    QPolygonF pixels;
    for (const QPointF& pt : drawing_) pixels << toPixel(pt);
    pixels << toPixel(cursor_map_);
    p.setPen(QPen(QColor(0, 120, 255), 2, Qt::DashLine));
    p.setBrush(QColor(0, 120, 255, 40));
    p.drawPolygon(pixels);
    p.setBrush(QColor(0, 120, 255));
    for (const QPointF& pt : drawing_) p.drawEllipse(toPixel(pt), 3, 3);
  }
  drawScaleBar(p);
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
  p.drawText(origin + QPointF(0, -9), QString("1:%L1").arg(std::round(scaleDenominator())));
}

void MapCanvas::resizeEvent(QResizeEvent*) { refresh(); }

void MapCanvas::setTool(Tool tool) {
  tool_ = tool;
  drawing_.clear();
  setCursor(tool == Tool::Pan ? Qt::OpenHandCursor : Qt::CrossCursor);
  setFocusPolicy(Qt::StrongFocus);
  update();
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent* e) {
  if (tool_ != Tool::DrawPolygon || e->button() != Qt::LeftButton) return;
  // The double click's point counts once, whether or not a release has already added it; the
  // release that follows it must not start a new polygon.
  const QPointF at = toMap(e->position());
  if (drawing_.isEmpty() || QLineF(drawing_.back(), at).length() > 2 * view_.metres_per_pixel) drawing_.append(at);
  ignore_next_release_ = true;
  if (drawing_.size() >= 3) {
    QPolygonF ring = drawing_;
    ring.append(ring.front());
    drawing_.clear();
    update();
    emit polygonDrawn(ring);
  }
}

void MapCanvas::keyPressEvent(QKeyEvent* e) {
  if (e->key() == Qt::Key_Escape && !drawing_.isEmpty()) {
    drawing_.clear();
    update();
    return;
  }
  QWidget::keyPressEvent(e);
}

void MapCanvas::mousePressEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return;
  ignore_next_release_ = false;  // a double click's release, if any, has come and gone
  press_at_ = e->position().toPoint();
  press_centre_ = view_.centre;
  dragging_ = false;
}

void MapCanvas::mouseMoveEvent(QMouseEvent* e) {
  cursor_map_ = toMap(e->position());
  emit cursorMoved(cursor_map_);
  if (!drawing_.isEmpty()) update();
  if (!(e->buttons() & Qt::LeftButton)) return;
  const QPoint delta = e->position().toPoint() - press_at_;
  if (!dragging_ && delta.manhattanLength() < 4) return;
  dragging_ = true;
  setCursor(Qt::ClosedHandCursor);
  view_.centre = press_centre_ + QPointF(-delta.x() * view_.metres_per_pixel, delta.y() * view_.metres_per_pixel);
  update();  // the old image moves with the mouse; the new one is drawn on release
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return;
  setCursor(Qt::OpenHandCursor);
  if (ignore_next_release_) {
    ignore_next_release_ = false;
  } else if (dragging_) {
    refresh();
  } else if (tool_ == Tool::DrawPolygon) {
    const QPointF at = toMap(e->position());
    // A double click releases twice at the same place: one vertex, not two.
    if (drawing_.isEmpty() || QLineF(drawing_.back(), at).length() > 2 * view_.metres_per_pixel) drawing_.append(at);
    update();
  } else {
    emit clicked(toMap(e->position()));
  }
  dragging_ = false;
}

void MapCanvas::wheelEvent(QWheelEvent* e) {
  const double steps = e->angleDelta().y() / 120.0;
  if (steps == 0) return;
  const QPointF anchor = toMap(e->position());
  const double factor = std::pow(0.8, steps);
  view_.metres_per_pixel *= factor;
  // Keep the map point under the cursor where it is.
  view_.centre = anchor + (view_.centre - anchor) * factor;
  update();
  refresh();
}

}  // namespace cp
