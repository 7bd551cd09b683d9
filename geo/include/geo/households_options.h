#pragma once
// The project's [households] table: how buildings without households get an estimate, and the
// known totals the estimates are scaled to. Import writes a profile's defaults into it.
//   floor area  = footprint × levels (levels from the data, else height ÷ storey height, else the
//                 default), counted only for buildings judged residential;
//   households  = floor area ÷ floor area per household, then, per zone of a known total (the
//                 communities' households, or a zone layer with a table such as the census), scaled
//                 so that the zone's buildings sum to it.
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "geo/web_map_offsets.h"

namespace geo {

struct HouseholdCalibration {
  // "communities": each community's households field. "zones": the zones layer below.
  std::string to = "communities";
  std::filesystem::path zones;  // a polygon layer (any format GDAL reads)
  std::string zones_layer;
  std::string zones_crs;        // when the file declares none
  WebMapOffset zones_offset = WebMapOffset::None;
  std::string zone_key;         // field naming each zone, joined to the tables
  std::string zone_total;       // a field of the zones holding the total, when there are no tables
  std::vector<std::filesystem::path> tables;  // CSVs joined on table_key, e.g. the 2020 census tables
  std::string table_key;
  std::string total;            // a formula over the tables' columns: "POPU * HHLD_R / HHLD_S"
  std::string describe;         // what the note calls the totals ("the 2020 census")
};

struct HouseholdEstimate {
  bool enabled = false;
  bool replace_data = false;  // estimate every building, not only those without a households value
  // 2020 census, central districts of Hangzhou and Changsha: floor area per person (HOUS_SMPP, 30-43
  // m²) times persons per household (HHLD_S, 2.3-2.7) gives 73-105 m² of floor area per household.
  double floor_area_per_household_m2 = 85.0;
  double storey_height_m = 2.8;  // GB 50096-2011 住宅设计规范 5.5.1: 住宅层高宜为 2.80 m
  // Neither levels nor height: the walk-up block of 6 storeys, the tallest without a lift (GB 50096
  // asks for lifts from 7), the commonest urban housing built before 2000.
  double default_levels = 6.0;
  // Values of the buildings' use field (OSM building=*, 用途) that mean homes, and that mean not.
  std::set<std::string> residential_uses = {"residential", "apartments", "house", "detached", "semidetached_house", "terrace",
                                             "dormitory", "bungalow", "住宅", "居住", "宿舍", "公寓", "商住"};
  std::set<std::string> unknown_uses = {"", "yes", "building", "未知"};  // anything else is not a home
  // A building of unknown use is a home where it lies in residential land (residential_areas), or
  // everywhere ("residential"), or nowhere ("not_residential").
  std::string unknown_use = "by_landuse";
  std::filesystem::path residential_areas;  // polygons of residential land, e.g. OSM landuse=residential
  std::string residential_areas_layer;
  std::optional<HouseholdCalibration> calibration;
};

}  // namespace geo
