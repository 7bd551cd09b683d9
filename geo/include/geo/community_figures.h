#pragma once
// Every community's figures side by side — office space against its rule, parking against the
// standard, budget per household — and the three community maps (choropleths) a planner switches
// between, each with its classes and their breaks.
#include <optional>
#include <string>
#include <vector>

#include "geo/finance.h"
#include "geo/parking.h"
#include "geo/project.h"
#include "geo/review.h"

namespace geo {

enum class CommunityMap { OfficeSpace, Parking, Budget };
inline constexpr CommunityMap kCommunityMaps[] = {CommunityMap::OfficeSpace, CommunityMap::Parking, CommunityMap::Budget};
const char* to_string(CommunityMap map);  // office_space, parking, budget

// One class of a choropleth: values from `from` (inclusive) below `to`; unbounded where empty.
struct ChoroplethClass {
  std::optional<double> from, to;
  std::string fill;
  std::string label;  // with its breaks: "< 50 % of the rule", "100 – 200 yuan"
};

struct Choropleth {
  CommunityMap map = CommunityMap::OfficeSpace;
  std::string title;        // the legend's heading
  std::string field;        // the figure classified, a column of the figures layer
  std::vector<ChoroplethClass> classes;
  std::string no_data_fill = "#d9d9d9";
  std::string no_data_label = "no figure";

  std::optional<std::size_t> class_of(std::optional<double> value) const;
  // The classes (and "no figure") as a categorised style's values and colours, in legend order.
  std::vector<std::pair<std::string, std::string>> legend() const;
};

// One row per community: community_id, name, households, office_m2, planned_office_m2,
// office_m2_per_100_households, required_office_m2, office_share_of_rule; spaces,
// spaces_per_household, required_spaces, parking_share_of_standard (with parking); total_yuan,
// yuan_per_household (with finance). Figures the inputs do not give are empty.
LayerData community_figures_layer(const Project& project, const Review& review, const ParkingSupply* parking, const Finance* finance);

// The map's classes over the figures layer: office space and parking as the share of what their
// rule asks (under half, half to all, all to 1½×, more); budget per household in quartiles of the
// communities' own figures (rounded to 10 yuan), so that a community reads against its neighbours.
Choropleth community_choropleth(CommunityMap map, const LayerData& figures);

// Adds the column `map_class` (each community's class label) to the figures for the map, and
// returns the style that draws it: categorised by map_class with the choropleth's colours.
LayerStyleSpec apply_choropleth(const Choropleth& choropleth, LayerData& figures);

}  // namespace geo
