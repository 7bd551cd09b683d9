#pragma once
// Parking supply against demand: the spaces of the parking zones counted per community (a zone
// straddling a boundary split by area) and within walking reach of each residential building,
// against the spaces the rule pack's standard asks for the households; where a district table
// gives car ownership (the 2020 census), the cars the households are likely to own beside it.
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "geo/feedback.h"
#include "geo/inspect.h"
#include "geo/network_options.h"
#include "geo/project.h"
#include "geo/rules.h"

namespace geo {

struct Review;

// District car ownership: a table keyed by county code (GB/T 2260), such as the 2020 census's
// housing table, whose HOUS_SAMP_HHVE is the share of households owning a car.
struct CarOwnershipTable {
  std::filesystem::path file;
  std::string key_field = "CODE";
  std::string share_field = "HOUS_SAMP_HHVE";
};

struct ParkingOptions {
  std::optional<double> distance_m;  // a building's walking reach; default: the standards' parking distance
  bool walking = true;               // along the network (needs roads); else in a straight line
  bool per_building = true;          // spaces within reach of each residential building
  std::optional<NetworkOptions> network;  // default: the project's [network]
  std::optional<CarOwnershipTable> car_ownership;
  std::size_t parallel_min_items = 20000;
  // The plots under review (a review of the same project): their households and the spaces they
  // provide are added to their communities, split by their shares, as "with the plots" figures.
  const Review* review = nullptr;
};

// A parking zone's spaces as the analysis counts them.
struct ZoneSpaces {
  std::size_t index = 0;          // into the parking layer
  std::optional<double> spaces;   // empty: set aside (named in a finding)
  bool estimated = false;         // from the zone's area (here, or by the import)
};

struct CommunityParking {
  std::size_t index = 0;  // into the communities layer
  std::string community_id;
  std::string name;
  double households = 0.0;        // of its existing buildings
  double spaces = 0.0;            // of the zones inside it, a straddling zone by its share of area
  double estimated_spaces = 0.0;  // the part of `spaces` estimated from zones' areas
  std::optional<double> required_spaces;   // by the standard; empty when it cannot be evaluated
  std::optional<double> shortfall_spaces;
  std::string district_code;               // empty when unknown
  std::optional<double> car_ownership;     // share of households owning a car, from the district table
  std::optional<double> cars_expected;     // households × car_ownership
  // With the plots under review (ParkingOptions::review): their households and provided spaces,
  // split by their shares, and the standard's requirement and shortfall once they are built.
  std::optional<double> households_planned;
  std::optional<double> spaces_planned;
  std::optional<double> required_with_plots;
  std::optional<double> shortfall_with_plots;

  std::optional<double> spaces_per_household() const {
    if (households <= 0) return std::nullopt;
    return spaces / households;
  }
};

struct BuildingParking {
  std::size_t index = 0;  // into the buildings layer
  double households = 0.0;
  std::optional<std::size_t> community;
  double spaces_within_reach = 0.0;  // whole zones within the distance, as walked (or in a straight line)
};

struct ParkingSupply {
  std::string pack_id;
  std::string standard_title;
  std::string standard_citation;
  Mark standard_mark = Mark::Verified;
  double m2_per_space = 0.0;
  std::string m2_per_space_citation;
  double distance_m = 0.0;
  std::string distance_source;
  bool walking = false;
  bool per_building = false;
  std::vector<ZoneSpaces> zones;
  std::vector<CommunityParking> communities;
  std::vector<BuildingParking> buildings;  // residential buildings, when per_building
  double spaces_outside = 0.0;             // in zones (or their parts) outside every community
  double households_outside = 0.0;
  std::string car_ownership_source;        // the table's file, when one was read
  std::vector<Finding> findings;

  double spaces() const;
  double households() const;
  double required_spaces() const;  // of the communities whose requirement is known
  double shortfall_spaces() const;
};

// Needs the project's communities and parking layers, and buildings for households; roads for
// walking reach. `rules` gives the standard ([parking]); `standards` the walking distance
// ([facilities.parking], as for coverage) unless options.distance_m is given.
ParkingSupply compute_parking(const Project& project, const RulePack& rules, const RulePack* standards, const ParkingOptions& options,
                              Feedback* feedback = nullptr);

// Each zone's spaces: its capacity, or its area ÷ the standard's m² per space (at least 1), or set
// aside with a finding when neither is there or the capacity is not a number.
std::vector<ZoneSpaces> zone_spaces(const LayerData& parking, double m2_per_space, std::vector<Finding>& findings);

// Reads a district table: county code -> share of households owning a car. Throws geo::Error
// naming the file and the missing field; rows whose share is not a number in [0, 1] are left out
// and named in `findings`.
std::map<std::string, double> read_car_ownership(const CarOwnershipTable& table, std::vector<Finding>& findings);

// The county code of a community: its district_code, else the first six digits of a 12-digit
// 统计用区划代码 community_id; empty when neither.
std::string district_code_of(const LayerData& communities, std::size_t c);

}  // namespace geo
