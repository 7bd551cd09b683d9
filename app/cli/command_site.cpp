// cplan site: where the next facilities of a kind should go.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "commands.h"
#include "datasets/demo_city.h"
#include "geo/coverage_export.h"
#include "geo/error.h"
#include "geo/siting.h"
#include "terminal.h"

namespace cplan {

namespace fs = std::filesystem;

namespace {

struct SiteCliOptions {
  bool merge_pieces = false;
  std::string project;
  std::string kind;
  int add = 1;
  bool cover_all = false;
  bool median = false;
  std::optional<double> distance;
  bool straight_line = false;
  bool heuristic = false;
  double time_limit = 30;
  std::string standards = "gb50180";
  std::string out;
  bool overwrite = false;
  bool json = false;
  bool progress = false;
  bool timings = false;
  std::string write_lp;
};

nlohmann::json result_json(const geo::SitingResult& r) {
  nlohmann::json sites = nlohmann::json::array();
  for (const auto& s : r.sites)
    sites.push_back({{"candidate_id", s.candidate_id}, {"rank", s.rank}, {"gain_households", s.gain_households}, {"x", s.at.x}, {"y", s.at.y}});
  return {{"kind", r.kind},
          {"objective", geo::to_string(r.objective)},
          {"distance_m", r.distance_m},
          {"distance_source", r.distance_source},
          {"candidates", r.candidates},
          {"candidates_from", r.candidates_from},
          {"households", r.households},
          {"covered_before", r.covered_before},
          {"covered_after", r.covered_after},
          {"uncoverable", r.uncoverable},
          {"objective_value", r.objective_value},
          {"bound", r.bound},
          {"gap", r.gap},
          {"optimal", r.optimal},
          {"method", r.method},
          {"sites", sites}};
}

int run_site(const SiteCliOptions& o) {
  if (o.cover_all && o.median) throw geo::Error("--cover-all and --median are different problems: choose one");
  const geo::RulePack standards = geo::load_rule_pack(geo::resolve_rule_pack(o.standards));
  if (!o.out.empty()) geo::output_check_free(o.out, geo::kSitingOutputs, o.overwrite);
  TerminalFeedback feedback("siting", o.progress);
  const fs::path project_file = demo_or(o.project, feedback, 5);
  const geo::Project project = [&] {
    const geo::Feedback::Stage stage(&feedback, 5, 35);
    return geo::load_project(geo::read_project(project_file), &feedback, {.model_fields_only = true, .merge_pieces = o.merge_pieces});
  }();
  print_data_problems(project);
  geo::SitingOptions options;
  options.kind = o.kind;
  options.distance_m = o.distance;
  options.add = o.add;
  options.objective = o.cover_all ? geo::SitingObjective::CoverAll : o.median ? geo::SitingObjective::Median : geo::SitingObjective::MaxCover;
  options.walking = !o.straight_line;
  options.force_heuristic = o.heuristic;
  options.time_limit_s = o.time_limit;
  options.write_lp = o.write_lp;
  const auto loaded = std::chrono::steady_clock::now();
  const geo::SitingResult r = [&] {
    const geo::Feedback::Stage stage(&feedback, 35, o.out.empty() ? 100 : 85);
    return geo::site_facilities(project, &standards, options, &feedback);
  }();
  if (o.timings)
    std::cerr << fmt::format("timings: siting {:.3f} s (after reading), of which the MILP solver {:.3f} s\n",
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - loaded).count(), r.solver_seconds);
  std::vector<fs::path> written;
  if (!o.out.empty()) {
    const geo::Feedback::Stage stage(&feedback, 85, 100);
    written = geo::write_siting_outputs(o.out, project, r, o.overwrite, &feedback);
  }
  feedback.finish();
  if (o.json) {
    std::cout << result_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kOk;
  }
  const auto pct = [&r](double v) { return r.households > 0 ? 100.0 * v / r.households : 0.0; };
  std::cout << fmt::format("{} ({}), {} within {:.0f} m ({})\n", r.kind, geo::to_string(r.objective),
                           o.straight_line ? "straight line" : "walking", r.distance_m, r.distance_source);
  std::cout << fmt::format("candidates: {} from the {}\n", r.candidates, r.candidates_from);
  std::cout << fmt::format("households covered before: {:.0f} of {:.0f} ({:.1f}%)\n", r.covered_before, r.households, pct(r.covered_before));
  std::cout << fmt::format("households covered after:  {:.0f} ({:.1f}%)\n", r.covered_after, pct(r.covered_after));
  const char* unit = r.objective == geo::SitingObjective::CoverAll ? "sites"
                     : r.objective == geo::SitingObjective::Median  ? "household-metres"
                                                                     : "households covered";
  std::cout << fmt::format("objective: {:.1f} {}; bound {:.1f}; gap {:.3f}%; {}\n", r.objective_value, unit, r.bound, 100.0 * r.gap,
                           r.method);
  for (const auto& f : r.findings) std::cout << geo::to_string(f.severity) << ": " << f.message << "\n";
  std::cout << "\n" << pad("rank", 6) << pad("candidate", 14) << pad("households gained", 20) << "x, y (EPSG:" << project.working_epsg << ")\n";
  for (const auto& s : r.sites)
    std::cout << pad(std::to_string(s.rank), 6) << pad(s.candidate_id, 14) << pad(fmt::format("{:.0f}", s.gain_households), 20)
              << fmt::format("{:.1f}, {:.1f}", s.at.x, s.at.y) << "\n";
  if (!written.empty()) std::cout << "\nwrote " << written[0].string() << ", " << written[1].string() << "\n";
  return kOk;
}

}  // namespace

Run register_site(CLI::App& app) {
  auto options = std::make_shared<SiteCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "site", "Choose new sites for a kind of facility among candidate sites (the candidates layer, else the plots): the K "
              "that cover the most still-uncovered households (default), the fewest that cover everyone (--cover-all), or "
              "the K that minimise the household-weighted distance (--median). Small problems are solved exactly (CBC); "
              "large ones by greedy and swaps, with a bound and the gap to it.");
  sub->add_option("project", options->project, "project .toml (default: the demo city)");
  sub->add_option("--kind", options->kind, "community_office, health_station, kindergarten, elderly_care, market, parking")->required();
  sub->add_option("--add", options->add, "sites to add")->capture_default_str();
  sub->add_flag("--cover-all", options->cover_all, "the fewest sites that cover every household (set covering)");
  sub->add_flag("--median", options->median, "minimise the total household-weighted distance (p-median)");
  sub->add_option("--distance", options->distance, "distance in metres (default: the standard's for the kind)");
  sub->add_option("--standards", options->standards, "rule pack with the facility distances")->capture_default_str();
  sub->add_flag("--straight-line", options->straight_line, "straight-line distances instead of walking");
  sub->add_flag("--heuristic", options->heuristic, "use greedy and swaps even for a small problem");
  sub->add_option("--time-limit", options->time_limit, "seconds for the exact solver")->capture_default_str();
  sub->add_option("--out", options->out, "folder for sites.gpkg and sites.csv");
  sub->add_flag("--overwrite", options->overwrite, "replace existing outputs");
  sub->add_flag("--json", options->json, "print the result as JSON");
  sub->add_flag("--merge-pieces", options->merge_pieces,
                "join features that share an id (pieces of one plot or building cut at tile or map-sheet edges) before the work");
  sub->add_flag("--progress", options->progress, "draw a progress bar on stderr even when it is not a terminal");
  sub->add_flag("--timings", options->timings, "print how long the siting took, on stderr");
  sub->add_option("--write-lp", options->write_lp, "also write the objective's MILP (the model the exact solver gets) in CPLEX LP format to this file");
  return [options] { return run_site(*options); };
}

}  // namespace cplan
