#include "plot_plausibility.h"

#include <fmt/format.h>

namespace geo::plausibility {

std::string implausible_plot(const std::map<std::string, std::optional<double>>& values,
                             const std::function<std::string(const std::string&)>& label) {
  auto value = [&](const std::string& name) -> std::optional<double> {
    auto it = values.find(name);
    return it == values.end() ? std::nullopt : it->second;
  };
  for (const auto& [name, v] : values)
    if (v && *v < 0) return fmt::format("absurd {}: {} (negative)", label(name), *v);
  const auto households = value("households");
  const auto floor_area = value("gross_floor_area_m2");
  const auto land = value("area_m2");
  const auto reserved = value("reserved_office_m2");
  if (floor_area && *floor_area == 0 && households.value_or(0) > 0)
    return fmt::format("absurd {}: 0 for {:.0f} households", label("gross_floor_area_m2"), *households);
  if (households && floor_area && *households > 0 && *floor_area > 0) {
    const double per_household = *floor_area / *households;
    if (per_household < kMinFloorAreaPerHousehold) {
      const double in_wan = *floor_area * 10000.0 / *households;
      if (in_wan >= kMinFloorAreaPerHousehold && in_wan <= kMaxFloorAreaPerHousehold)
        return fmt::format("{} {} for {:.0f} households is {:.2f} m² per household: entered in 万m² ({}万 m² = {:.0f} m²)? "
                           "Enter square metres",
                           label("gross_floor_area_m2"), *floor_area, *households, per_household, *floor_area, *floor_area * 10000.0);
      return fmt::format("{} {} for {:.0f} households is {:.1f} m² per household, below the {:.0f} m² of the smallest dwelling "
                         "(GB 50096-2011 §5.1.2): check both figures",
                         label("gross_floor_area_m2"), *floor_area, *households, per_household, kMinFloorAreaPerHousehold);
    }
    if (per_household > kMaxFloorAreaPerHousehold)
      return fmt::format("{} {} for {:.0f} households is {:.0f} m² per household, more than {:.0f}: are households missing a "
                         "digit, or is the floor area in another unit?",
                         label("gross_floor_area_m2"), *floor_area, *households, per_household, kMaxFloorAreaPerHousehold);
  }
  if (reserved && floor_area && *floor_area > 0 && *reserved > *floor_area)
    return fmt::format("{} {} is more than the plot's whole floor area {}: check both figures", label("reserved_office_m2"), *reserved,
                       *floor_area);
  if (land && *land > 0) {
    if (floor_area && *floor_area / *land > kMaxFloorAreaRatio)
      return fmt::format("{} {:.0f} m² on {:.0f} m² of land is a floor area ratio of {:.1f}, above {:.0f}: check the floor area and "
                         "the plot's outline",
                         label("gross_floor_area_m2"), *floor_area, *land, *floor_area / *land, kMaxFloorAreaRatio);
    if (households && *households / (*land / 10000.0) > kMaxHouseholdsPerHectare)
      return fmt::format("{} {:.0f} on {:.0f} m² of land is {:.0f} households per hectare, above {:.0f}: check the households and "
                         "the plot's outline",
                         label("households"), *households, *land, *households / (*land / 10000.0), kMaxHouseholdsPerHectare);
  }
  return {};
}

}  // namespace geo::plausibility
