// cplan check: review development plots against a jurisdiction's rule pack.
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "commands.h"
#include "datasets/demo_city.h"
#include "geo/review.h"
#include "geo/review_export.h"
#include "geo/rules.h"
#include "terminal.h"

namespace cplan {

namespace fs = std::filesystem;

namespace {

struct CheckOptions {
  bool merge_pieces = false;
  std::string project;
  std::string rules = "national";
  int year = current_year();
  std::string out;
  bool overwrite = false;
  bool json = false;
  bool progress = false;
  bool timings = false;
  std::size_t rows = 20;
};

std::string m2(const std::optional<double>& v) { return v ? fmt::format("{:.1f}", *v) : std::string("—"); }

void print_summary(const geo::Review& r, const geo::RulePack& pack, std::size_t rows, const std::string& households_note) {
  std::cout << "Rule pack: " << pack.name << " — " << pack.jurisdiction << "\n";
  std::cout << fmt::format("Plots: {}   compliant {}   short {}   not applicable {}   unchecked {}\n", r.plots.size(),
                           r.count(geo::Verdict::Compliant), r.count(geo::Verdict::Short), r.count(geo::Verdict::NotApplicable),
                           r.count(geo::Verdict::Unchecked));
  if (pack.parking) {
    std::map<geo::Verdict, int> parking;
    for (const auto& p : r.plots)
      if (p.parking) ++parking[p.parking->verdict];
    std::cout << fmt::format("Parking ({}): compliant {}   short {}   not applicable {}   unchecked {}\n", pack.parking->title,
                             parking[geo::Verdict::Compliant], parking[geo::Verdict::Short], parking[geo::Verdict::NotApplicable],
                             parking[geo::Verdict::Unchecked]);
  }
  if (!r.unverified.empty()) {
    std::cout << "Rules resting on numbers not fully verified (P or U in the pack; check them before relying on the verdicts):";
    for (const auto& u : r.unverified) std::cout << ' ' << u;
    std::cout << "\n";
  }
  std::cout << "\n" << pad("plot", 10) << pad("community", 18) << pad("required", 10) << pad("reserved", 10) << pad("short", 9)
            << pad("verdict", 15) << pad("parking", 16) << "rule · reason\n";
  std::size_t shown = 0;
  for (const auto& p : r.plots) {
    const bool parking_short = p.parking && p.parking->verdict == geo::Verdict::Short;
    if (p.verdict == geo::Verdict::Compliant && p.community && !parking_short) continue;
    if (shown++ == rows) {
      std::cout << "... (the outputs list every plot)\n";
      break;
    }
    std::string community = p.community ? r.communities[*p.community].name : "—";
    if (p.shares.size() > 1) community += fmt::format(" +{}", p.shares.size() - 1);
    std::cout << pad(p.plot_id, 10) << pad(community, 18) << pad(m2(p.required_office_m2), 10) << pad(m2(p.reserved_office_m2), 10)
              << pad(m2(p.shortfall_m2), 9) << pad(geo::to_string(p.verdict), 15)
              << pad(!p.parking ? "—"
                     : p.parking->verdict == geo::Verdict::Short ? fmt::format("short {:.0f}", p.parking->shortfall_spaces.value_or(0))
                                                                 : geo::to_string(p.parking->verdict),
                     16)
              << (p.rule_id.empty() ? "" : p.rule_id + " · ")
              << p.reason << "\n";
  }
  if (shown == 0) std::cout << (r.plots.empty() ? "(no plots to review)\n" : "(every plot complies)\n");

  std::cout << "\n" << pad("community", 18) << pad("households", 12) << pad("office m²", 11) << pad("planned", 10)
            << pad("required", 10) << pad("short", 9) << "funding yuan/yr\n";
  std::vector<const geo::CommunityReview*> sorted;
  for (const auto& c : r.communities) sorted.push_back(&c);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](auto* a, auto* b) { return a->shortfall_m2.value_or(-1.0) > b->shortfall_m2.value_or(-1.0); });
  for (std::size_t i = 0; i < sorted.size() && i < rows; ++i) {
    const auto& c = *sorted[i];
    std::cout << pad(c.name, 18) << pad(fmt::format("{:.0f}", c.households()), 12) << pad(fmt::format("{:.1f}{}", c.office_m2, c.offices_without_area ? "+?" : ""), 11)
              << pad(fmt::format("{:.1f}", c.planned_office_m2), 10) << pad(m2(c.required_office_m2), 10)
              << pad(m2(c.shortfall_m2), 9) << (c.funding_yuan ? fmt::format("{:.0f}", *c.funding_yuan) : "—")
              << "\n";
  }
  if (sorted.size() > rows) std::cout << fmt::format("... {} more communities in the outputs\n", sorted.size() - rows);
  for (const auto& f : r.findings) std::cout << "note: " << f.message << "\n";
  if (!households_note.empty()) std::cout << "note: " << households_note << "\n";
}

nlohmann::json review_json(const geo::Review& r, const std::string& households_note) {
  nlohmann::json plots = nlohmann::json::array();
  auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  for (const auto& p : r.plots) {
    plots.push_back({{"plot_id", p.plot_id},
                     {"community_id", p.community ? nlohmann::json(r.communities[*p.community].community_id) : nlohmann::json(nullptr)},
                     {"required_office_m2", opt(p.required_office_m2)},
                     {"reserved_office_m2", opt(p.reserved_office_m2)},
                     {"shortfall_m2", opt(p.shortfall_m2)},
                     {"verdict", geo::to_string(p.verdict)},
                     {"reason", p.reason},
                     {"rule_id", p.rule_id},
                     {"citation", p.citation},
                     {"parking", p.parking ? nlohmann::json{{"verdict", geo::to_string(p.parking->verdict)},
                                                            {"required_spaces", opt(p.parking->required_spaces)},
                                                            {"provided_spaces", opt(p.parking->provided_spaces)},
                                                            {"shortfall_spaces", opt(p.parking->shortfall_spaces)},
                                                            {"reason", p.parking->reason},
                                                            {"citation", p.parking->citation}}
                                           : nlohmann::json(nullptr)}});
  }
  nlohmann::json communities = nlohmann::json::array();
  for (const auto& c : r.communities)
    communities.push_back({{"community_id", c.community_id},
                           {"name", c.name},
                           {"households", c.households()},
                           {"office_m2", c.office_m2},
                           {"offices_without_area", c.offices_without_area},
                           {"planned_office_m2", c.planned_office_m2},
                           {"required_office_m2", opt(c.required_office_m2)},
                           {"shortfall_m2", opt(c.shortfall_m2)},
                           {"funding_yuan", opt(c.funding_yuan)}});
  return {{"rules", r.pack_id},
          {"year", r.year},
          {"counts",
           {{"compliant", r.count(geo::Verdict::Compliant)},
            {"short", r.count(geo::Verdict::Short)},
            {"not_applicable", r.count(geo::Verdict::NotApplicable)},
            {"unchecked", r.count(geo::Verdict::Unchecked)}}},
          {"unverified", r.unverified},
          {"households_note", households_note.empty() ? nlohmann::json(nullptr) : nlohmann::json(households_note)},
          {"plots", plots},
          {"communities", communities}};
}

int run_check(const CheckOptions& o) {
  const geo::RulePack pack = geo::load_rule_pack(geo::resolve_rule_pack(o.rules));
  if (!o.out.empty()) geo::check_review_outputs_free(o.out, o.overwrite);  // say so before the work
  TerminalFeedback feedback("checking", o.progress);
  const fs::path project_file = demo_or(o.project, feedback, 10);
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  const geo::Project project = [&] {
    const geo::Feedback::Stage stage(&feedback, 10, 40);
    return geo::load_project(geo::read_project(project_file), &feedback,
                             {.roles = {geo::Role::Communities, geo::Role::Buildings, geo::Role::Plots, geo::Role::Facilities},
                              .model_fields_only = true,
                              .fields = {{geo::Role::Buildings, {"households"}}},  // the review counts them per community
                              .merge_pieces = o.merge_pieces});
  }();
  print_data_problems(project);
  const auto loaded = Clock::now();
  const geo::Review review = [&] {
    const geo::Feedback::Stage stage(&feedback, 40, o.out.empty() ? 100 : 75);
    return geo::review_plots(project, pack, {.year = o.year}, &feedback);
  }();
  const auto reviewed = Clock::now();
  std::optional<geo::ReviewOutputs> written;
  if (!o.out.empty()) {
    const geo::Feedback::Stage stage(&feedback, 75, 100);
    written = geo::write_review_outputs(o.out, project, pack, review, o.overwrite, &feedback);
  }
  feedback.finish();
  if (o.timings) {
    auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::cerr << fmt::format("timings: read {:.3f} s, review {:.3f} s, write {:.3f} s\n", seconds(started, loaded),
                             seconds(loaded, reviewed), seconds(reviewed, Clock::now()));
  }
  if (o.json) {
    std::cout << review_json(review, project.households_note).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    print_summary(review, pack, o.rows, project.households_note);
    if (written)
      std::cout << "\nwrote " << written->gpkg.string() << ", " << written->plots_csv.string() << ", "
                << written->communities_csv.string() << ", " << written->html.string() << "\n";
  }
  const bool all_comply = review.count(geo::Verdict::Short) == 0 && review.count(geo::Verdict::Unchecked) == 0;
  return all_comply ? kOk : kFindings;
}

}  // namespace

Run register_check(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* sub = app.add_subcommand(
      "check", "Review development plots against a rule pack: the community each lies in, the office space required and "
               "reserved, the shortfall and the rule behind it; per community, households, office space and funding. "
               "Exit 0 when every plot complies (or no rule applies), 1 when a plot falls short or cannot be checked.");
  sub->add_option("project", options->project, "project .toml (default: the demo city)");
  sub->add_option("--rules", options->rules, "rule pack: " + geo::rule_pack_choices())->capture_default_str();
  sub->add_option("--year", options->year, "year for the funding rule")->capture_default_str();
  sub->add_option("--out", options->out, "folder for review.gpkg, plots.csv, communities.csv and report.html");
  sub->add_flag("--overwrite", options->overwrite, "replace existing outputs");
  sub->add_flag("--json", options->json, "print the review as JSON");
  sub->add_option("--rows", options->rows, "rows per table on the terminal")->capture_default_str();
  sub->add_flag("--merge-pieces", options->merge_pieces,
                "join features that share an id (pieces of one plot or building cut at tile or map-sheet edges) before the work");
  sub->add_flag("--progress", options->progress, "draw a progress bar on stderr even when it is not a terminal");
  sub->add_flag("--timings", options->timings, "print how long reading, reviewing and writing took, on stderr");
  return [options] { return run_check(*options); };
}

}  // namespace cplan
