#include "geo/coverage_export.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "geo/error.h"
#include "geo/gdal_io.h"
#include "geo/result_layers.h"
#include "geo/style.h"
#include "output_files.h"

namespace geo {

namespace fs = std::filesystem;

std::vector<std::string> coverage_output_names(bool scorecard) {
  if (!scorecard) return {"coverage.gpkg", "coverage_communities.csv"};
  return {"scorecard.gpkg", "scorecard.csv"};
}

void output_check_free(const fs::path& dir, const std::vector<std::string>& names, bool overwrite) {
  output::StagedOutputs::check_free(dir, names, overwrite);
}

std::vector<std::string> coverage_layers_named(const std::vector<std::string>& names) {
  if (names.size() == 1 && names.front() == "all") return kCoverageOutputLayers;
  std::vector<std::string> layers;
  for (const auto& name : names) {
    if (std::find(kCoverageOutputLayers.begin(), kCoverageOutputLayers.end(), name) == kCoverageOutputLayers.end())
      throw Error(fmt::format("unknown coverage layer '{}': choose from {} or all", name, fmt::join(kCoverageOutputLayers, ", ")));
    if (std::find(layers.begin(), layers.end(), name) == layers.end()) layers.push_back(name);
  }
  if (layers.empty()) throw Error(fmt::format("no coverage layer named: choose from {} or all", fmt::join(kCoverageOutputLayers, ", ")));
  return layers;
}

namespace {

void write_single(output::StagedOutputs& staged, const Project& project, const Coverage& cov, Feedback* feedback,
                  const std::vector<std::string>& wanted) {
  const output::WriteSettings gpkg{.format = "gpkg", .working_epsg = project.working_epsg};
  auto asked = [&](const char* name) { return std::find(wanted.begin(), wanted.end(), name) != wanted.end(); };
  std::optional<LayerData> buildings, uncovered, communities, areas, parts;
  std::vector<std::size_t> building_rows, uncovered_rows;  // the footprints are written from the project's layer, not copied
  if (asked("buildings")) buildings = coverage_buildings_layer(project, cov, false, building_rows);
  if (asked("uncovered_buildings")) uncovered = coverage_buildings_layer(project, cov, true, uncovered_rows);
  // The communities' figures make the CSV whether or not the layer is written.
  if (project.layer(Role::Communities)) communities = coverage_communities_layer(project, cov);
  if (asked("service_areas") && !cov.service_areas.empty()) areas = service_areas_layer(project, cov);
  if (asked("network_parts") && cov.network.parts.size() > 1) parts = network_parts_layer(project, cov);
  std::vector<LayerStyleSpec> styles;
  std::vector<output::LayerToWrite> layers;
  auto add = [&](const char* name, const char* result, const LayerData& data, Role role) {
    layers.push_back({.name = name, .data = &data});
    styles.push_back(result_layer_style(result, role));
  };
  auto add_footprints = [&](const char* name, const char* result, const LayerData& data, std::vector<std::size_t>& rows) {
    add(name, result, data, Role::Buildings);
    layers.back().geometries_of = project.layer(Role::Buildings);
    layers.back().geometry_rows = std::move(rows);
  };
  if (buildings) add_footprints("buildings", "coverage_buildings", *buildings, building_rows);
  if (uncovered) add_footprints("uncovered_buildings", "uncovered_buildings", *uncovered, uncovered_rows);
  if (communities && asked("communities")) add("communities", "coverage_communities", *communities, Role::Communities);
  if (areas) add("service_areas", "service_areas", *areas, Role::Facilities);
  if (parts) add("network_parts", "network_parts", *parts, Role::Roads);
  for (std::size_t i = 0; i < layers.size(); ++i) layers[i].style = &styles[i];
  {
    const Feedback::Stage stage(feedback, 0, 90);
    staged.write("coverage.gpkg", layers, gpkg, feedback);
  }
  const Feedback::Stage stage(feedback, 90, 100);
  // The table a spreadsheet opens: the communities' figures, headers alone when there are none.
  LayerData table = communities ? *communities : LayerData{};
  if (!communities) table.column_order = {"community_id", "name", "households", "households_covered", "covered_share"};
  for (const auto& c : table.column_order) table.columns[c];
  staged.write("coverage_communities.csv", {{.name = "communities", .data = &table}},
                       {.format = "csv", .working_epsg = project.working_epsg}, feedback);
}

void write_scorecard(output::StagedOutputs& staged, const Project& project, const std::vector<Coverage>& coverages, Feedback* feedback,
                     const ParkingSupply* parking, const Finance* finance) {
  const LayerData scorecard = scorecard_layer(project, coverages, parking, finance);
  const LayerStyleSpec style = result_layer_style("scorecard", Role::Communities);
  {
    const Feedback::Stage stage(feedback, 0, 80);
    staged.write("scorecard.gpkg", {{.name = "communities", .data = &scorecard, .style = &style}},
                 {.format = "gpkg", .working_epsg = project.working_epsg}, feedback);
  }
  const Feedback::Stage stage(feedback, 80, 100);
  staged.write("scorecard.csv", {{.name = "scorecard", .data = &scorecard}}, {.format = "csv", .working_epsg = project.working_epsg},
               feedback);
}

}  // namespace

std::vector<fs::path> write_coverage_outputs(const fs::path& dir, const Project& project, const std::vector<Coverage>& coverages,
                                             bool scorecard, bool overwrite, Feedback* feedback, const ParkingSupply* parking,
                                             const Finance* finance, const std::vector<std::string>& layers) {
  if (coverages.empty()) throw Error("no coverage to write");
  if (!scorecard && coverages.size() != 1) throw Error("internal: one kind's outputs asked for several kinds");
  const auto names = coverage_output_names(scorecard);
  output::StagedOutputs staged(dir, "coverage", names, overwrite, input_files(project.spec));
  if (!scorecard)
    write_single(staged, project, coverages.front(), feedback, layers);
  else
    write_scorecard(staged, project, coverages, feedback, parking, finance);
  if (feedback) feedback->throw_if_cancelled();
  staged.commit();
  std::vector<fs::path> out;
  for (const auto& n : names) out.push_back(dir / n);
  return out;
}

std::vector<fs::path> write_siting_outputs(const fs::path& dir, const Project& project, const SitingResult& result, bool overwrite,
                                           Feedback* feedback) {
  output::StagedOutputs staged(dir, "site", kSitingOutputs, overwrite, input_files(project.spec));
  const LayerData sites = sites_layer(result);
  const LayerStyleSpec style = result_layer_style("sites", Role::Candidates);
  {
    const Feedback::Stage stage(feedback, 0, 80);
    staged.write("sites.gpkg", {{.name = "sites", .data = &sites, .style = &style}},
                 {.format = "gpkg", .working_epsg = project.working_epsg}, feedback);
  }
  {
    const Feedback::Stage stage(feedback, 80, 100);
    staged.write("sites.csv", {{.name = "sites", .data = &sites}}, {.format = "csv", .working_epsg = project.working_epsg}, feedback);
  }
  if (feedback) feedback->throw_if_cancelled();
  staged.commit();
  return {dir / "sites.gpkg", dir / "sites.csv"};
}

namespace {

struct TableOutput {
  std::string layer;  // in the GeoPackage
  std::string csv;    // beside it
  const LayerData* data = nullptr;
  LayerStyleSpec style;
};

// One GeoPackage with several layers, and each layer's table as a CSV beside it.
std::vector<fs::path> write_tables(const fs::path& dir, const Project& project, const std::string& job, const std::string& gpkg,
                                   const std::vector<TableOutput>& tables, bool overwrite, Feedback* feedback) {
  std::vector<std::string> names{gpkg};
  for (const auto& t : tables) names.push_back(t.csv);
  output::StagedOutputs staged(dir, job, names, overwrite, input_files(project.spec));
  std::vector<output::LayerToWrite> layers;
  for (const auto& t : tables) layers.push_back({.name = t.layer, .data = t.data, .style = &t.style});
  {
    const Feedback::Stage stage(feedback, 0, 80);
    staged.write(gpkg, layers, {.format = "gpkg", .working_epsg = project.working_epsg}, feedback);
  }
  const Feedback::Stage stage(feedback, 80, 100);
  for (const auto& t : tables)
    staged.write(t.csv, {{.name = t.layer, .data = t.data}}, {.format = "csv", .working_epsg = project.working_epsg}, feedback);
  if (feedback) feedback->throw_if_cancelled();
  staged.commit();
  std::vector<fs::path> out;
  for (const auto& n : names) out.push_back(dir / n);
  return out;
}

}  // namespace

std::vector<std::string> parking_output_names(const ParkingSupply& parking) {
  if (!parking.per_building) return {"parking.gpkg", "parking_communities.csv"};
  return {"parking.gpkg", "parking_communities.csv", "parking_buildings.csv"};
}

std::vector<fs::path> write_parking_outputs(const fs::path& dir, const Project& project, const ParkingSupply& parking, bool overwrite,
                                            Feedback* feedback) {
  const LayerData communities = parking_communities_layer(project, parking);
  std::vector<TableOutput> tables{{"communities", "parking_communities.csv", &communities, result_layer_style("parking_communities", Role::Communities)}};
  std::optional<LayerData> buildings;
  if (parking.per_building) {
    buildings = parking_buildings_layer(project, parking);
    tables.push_back({"buildings", "parking_buildings.csv", &*buildings, result_layer_style("parking_buildings", Role::Buildings)});
  }
  return write_tables(dir, project, "parking", "parking.gpkg", tables, overwrite, feedback);
}

std::vector<std::string> finance_output_names(const Project& project) {
  if (!project.layer(Role::Plots)) return {"finance.gpkg", "finance_communities.csv"};
  return {"finance.gpkg", "finance_communities.csv", "finance_plots.csv"};
}

std::vector<fs::path> write_finance_outputs(const fs::path& dir, const Project& project, const Finance& finance, bool overwrite,
                                            Feedback* feedback) {
  const LayerData communities = finance_communities_layer(project, finance);
  std::vector<TableOutput> tables{{"communities", "finance_communities.csv", &communities, result_layer_style("finance", Role::Communities)}};
  std::optional<LayerData> plots;
  if (project.layer(Role::Plots)) {
    plots = finance_plots_layer(project, finance);
    tables.push_back({"plots", "finance_plots.csv", &*plots, result_layer_style("finance_plots", Role::Plots)});
  }
  return write_tables(dir, project, "finance", "finance.gpkg", tables, overwrite, feedback);
}

}  // namespace geo
