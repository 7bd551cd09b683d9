// cplan export: a project layer to Shapefile, GeoPackage, GeoJSON, KML or DXF, for approval offices.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "datasets/demo_city.h"
#include "geo/error.h"
#include "geo/export.h"
#include "terminal.h"

namespace cplan {

namespace fs = std::filesystem;

namespace {

struct ExportCliOptions {
  std::string project;
  std::string layer;
  std::string format;
  std::string out;
  std::string crs;
  std::string encoding = "utf-8";
  bool overwrite = false;
  bool progress = false;
};

int run_export(const ExportCliOptions& o) {
  const auto role = geo::parse_role(o.layer);
  if (!role) throw geo::Error("unknown layer '" + o.layer + "' (known: communities, buildings, plots, facilities, parking, roads, candidates)");
  TerminalFeedback feedback("exporting", o.progress);
  const fs::path project_file = o.project.empty() ? datasets::demo_project(&feedback) : fs::path(o.project);
  const geo::Project project = geo::load_project(geo::read_project(project_file), &feedback, {.roles = {*role}});
  const geo::LayerData* layer = project.layer(*role);
  if (!layer) throw geo::Error("the project has no " + o.layer + " layer", {.file = project_file.string()});
  geo::ExportOptions options;
  options.format = o.format;
  options.crs = o.crs;
  options.encoding = o.encoding == "gbk" || o.encoding == "GBK" ? "GBK" : "UTF-8";
  options.overwrite = o.overwrite;
  const geo::ExportResult r = geo::export_layer(*layer, project.working_epsg, o.layer, fs::u8path(o.out), options, &feedback);
  feedback.finish();
  std::cout << fmt::format("exported {} features of {} ({}), CRS {}\n", layer->size(), o.layer, o.format,
                           o.crs.empty() ? fmt::format("EPSG:{}", project.working_epsg) : o.crs);
  for (const auto& f : r.files) std::cout << "  " << f.string() << "\n";
  for (const auto& [full, fitted] : r.renamed_fields) std::cout << "  field " << full << " -> " << fitted << "\n";
  return kOk;
}

}  // namespace

Run register_export(CLI::App& app) {
  auto options = std::make_shared<ExportCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "export", "Write a project layer (the demo city's by default) to Shapefile (with .prj and .cpg, field names fitted to "
                "10 bytes, full names beside), GeoPackage, GeoJSON, KML or DXF, in a CRS you name. Written whole or not at all.");
  sub->add_option("project", options->project, "project .toml (default: the demo city)");
  sub->add_option("--layer", options->layer, "communities, buildings, plots, facilities, parking, roads, candidates")->required();
  sub->add_option("--format", options->format, "shp, gpkg, geojson, kml, dxf")->required()->check(CLI::IsMember({"shp", "gpkg", "geojson", "kml", "dxf"}));
  sub->add_option("--out", options->out, "output file (.shp, .gpkg, ...)")->required();
  sub->add_option("--crs", options->crs, "output CRS, e.g. EPSG:4549 or EPSG:4490 (default: the project's)");
  sub->add_option("--encoding", options->encoding, "Shapefile attribute encoding: utf-8 or gbk")->check(CLI::IsMember({"utf-8", "gbk", "UTF-8", "GBK"}));
  sub->add_flag("--overwrite", options->overwrite, "replace an existing output");
  sub->add_flag("--progress", options->progress, "draw a progress bar on stderr even when it is not a terminal");
  return [options] { return run_export(*options); };
}

}  // namespace cplan
