// cplan export: project layers and analysis results to Shapefile, GeoPackage, GeoJSON, KML or DXF,
// for approval offices and colleagues' GIS and CAD.
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "commands.h"
#include "datasets/demo_city.h"
#include "geo/coverage.h"
#include "geo/error.h"
#include "geo/export.h"
#include "geo/finance.h"
#include "geo/parking.h"
#include "geo/result_layers.h"
#include "geo/review.h"
#include "geo/rules.h"
#include "geo/siting.h"
#include "geo/style.h"
#include "terminal.h"

namespace cplan {

namespace fs = std::filesystem;

namespace {

struct ExportCliOptions {
  bool merge_pieces = false;
  std::string project;
  std::vector<std::string> layers;
  std::string format;
  std::string out;
  std::string crs;
  std::string encoding = "utf-8";
  bool overwrite = false;
  bool progress = false;
  // For result layers: the analyses that make them.
  std::string rules = "national";
  int year = current_year();
  std::string kind;
  std::optional<double> distance;
  bool straight_line = false;
  std::string standards = "gb50180";
  int add = 1;
};

bool contains(const std::vector<std::string>& names, const std::string& n) { return std::find(names.begin(), names.end(), n) != names.end(); }

std::string known_layers() {
  std::string known;
  for (geo::Role r : geo::kAllRoles) known += std::string(known.empty() ? "" : ", ") + geo::to_string(r);
  for (const auto* group : {&geo::kReviewLayers, &geo::kCoverageLayers, &geo::kScorecardLayers, &geo::kSitingLayers, &geo::kParkingLayers,
                            &geo::kFinanceLayers})
    for (const auto& n : *group) known += ", " + n;
  return known + ", all";
}

int run_export(const ExportCliOptions& o) {
  TerminalFeedback feedback("exporting", o.progress);
  const fs::path project_file = demo_or(o.project, feedback, 5);
  const geo::ProjectSpec spec = geo::read_project(project_file);
  // "all": every role of the project, the plots with their review where there are communities to
  // review them in (one DXF layer per role).
  const bool reviewable = spec.find(geo::Role::Plots) && spec.find(geo::Role::Communities);
  std::vector<std::string> names;
  for (const auto& n : o.layers) {
    if (n == "all") {
      for (geo::Role r : geo::kAllRoles) names.push_back(r == geo::Role::Plots && reviewable ? "review_plots" : geo::to_string(r));
    } else if (!geo::parse_role(n) && !contains(geo::kReviewLayers, n) && !contains(geo::kCoverageLayers, n) &&
               !contains(geo::kScorecardLayers, n) && !contains(geo::kSitingLayers, n) && !contains(geo::kParkingLayers, n) &&
               !contains(geo::kFinanceLayers, n)) {
      throw geo::Error("unknown layer '" + n + "' (known: " + known_layers() + ")");
    } else if (!contains(names, n)) {
      names.push_back(n);
    }
  }
  const bool all = contains(o.layers, "all");
  bool needs_review = false, needs_coverage = false, needs_scorecard = false, needs_sites = false, needs_parking = false,
       needs_finance = false;
  for (const auto& n : names) {
    needs_parking = needs_parking || contains(geo::kParkingLayers, n);
    needs_finance = needs_finance || contains(geo::kFinanceLayers, n);
    needs_review = needs_review || contains(geo::kReviewLayers, n);
    needs_coverage = needs_coverage || contains(geo::kCoverageLayers, n);
    needs_scorecard = needs_scorecard || contains(geo::kScorecardLayers, n);
    needs_sites = needs_sites || contains(geo::kSitingLayers, n);
  }
  if ((needs_coverage || needs_sites) && o.kind.empty())
    throw geo::Error("coverage and site layers need --kind (community_office, health_station, kindergarten, elderly_care, market, parking)");
  const std::optional<geo::RulePack> pack = needs_review || needs_parking || needs_finance
                                                ? std::optional(geo::load_rule_pack(geo::resolve_rule_pack(o.rules)))
                                                : std::nullopt;
  if (needs_parking && !pack->parking)
    throw geo::Error("the rule pack '" + pack->id + "' has no parking standard ([parking]); choose one with --rules (national, hangzhou, changsha)");
  if (needs_finance && pack->finance.empty())
    throw geo::Error("the rule pack '" + pack->id + "' has no budget lines ([finance.*]); choose one with --rules (hangzhou, changsha)");
  const std::optional<geo::RulePack> standards =
      needs_coverage || needs_scorecard || needs_sites || needs_parking
          ? std::optional(geo::load_rule_pack(geo::resolve_rule_pack(o.standards)))
          : std::nullopt;

  std::vector<geo::Role> roles;
  for (geo::Role r : geo::kAllRoles)
    if (contains(names, geo::to_string(r)) || needs_review || needs_coverage || needs_scorecard || needs_sites || needs_parking ||
        needs_finance)
      roles.push_back(r);
  const geo::Project project = [&] {
    const geo::Feedback::Stage stage(&feedback, 5, 30);
    return geo::load_project(spec, &feedback, {.roles = roles, .merge_pieces = o.merge_pieces});
  }();
  std::optional<geo::Feedback::Stage> analyses(std::in_place, &feedback, 30, 60);

  print_data_problems(project);
  // The layers, in the order asked for; a role the project lacks is said, unless "all" asked for every one.
  std::vector<geo::LayerData> results;  // owned here, pointed to by the export layers
  results.reserve(names.size());
  std::vector<geo::ExportLayer> layers;
  std::optional<geo::Review> review;
  std::optional<geo::Coverage> coverage;
  std::optional<geo::ParkingSupply> parking;
  std::optional<geo::Finance> finance;
  if (needs_parking)
    parking = geo::compute_parking(project, *pack, &*standards,
                                   {.distance_m = o.distance, .walking = !o.straight_line, .per_building = contains(names, "parking_buildings")},
                                   &feedback);
  if (needs_finance) finance = geo::compute_finance(project, *pack, {.year = o.year}, &feedback);
  if (needs_review) review = geo::review_plots(project, *pack, {.year = o.year}, &feedback);
  if (needs_coverage)
    coverage = geo::compute_coverage(project, &*standards,
                                     {.kind = o.kind, .distance_m = o.distance, .walking = !o.straight_line,
                                      .service_areas = contains(names, "service_areas")},
                                     &feedback);
  for (const auto& n : names) {
    if (auto role = geo::parse_role(n)) {
      const geo::LayerData* data = project.layer(*role);
      if (!data) {
        if (all) continue;
        throw geo::Error("the project has no " + n + " layer", {.file = project_file.string()});
      }
      geo::LayerStyleSpec style = geo::default_layer_style(*role);
      if (auto it = spec.styles.find(n); it != spec.styles.end()) style = geo::overlay_style(style, it->second);
      layers.push_back({.name = n, .data = data, .style = style});
      continue;
    }
    if (n == "review_plots") results.push_back(geo::review_plots_layer(project, *review));
    else if (n == "review_communities") results.push_back(geo::review_communities_layer(project, *review));
    else if (n == "coverage_buildings") results.push_back(geo::coverage_buildings_layer(project, *coverage, false));
    else if (n == "uncovered_buildings") results.push_back(geo::coverage_buildings_layer(project, *coverage, true));
    else if (n == "coverage_communities") results.push_back(geo::coverage_communities_layer(project, *coverage));
    else if (n == "service_areas") results.push_back(geo::service_areas_layer(project, *coverage));
    else if (n == "network_parts") results.push_back(geo::network_parts_layer(project, *coverage));
    else if (n == "parking_communities") results.push_back(geo::parking_communities_layer(project, *parking));
    else if (n == "parking_buildings") results.push_back(geo::parking_buildings_layer(project, *parking));
    else if (n == "finance") results.push_back(geo::finance_communities_layer(project, *finance));
    else if (n == "finance_plots") results.push_back(geo::finance_plots_layer(project, *finance));
    else if (n == "scorecard") {
      std::vector<geo::Coverage> kinds;
      std::vector<std::string> skipped;
      for (const auto& kind : geo::coverable_kinds(project, *standards, &skipped))
        kinds.push_back(geo::compute_coverage(project, &*standards, {.kind = kind, .walking = !o.straight_line}, &feedback));
      for (const auto& s : skipped) std::cerr << "cplan: scorecard: skipped " << s << "\n";
      results.push_back(geo::scorecard_layer(project, kinds));
    } else if (n == "sites") {
      geo::SitingOptions siting;
      siting.kind = o.kind;
      siting.add = o.add;
      siting.distance_m = o.distance;
      siting.walking = !o.straight_line;
      results.push_back(geo::sites_layer(geo::site_facilities(project, &*standards, siting, &feedback)));
    }
    // Under "all" the reviewed plots are the plots layer.
    const std::string name = all && n == "review_plots" && !contains(o.layers, n) ? "plots" : n;
    layers.push_back({.name = name, .data = &results.back(), .style = geo::result_layer_style(n, results.back().role)});
  }
  if (layers.empty()) throw geo::Error("the project has none of the layers asked for", {.file = project_file.string()});

  geo::ExportOptions options;
  options.format = o.format;
  options.crs = o.crs;
  options.encoding = o.encoding == "gbk" || o.encoding == "GBK" ? "GBK" : "UTF-8";
  options.overwrite = o.overwrite;
  options.inputs = geo::input_files(project.spec);
  analyses.reset();
  const geo::ExportResult r = [&] {
    const geo::Feedback::Stage stage(&feedback, 60, 100);
    return geo::export_layers(layers, project.working_epsg, fs::u8path(o.out), options, &feedback);
  }();
  feedback.finish();
  const std::string crs = o.format == "kml"    ? "EPSG:4326 (KML's only CRS)"
                          : o.format == "dxf"  ? fmt::format("{} (DXF records no CRS: coordinates are in it)",
                                                            o.crs.empty() ? fmt::format("EPSG:{}", project.working_epsg) : o.crs)
                          : o.crs.empty()      ? fmt::format("EPSG:{}", project.working_epsg)
                                               : o.crs;
  for (const auto& l : layers) std::cout << fmt::format("exported {} features of {} ({})\n", l.data->size(), l.name, o.format);
  std::cout << "CRS " << crs << "\n";
  for (const auto& f : r.files) std::cout << "  " << f.string() << "\n";
  for (const auto& [full, fitted] : r.renamed_fields) std::cout << "  field " << full << " -> " << fitted << "\n";
  return kOk;
}

}  // namespace

Run register_export(CLI::App& app) {
  auto options = std::make_shared<ExportCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "export",
      "Write project layers or analysis results (the demo city's by default) to Shapefile (with .prj and .cpg, field names fitted to "
      "10 bytes, full names beside), GeoPackage (styled for QGIS), GeoJSON, KML or DXF (one CAD layer per layer, labels as text), "
      "in a CRS you name. Written whole or not at all.");
  sub->add_option("project", options->project, "project .toml (default: the demo city)");
  sub->add_option("--layer", options->layers,
                  "layers, comma-separated: communities, buildings, plots, facilities, parking, roads, candidates; review_plots, "
                  "review_communities (--rules); coverage_buildings, uncovered_buildings, coverage_communities, service_areas, network_parts "
                  "(--kind); scorecard; sites (--kind, --add); parking_communities, parking_buildings (--rules with a parking standard); "
                  "finance, finance_plots (--rules with budget lines, --year); all (every role, the plots with their review)")
      ->required()
      ->delimiter(',');
  sub->add_option("--format", options->format, "shp, gpkg, geojson, kml, dxf")->required()->check(CLI::IsMember({"shp", "gpkg", "geojson", "kml", "dxf"}));
  sub->add_option("--out", options->out, "output file (.shp, .gpkg, ...)")->required();
  sub->add_option("--crs", options->crs, "output CRS, e.g. EPSG:4549 or EPSG:4490 (default: the project's)");
  sub->add_option("--encoding", options->encoding, "Shapefile attribute encoding: utf-8 or gbk")->check(CLI::IsMember({"utf-8", "gbk", "UTF-8", "GBK"}));
  sub->add_flag("--overwrite", options->overwrite, "replace an existing output");
  sub->add_flag("--merge-pieces", options->merge_pieces,
                "join features that share an id (pieces of one plot or building cut at tile or map-sheet edges) before the work");
  sub->add_flag("--progress", options->progress, "draw a progress bar on stderr even when it is not a terminal");
  sub->add_option("--rules", options->rules, "review layers: rule pack (" + geo::rule_pack_choices() + ")")->capture_default_str();
  sub->add_option("--year", options->year, "review layers: year for the funding rule")->capture_default_str();
  sub->add_option("--kind", options->kind, "coverage and site layers: community_office, health_station, kindergarten, elderly_care, market, parking");
  sub->add_option("--distance", options->distance, "coverage and site layers: distance in metres (default: the standard's)");
  sub->add_flag("--straight-line", options->straight_line, "coverage and site layers: straight-line distances instead of walking");
  sub->add_option("--standards", options->standards, "coverage and site layers: rule pack with the facility distances")->capture_default_str();
  sub->add_option("--add", options->add, "site layer: sites to add")->capture_default_str();
  return [options] { return run_export(*options); };
}

}  // namespace cplan
