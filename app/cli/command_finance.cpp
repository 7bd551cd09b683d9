// cplan finance: every community's yearly budget by line, per household, and what each plot adds.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "commands.h"
#include "geo/coverage_export.h"
#include "geo/error.h"
#include "geo/finance.h"
#include "terminal.h"

namespace cplan {

namespace fs = std::filesystem;

namespace {

struct FinanceCliOptions {
  std::string project;
  std::string rules = "hangzhou";
  int year = current_year();
  std::string out;
  bool overwrite = false;
  bool json = false;
  int rows = 20;
  bool merge_pieces = false;
  bool progress = false;
  bool timings = false;
};

nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

nlohmann::json columns_json(const std::map<geo::BudgetLine, std::optional<double>>& columns, const std::string& prefix) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [kind, v] : columns) out[prefix + geo::to_string(kind) + "_yuan"] = opt(v);
  return out;
}

nlohmann::json finance_json(const geo::Finance& f) {
  nlohmann::json lines = nlohmann::json::array();
  for (std::size_t i = 0; i < f.lines.size(); ++i)
    lines.push_back({{"id", f.lines[i]->id},
                     {"title", f.lines[i]->title},
                     {"kind", geo::to_string(f.lines[i]->kind)},
                     {"formula", f.lines[i]->formula.text},
                     {"citation", f.line_citations[i]}});
  nlohmann::json communities = nlohmann::json::array();
  for (const auto& c : f.communities) {
    nlohmann::json j = {{"community_id", c.community_id},
                        {"name", c.name},
                        {"households", c.households},
                        {"parking_spaces", opt(c.parking_spaces)},
                        {"office_m2", c.office_m2},
                        {"total_yuan", opt(c.total_yuan)},
                        {"yuan_per_household", opt(c.yuan_per_household)}};
    j.update(columns_json(c.by_kind, ""));
    nlohmann::json by_line = nlohmann::json::object();
    for (const auto& l : c.lines) by_line[l.line->id] = opt(l.yuan);
    j["lines"] = by_line;
    communities.push_back(j);
  }
  nlohmann::json plots = nlohmann::json::array();
  for (const auto& p : f.plots) {
    nlohmann::json j = {{"plot_id", p.plot_id},
                        {"households", opt(p.households)},
                        {"parking_spaces", opt(p.parking_spaces)},
                        {"added_yuan", opt(p.added_yuan)},
                        {"reason", p.reason}};
    j.update(columns_json(p.added_by_kind, "added_"));
    plots.push_back(j);
  }
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& x : f.findings) findings.push_back({{"severity", geo::to_string(x.severity)}, {"code", x.code}, {"message", x.message}});
  nlohmann::json totals = nlohmann::json::object();
  for (geo::BudgetLine k : geo::kBudgetLines) totals[std::string(geo::to_string(k)) + "_yuan"] = opt(f.total(k));
  return {{"rules", f.pack_id}, {"year", f.year}, {"lines", lines}, {"totals", totals}, {"unverified", f.unverified},
          {"communities", communities}, {"plots", plots}, {"findings", findings}};
}

std::string yuan(const std::optional<double>& v) { return v ? fmt::format("{:.0f}", *v) : "unknown"; }

void print_summary(const geo::Finance& f, int rows) {
  std::cout << fmt::format("community budgets in {} under {} ({})\n", f.year, f.pack_id, f.pack_name);
  for (std::size_t i = 0; i < f.lines.size(); ++i)
    std::cout << fmt::format("  {} [{}]: {} = {} — {}\n", f.lines[i]->id, geo::to_string(f.lines[i]->kind), f.lines[i]->title,
                             f.lines[i]->formula.text, f.line_citations[i]);
  if (!f.unverified.empty()) {
    std::string ids;
    for (const auto& u : f.unverified) ids += (ids.empty() ? "" : ", ") + u;
    std::cout << "rests on unverified numbers: " << ids << "\n";
  }
  for (const auto& x : f.findings) std::cout << geo::to_string(x.severity) << ": " << x.message << "\n";
  std::cout << "\n" << pad("community", 22) << pad("households", 12) << pad("government", 12) << pad("sanitation", 12)
            << pad("parking", 10) << pad("other", 10) << pad("total", 12) << "per household\n";
  int shown = 0;
  for (const auto& c : f.communities) {
    if (shown++ == rows) {
      std::cout << fmt::format("... {} more (--rows, --out or --json for all)\n", f.communities.size() - static_cast<std::size_t>(rows));
      break;
    }
    std::cout << pad(c.name.empty() ? c.community_id : c.name, 22) << pad(fmt::format("{:.0f}", c.households), 12)
              << pad(yuan(c.by_kind.at(geo::BudgetLine::Government)), 12) << pad(yuan(c.by_kind.at(geo::BudgetLine::Sanitation)), 12)
              << pad(yuan(c.by_kind.at(geo::BudgetLine::Parking)), 10) << pad(yuan(c.by_kind.at(geo::BudgetLine::Other)), 10)
              << pad(yuan(c.total_yuan), 12) << (c.yuan_per_household ? fmt::format("{:.1f}", *c.yuan_per_household) : "—") << "\n";
  }
  if (f.plots.empty()) return;
  std::cout << "\n" << pad("plot", 10) << pad("households", 12) << pad("spaces", 8) << pad("adds yuan/yr", 14) << "note\n";
  shown = 0;
  for (const auto& p : f.plots) {
    if (shown++ == rows) {
      std::cout << fmt::format("... {} more\n", f.plots.size() - static_cast<std::size_t>(rows));
      break;
    }
    std::cout << pad(p.plot_id, 10) << pad(p.households ? fmt::format("{:.0f}", *p.households) : "—", 12)
              << pad(p.parking_spaces ? fmt::format("{:.0f}", *p.parking_spaces) : "—", 8) << pad(yuan(p.added_yuan), 14) << p.reason << "\n";
  }
}

int run_finance(const FinanceCliOptions& o) {
  const geo::RulePack pack = geo::load_rule_pack(geo::resolve_rule_pack(o.rules));
  if (pack.finance.empty())
    throw geo::Error("the rule pack '" + pack.id + "' has no budget lines ([finance.*]); hangzhou and changsha have", {.file = pack.file.string()});
  TerminalFeedback feedback("finance", o.progress);
  const fs::path project_file = demo_or(o.project, feedback, 5);
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  const geo::Project project = [&] {
    const geo::Feedback::Stage stage(&feedback, 5, 35);
    return geo::load_project(geo::read_project(project_file), &feedback,
                             {.roles = {geo::Role::Communities, geo::Role::Buildings, geo::Role::Plots, geo::Role::Facilities, geo::Role::Parking},
                              .model_fields_only = true, .merge_pieces = o.merge_pieces});
  }();
  print_data_problems(project);
  if (!o.out.empty()) geo::output_check_free(o.out, geo::finance_output_names(project), o.overwrite);
  const auto loaded = Clock::now();
  const geo::Finance finance = [&] {
    const geo::Feedback::Stage stage(&feedback, 35, o.out.empty() ? 100 : 85);
    return geo::compute_finance(project, pack, {.year = o.year}, &feedback);
  }();
  const auto computed = Clock::now();
  std::vector<fs::path> written;
  if (!o.out.empty()) {
    const geo::Feedback::Stage stage(&feedback, 85, 100);
    written = geo::write_finance_outputs(o.out, project, finance, o.overwrite, &feedback);
  }
  feedback.finish();
  if (o.timings) {
    auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::cerr << fmt::format("timings: read {:.3f} s, finance {:.3f} s, write {:.3f} s\n", seconds(started, loaded), seconds(loaded, computed),
                             seconds(computed, Clock::now()));
  }
  if (o.json) {
    std::cout << finance_json(finance).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kOk;
  }
  print_summary(finance, o.rows);
  if (!written.empty()) {
    std::cout << "\nwrote";
    for (std::size_t i = 0; i < written.size(); ++i) std::cout << (i ? ", " : " ") << written[i].string();
    std::cout << "\n";
  }
  return kOk;
}

}  // namespace

Run register_finance(CLI::App& app) {
  auto options = std::make_shared<FinanceCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "finance", "Every community's yearly budget by the rule pack's [finance] lines — government funding by household, fees, "
                 "parking income from its spaces, fixed sums — in total and per household, and what each plot under review adds.");
  sub->add_option("project", options->project, "project .toml (default: the demo city)");
  sub->add_option("--rules", options->rules, "rule pack with [finance] lines: " + geo::rule_pack_choices())->capture_default_str();
  sub->add_option("--year", options->year, "the budget's year")->capture_default_str();
  sub->add_option("--out", options->out, "folder for finance.gpkg, finance_communities.csv and finance_plots.csv");
  sub->add_flag("--overwrite", options->overwrite, "replace existing outputs");
  sub->add_flag("--json", options->json, "print the budgets as JSON");
  sub->add_option("--rows", options->rows, "rows per table on the terminal")->capture_default_str();
  sub->add_flag("--merge-pieces", options->merge_pieces,
                "join features that share an id (pieces of one plot or building cut at tile or map-sheet edges) before the work");
  sub->add_flag("--progress", options->progress, "draw a progress bar on stderr even when it is not a terminal");
  sub->add_flag("--timings", options->timings, "print how long reading, computing and writing took, on stderr");
  return [options] { return run_finance(*options); };
}

}  // namespace cplan
