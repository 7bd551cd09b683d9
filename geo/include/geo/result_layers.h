#pragma once
// Analysis results as layers: one definition of each result's fields, shared by the map's result
// layers, `cplan export` and the files that check, coverage and site write.
#include <string>
#include <vector>

#include "geo/coverage.h"
#include "geo/finance.h"
#include "geo/parking.h"
#include "geo/project.h"
#include "geo/review.h"
#include "geo/siting.h"

namespace geo {

// The names `cplan export --layer` and the map know them by.
inline const std::vector<std::string> kReviewLayers = {"review_plots", "review_communities"};
inline const std::vector<std::string> kCoverageLayers = {"coverage_buildings", "uncovered_buildings", "coverage_communities",
                                                         "service_areas", "network_parts"};
inline const std::vector<std::string> kScorecardLayers = {"scorecard"};
inline const std::vector<std::string> kSitingLayers = {"sites"};
inline const std::vector<std::string> kParkingLayers = {"parking_communities", "parking_buildings"};
inline const std::vector<std::string> kFinanceLayers = {"finance", "finance_plots"};

// Each plot with its community, shares, households, required/reserved office space, shortfall,
// verdict and the binding rule with its citation.
LayerData review_plots_layer(const Project& project, const Review& review);
// Each community with its households, office space, requirement, shortfall and funding.
LayerData review_communities_layer(const Project& project, const Review& review);

// Residential buildings with their distances (all, or only those left uncovered).
LayerData coverage_buildings_layer(const Project& project, const Coverage& coverage, bool uncovered_only);
// The same without the footprints, for writing: each row's is the buildings layer's row in
// `building_rows` (on the city, copying 287,650 footprints took 0.46 s and some 70 MB).
LayerData coverage_buildings_layer(const Project& project, const Coverage& coverage, bool uncovered_only,
                                   std::vector<std::size_t>& building_rows);
// Each community's covered households and share (needs a communities layer).
LayerData coverage_communities_layer(const Project& project, const Coverage& coverage);
// Each facility's walking or straight-line service area (when computed).
LayerData service_areas_layer(const Project& project, const Coverage& coverage);
// The parts of the walking network cut off from its largest part: where each is, its roads, and
// the residential buildings and households that join it (walking, only).
LayerData network_parts_layer(const Project& project, const Coverage& coverage);
// Several kinds: each community's covered share per kind and the kinds it lacks; with parking and
// finance, its spaces per household and shortfall, and its budget per household.
LayerData scorecard_layer(const Project& project, const std::vector<Coverage>& coverages, const ParkingSupply* parking = nullptr,
                          const Finance* finance = nullptr);

// Each community's parking spaces, households, spaces per household, the standard's requirement
// and shortfall, and car ownership where a district table gives it.
LayerData parking_communities_layer(const Project& project, const ParkingSupply& parking);
// Each residential building with the spaces within reach.
LayerData parking_buildings_layer(const Project& project, const ParkingSupply& parking);
// Each community's yearly budget by column, total and per household.
LayerData finance_communities_layer(const Project& project, const Finance& finance);
// What each plot under review adds to its communities' budgets.
LayerData finance_plots_layer(const Project& project, const Finance& finance);

// The chosen sites, ranked, with the households each adds.
LayerData sites_layer(const SitingResult& result);

}  // namespace geo
