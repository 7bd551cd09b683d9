#include "geo/style.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include <array>
#include <map>

#include "geo/error.h"
#include "geo/text.h"
#include "geo/review.h"

namespace geo {

namespace {

int hex_byte(const std::string& text, std::size_t at) {
  auto digit = [&](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw Error("not a colour: \"" + text + "\" (write #rrggbb or #aarrggbb)");
  };
  return digit(text[at]) * 16 + digit(text[at + 1]);
}

std::string qgis_colour(const std::string& text) {
  const Rgba c = parse_colour(text);
  return fmt::format("{},{},{},{}", c.r, c.g, c.b, c.a);
}

// The map's pixels at 96 dpi, as QGIS's millimetres.
double px_to_mm(double px) { return px * 25.4 / 96.0; }

enum class Family { Point, Line, Polygon };

Family family_of(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::Point:
    case GeometryKind::MultiPoint: return Family::Point;
    case GeometryKind::LineString:
    case GeometryKind::MultiLineString: return Family::Line;
    default: return Family::Polygon;
  }
}

std::string qgis_line_style(const LayerStyleSpec& s) { return s.line_style.empty() ? "solid" : s.line_style; }

std::string symbol_qml(const std::string& name, Family family, const std::string& fill, const LayerStyleSpec& s) {
  const std::string stroke = qgis_colour(s.stroke);
  const double width_mm = px_to_mm(s.stroke_width);
  switch (family) {
    case Family::Point:
      return fmt::format(
          "<symbol type=\"marker\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
          "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">"
          "<prop k=\"name\" v=\"circle\"/><prop k=\"color\" v=\"{}\"/><prop k=\"outline_color\" v=\"{}\"/>"
          "<prop k=\"outline_style\" v=\"solid\"/><prop k=\"outline_width\" v=\"{:.3f}\"/><prop k=\"outline_width_unit\" v=\"MM\"/>"
          "<prop k=\"size\" v=\"{:.3f}\"/><prop k=\"size_unit\" v=\"MM\"/></layer></symbol>",
          name, qgis_colour(fill), stroke, px_to_mm(1.0), px_to_mm(s.point_size));
    case Family::Line:
      return fmt::format(
          "<symbol type=\"line\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
          "<layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">"
          "<prop k=\"line_color\" v=\"{}\"/><prop k=\"line_style\" v=\"{}\"/><prop k=\"line_width\" v=\"{:.3f}\"/>"
          "<prop k=\"line_width_unit\" v=\"MM\"/><prop k=\"capstyle\" v=\"round\"/><prop k=\"joinstyle\" v=\"round\"/></layer></symbol>",
          name, stroke, qgis_line_style(s), width_mm);
    case Family::Polygon:
      return fmt::format(
          "<symbol type=\"fill\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
          "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">"
          "<prop k=\"color\" v=\"{}\"/><prop k=\"style\" v=\"{}\"/><prop k=\"outline_color\" v=\"{}\"/>"
          "<prop k=\"outline_style\" v=\"{}\"/><prop k=\"outline_width\" v=\"{:.3f}\"/><prop k=\"outline_width_unit\" v=\"MM\"/>"
          "<prop k=\"joinstyle\" v=\"bevel\"/></layer></symbol>",
          name, qgis_colour(fill), parse_colour(fill).a == 0 ? "no" : "solid", stroke, width_mm > 0 ? qgis_line_style(s) : "no", width_mm);
  }
  return {};
}

}  // namespace

Rgba parse_colour(const std::string& text) {
  if (text.size() != 7 && text.size() != 9) throw Error("not a colour: \"" + text + "\" (write #rrggbb or #aarrggbb)");
  if (text[0] != '#') throw Error("not a colour: \"" + text + "\" (write #rrggbb or #aarrggbb)");
  const std::size_t rgb = text.size() == 9 ? 3 : 1;
  return {hex_byte(text, rgb), hex_byte(text, rgb + 2), hex_byte(text, rgb + 4), text.size() == 9 ? hex_byte(text, 1) : 255};
}

LayerStyleSpec default_layer_style(Role role) {
  LayerStyleSpec s{.fill = "#00000000", .stroke = "#3c3c3c", .stroke_width = 1.0, .label = "", .categorize = "", .point_size = 6.0,
                   .line_style = "solid"};
  switch (role) {
    case Role::Communities:
      s.fill = "#73faf6e8";  // a light veil: a basemap under the communities still shows
      s.stroke = "#8c3c64";  // an administrative boundary: dash-dot in plum, unlike any road
      s.stroke_width = 1.6;
      s.line_style = "dash dot";
      s.label = "name";
      break;
    case Role::Buildings:
      s.fill = "#cdc6be";
      s.stroke = "#968e87";
      s.stroke_width = 0.5;
      break;
    case Role::Plots:
      s.fill = "#a07878dc";
      s.stroke = "#1e1e1e";
      s.stroke_width = 1.2;
      s.label = "plot_id";
      break;
    case Role::Facilities:
      s.fill = "#2171b5";
      s.stroke = "#ffffff";
      s.point_size = 8;
      break;
    case Role::Parking:
      s.fill = "#c89ecae1";
      s.stroke = "#3182bd";
      s.stroke_width = 0.8;
      break;
    case Role::Roads:
      s.stroke = "#aaaaaa";
      s.stroke_width = 1.5;
      break;
    case Role::Candidates:
      s.fill = "#ffffff";
      s.stroke = "#8c510a";
      s.point_size = 7;
      break;
  }
  return s;
}

LayerStyleSpec result_layer_style(std::string_view name, Role role) {
  LayerStyleSpec s = default_layer_style(role);
  if (name == "review_plots") {
    s.categorize = "verdict";
  } else if (name == "uncovered_buildings") {
    s.fill = "#984ea3";  // purple: red and green already mean verdicts
    s.stroke = "#5a2864";
    s.stroke_width = 0.6;
  } else if (name == "coverage_buildings") {
    s.categorize = "covered";
  } else if (name == "service_areas") {
    s.fill = "#4631a354";
    s.stroke = "#31a354";
    s.stroke_width = 0.8;
  } else if (name == "network_parts") {
    s.stroke = "#e7298a";  // magenta: streets cut off from the rest stand out over the roads
    s.stroke_width = 2.0;
    s.label = "network_part";
  } else if (name == "sites") {
    s.fill = "#ffd700";
    s.stroke = "#783c00";
    s.point_size = 14;
    s.label = "rank";
  }
  return s;
}

LayerStyleSpec overlay_style(LayerStyleSpec base, const LayerStyleSpec& changes) {
  if (!changes.fill.empty()) base.fill = changes.fill;
  if (!changes.stroke.empty()) base.stroke = changes.stroke;
  if (!changes.classes.empty()) base.classes = changes.classes;
  if (changes.stroke_width >= 0) base.stroke_width = changes.stroke_width;
  if (!changes.label.empty()) base.label = changes.label;
  if (!changes.categorize.empty()) base.categorize = changes.categorize;
  if (changes.point_size >= 0) base.point_size = changes.point_size;
  if (!changes.line_style.empty()) base.line_style = changes.line_style;
  if (changes.opacity >= 0) base.opacity = changes.opacity;
  if (changes.min_scale > 0) base.min_scale = changes.min_scale;
  if (changes.max_scale > 0) base.max_scale = changes.max_scale;
  if (changes.visible) base.visible = changes.visible;
  return base;
}

FeatureColours default_feature_colours(Role role, const LayerData& layer, std::size_t row) {
  if (role == Role::Roads) {
    const std::string c = layer.text(row, "road_class");
    if (c == "motorway" || c == "motorway_link" || c == "trunk" || c == "trunk_link") return {"", "#e8923c"};
    if (c == "primary" || c == "secondary") return {"", "#828282"};
    if (c == "footway" || c == "path" || c == "pedestrian" || c == "steps") return {"", "#c8c8c8"};
    return {};
  }
  if (role == Role::Facilities) {
    const auto kind = normalise_facility_kind(layer.text(row, "kind"));
    if (!kind) return {};
    for (const auto& [k, colour] : facility_kind_colours())
      if (k == *kind) return {colour, ""};
  }
  return {};
}

double office_symbol_size(std::optional<double> floor_area_m2) {
  if (!floor_area_m2 || !(*floor_area_m2 > 0)) return 8.0;
  return std::clamp(8.0 * std::sqrt(*floor_area_m2 / 100.0), 6.0, 24.0);
}

const char* office_standing_colour(OfficeStanding standing) {
  switch (standing) {
    // Not the plots' verdict colours: an office is a place, not a verdict on a plot.
    case OfficeStanding::Enough: return "#542788";
    case OfficeStanding::Short: return "#e7298a";
    case OfficeStanding::Unknown: return "#bdbdbd";
  }
  return "#808080";
}

const std::vector<SpacesClass>& parking_classes() {
  static const std::vector<SpacesClass> classes = {{0, 50, "#c6dbef"},
                                                   {50, 100, "#9ecae1"},
                                                   {100, 300, "#4292c6"},
                                                   {300, std::numeric_limits<double>::infinity(), "#08519c"}};
  return classes;
}

std::optional<std::size_t> parking_class_of(std::optional<double> spaces) {
  if (!spaces || !(*spaces >= 0)) return std::nullopt;
  const auto& classes = parking_classes();
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (*spaces >= classes[i].from && *spaces < classes[i].to) return i;
  return std::nullopt;
}

const std::vector<std::pair<std::string, std::string>>& facility_kind_colours() {
  // Clear of the verdicts' red and green: the plots' colours keep their meaning beside them.
  static const std::vector<std::pair<std::string, std::string>> colours = {
      {"community_office", "#7a0177"}, {"health_station", "#0570b0"}, {"elderly_care", "#01665e"},
      {"kindergarten", "#fe9929"},     {"market", "#b8860b"},         {"parking", "#4d4d4d"}};
  return colours;
}

std::vector<std::pair<std::string, std::string>> category_colours(const LayerData& layer, const std::string& field) {
  std::vector<std::pair<std::string, std::string>> out;
  if (field == "verdict") {
    for (Verdict v : {Verdict::Compliant, Verdict::Short, Verdict::NotApplicable, Verdict::Unchecked})
      out.emplace_back(to_string(v), verdict_colour(v));
    return out;
  }
  if (field == "covered") return {{"1", "#1a9850"}, {"0", "#984ea3"}};
  // ColorBrewer Set2, then Paired: qualitative, told apart by colour-blind readers in its first eight.
  static constexpr std::array palette = {"#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494", "#b3b3b3",
                                         "#a6cee3", "#1f78b4", "#b2df8a", "#33a02c", "#fb9a99", "#e31a1c", "#fdbf6f", "#ff7f00"};
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    const std::string value = layer.text(i, field);
    if (seen.emplace(value, seen.size()).second) out.emplace_back(value, palette[out.size() % palette.size()]);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> category_colours(const LayerStyleSpec& style, const LayerData& layer) {
  if (!style.classes.empty()) return style.classes;
  return category_colours(layer, style.categorize);
}

std::string qgis_style_qml(const LayerStyleSpec& given, GeometryKind kind, const LayerData& layer,
                           const std::map<std::string, std::string>& column_names) {
  const LayerStyleSpec style = overlay_style(default_layer_style(layer.role), given);  // what it leaves unset
  auto column = [&column_names](const std::string& field) {
    auto it = column_names.find(field);
    return xml_escape(it == column_names.end() ? field : it->second);
  };
  const Family family = family_of(kind);
  const bool labelled = !style.label.empty() && layer.has(style.label);
  std::string renderer;
  if (!style.categorize.empty() && layer.has(style.categorize)) {
    const auto categories = category_colours(style, layer);
    std::string cats, symbols;
    for (std::size_t i = 0; i < categories.size(); ++i) {
      const std::string value = xml_escape(categories[i].first);
      cats += fmt::format("<category render=\"true\" symbol=\"{}\" value=\"{}\" label=\"{}\" type=\"string\"/>", i, value, value);
      symbols += symbol_qml(std::to_string(i), family, categories[i].second, style);
    }
    renderer = fmt::format(
        "<renderer-v2 type=\"categorizedSymbol\" attr=\"{}\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">"
        "<categories>{}</categories><symbols>{}</symbols><source-symbol>{}</source-symbol></renderer-v2>",
        column(style.categorize), cats, symbols, symbol_qml("0", family, style.fill, style));
  } else {
    renderer = fmt::format(
        "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><symbols>{}</symbols></renderer-v2>",
        symbol_qml("0", family, style.fill, style));
  }
  std::string labeling;
  if (labelled) {
    // Placement: over the centroid for polygons (1), along lines (2), around points (0).
    const int placement = family == Family::Polygon ? 1 : family == Family::Line ? 2 : 0;
    labeling = fmt::format(
        "<labeling type=\"simple\"><settings calloutType=\"simple\">"
        "<text-style fieldName=\"{}\" isExpression=\"0\" fontFamily=\"{}\" fontSize=\"9\" fontSizeUnit=\"Point\" "
        "textColor=\"40,40,40,255\" textOpacity=\"1\" fontWeight=\"50\" fontItalic=\"0\" namedStyle=\"Regular\">"
        "<text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" bufferOpacity=\"1\" "
        "bufferJoinStyle=\"128\"/></text-style>"
        "<placement placement=\"{}\" dist=\"1\" distUnits=\"MM\"/>"
        "<rendering obstacle=\"1\" displayAll=\"0\" upsidedownLabels=\"0\" scaleVisibility=\"0\"/></settings></labeling>",
        column(style.label), kLabelFontFamily, placement);
  }
  return fmt::format(
      "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
      "<qgis version=\"3.22.16\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"{}\">{}{}</qgis>\n",
      labelled ? 1 : 0, renderer, labeling);
}

}  // namespace geo
