#pragma once
// How layers look, in one place: the map draws with these styles, exported GeoPackages carry
// them as QGIS styles (layer_styles), and DXF exports take their labels from them.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "geo/geometry.h"
#include "geo/project.h"
#include "geo/review.h"

namespace geo {

// The font of labels and printed pages: it holds Chinese, and the set-up installs it
// (fonts-wqy-microhei). Text set in it stays extractable from PDFs, digits included.
inline constexpr const char* kLabelFontFamily = "WenQuanYi Micro Hei";

struct Rgba {
  int r = 0, g = 0, b = 0, a = 255;
  bool operator==(const Rgba&) const = default;
};

// "#rrggbb" or "#aarrggbb" (Qt's order, as the project's [styles] use it); throws geo::Error otherwise.
Rgba parse_colour(const std::string& text);

// The default look of each role, every member set, as a planner expects it on a planning map.
LayerStyleSpec default_layer_style(Role role);

// The look of an analysis result layer (see result_layers.h); a role's look for unknown names.
LayerStyleSpec result_layer_style(std::string_view result_layer, Role role);

// A style as the project's [styles.*] changes it: its set members replace the base's.
LayerStyleSpec overlay_style(LayerStyleSpec base, const LayerStyleSpec& changes);

// What a role's default look gives one feature beyond its layer's colours: roads by class,
// facilities by kind. Empty members: the layer's colour.
struct FeatureColours {
  std::string fill;
  std::string stroke;
};
FeatureColours default_feature_colours(Role role, const LayerData& layer, std::size_t row);
// Each facility kind the engine knows with its colour on the map, in legend order.
const std::vector<std::pair<std::string, std::string>>& facility_kind_colours();

// Community offices on the map: the symbol's area in proportion to the floor area (its side the
// square root: 8 px at 100 m², 16 px at 400 m², 24 px from 900 m²; 8 px when unknown), its colour the
// standing of its community (purple: enough, magenta: short, grey: unknown).
double office_symbol_size(std::optional<double> floor_area_m2);
const char* office_standing_colour(OfficeStanding standing);

// Parking zones in classes of spaces, light to dark, for the map and its legend.
struct SpacesClass {
  double from = 0;  // spaces, inclusive
  double to = 0;    // exclusive; infinity for the last
  std::string fill;
};
const std::vector<SpacesClass>& parking_classes();
std::optional<std::size_t> parking_class_of(std::optional<double> spaces);

// The colour of each value of a categorised style: review verdicts in their fixed colours,
// other fields from a qualitative palette in the order values first appear.
std::vector<std::pair<std::string, std::string>> category_colours(const LayerData& layer, const std::string& field);
// A categorised style's values and colours: its own classes (a choropleth's) where it has them.
std::vector<std::pair<std::string, std::string>> category_colours(const LayerStyleSpec& style, const LayerData& layer);

// The style as a QGIS layer style document (QML), for a GeoPackage's or a database's layer_styles
// table. column_names: the table's name of a field the style names, where it is not the model's
// (a published layer keeps its source's names).
std::string qgis_style_qml(const LayerStyleSpec& style, GeometryKind kind, const LayerData& layer,
                           const std::map<std::string, std::string>& column_names = {});

}  // namespace geo
