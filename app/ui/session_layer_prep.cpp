#include "session_layer_prep.h"

#include "geo/style.h"

namespace cp::layer_prep {

namespace {

const geo::Role kAddedLayerRole = geo::Role::Candidates;  // added layers carry no role; this only picks a base look

// An added layer's look before the user chooses one: orange, to stand apart from the project's.
geo::LayerStyleSpec added_layer_default() {
  return {.fill = "#5aff7f00", .stroke = "#ffcc4c02", .stroke_width = 1.2, .label = "", .categorize = "", .point_size = 7};
}

}  // namespace

QRectF to_rect(const geo::Extent& e) {
  return e.is_empty() ? QRectF() : QRectF(QPointF(e.min_x, e.min_y), QPointF(e.max_x, e.max_y));
}

// A layer's data prepared for drawing with its look: labels, categories and per-feature colours.
std::shared_ptr<MapLayerData> prepare_layer(std::shared_ptr<const geo::LayerData> source, const QString& id, const QString& name,
                                            const LayerStyle& style, const geo::LayerStyleSpec& spec, std::optional<geo::Role> role,
                                            const geo::Review* review) {
  auto layer = make_map_layer(source, id, name, style.label_field);
  if (!spec.categorize.empty() && source->has(spec.categorize)) {
    std::map<std::string, QColor> colour_of;
    for (const auto& [value, colour] : geo::category_colours(spec, *source))
      colour_of[value] = QColor(QString::fromStdString(colour));
    for (std::size_t i = 0; i < source->size(); ++i) layer->feature_fill[i] = colour_of[source->text(i, spec.categorize)];
  } else if (role) {
    for (std::size_t i = 0; i < source->size(); ++i) {
      const geo::FeatureColours c = geo::default_feature_colours(*role, *source, i);
      if (!c.fill.empty() && spec.fill.empty()) layer->feature_fill[i] = QColor(QString::fromStdString(c.fill));
      if (!c.stroke.empty() && spec.stroke.empty()) layer->feature_stroke[i] = QColor(QString::fromStdString(c.stroke));
    }
    // Community offices stand apart: squares sized by floor area, coloured by whether their
    // community has the space it needs (once the review has said).
    if (*role == geo::Role::Facilities && review && spec.fill.empty())
      for (const geo::OfficeReview& o : review->offices) {
        if (o.facility >= layer->size()) continue;
        layer->feature_diamond[o.facility] = 1;
        layer->feature_size[o.facility] = static_cast<float>(geo::office_symbol_size(o.floor_area_m2));
        layer->feature_fill[o.facility] = QColor(geo::office_standing_colour(geo::office_standing(*review, o)));
        layer->feature_stroke[o.facility] = QColor(40, 40, 40);
      }
    if (*role == geo::Role::Parking && spec.fill.empty())
      for (std::size_t i = 0; i < source->size(); ++i)
        if (const auto k = geo::parking_class_of(source->number(i, "spaces")))
          layer->feature_fill[i] = QColor(QString::fromStdString(geo::parking_classes()[*k].fill));
  }
  return layer;
}

LayerStyle style_of(const geo::LayerStyleSpec& spec, std::optional<geo::Role> role) {
  if (role) return to_map_style(spec, *role);
  return to_map_style(geo::overlay_style(added_layer_default(), spec), kAddedLayerRole);
}


}  // namespace cp::layer_prep
