#include "map_layer.h"

#include <QPainterPathStroker>

#include "geo/spatial_index.h"
#include "geo/style.h"

namespace cp {

std::shared_ptr<MapLayerData> make_map_layer(std::shared_ptr<const geo::LayerData> source, const QString& id, const QString& name,
                                             const QString& label_field) {
  const geo::LayerData& layer = *source;
  auto out = std::make_shared<MapLayerData>();
  out->id = id;
  out->name = name;
  out->source = std::move(source);
  out->extents.reserve(layer.size());
  out->feature_ring.reserve(layer.size() + 1);
  for (std::size_t i = 0; i < layer.size(); ++i) {
    const geo::Geometry& g = layer.geometries[i];
    if (out->kind == geo::GeometryKind::Empty) out->kind = g.kind;
    const bool areal = g.kind == geo::GeometryKind::Polygon || g.kind == geo::GeometryKind::MultiPolygon;
    const bool linear = g.kind == geo::GeometryKind::LineString || g.kind == geo::GeometryKind::MultiLineString;
    if (areal || linear) {
      for (const auto& part : g.parts)
        for (const auto& ring : part) {
          if (ring.empty()) continue;
          for (const geo::Point& v : ring) out->vertices.emplace_back(v.x, v.y);
          out->ring_start.push_back(static_cast<std::uint32_t>(out->vertices.size()));
        }
    }
    out->feature_ring.push_back(static_cast<std::uint32_t>(out->ring_start.size() - 1));
    const geo::Extent e = geo::extent_of(g);
    const QRectF extent = e.is_empty() ? QRectF() : QRectF(QPointF(e.min_x, e.min_y), QPointF(e.max_x, e.max_y));
    const geo::Point c = geo::centroid(g);
    out->points.emplace_back(c.x, c.y);
    out->extents.push_back(extent);
    out->labels.push_back(label_field.isEmpty() ? QString() : QString::fromStdString(layer.text(i, label_field.toStdString())));
    out->feature_fill.emplace_back();
    out->feature_stroke.emplace_back();
    out->feature_size.push_back(0);
    out->feature_diamond.push_back(0);
    if (!extent.isNull()) out->extent = out->extent.isNull() ? extent : out->extent.united(extent);
  }
  return out;
}

QPainterPath MapLayerData::path(std::size_t feature) const {
  QPainterPath out;
  out.setFillRule(Qt::OddEvenFill);
  const bool areal = !is_line_layer(*this);
  for (std::uint32_t r = feature_ring[feature]; r < feature_ring[feature + 1]; ++r) {
    out.moveTo(vertices[ring_start[r]]);
    for (std::uint32_t k = ring_start[r] + 1; k < ring_start[r + 1]; ++k) out.lineTo(vertices[k]);
    if (areal) out.closeSubpath();
  }
  return out;
}

std::shared_ptr<MapLayerData> make_basemap_layer(const geo::MapLayerSpec& spec, const geo::TileCache& cache, int working_epsg,
                                                 const QString& id, const QString& name) {
  auto out = std::make_shared<MapLayerData>();
  out->id = id;
  out->name = name;
  out->basemap = std::make_shared<const geo::MapLayerSpec>(spec);
  out->tile_cache = cache;
  out->working_epsg = working_epsg;
  out->attribution = QString::fromStdString(spec.attribution);
  auto empty = std::make_shared<geo::LayerData>();
  empty->source_file = spec.source;
  out->source = empty;
  try {
    geo::BasemapReader reader(spec, cache, working_epsg);
    const geo::Extent e = reader.extent();
    if (!e.is_empty()) out->extent = QRectF(QPointF(e.min_x, e.min_y), QPointF(e.max_x, e.max_y));
  } catch (const std::exception& e) {
    out->problem = QString::fromUtf8(e.what());
  }
  return out;
}

bool is_point_layer(const MapLayerData& layer) {
  return layer.kind == geo::GeometryKind::Point || layer.kind == geo::GeometryKind::MultiPoint;
}

bool is_line_layer(const MapLayerData& layer) {
  return layer.kind == geo::GeometryKind::LineString || layer.kind == geo::GeometryKind::MultiLineString;
}

std::vector<std::size_t> features_at(const MapLayerData& layer, QPointF at, double tolerance) {
  const bool points = is_point_layer(layer);
  const bool lines = is_line_layer(layer);
  std::vector<std::size_t> hits;
  for (std::size_t f = layer.size(); f-- > 0;) {
    const QRectF e = layer.extents[f].adjusted(-tolerance, -tolerance, tolerance, tolerance);
    if (!e.contains(at)) continue;
    bool hit = false;
    if (points) {
      hit = QLineF(layer.points[f], at).length() <= tolerance;
    } else if (lines) {
      QPainterPathStroker stroker;
      stroker.setWidth(2 * tolerance);
      hit = stroker.createStroke(layer.path(f)).contains(at);
    } else {
      hit = layer.path(f).contains(at);
    }
    if (hit) hits.push_back(f);
  }
  return hits;
}

std::vector<std::size_t> features_in(const MapLayerData& layer, const QRectF& rect) {
  const QRectF r = rect.normalized();
  const bool points = is_point_layer(layer);
  std::vector<std::size_t> hits;
  for (std::size_t f = 0; f < layer.size(); ++f) {
    if (points) {
      if (r.contains(layer.points[f])) hits.push_back(f);
      continue;
    }
    const QRectF& e = layer.extents[f];
    if (e.isNull() || !e.intersects(r)) continue;
    if (r.contains(e) || layer.path(f).intersects(r)) hits.push_back(f);
  }
  return hits;
}

LayerStyle to_map_style(const geo::LayerStyleSpec& spec, geo::Role role) {
  const geo::LayerStyleSpec full = geo::overlay_style(geo::default_layer_style(role), spec);
  LayerStyle s;
  s.fill = QColor(QString::fromStdString(full.fill));
  s.stroke = QColor(QString::fromStdString(full.stroke));
  s.stroke_width = full.stroke_width;
  s.point_size = full.point_size;
  s.label_field = QString::fromStdString(full.label);
  if (full.opacity >= 0) s.opacity = full.opacity;
  s.line_style = full.line_style == "dash"       ? Qt::DashLine
                 : full.line_style == "dot"      ? Qt::DotLine
                 : full.line_style == "dash dot" ? Qt::DashDotLine
                                                 : Qt::SolidLine;
  s.label_priority = role == geo::Role::Communities ? 3 : role == geo::Role::Plots ? 2 : role == geo::Role::Buildings ? 0 : 1;
  s.min_scale = full.min_scale;
  s.max_scale = full.max_scale;
  return s;
}

geo::LayerStyleSpec to_style_spec(const LayerStyle& style) {
  geo::LayerStyleSpec spec;
  spec.fill = style.fill.name(QColor::HexArgb).toStdString();
  spec.stroke = style.stroke.name(QColor::HexArgb).toStdString();
  spec.stroke_width = style.stroke_width;
  spec.point_size = style.point_size;
  spec.label = style.label_field.toStdString();
  spec.line_style = style.line_style == Qt::DashLine       ? "dash"
                    : style.line_style == Qt::DotLine      ? "dot"
                    : style.line_style == Qt::DashDotLine ? "dash dot"
                                                          : "solid";
  if (style.opacity < 1) spec.opacity = style.opacity;
  spec.min_scale = style.min_scale;
  spec.max_scale = style.max_scale;
  return spec;
}

LayerStyle default_style(geo::Role role) { return to_map_style({}, role); }

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

QString facility_kind_label(const QString& kind) {
  if (kind == "community_office") return QObject::tr("Community office");
  if (kind == "health_station") return QObject::tr("Health station");
  if (kind == "elderly_care") return QObject::tr("Elderly care");
  if (kind == "kindergarten") return QObject::tr("Kindergarten");
  if (kind == "market") return QObject::tr("Market");
  if (kind == "parking") return QObject::tr("Parking");
  return kind;
}

QString verdict_label(geo::Verdict v) {
  switch (v) {
    case geo::Verdict::Compliant: return QObject::tr("compliant");
    case geo::Verdict::Short: return QObject::tr("short");
    case geo::Verdict::NotApplicable: return QObject::tr("not applicable");
    case geo::Verdict::Unchecked: return QObject::tr("unchecked");
  }
  return {};
}

}  // namespace cp
