#pragma once
// A layer as the map draws it: geometries prepared once as painter paths in map coordinates
// (the working CRS), their extents for culling, a style, and a colour per feature where the
// style is categorised (plots by review verdict).
#include <QColor>
#include <QObject>
#include <QPainterPath>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "geo/basemap.h"
#include "geo/project.h"
#include "geo/review.h"

namespace cp {

struct LayerStyle {
  QColor fill = Qt::transparent;
  QColor stroke = QColor(60, 60, 60);
  double stroke_width = 1.0;  // pixels
  double point_size = 6.0;    // pixels, for points
  QString label_field;        // model field drawn as a label, empty for none
  Qt::PenStyle line_style = Qt::SolidLine;  // of outlines and lines; a non-solid outline gets a light casing
  // Labels of higher priority are placed first and keep their place: communities over plots
  // over facilities over buildings.
  int label_priority = 1;
  double opacity = 1.0;       // of the whole layer
  double min_scale = 0;       // hidden when zoomed out beyond 1:min_scale; 0: no limit
  double max_scale = 0;       // hidden when zoomed in beyond 1:max_scale; 0: no limit

  bool operator==(const LayerStyle&) const = default;

  // Whether the layer shows at 1:scale_denominator.
  bool shown_at(double scale_denominator) const {
    return (min_scale <= 0 || scale_denominator <= min_scale) && (max_scale <= 0 || scale_denominator >= max_scale);
  }
};

struct MapLayerData {
  QString id;    // "communities", "plots", ... or a file name
  QString name;  // shown in the layer tree
  geo::GeometryKind kind = geo::GeometryKind::Empty;
  // Polygons' rings and lines' parts in map coordinates, in one array rather than a painter path
  // each: a city's half a million paths were a heap block apiece, and the map walks them all.
  // Feature f's rings are ring_start[feature_ring[f]] .. ring_start[feature_ring[f + 1]] (each
  // ring's vertices run to the next ring's start); a point feature has none.
  std::vector<QPointF> vertices;
  std::vector<std::uint32_t> ring_start = {0};
  std::vector<std::uint32_t> feature_ring = {0};
  std::vector<QPointF> points;      // label anchors (centroids) and point positions
  std::vector<QRectF> extents;
  std::vector<QString> labels;
  std::vector<std::optional<QColor>> feature_fill;    // overrides style.fill (categorised styles)
  std::vector<std::optional<QColor>> feature_stroke;  // overrides style.stroke
  std::vector<float> feature_size;                    // point symbols: overrides style.point_size when > 0
  std::vector<std::uint8_t> feature_diamond;           // point symbols: 1 draws a diamond (community offices)
  QRectF extent;
  std::shared_ptr<const geo::LayerData> source;  // the engine's layer, for identify and attribute tables
  // A basemap (raster file or tile service) is read for each view rather than drawn from paths;
  // its source is then an empty layer.
  std::shared_ptr<const geo::MapLayerSpec> basemap;
  geo::TileCache tile_cache;
  int working_epsg = 0;
  QString attribution;  // shown on the map and printed
  QString problem;      // why a basemap could not be opened, when it could not

  std::size_t size() const { return extents.size(); }
  bool has_shape(std::size_t feature) const { return feature_ring[feature + 1] > feature_ring[feature]; }
  // The feature as a painter path (rings closed for polygons), for QPainter, hit tests and highlights.
  QPainterPath path(std::size_t feature) const;
};

using MapLayerPtr = std::shared_ptr<const MapLayerData>;

// A basemap layer: opens it once (on a worker thread: a service may be slow) to learn its extent.
// One that cannot be read now (offline, no key, a moved file) is still made, with its problem:
// kept in the project, red in the layer tree, and written on the map where it would be.
std::shared_ptr<MapLayerData> make_basemap_layer(const geo::MapLayerSpec& spec, const geo::TileCache& cache, int working_epsg,
                                                 const QString& id, const QString& name);

// Hit testing, in map coordinates: the features under a point (within tolerance, topmost
// first, i.e. last drawn first) and those a rectangle touches (in feature order).
std::vector<std::size_t> features_at(const MapLayerData& layer, QPointF at, double tolerance);
std::vector<std::size_t> features_in(const MapLayerData& layer, const QRectF& rect);
bool is_point_layer(const MapLayerData& layer);
bool is_line_layer(const MapLayerData& layer);

// Prepares a project layer for drawing (run off the UI thread: it walks every geometry).
std::shared_ptr<MapLayerData> make_map_layer(std::shared_ptr<const geo::LayerData> layer, const QString& id, const QString& name,
                                             const QString& label_field = {});

// The engine's style (geo/style.h) as the map draws it; what the spec leaves unset, the role's default.
LayerStyle to_map_style(const geo::LayerStyleSpec& spec, geo::Role role);
// The map's style as the engine's (fill and stroke as #aarrggbb), for exports that carry it.
geo::LayerStyleSpec to_style_spec(const LayerStyle& style);
// The default look of each role, as a planner expects it on a planning map.
LayerStyle default_style(geo::Role role);
QString role_title(geo::Role role);  // 社区 Communities, ...
QString verdict_label(geo::Verdict v);  // in the interface's language
QString facility_kind_label(const QString& kind);  // 社区办公 Community office, ...; unknown kinds as given

}  // namespace cp
