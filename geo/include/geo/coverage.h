#pragma once
// Facility coverage: which households lie within the standard distance of a facility of a
// kind, in a straight line and walking along the road network.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "geo/feedback.h"
#include "geo/inspect.h"
#include "geo/network.h"
#include "geo/project.h"
#include "geo/rules.h"

namespace geo {

struct CoverageOptions {
  std::string kind;                   // community_office, health_station, kindergarten, elderly_care, market, parking
  std::optional<double> distance_m;   // default: the standard's distance for the kind
  bool walking = true;                // also compute walking distances (needs roads)
  bool service_areas = false;         // also draw each facility's service area
  // The straight-line distances computed by the project's database (PostGIS nearest-neighbour
  // search) instead of the engine: for a project held in PostGIS (geo/database.h).
  bool in_database = false;
  std::optional<NetworkOptions> network;  // default: the project's [network]
};

struct BuildingCoverage {
  std::size_t index = 0;  // into the buildings layer
  double households = 0.0;
  std::optional<std::size_t> community;
  double euclid_m = kUnreachable;       // to the nearest facility of the kind
  std::optional<double> walk_m;         // empty when unreachable or not computed
  std::optional<std::size_t> network_part;  // index into NetworkSummary::parts (0: the largest)
};

struct CommunityCoverage {
  std::size_t index = 0;
  double households = 0.0;
  double covered_euclid = 0.0;
  double covered_walk = 0.0;
};

// A part of the walking network with the residential buildings that join it.
struct NetworkPartReport : NetworkPart {
  std::size_t buildings = 0;
  double households = 0.0;
  std::size_t facilities = 0;  // of the kind
};

struct NetworkSummary {
  std::size_t nodes = 0, edges = 0, excluded_segments = 0;
  std::map<NotWalkable, std::size_t> excluded_by_reason;
  std::size_t snapped_ends = 0;
  double widest_snapped_gap_m = 0.0;
  int components = 0;
  std::size_t largest_component_nodes = 0;
  std::size_t buildings_unreachable = 0;  // on a part of the network with no facility of the kind
  std::vector<NetworkPartReport> parts;   // the largest first
};

struct Coverage {
  std::string kind;
  double distance_m = 0.0;
  std::string distance_source;  // citation of the standard, or "given by the user"
  bool walking = false;
  std::vector<std::size_t> facilities;  // indexes into the facilities (or parking) layer
  std::vector<Point> facility_points;
  std::vector<Geometry> service_areas;  // one per facility, when asked for
  std::vector<BuildingCoverage> buildings;  // residential buildings (households > 0)
  std::vector<CommunityCoverage> communities;
  NetworkSummary network;
  std::vector<Finding> findings;

  bool covered(const BuildingCoverage& b) const;  // under the metric in use (walking when computed)
  double households() const;
  double households_covered_euclid() const;
  double households_covered_walk() const;
};

// Service areas are drawn as the reachable streets widened by this much on each side.
inline constexpr double kServiceAreaHalfWidth_m = 25.0;

// Walking searches stop here: nobody farther is covered, and the figure is not needed exactly.
inline double walking_horizon(double distance_m) { return std::max(2 * distance_m, distance_m + 2000); }

// The kinds of a pack's [facilities] table the project can be measured against: parking needs
// a parking layer, the others a facilities layer. The rest go to `skipped`, each with why.
std::vector<std::string> coverable_kinds(const Project& project, const RulePack& standards,
                                         std::vector<std::string>* skipped = nullptr);

// The standard distance for a kind from a pack's [facilities] table, if it has one.
const FacilityStandard* facility_standard(const RulePack& pack, const std::string& kind);

Coverage compute_coverage(const Project& project, const RulePack* standards, const CoverageOptions& options,
                          Feedback* feedback = nullptr);

// Walking coverage on a network the caller built from the project's roads, handing back where
// each of Coverage::buildings joined it: siting walks on from the same network and places
// instead of building and snapping twice.
Coverage compute_coverage(const Project& project, const RulePack* standards, const CoverageOptions& options,
                          const RoadNetwork& network, std::vector<Snap>& building_snaps, Feedback* feedback = nullptr);

// The plots under review standing in for the residential buildings: which services their future
// households would reach, measured as the buildings' are. Coverage::buildings index the plots.
Coverage compute_plot_coverage(const Project& project, const RulePack* standards, const CoverageOptions& options,
                               Feedback* feedback = nullptr);

}  // namespace geo
