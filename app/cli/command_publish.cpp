// cplan publish: a project's layers into a PostgreSQL/PostGIS database, for a bureau to share.
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "geo/database.h"
#include "terminal.h"

namespace cplan {

namespace {

struct PublishCliOptions {
  std::string project;
  std::string to;
  std::string schema = "public";
  std::string project_file;
  bool overwrite = false;
  bool progress = false;
};

int run_publish(const PublishCliOptions& o) {
  TerminalFeedback feedback("publishing", o.progress);
  const std::filesystem::path project_file = demo_or(o.project, feedback, 10);
  const geo::ProjectSpec spec = geo::read_project(project_file);
  geo::PublishOptions options;
  options.target = o.to;
  options.schema = o.schema;
  options.overwrite = o.overwrite;
  options.project_file = o.project_file.empty()
                             ? project_file.parent_path() / (project_file.stem().string() + ".pg.toml")
                             : std::filesystem::u8path(o.project_file);
  const geo::PublishReport report = geo::publish_project(spec, options, &feedback);
  feedback.finish();
  std::cout << fmt::format("published {} to {}:\n", project_file.string(), report.target);
  for (const auto& t : report.tables)
    std::cout << fmt::format("  {:<28} {:>8} features  table {}\n", t.role ? geo::to_string(*t.role) : t.other_layer, t.features,
                             t.table);
  std::cout << fmt::format("project file: {}\n", report.project_file.string());
  for (const auto& n : report.notes) std::cerr << "cplan: note: " << n << "\n";
  std::cout << fmt::format("next: cplan check {}\n", report.project_file.string());
  return kOk;
}

}  // namespace

Run register_publish(CLI::App& app) {
  auto o = std::make_shared<PublishCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "publish",
      "Copy a project's layers into a PostgreSQL/PostGIS database to share it: one table per layer with a spatial index, row "
      "versions for safe concurrent editing, the styles QGIS reads, and a project file whose layers are those tables.");
  sub->add_option("project", o->project, "project file (default: the demo city)");
  sub->add_option("--to", o->to,
                  "the database: PG:service=NAME (a service in ~/.pg_service.conf) or PG:\"host=... dbname=... user=...\"; the "
                  "password from ~/.pgpass or PGPASSWORD")
      ->required();
  sub->add_option("--schema", o->schema, "schema of the tables, created when missing (default public)");
  sub->add_option("--project-file", o->project_file, "the project file to write (default: PROJECT.pg.toml beside the project)");
  sub->add_flag("--overwrite", o->overwrite, "replace tables of the same names");
  sub->add_flag("--progress", o->progress, "draw a progress bar on stderr even when it is not a terminal");
  return [o] { return run_publish(*o); };
}

}  // namespace cplan
