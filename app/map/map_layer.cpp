#include "map_layer.h"

#include "geo/spatial_index.h"

namespace cp {

std::shared_ptr<MapLayerData> make_map_layer(std::shared_ptr<const geo::LayerData> source, const QString& id, const QString& name,
                                             const QString& label_field) {
  const geo::LayerData& layer = *source;
  auto out = std::make_shared<MapLayerData>();
  out->id = id;
  out->name = name;
  out->source = std::move(source);
  out->paths.reserve(layer.size());
  for (std::size_t i = 0; i < layer.size(); ++i) {
    const geo::Geometry& g = layer.geometries[i];
    if (out->kind == geo::GeometryKind::Empty) out->kind = g.kind;
    QPainterPath path;
    path.setFillRule(Qt::OddEvenFill);
    const bool areal = g.kind == geo::GeometryKind::Polygon || g.kind == geo::GeometryKind::MultiPolygon;
    const bool linear = g.kind == geo::GeometryKind::LineString || g.kind == geo::GeometryKind::MultiLineString;
    if (areal || linear) {
      for (const auto& part : g.parts)
        for (const auto& ring : part) {
          if (ring.empty()) continue;
          path.moveTo(ring[0].x, ring[0].y);
          for (std::size_t k = 1; k < ring.size(); ++k) path.lineTo(ring[k].x, ring[k].y);
          if (areal) path.closeSubpath();
        }
    }
    const geo::Extent e = geo::extent_of(g);
    const QRectF extent = e.is_empty() ? QRectF() : QRectF(QPointF(e.min_x, e.min_y), QPointF(e.max_x, e.max_y));
    const geo::Point c = geo::centroid(g);
    out->paths.push_back(std::move(path));
    out->points.emplace_back(c.x, c.y);
    out->extents.push_back(extent);
    out->labels.push_back(label_field.isEmpty() ? QString() : QString::fromStdString(layer.text(i, label_field.toStdString())));
    out->feature_fill.emplace_back();
    out->feature_stroke.emplace_back();
    if (!extent.isNull()) out->extent = out->extent.isNull() ? extent : out->extent.united(extent);
  }
  return out;
}

LayerStyle default_style(geo::Role role) {
  LayerStyle s;
  switch (role) {
    case geo::Role::Communities:
      s.fill = QColor(250, 246, 232);
      s.stroke = QColor(120, 90, 60);
      s.stroke_width = 1.6;
      s.label_field = "name";
      break;
    case geo::Role::Buildings:
      s.fill = QColor(205, 198, 190);
      s.stroke = QColor(150, 142, 135);
      s.stroke_width = 0.5;
      break;
    case geo::Role::Plots:
      s.fill = QColor(120, 120, 220, 160);
      s.stroke = QColor(30, 30, 30);
      s.stroke_width = 1.2;
      s.label_field = "plot_id";
      break;
    case geo::Role::Facilities:
      s.fill = QColor(33, 113, 181);
      s.stroke = Qt::white;
      s.point_size = 8;
      break;
    case geo::Role::Parking:
      s.fill = QColor(158, 202, 225, 200);
      s.stroke = QColor(49, 130, 189);
      s.stroke_width = 0.8;
      break;
    case geo::Role::Roads:
      s.stroke = QColor(170, 170, 170);
      s.stroke_width = 1.5;
      break;
    case geo::Role::Candidates:
      s.fill = QColor(255, 255, 255);
      s.stroke = QColor(140, 81, 10);
      s.point_size = 7;
      break;
  }
  return s;
}

QString role_title(geo::Role role) {
  switch (role) {
    case geo::Role::Communities: return QObject::tr("Communities");
    case geo::Role::Buildings: return QObject::tr("Buildings");
    case geo::Role::Plots: return QObject::tr("Plots under review");
    case geo::Role::Facilities: return QObject::tr("Facilities");
    case geo::Role::Parking: return QObject::tr("Parking");
    case geo::Role::Roads: return QObject::tr("Roads");
    case geo::Role::Candidates: return QObject::tr("Candidate sites");
  }
  return {};
}

}  // namespace cp
