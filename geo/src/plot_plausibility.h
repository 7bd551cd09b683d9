#pragma once
// Values no residential plot has: a plot carrying them is reported unchecked with the reason,
// since a verdict on them would be a verdict on a typing error. Each threshold says why it is
// where it is (README, "Bad input").
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace geo::plausibility {

// Gross floor area per household below which the figure is not dwellings: GB 50096-2011
// 住宅设计规范 §5.1.2 puts the smallest dwelling (a bed-sitting room, kitchen and bathroom) at
// 22 m² of usable area (recalled, not re-read: marked U in the README), and a gross floor area is
// larger than the usable one.
inline constexpr double kMinFloorAreaPerHousehold = 20.0;
// Above this a floor area is not one home per household either (whole villas stay well below).
inline constexpr double kMaxFloorAreaPerHousehold = 1000.0;
// Floor area over fifteen times the plot's land: half as much again as Hong Kong's cap on a
// domestic plot ratio (10, Building (Planning) Regulations; recalled, U), the densest housing built; Chinese
// rules cap residential plots far lower (GB 50180-2018). Above it the floor area or the outline
// is wrong.
inline constexpr double kMaxFloorAreaRatio = 15.0;
// Households per hectare of plot: at a floor area ratio of 10 with 33 m² flats (a small public
// rental flat) a hectare holds 3,000 households; more is not housing.
inline constexpr double kMaxHouseholdsPerHectare = 3000.0;

// The first implausible value among a plot's numbers (by model field name, area_m2 its measured
// land), as a sentence naming the field; empty when none is. label gives a field's name as the
// data calls it.
std::string implausible_plot(const std::map<std::string, std::optional<double>>& values,
                             const std::function<std::string(const std::string&)>& label);

}  // namespace geo::plausibility
