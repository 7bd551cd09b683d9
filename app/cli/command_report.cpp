// cplan report: the PDF approval package of one plot, several, or all of them.
#include <QFileInfo>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "approval_report.h"
#include "commands.h"
#include "datasets/demo_city.h"
#include "geo/coverage.h"
#include "geo/error.h"
#include "geo/review.h"
#include "geo/rules.h"
#include "terminal.h"

namespace cplan {

namespace fs = std::filesystem;

namespace {

struct ReportCliOptions {
  bool merge_pieces = false;
  std::string project;
  std::vector<std::string> plots;
  std::vector<std::string> communities;
  std::string out;
  std::string rules = "national";
  int year = current_year();
  std::string standards = "gb50180";
  std::string lang;
  bool overwrite = false;
  bool progress = false;
};

int run_report(const ReportCliOptions& o) {
  const fs::path out = fs::u8path(o.out);
  if (fs::exists(out) && !o.overwrite) throw geo::Error("exists already; pass --overwrite to replace it", {.file = out.string()});
  const geo::RulePack pack = geo::load_rule_pack(geo::resolve_rule_pack(o.rules));
  const geo::RulePack standards = geo::load_rule_pack(geo::resolve_rule_pack(o.standards));

  // Pages are drawn with Qt's painter; no window is shown, so no display is needed. Qt's notice
  // that it chose a runtime folder itself is no news to a command-line user.
  static const QtMessageHandler qt_default = qInstallMessageHandler(nullptr);
  qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (message.startsWith("QStandardPaths: XDG_RUNTIME_DIR not set")) return;
    qt_default(type, context, message);
  });
  static char arg0[] = "cplan", arg1[] = "-platform", arg2[] = "offscreen";
  static char* qt_argv[] = {arg0, arg1, arg2, nullptr};
  static int qt_argc = 3;
  QGuiApplication qt(qt_argc, qt_argv);
  const QLocale locale = o.lang.empty() ? QLocale::system() : QLocale(QString::fromStdString(o.lang));
  QTranslator translator;
  if (locale.language() == QLocale::Chinese && translator.load(":/i18n/community-planner_zh_CN.qm"))
    QCoreApplication::installTranslator(&translator);

  TerminalFeedback feedback("report", o.progress);
  const fs::path project_file = demo_or(o.project, feedback, 5);
  const geo::Project project = [&] {
    const geo::Feedback::Stage stage(&feedback, 5, 25);
    return geo::load_project(geo::read_project(project_file), &feedback, {.merge_pieces = o.merge_pieces});
  }();
  print_data_problems(project);
  const geo::Review review = [&] {
    const geo::Feedback::Stage stage(&feedback, 25, 35);
    return geo::review_plots(project, pack, {.year = o.year}, &feedback);
  }();
  cp::ApprovalReportInput input{.project = &project, .pack = &pack, .review = &review, .standards = &standards};
  if (!o.plots.empty() && !o.communities.empty()) throw geo::Error("give --plot or --community, not both");
  input.plots = o.communities.empty() ? geo::plots_by_id(review, o.plots) : geo::plots_in_communities(review, o.communities);
  {
    const geo::Feedback::Stage stage(&feedback, 35, 50);
    if (review.plots.empty()) input.community_coverage = cp::community_coverage(project, standards, &feedback);
    else input.plot_coverage = cp::plot_coverage(project, standards, &feedback);
  }
  cp::add_parking_and_finance(input, &feedback);
  const geo::Feedback::Stage writing(&feedback, 50, 100);
  const std::string coverage_note = input.plot_coverage.empty() ? " (no facilities in the project: coverage left out)" : "";
  QString error;
  // A folder the package needs is made for it, and removed again if the package is not written.
  fs::path made;
  for (fs::path p = out.parent_path(); !p.empty() && !fs::exists(p); p = p.parent_path()) made = p;
  if (!made.empty()) fs::create_directories(out.parent_path());
  bool written = false;
  try {
    written = cp::write_approval_report(QString::fromStdString(out.string()), input, &feedback, &error);
  } catch (...) {
    if (!made.empty()) fs::remove_all(made);
    throw;
  }
  if (!written) {
    if (!made.empty()) fs::remove_all(made);
    throw geo::Error(error.toStdString());
  }
  feedback.finish();
  if (input.plots.empty())
    std::cout << fmt::format("wrote {}: overview of {} communities under {} (the project has no plots under review)\n", out.string(),
                             review.communities.size(), pack.name);
  else
    std::cout << fmt::format("wrote {}: approval package of {} plot(s) under {}{}\n", out.string(), input.plots.size(), pack.name,
                             coverage_note);
  int short_plots = 0;
  for (auto i : input.plots) short_plots += review.plots[i].verdict == geo::Verdict::Short;
  return short_plots > 0 ? kFindings : kOk;
}

}  // namespace

Run register_report(CLI::App& app) {
  auto options = std::make_shared<ReportCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "report", "Write the PDF approval package of plots (all of them unless --plot or --community names some): for each, a map of the plot in its "
                "community, the review with every rule and its citation, the services its households would reach, and the data "
                "sources and CRS. Exit 1 when a plot in it is short.");
  sub->add_option("project", options->project, "project .toml (default: the demo city)");
  sub->add_option("--plot", options->plots, "plot id; repeat or separate with commas (default: every plot)")->delimiter(',');
  sub->add_option("--community", options->communities,
                  "the plots of a community, by code or name (社区名称); repeat or separate with commas")
      ->delimiter(',');
  sub->add_option("--out", options->out, "the PDF to write")->required();
  sub->add_option("--rules", options->rules, "rule pack: " + geo::rule_pack_choices())->capture_default_str();
  sub->add_option("--year", options->year, "year for the funding rule")->capture_default_str();
  sub->add_option("--standards", options->standards, "rule pack with the facility distances")->capture_default_str();
  sub->add_option("--lang", options->lang, "language of the package: zh_CN or en (default: the system's)");
  sub->add_flag("--overwrite", options->overwrite, "replace an existing PDF");
  sub->add_flag("--merge-pieces", options->merge_pieces,
                "join features that share an id (pieces of one plot or building cut at tile or map-sheet edges) before the work");
  sub->add_flag("--progress", options->progress, "draw a progress bar on stderr even when it is not a terminal");
  return [options] { return run_report(*options); };
}

}  // namespace cplan
