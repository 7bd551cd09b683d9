// cplan parking: parking spaces against households, per community and within reach of each building.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "commands.h"
#include "geo/coverage_export.h"
#include "geo/error.h"
#include "geo/parking.h"
#include "geo/review.h"
#include "terminal.h"

namespace cplan {

namespace fs = std::filesystem;

namespace {

struct ParkingCliOptions {
  std::string project;
  std::string rules = "national";
  std::string standards = "gb50180";
  std::optional<double> distance;
  bool straight_line = false;
  bool communities_only = false;
  std::string car_ownership;
  std::string out;
  bool overwrite = false;
  bool json = false;
  int rows = 20;
  bool merge_pieces = false;
  bool progress = false;
  bool timings = false;
};

nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

nlohmann::json parking_json(const geo::ParkingSupply& p) {
  nlohmann::json communities = nlohmann::json::array();
  for (const auto& c : p.communities)
    communities.push_back({{"community_id", c.community_id},
                           {"name", c.name},
                           {"households", c.households},
                           {"spaces", c.spaces},
                           {"spaces_per_household", opt(c.spaces_per_household())},
                           {"required_spaces", opt(c.required_spaces)},
                           {"shortfall_spaces", opt(c.shortfall_spaces)},
                           {"estimated_spaces", c.estimated_spaces},
                           {"district_code", c.district_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.district_code)},
                           {"car_ownership", opt(c.car_ownership)},
                           {"cars_expected", opt(c.cars_expected)},
                           {"households_planned", opt(c.households_planned)},
                           {"spaces_planned", opt(c.spaces_planned)},
                           {"required_with_plots", opt(c.required_with_plots)},
                           {"shortfall_with_plots", opt(c.shortfall_with_plots)}});
  nlohmann::json buildings = nlohmann::json::array();
  for (const auto& b : p.buildings)
    buildings.push_back({{"index", b.index}, {"households", b.households}, {"spaces_within_reach", b.spaces_within_reach}});
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : p.findings) findings.push_back({{"severity", geo::to_string(f.severity)}, {"code", f.code}, {"message", f.message}});
  return {{"rules", p.pack_id},
          {"standard", p.standard_title},
          {"citation", p.standard_citation},
          {"mark", geo::to_string(p.standard_mark)},
          {"m2_per_space", p.m2_per_space},
          {"m2_per_space_source", p.m2_per_space_citation},
          {"distance_m", p.per_building ? nlohmann::json(p.distance_m) : nlohmann::json(nullptr)},
          {"distance_source", p.distance_source},
          {"walking", p.walking},
          {"spaces", p.spaces()},
          {"households", p.households()},
          {"required_spaces", p.required_spaces()},
          {"shortfall_spaces", p.shortfall_spaces()},
          {"spaces_outside", p.spaces_outside},
          {"car_ownership_source", p.car_ownership_source},
          {"communities", communities},
          {"buildings", buildings},
          {"findings", findings}};
}

std::string figure(const std::optional<double>& v, const char* format = "{:.0f}") {
  return v ? fmt::format(fmt::runtime(format), *v) : "unknown";
}

void print_summary(const geo::ParkingSupply& p, int rows) {
  std::cout << fmt::format("parking standard: {} — {}\n", p.standard_title, p.standard_citation);
  std::cout << fmt::format("zones without their capacity: estimated at {:g} ㎡ per space ({})\n", p.m2_per_space, p.m2_per_space_citation);
  const double households = p.households();
  std::cout << fmt::format("spaces {:.0f} for {:.0f} households ({} per household); required {:.0f}; short {:.0f} spaces\n", p.spaces(),
                           households, households > 0 ? fmt::format("{:.2f}", p.spaces() / households) : "—", p.required_spaces(),
                           p.shortfall_spaces());
  int short_communities = 0;
  for (const auto& c : p.communities)
    if (c.shortfall_spaces && *c.shortfall_spaces >= 0.5) ++short_communities;
  std::cout << fmt::format("communities short of spaces: {} of {}\n", short_communities, p.communities.size());
  if (!p.car_ownership_source.empty()) std::cout << "car ownership: " << p.car_ownership_source << "\n";
  for (const auto& f : p.findings) std::cout << geo::to_string(f.severity) << ": " << f.message << "\n";

  // The communities most short first.
  std::vector<const geo::CommunityParking*> order;
  for (const auto& c : p.communities) order.push_back(&c);
  std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->shortfall_spaces.value_or(-1) > b->shortfall_spaces.value_or(-1); });
  const bool cars = !p.car_ownership_source.empty();
  const bool plots = std::any_of(p.communities.begin(), p.communities.end(), [](const auto& c) { return c.shortfall_with_plots.has_value(); });
  std::cout << "\n" << pad("community", 22) << pad("households", 12) << pad("spaces", 10) << pad("per hh", 8) << pad("required", 10)
            << pad("short", 8) << (plots ? pad("short with plots", 18) : "") << (cars ? pad("cars (census)", 14) : "") << "\n";
  int shown = 0;
  for (const auto* c : order) {
    if (shown++ == rows) {
      std::cout << fmt::format("... {} more (--rows, --out or --json for all)\n", order.size() - static_cast<std::size_t>(rows));
      break;
    }
    std::cout << pad(c->name.empty() ? c->community_id : c->name, 22) << pad(fmt::format("{:.0f}", c->households), 12)
              << pad(fmt::format("{:.0f}", c->spaces), 10) << pad(figure(c->spaces_per_household(), "{:.2f}"), 8)
              << pad(figure(c->required_spaces), 10) << pad(figure(c->shortfall_spaces), 8)
              << (plots ? pad(figure(c->shortfall_with_plots), 18) : "") << (cars ? pad(figure(c->cars_expected), 14) : "")
              << "\n";
  }
  if (p.per_building) {
    double hh = 0, hh_none = 0, hh_enough = 0;
    for (const auto& b : p.buildings) {
      hh += b.households;
      if (b.spaces_within_reach <= 0) hh_none += b.households;
      if (b.spaces_within_reach >= b.households) hh_enough += b.households;
    }
    std::cout << fmt::format("\nwithin {:.0f} m {} ({}): {:.0f} of {:.0f} households have no space in reach; {:.0f} live where the spaces in "
                             "reach are at least one per household of their building\n",
                             p.distance_m, p.walking ? "walking" : "in a straight line", p.distance_source, hh_none, hh, hh_enough);
  }
}

int run_parking(const ParkingCliOptions& o) {
  const geo::RulePack rules = geo::load_rule_pack(geo::resolve_rule_pack(o.rules));
  if (!rules.parking)
    throw geo::Error("the rule pack '" + rules.id + "' has no parking standard ([parking]); choose one that has (national, hangzhou, changsha)",
                     {.file = rules.file.string()});
  const geo::RulePack standards = geo::load_rule_pack(geo::resolve_rule_pack(o.standards));
  TerminalFeedback feedback("parking", o.progress);
  const fs::path project_file = demo_or(o.project, feedback, 5);
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  // Only what the job reads: the roads only for walking reach.
  std::vector<geo::Role> roles = {geo::Role::Communities, geo::Role::Buildings, geo::Role::Parking, geo::Role::Plots};
  if (!o.communities_only && !o.straight_line) roles.push_back(geo::Role::Roads);
  const geo::Project project = [&] {
    const geo::Feedback::Stage stage(&feedback, 5, 35);
    return geo::load_project(geo::read_project(project_file), &feedback,
                             {.roles = roles, .model_fields_only = true, .merge_pieces = o.merge_pieces});
  }();
  print_data_problems(project);
  geo::ParkingOptions options;
  options.distance_m = o.distance;
  options.walking = !o.straight_line;
  options.per_building = !o.communities_only;
  if (!o.car_ownership.empty()) options.car_ownership = geo::CarOwnershipTable{.file = o.car_ownership};
  geo::ParkingSupply supply;
  if (!o.out.empty()) {
    geo::ParkingSupply names_only;
    names_only.per_building = options.per_building;
    geo::output_check_free(o.out, geo::parking_output_names(names_only), o.overwrite);
  }
  const auto loaded = Clock::now();
  std::optional<geo::Review> review;
  if (project.layer(geo::Role::Plots)) {
    const geo::Feedback::Stage stage(&feedback, 35, 45);
    review = geo::review_plots(project, rules, {}, &feedback);
    options.review = &*review;
  }
  {
    const geo::Feedback::Stage stage(&feedback, 45, o.out.empty() ? 100 : 85);
    supply = geo::compute_parking(project, rules, &standards, options, &feedback);
  }
  const auto computed = Clock::now();
  std::vector<fs::path> written;
  if (!o.out.empty()) {
    const geo::Feedback::Stage stage(&feedback, 85, 100);
    written = geo::write_parking_outputs(o.out, project, supply, o.overwrite, &feedback);
  }
  feedback.finish();
  if (o.timings) {
    auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::cerr << fmt::format("timings: read {:.3f} s, parking {:.3f} s, write {:.3f} s\n", seconds(started, loaded), seconds(loaded, computed),
                             seconds(computed, Clock::now()));
  }
  if (o.json) {
    std::cout << parking_json(supply).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kOk;
  }
  print_summary(supply, o.rows);
  if (!written.empty()) {
    std::cout << "\nwrote";
    for (std::size_t i = 0; i < written.size(); ++i) std::cout << (i ? ", " : " ") << written[i].string();
    std::cout << "\n";
  }
  return kOk;
}

}  // namespace

Run register_parking(CLI::App& app) {
  auto options = std::make_shared<ParkingCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "parking", "Parking spaces against households: per community (a zone across a boundary split by area; a zone without its "
                 "capacity estimated from its area), the spaces the rule pack's standard requires and the shortfall; per residential "
                 "building, the spaces within walking distance; with --car-ownership, the cars the households are likely to own.");
  sub->add_option("project", options->project, "project .toml (default: the demo city)");
  sub->add_option("--rules", options->rules, "rule pack with the parking standard: " + geo::rule_pack_choices())->capture_default_str();
  sub->add_option("--standards", options->standards, "rule pack with the walking distance to parking")->capture_default_str();
  sub->add_option("--distance", options->distance, "walking distance in metres (default: the standards' for parking)");
  sub->add_flag("--straight-line", options->straight_line, "straight-line distances instead of walking");
  sub->add_flag("--communities-only", options->communities_only, "skip the spaces within reach of each building");
  sub->add_option("--car-ownership", options->car_ownership,
                  "district table with CODE and HOUS_SAMP_HHVE (share of households owning a car), e.g. the 2020 census housing.csv");
  sub->add_option("--out", options->out, "folder for parking.gpkg, parking_communities.csv and parking_buildings.csv");
  sub->add_flag("--overwrite", options->overwrite, "replace existing outputs");
  sub->add_flag("--json", options->json, "print the result as JSON");
  sub->add_option("--rows", options->rows, "rows per table on the terminal")->capture_default_str();
  sub->add_flag("--merge-pieces", options->merge_pieces,
                "join features that share an id (pieces of one plot or building cut at tile or map-sheet edges) before the work");
  sub->add_flag("--progress", options->progress, "draw a progress bar on stderr even when it is not a terminal");
  sub->add_flag("--timings", options->timings, "print how long reading, computing and writing took, on stderr");
  return [options] { return run_parking(*options); };
}

}  // namespace cplan
