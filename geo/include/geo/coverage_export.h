#pragma once
// What a coverage run leaves behind: coverage.gpkg (buildings with their distances, the
// uncovered ones, communities with their covered share, service areas) and a summary table;
// for several kinds, the life-circle scorecard of every community.
#include <filesystem>
#include <string>
#include <vector>

#include "geo/coverage.h"
#include "geo/finance.h"
#include "geo/parking.h"
#include "geo/feedback.h"
#include "geo/project.h"
#include "geo/siting.h"

namespace geo {

// A community lacks a kind when less than this share of its households is covered.
inline constexpr double kLackingShare = 0.5;

// One kind: coverage.gpkg (buildings, uncovered_buildings, communities, service_areas) and
// coverage_communities.csv. Several kinds: scorecard.gpkg (communities) and scorecard.csv.
// Staged and renamed into place whole; existing outputs are replaced only with overwrite.
// The scorecard carries parking and finance lines where they are given.
// The layers of coverage.gpkg; the default leaves out the full per-building layer (every
// residential building of the city), which a planner asks for by name.
inline const std::vector<std::string> kCoverageOutputLayers = {"buildings", "uncovered_buildings", "communities", "service_areas",
                                                         "network_parts"};
inline const std::vector<std::string> kCoverageDefaultOutputLayers = {"uncovered_buildings", "communities", "service_areas", "network_parts"};
// The layers named (of kCoverageOutputLayers, or "all"), each once; throws naming an unknown one.
std::vector<std::string> coverage_layers_named(const std::vector<std::string>& names);

std::vector<std::filesystem::path> write_coverage_outputs(const std::filesystem::path& dir, const Project& project,
                                                          const std::vector<Coverage>& coverages, bool scorecard, bool overwrite,
                                                          Feedback* feedback = nullptr, const ParkingSupply* parking = nullptr,
                                                          const Finance* finance = nullptr,
                                                          const std::vector<std::string>& layers = kCoverageDefaultOutputLayers);

std::vector<std::string> coverage_output_names(bool scorecard);

// sites.gpkg (layer sites: candidate_id, rank, gain_households) and sites.csv.
inline const std::vector<std::string> kSitingOutputs = {"sites.gpkg", "sites.csv"};
std::vector<std::filesystem::path> write_siting_outputs(const std::filesystem::path& dir, const Project& project,
                                                        const SitingResult& result, bool overwrite, Feedback* feedback = nullptr);

// parking.gpkg (layers communities, buildings — the latter when per building) with
// parking_communities.csv and parking_buildings.csv beside it.
std::vector<std::string> parking_output_names(const ParkingSupply& parking);
std::vector<std::filesystem::path> write_parking_outputs(const std::filesystem::path& dir, const Project& project,
                                                         const ParkingSupply& parking, bool overwrite, Feedback* feedback = nullptr);

// finance.gpkg (layers communities, and plots when there are plots under review) with
// finance_communities.csv (and finance_plots.csv) beside it.
std::vector<std::string> finance_output_names(const Project& project);
std::vector<std::filesystem::path> write_finance_outputs(const std::filesystem::path& dir, const Project& project, const Finance& finance,
                                                         bool overwrite, Feedback* feedback = nullptr);

// Throws geo::Error naming the first of dir/names that exists, unless overwriting: before the work.
void output_check_free(const std::filesystem::path& dir, const std::vector<std::string>& names, bool overwrite);

}  // namespace geo
