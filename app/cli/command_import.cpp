// cplan import: an OpenStreetMap extract, Geofabrik Shapefiles or survey data to a project.
#include <unistd.h>

#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "commands.h"
#include "geo/database.h"
#include "geo/import.h"
#include "geo/plugins.h"
#include "terminal.h"

namespace cplan {

namespace {

struct ImportCommandOptions {
  std::vector<std::string> sources;
  std::string profile = "osm";
  std::string out_dir;
  std::string name;
  std::string boundary;
  std::string boundary_layer;
  std::string boundary_offset = "none";
  std::string bbox;
  bool overwrite = false;
  bool merge_pieces = false;
  bool progress = false;
  bool timings = false;
  std::string schema = "public";   // --out PG:...
  std::string project_file;        // --out PG:...: the project file to write
};

// Removes a folder when the import into a database is over, whatever happened.
struct RemovedAfterwards {
  std::filesystem::path dir;
  ~RemovedAfterwards() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

int run_import(const ImportCommandOptions& o) {
  geo::ImportOptions options;
  for (const auto& s : o.sources) options.sources.push_back(std::filesystem::u8path(s));
  options.profile = o.profile;
  // Into a database: the import is written to a staging folder, then published whole.
  const bool into_database = geo::is_database_source(o.out_dir);
  if (into_database && o.project_file.empty())
    throw geo::Error("an import into a database needs --project-file: where to write the project file that names its tables");
  std::optional<RemovedAfterwards> staging;
  if (into_database)
    staging.emplace(RemovedAfterwards{std::filesystem::temp_directory_path() / fmt::format("cplan-import-{}", ::getpid())});
  options.out_dir = into_database ? staging->dir : std::filesystem::u8path(o.out_dir);
  options.name = o.name;
  options.boundary = std::filesystem::u8path(o.boundary);
  options.boundary_layer = o.boundary_layer;
  options.boundary_offset = *geo::parse_web_map_offset(o.boundary_offset);
  if (!o.bbox.empty()) options.bbox = geo::parse_bbox(o.bbox);
  options.overwrite = o.overwrite;
  options.merge_pieces = o.merge_pieces;

  TerminalFeedback feedback("importing", o.progress);
  geo::ImportReport report = geo::import_city(options, &feedback);
  if (!into_database) feedback.finish();
  if (into_database) {
    geo::PublishOptions publish;
    publish.target = o.out_dir;
    publish.schema = o.schema;
    publish.overwrite = o.overwrite;
    publish.project_file = std::filesystem::u8path(o.project_file);
    const geo::PublishReport published = geo::publish_project(geo::read_project(report.project), publish, &feedback);
    feedback.finish();
    std::cout << fmt::format("wrote {} tables into {} and the project file {} (profile {})\n", published.tables.size(), published.target,
                             published.project_file.string(), report.profile);
    report.project = published.project_file;
  } else {
    std::cout << fmt::format("wrote {} and {} (profile {})\n", report.gpkg.string(), report.project.string(), report.profile);
  }
  std::cout << fmt::format("working CRS EPSG:{}: {}\n", report.working_epsg, report.working_crs_reason);
  std::cout << "read:\n";
  for (const auto& s : report.sources) std::cout << "  " << s << "\n";
  std::cout << "filled:\n";
  for (const auto& l : report.layers) {
    std::cout << fmt::format("  {:<18} {:>7}  from {}\n", l.name, l.features, l.from);
    for (const auto& n : l.notes) std::cout << "      " << n << "\n";
  }
  if (!report.not_filled.empty()) {
    std::cout << "not filled:\n";
    for (const auto& n : report.not_filled) std::cout << "  " << n << "\n";
  }
  if (o.timings) {
    std::string line;
    for (const auto& [step, seconds] : report.seconds) line += fmt::format("{}{} {:.3f} s", line.empty() ? "" : ", ", step, seconds);
    std::cerr << "timings: " << line << "\n";
  }
  std::cout << fmt::format("next: cplan check {0}; cplan coverage {0} --kind all\n", report.project.string());
  return kOk;
}

}  // namespace

Run register_import(CLI::App& app) {
  auto o = std::make_shared<ImportCommandOptions>();
  std::string profiles;
  for (const auto& p : geo::shipped_plugins("importers")) profiles += (profiles.empty() ? "" : ", ") + p;
  CLI::App* sub = app.add_subcommand(
      "import", "Make a project (GeoPackage + project file) from an OpenStreetMap extract, Geofabrik Shapefiles or survey data.");
  sub->add_option("sources", o->sources,
                  "source files: .osm.pbf/.osm, Shapefiles, GeoPackages, CSVs; or a folder of Shapefiles (Geofabrik's download unzipped)")
      ->required()
      ->check(CLI::ExistingPath);
  sub->add_option("--profile", o->profile, "import profile: " + profiles + ", or a .toml path (see plugins/importers); default osm");
  sub->add_option("--out", o->out_dir, "output folder, or a database (PG:service=NAME, PG:\"host=... dbname=...\") to publish into")->required();
  sub->add_option("--schema", o->schema, "with --out PG:...: the schema of the tables (default public)");
  sub->add_option("--project-file", o->project_file, "with --out PG:...: the project file to write, naming the tables");
  sub->add_option("--name", o->name, "file name of the GeoPackage and project, without extension (default: the first source's)");
  sub->add_option("--boundary", o->boundary, "polygons of the area to import; they become the communities when the source has none")
      ->check(CLI::ExistingFile);
  sub->add_option("--boundary-layer", o->boundary_layer, "the boundary file's layer (default: its first)");
  sub->add_option("--boundary-offset", o->boundary_offset, "web-map offset of a lon/lat boundary: none, gcj02, bd09")
      ->check(CLI::IsMember({"none", "gcj02", "bd09"}));
  sub->add_option("--bbox", o->bbox, "area to import as W,S,E,N in degrees");
  sub->add_flag("--overwrite", o->overwrite, "replace existing output files");
  sub->add_flag("--merge-pieces", o->merge_pieces, "write merge_pieces = true: features sharing an id are joined on load");
  sub->add_flag("--timings", o->timings, "print how long reading, selecting, building and writing took, on stderr");
  sub->add_flag("--progress", o->progress, "draw a progress bar on stderr even when it is not a terminal");
  return [o] { return run_import(*o); };
}

}  // namespace cplan
