#include "geo/community_figures.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "geo/error.h"
#include "geo/style.h"

namespace geo {

const char* to_string(CommunityMap map) {
  switch (map) {
    case CommunityMap::OfficeSpace: return "office_space";
    case CommunityMap::Parking: return "parking";
    case CommunityMap::Budget: return "budget";
  }
  return "?";
}

std::optional<std::size_t> Choropleth::class_of(std::optional<double> value) const {
  if (!value || !std::isfinite(*value)) return std::nullopt;
  for (std::size_t k = 0; k < classes.size(); ++k)
    if ((!classes[k].from || *value >= *classes[k].from) && (!classes[k].to || *value < *classes[k].to)) return k;
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> Choropleth::legend() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& c : classes) out.emplace_back(c.label, c.fill);
  out.emplace_back(no_data_label, no_data_fill);
  return out;
}

namespace {

Value figure(const std::optional<double>& v, int decimals) {
  if (!v || !std::isfinite(*v)) return {};
  const double scale = std::pow(10.0, decimals);
  return std::round(*v * scale) / scale;
}

std::optional<double> ratio(double part, std::optional<double> whole) {
  if (!whole || *whole <= 0) return std::nullopt;
  return part / *whole;
}

// Red to green through yellow (ColorBrewer RdYlGn): short of the rule to well beyond it.
std::vector<ChoroplethClass> share_classes(const std::string& rule) {
  return {{std::nullopt, 0.5, "#d7191c", fmt::format("< 50 % of {}", rule)},
          {0.5, 1.0, "#fdae61", fmt::format("50 – 100 % of {}", rule)},
          {1.0, 1.5, "#a6d96a", fmt::format("100 – 150 % of {}", rule)},
          {1.5, std::nullopt, "#1a9641", fmt::format("≥ 150 % of {}", rule)}};
}

}  // namespace

LayerData community_figures_layer(const Project& project, const Review& review, const ParkingSupply* parking, const Finance* finance) {
  const LayerData* communities = project.layer(Role::Communities);
  if (!communities) throw Error("the community figures need a communities layer", {.file = project.spec.file.string()});
  LayerData out;
  out.role = Role::Communities;
  out.column_order = {"community_id", "name", "households", "office_m2", "planned_office_m2", "office_m2_per_100_households",
                      "required_office_m2", "office_share_of_rule"};
  if (parking)
    for (const char* c : {"spaces", "spaces_per_household", "required_spaces", "parking_share_of_standard"}) out.column_order.push_back(c);
  if (finance)
    for (const char* c : {"total_yuan", "yuan_per_household"}) out.column_order.push_back(c);
  for (const auto& c : out.column_order) out.columns[c];
  for (const auto& cr : review.communities) {
    out.fids.push_back(communities->fids[cr.index]);
    out.geometries.push_back(communities->geometries[cr.index]);
    out.invalid_reasons.push_back(communities->invalid_reasons[cr.index]);
    const double office = cr.office_m2 + cr.planned_office_m2;
    auto& col = out.columns;
    col["community_id"].push_back(cr.community_id);
    col["name"].push_back(cr.name.empty() ? Value{} : Value{cr.name});
    col["households"].push_back(figure(cr.households(), 1));
    col["office_m2"].push_back(figure(cr.office_m2, 1));
    col["planned_office_m2"].push_back(figure(cr.planned_office_m2, 1));
    col["office_m2_per_100_households"].push_back(
        figure(cr.households() > 0 ? std::optional<double>(100.0 * office / cr.households()) : std::nullopt, 2));
    col["required_office_m2"].push_back(figure(cr.required_office_m2, 1));
    col["office_share_of_rule"].push_back(figure(ratio(office, cr.required_office_m2), 3));
    if (parking) {
      const CommunityParking& cp = parking->communities.at(cr.index);
      col["spaces"].push_back(figure(cp.spaces, 1));
      col["spaces_per_household"].push_back(figure(cp.spaces_per_household(), 3));
      col["required_spaces"].push_back(figure(cp.required_spaces, 1));
      col["parking_share_of_standard"].push_back(figure(ratio(cp.spaces, cp.required_spaces), 3));
    }
    if (finance) {
      const CommunityBudget& b = finance->communities.at(cr.index);
      col["total_yuan"].push_back(figure(b.total_yuan, 0));
      col["yuan_per_household"].push_back(figure(b.yuan_per_household, 2));
    }
  }
  return out;
}

Choropleth community_choropleth(CommunityMap map, const LayerData& figures) {
  Choropleth c;
  c.map = map;
  switch (map) {
    case CommunityMap::OfficeSpace:
      c.title = "Office ㎡ per 100 households against the rule";
      c.field = "office_share_of_rule";
      c.classes = share_classes("the rule");
      c.no_data_label = "no figure (no households or no rule)";
      break;
    case CommunityMap::Parking:
      c.title = "Parking spaces per household against the standard";
      c.field = "parking_share_of_standard";
      c.classes = share_classes("the standard");
      c.no_data_label = "no figure (no households or no standard)";
      break;
    case CommunityMap::Budget: {
      c.title = "Budget per household (yuan a year)";
      c.field = "yuan_per_household";
      c.no_data_label = "no figure (a budget line unknown)";
      std::vector<double> values;
      if (figures.has(c.field))
        for (std::size_t i = 0; i < figures.size(); ++i)
          if (auto v = figures.number(i, c.field)) values.push_back(*v);
      std::sort(values.begin(), values.end());
      // Quartile breaks of the communities' own figures, rounded to 10 yuan; repeated breaks merge.
      std::vector<double> breaks;
      if (!values.empty())
        for (double q : {0.25, 0.5, 0.75}) {
          const double b = std::round(values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1))] / 10.0) * 10.0;
          if (breaks.empty() || b > breaks.back()) breaks.push_back(b);
        }
      static const std::array blues = {"#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"};  // ColorBrewer Blues
      std::optional<double> from;
      for (std::size_t k = 0; k <= breaks.size(); ++k) {
        const std::optional<double> to = k < breaks.size() ? std::optional(breaks[k]) : std::nullopt;
        const std::string label = !from ? fmt::format("< {:.0f} yuan", *to)
                                  : !to ? fmt::format("≥ {:.0f} yuan", *from)
                                        : fmt::format("{:.0f} – {:.0f} yuan", *from, *to);
        c.classes.push_back({from, to, blues[std::min<std::size_t>(k + (4 - breaks.size() - 1), 3)], breaks.empty() ? "all" : label});
        from = to;
      }
      break;
    }
  }
  return c;
}

LayerStyleSpec apply_choropleth(const Choropleth& choropleth, LayerData& figures) {
  auto& column = figures.columns["map_class"];
  column.clear();
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const auto k = choropleth.class_of(figures.has(choropleth.field) ? figures.number(i, choropleth.field) : std::nullopt);
    column.push_back(k ? choropleth.classes[*k].label : choropleth.no_data_label);
  }
  if (std::find(figures.column_order.begin(), figures.column_order.end(), "map_class") == figures.column_order.end())
    figures.column_order.push_back("map_class");
  LayerStyleSpec style = default_layer_style(Role::Communities);
  style.categorize = "map_class";
  style.classes = choropleth.legend();
  style.label.clear();  // the communities layer names them
  style.stroke = "#80ffffff";
  style.stroke_width = 0.5;
  return style;
}

}  // namespace geo
