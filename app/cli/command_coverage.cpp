// cplan coverage: which households lie within walking distance of each kind of facility.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "commands.h"
#include "datasets/demo_city.h"
#include "geo/coverage.h"
#include "geo/coverage_export.h"
#include "geo/crs.h"
#include "geo/error.h"
#include "geo/proj.h"
#include "geo/finance.h"
#include "geo/parking.h"
#include "geo/rules.h"
#include "terminal.h"

namespace cplan {

namespace fs = std::filesystem;

namespace {

struct CoverageCliOptions {
  bool merge_pieces = false;
  std::string project;
  std::string kind;
  std::optional<double> distance;
  bool straight_line = false;
  bool in_database = false;
  std::vector<std::string> layers;  // empty: geo::kCoverageDefaultOutputLayers
  std::string standards = "gb50180";
  std::string rules = "hangzhou";
  std::string out;
  bool overwrite = false;
  bool json = false;
  bool progress = false;
  bool timings = false;
  std::size_t rows = 15;
};

std::string percent(double part, double whole) { return whole > 0 ? fmt::format("{:.1f}%", 100.0 * part / whole) : "—"; }

// The parts cut off from the main network: where they are, their roads, whom they strand.
void print_network_parts(const geo::Coverage& c, const geo::Project& project, std::size_t rows) {
  if (c.network.parts.size() < 2) return;
  geo::ProjContext proj;
  const geo::Transformer to_lonlat(proj, geo::epsg_definition(project.working_epsg), geo::epsg_definition(geo::kCgcs2000Geographic));
  std::vector<std::size_t> order;
  for (std::size_t p = 1; p < c.network.parts.size(); ++p) order.push_back(p);
  // Those that strand the most households first, then the longest.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto &pa = c.network.parts[a], &pb = c.network.parts[b];
    return pa.households != pb.households ? pa.households > pb.households : pa.length_m > pb.length_m;
  });
  std::cout << "  parts cut off from the main network (network_parts in the outputs):\n";
  for (std::size_t k = 0; k < order.size() && k < rows; ++k) {
    const auto& part = c.network.parts[order[k]];
    const geo::Point centre = part.extent.center();
    const geo::Point lonlat = to_lonlat.forward(centre);
    std::string roads;
    for (const auto& name : part.road_names) roads += (roads.empty() ? "" : ", ") + name;
    std::cout << fmt::format("    part {}: {} segment(s), {:.0f} m at {:.5f}°E {:.5f}°N ({:.0f}, {:.0f}){}; {} building(s), {:.0f} "
                             "households{}\n",
                             order[k] + 1, part.edges, part.length_m, lonlat.x, lonlat.y, centre.x, centre.y,
                             roads.empty() ? "" : ", roads " + roads, part.buildings, part.households,
                             part.facilities ? fmt::format(", {} facilit{} of the kind", part.facilities, part.facilities == 1 ? "y" : "ies")
                                             : "");
  }
  if (order.size() > rows) std::cout << fmt::format("    ... {} more parts\n", order.size() - rows);
}

void print_one(const geo::Coverage& c, const geo::Project& project, std::size_t rows) {
  std::cout << fmt::format("{}: within {:.0f} m ({})\n", c.kind, c.distance_m, c.distance_source);
  std::cout << fmt::format("  facilities: {}   residential buildings: {}   households: {:.0f}\n", c.facilities.size(),
                           c.buildings.size(), c.households());
  std::cout << fmt::format("  covered in a straight line: {:.0f} households ({})\n", c.households_covered_euclid(),
                           percent(c.households_covered_euclid(), c.households()));
  if (c.walking) {
    std::cout << fmt::format("  covered walking:            {:.0f} households ({})\n", c.households_covered_walk(),
                             percent(c.households_covered_walk(), c.households()));
    std::string excluded;
    for (const auto& [why, count] : c.network.excluded_by_reason)
      excluded += fmt::format("{}{} {}", excluded.empty() ? "" : ", ", count, geo::to_string(why));
    std::cout << fmt::format("  network: {} nodes, {} walkable segments ({} left out{}), {} road end(s) joined across gaps, "
                             "{} connected part{}\n",
                             c.network.nodes, c.network.edges, c.network.excluded_segments, excluded.empty() ? "" : ": " + excluded,
                             c.network.snapped_ends, c.network.components, c.network.components == 1 ? "" : "s");
    print_network_parts(c, project, rows);
  }
  for (const auto& f : c.findings) std::cout << "  " << geo::to_string(f.severity) << ": " << f.message << "\n";
  if (!project.households_note.empty()) std::cout << "  note: " << project.households_note << "\n";
  const geo::LayerData* communities = project.layer(geo::Role::Communities);
  if (!communities || rows == 0) return;
  std::vector<const geo::CommunityCoverage*> sorted;
  for (const auto& cc : c.communities) sorted.push_back(&cc);
  auto covered = [&c](const geo::CommunityCoverage* cc) { return c.walking ? cc->covered_walk : cc->covered_euclid; };
  std::stable_sort(sorted.begin(), sorted.end(), [&](auto* a, auto* b) {
    return (a->households > 0 ? covered(a) / a->households : 1.0) < (b->households > 0 ? covered(b) / b->households : 1.0);
  });
  std::cout << "\n  " << pad("community (least covered first)", 34) << pad("households", 12) << pad("covered", 10) << "share\n";
  for (std::size_t i = 0; i < sorted.size() && i < rows; ++i) {
    const auto& cc = *sorted[i];
    std::cout << "  " << pad(communities->text(cc.index, "name"), 34) << pad(fmt::format("{:.0f}", cc.households), 12)
              << pad(fmt::format("{:.0f}", covered(&cc)), 10) << percent(covered(&cc), cc.households) << "\n";
  }
}

void print_scorecard(const std::vector<geo::Coverage>& all, const geo::Project& project, std::size_t rows,
                     const geo::ParkingSupply* parking, const geo::Finance* finance) {
  const geo::LayerData* communities = project.layer(geo::Role::Communities);
  std::cout << "Life-circle scorecard: share of each community's households within the standard walking distance\n";
  for (const auto& c : all)
    std::cout << fmt::format("  {:<17} {:>5.0f} m  {} facilities  ({})\n", c.kind, c.distance_m, c.facilities.size(), c.distance_source);
  if (!communities) return;
  std::cout << "\n" << pad("community", 18);
  for (const auto& c : all) std::cout << pad(c.kind.substr(0, 10), 12);
  if (parking) std::cout << pad("spaces/hh", 11);
  if (finance) std::cout << pad("yuan/hh", 9);
  std::cout << "lacks (< " << static_cast<int>(geo::kLackingShare * 100) << "% covered)\n";
  std::size_t shown = 0;
  for (std::size_t i = 0; i < communities->size() && shown < rows; ++i, ++shown) {
    std::cout << pad(communities->text(i, "name"), 18);
    std::string lacks;
    for (const auto& c : all) {
      const auto& cc = c.communities[i];
      const double covered = c.walking ? cc.covered_walk : cc.covered_euclid;
      std::cout << pad(percent(covered, cc.households), 12);
      if (cc.households > 0 && covered / cc.households < geo::kLackingShare) lacks += (lacks.empty() ? "" : ", ") + c.kind;
    }
    if (parking) {
      const auto v = parking->communities[i].spaces_per_household();
      std::cout << pad(v ? fmt::format("{:.2f}", *v) : "—", 11);
    }
    if (finance) {
      const auto v = finance->communities[i].yuan_per_household;
      std::cout << pad(v ? fmt::format("{:.0f}", *v) : "—", 9);
    }
    std::cout << lacks << "\n";
  }
  if (communities->size() > shown) std::cout << fmt::format("... {} more communities in the outputs\n", communities->size() - shown);
}

nlohmann::json coverage_json(const geo::Coverage& c, const geo::Project& project) {
  nlohmann::json communities = nlohmann::json::array();
  const geo::LayerData* layer = project.layer(geo::Role::Communities);
  for (const auto& cc : c.communities)
    communities.push_back({{"community_id", layer->text(cc.index, "community_id")},
                           {"name", layer->text(cc.index, "name")},
                           {"households", cc.households},
                           {"households_covered", c.walking ? cc.covered_walk : cc.covered_euclid},
                           {"households_covered_euclid", cc.covered_euclid}});
  return {{"kind", c.kind},
          {"distance_m", c.distance_m},
          {"distance_source", c.distance_source},
          {"metric", c.walking ? "walking" : "straight_line"},
          {"facilities", c.facilities.size()},
          {"households", c.households()},
          {"households_covered_euclid", c.households_covered_euclid()},
          {"households_covered_walk", c.walking ? nlohmann::json(c.households_covered_walk()) : nlohmann::json(nullptr)},
          {"network", {{"nodes", c.network.nodes}, {"edges", c.network.edges}, {"components", c.network.components},
                       {"excluded_segments", c.network.excluded_segments}, {"buildings_unreachable", c.network.buildings_unreachable}}},
          {"communities", communities}};
}

int run_coverage(const CoverageCliOptions& o) {
  const geo::RulePack standards = geo::load_rule_pack(geo::resolve_rule_pack(o.standards));
  const bool scorecard = o.kind == "all";
  if (o.in_database && !o.straight_line)
    throw geo::Error("--in-database computes the straight-line distances only: add --straight-line (walking is the engine's)");
  if (scorecard && standards.facilities.empty())
    throw geo::Error("the pack '" + standards.id + "' lists no facility standards for --kind all");
  if (!o.out.empty()) geo::output_check_free(o.out, geo::coverage_output_names(scorecard), o.overwrite);
  if (scorecard && !o.layers.empty()) throw geo::Error("--layers picks the layers of one kind's coverage.gpkg; --kind all writes the scorecard");
  const std::vector<std::string> layers = o.layers.empty() ? geo::kCoverageDefaultOutputLayers : geo::coverage_layers_named(o.layers);
  TerminalFeedback feedback("coverage", o.progress);
  const auto started = std::chrono::steady_clock::now();
  const fs::path project_file = demo_or(o.project, feedback, 10);
  const geo::Project project = [&] {
    const geo::Feedback::Stage stage(&feedback, 10, 40);
    return geo::load_project(
        geo::read_project(project_file), &feedback,
        {.roles = {geo::Role::Communities, geo::Role::Buildings, geo::Role::Facilities, geo::Role::Parking, geo::Role::Roads},
         .model_fields_only = true, .merge_pieces = o.merge_pieces});
  }();
  print_data_problems(project);
  const auto loaded = std::chrono::steady_clock::now();
  std::vector<std::string> skipped;
  const std::vector<std::string> kinds = scorecard ? geo::coverable_kinds(project, standards, &skipped) : std::vector{o.kind};
  if (kinds.empty()) throw geo::Error("no kind of " + standards.id + " can be measured: the project has no facilities or parking layer",
                                      {.file = project_file.string()});
  std::vector<geo::Coverage> results;
  const double computed = o.out.empty() ? 100 : 80;
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    geo::CoverageOptions options{.kind = kinds[k], .distance_m = o.distance, .walking = !o.straight_line,
                                 .service_areas = !scorecard && !o.out.empty() &&
                                                  std::find(layers.begin(), layers.end(), "service_areas") != layers.end(),
                                 .in_database = o.in_database};
    feedback.throw_if_cancelled();
    const double share = (computed - 40) / static_cast<double>(kinds.size());
    const geo::Feedback::Stage stage(&feedback, 40 + share * static_cast<double>(k), 40 + share * static_cast<double>(k + 1));
    results.push_back(geo::compute_coverage(project, &standards, options, &feedback));
  }
  // The scorecard's parking and budget lines, under the rule pack's standard and budget.
  std::optional<geo::ParkingSupply> parking;
  std::optional<geo::Finance> finance;
  if (scorecard) {
    const geo::RulePack rules = geo::load_rule_pack(geo::resolve_rule_pack(o.rules));
    if (rules.parking && project.layer(geo::Role::Parking))
      parking = geo::compute_parking(project, rules, nullptr, {.per_building = false}, &feedback);
    if (!rules.finance.empty()) finance = geo::compute_finance(project, rules, {.year = current_year()}, &feedback);
    if (!parking) std::cerr << "cplan: scorecard: no parking line (the pack " << rules.id << " has no [parking], or the project no parking layer)\n";
    if (!finance) std::cerr << "cplan: scorecard: no budget line (the pack " << rules.id << " has no [finance.*]: --rules hangzhou or changsha)\n";
  }
  const auto computed_at = std::chrono::steady_clock::now();
  auto seconds = [](auto from, auto to) { return std::chrono::duration<double>(to - from).count(); };
  if (o.timings)
    std::cerr << fmt::format("timings: coverage {:.3f} s (after reading {:.3f} s)\n", seconds(loaded, computed_at), seconds(started, loaded));
  std::vector<fs::path> written;
  for (const auto& s : skipped) std::cerr << "cplan: skipped " << s << "\n";
  if (!o.out.empty()) {
    const geo::Feedback::Stage stage(&feedback, 80, 100);
    written = geo::write_coverage_outputs(o.out, project, results, scorecard, o.overwrite, &feedback, parking ? &*parking : nullptr,
                                          finance ? &*finance : nullptr, layers);
    if (o.timings) std::cerr << fmt::format("timings: writing {:.3f} s\n", seconds(computed_at, std::chrono::steady_clock::now()));
  }
  feedback.finish();
  if (o.json) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& c : results) all.push_back(coverage_json(c, project));
    std::cout << (scorecard ? all : all[0]).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    if (scorecard)
      print_scorecard(results, project, o.rows, parking ? &*parking : nullptr, finance ? &*finance : nullptr);
    else
      print_one(results[0], project, o.rows);
    if (!written.empty()) {
      std::cout << "\nwrote";
      for (const auto& w : written) std::cout << ' ' << w.string();
      std::cout << "\n";
    }
  }
  return kOk;
}

}  // namespace

Run register_coverage(CLI::App& app) {
  auto options = std::make_shared<CoverageCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "coverage", "Which residential buildings lie within the standard distance of a facility of a kind, in a straight line "
                  "and walking along the roads (footways yes, motorways no); per community, the households covered. "
                  "--kind all gives every community's life-circle scorecard.");
  sub->add_option("project", options->project, "project .toml (default: the demo city)");
  sub->add_option("--kind", options->kind, "community_office, health_station, kindergarten, elderly_care, market, parking, or all")
      ->required();
  sub->add_option("--distance", options->distance, "distance in metres (default: the standard's for the kind)");
  sub->add_option("--standards", options->standards, "rule pack with the facility distances")->capture_default_str();
  sub->add_option("--rules", options->rules, "--kind all: rule pack of the scorecard's parking and budget lines")->capture_default_str();
  sub->add_flag("--straight-line", options->straight_line, "straight-line distances only (no road network needed)");
  sub->add_flag("--in-database", options->in_database,
                "with --straight-line, for a project held in PostGIS: the distances computed by the database (nearest-neighbour "
                "search), not the engine");
  sub->add_option("--out", options->out, "folder for coverage.gpkg and the summary table (scorecard.* for --kind all)");
  sub->add_option("--layers", options->layers,
                  "layers of coverage.gpkg, comma-separated: buildings (every residential building with its distances), "
                  "uncovered_buildings, communities, service_areas, network_parts, or all (default: all but buildings)")
      ->delimiter(',');
  sub->add_flag("--overwrite", options->overwrite, "replace existing outputs");
  sub->add_flag("--json", options->json, "print the result as JSON");
  sub->add_option("--rows", options->rows, "rows per table on the terminal")->capture_default_str();
  sub->add_flag("--merge-pieces", options->merge_pieces,
                "join features that share an id (pieces of one plot or building cut at tile or map-sheet edges) before the work");
  sub->add_flag("--progress", options->progress, "draw a progress bar on stderr even when it is not a terminal");
  sub->add_flag("--timings", options->timings, "print how long the computation took, on stderr");
  return [options] { return run_coverage(*options); };
}

}  // namespace cplan
