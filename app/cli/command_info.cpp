// cplan info [SOURCE]: what a source or a project holds and what is wrong with it.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "commands.h"
#include "datasets/demo_city.h"
#include "geo/inspect.h"
#include "geo/project.h"
#include "terminal.h"

namespace cplan {

namespace fs = std::filesystem;

namespace {

struct InfoOptions {
  bool merge_pieces = false;
  std::string source;
  bool json = false;
  std::string encoding;
  bool skip_geometry_check = false;
  bool progress = false;
};

std::string format_extent(const geo::Extent& e, bool geographic) {
  if (e.is_empty()) return "empty";
  const int decimals = geographic ? 6 : 2;
  return fmt::format("{:.{}f}, {:.{}f} – {:.{}f}, {:.{}f}", e.min_x, decimals, e.min_y, decimals, e.max_x, decimals, e.max_y,
                     decimals);
}

void print_findings(const std::vector<geo::Finding>& findings, const std::string& indent) {
  for (const auto& f : findings) {
    std::cout << indent << geo::to_string(f.severity) << " [" << f.code << "]: " << f.message;
    if (!f.feature_ids.empty()) {
      std::cout << " (features";
      for (auto id : f.feature_ids) std::cout << ' ' << id;
      std::cout << ")";
    }
    std::cout << "\n";
  }
}

void print_source(const geo::SourceReport& r) {
  std::cout << r.path << " (" << r.driver << ")";
  if (!r.encoding.empty()) std::cout << ", attributes read as " << r.encoding;
  std::cout << "\n";
  print_findings(r.findings, "  ");
  for (const auto& l : r.layers) {
    std::cout << "\nLayer '" << l.name << "': " << l.geometry_type << ", " << l.feature_count << " feature"
              << (l.feature_count == 1 ? "" : "s") << "\n";
    if (l.crs)
      std::cout << "  CRS:    " << l.crs->name << (l.crs->epsg ? fmt::format(" (EPSG:{})", *l.crs->epsg) : " (no EPSG match)")
                << "\n";
    else
      std::cout << "  CRS:    none\n";
    std::cout << "  Extent: " << format_extent(l.extent, l.crs && l.crs->geographic) << "\n";
    std::cout << "  Fields:";
    if (l.fields.empty()) std::cout << " none";
    std::cout << "\n";
    for (const auto& f : l.fields) std::cout << "    " << pad(f.name, 24) << f.type << "\n";
    if (!l.first_invalid.empty()) {
      std::cout << "  Invalid geometries: " << l.invalid_count << "\n";
      for (const auto& inv : l.first_invalid) std::cout << "    feature " << inv.fid << ": " << inv.reason << "\n";
    }
    if (!l.findings.empty()) {
      std::cout << "  Problems:\n";
      print_findings(l.findings, "    ");
    }
  }
}

void print_project(const geo::Project& p) {
  std::cout << "Project: " << (p.spec.name.empty() ? p.spec.file.filename().string() : p.spec.name) << "\n";
  std::cout << "  file:        " << p.spec.file.string() << "\n";
  std::cout << "  working CRS: EPSG:" << p.working_epsg << " — " << p.working_crs_reason << "\n";
  std::cout << "  extent:      " << format_extent(p.extent, false) << " (" << fmt::format("{:.1f} × {:.1f} km", p.extent.width() / 1000, p.extent.height() / 1000)
            << ")\n\n";
  std::cout << pad("role", 13) << pad("features", 10) << pad("layer", 28) << "model fields (←source field)\n";
  for (geo::Role role : geo::kAllRoles) {
    const geo::LayerData* l = p.layer(role);
    if (!l) {
      std::cout << pad(geo::to_string(role), 13) << pad("-", 10) << "not in the project\n";
      continue;
    }
    std::string mapped;
    for (const auto& [model, source] : l->field_sources) mapped += (mapped.empty() ? "" : ", ") + model + (model == source ? "" : "←" + source);
    std::cout << pad(geo::to_string(role), 13) << pad(std::to_string(l->size()), 10) << pad(l->source_layer, 28) << mapped
              << "\n";
  }
  double households = 0.0;
  if (const auto* b = p.layer(geo::Role::Buildings))
    for (std::size_t i = 0; i < b->size(); ++i) households += b->number(i, "households").value_or(0.0);
  if (households > 0) std::cout << "\nHouseholds in existing buildings: " << fmt::format("{:.0f}", households) << "\n";
  bool any = false;
  for (const auto& [role, l] : p.layers) {
    if (l->findings.empty()) continue;
    if (!any) std::cout << "\nProblems found:\n";
    any = true;
    std::cout << "  " << geo::to_string(role) << " (" << l->describe_source() << "):\n";
    print_findings(l->findings, "    ");
  }
  if (!any) std::cout << "\nNo problems found.\n";
}

nlohmann::json project_json(const geo::Project& p) {
  nlohmann::json layers = nlohmann::json::object();
  for (const auto& [role, l] : p.layers) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : l->findings)
      findings.push_back({{"severity", geo::to_string(f.severity)}, {"code", f.code}, {"message", f.message}, {"feature_ids", f.feature_ids}});
    layers[geo::to_string(role)] = {{"source", l->describe_source()}, {"feature_count", l->size()}, {"fields", l->field_sources}, {"findings", findings}};
  }
  return {{"project", p.spec.name},
          {"file", p.spec.file.string()},
          {"working_crs", {{"epsg", p.working_epsg}, {"why", p.working_crs_reason}}},
          {"extent", {p.extent.min_x, p.extent.min_y, p.extent.max_x, p.extent.max_y}},
          {"layers", layers}};
}

bool is_project_file(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  return ext == ".toml" || ext == ".TOML";
}

int run_info(const InfoOptions& o) {
  TerminalFeedback feedback("reading", o.progress);
  if (o.source.empty() || is_project_file(o.source)) {
    const fs::path file = demo_or(o.source, feedback, 10);
    const geo::Project project = geo::load_project(geo::read_project(file), &feedback, {.merge_pieces = o.merge_pieces});
    feedback.finish();
    if (o.json)
      std::cout << project_json(project).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else
      print_project(project);
    return kOk;
  }
  const geo::SourceReport report =
      geo::inspect_source(o.source, {.encoding = o.encoding, .check_geometries = !o.skip_geometry_check}, &feedback);
  feedback.finish();
  if (o.json)
    std::cout << geo::to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else
    print_source(report);
  return report.has_read_errors() ? kFindings : kOk;
}

}  // namespace

Run register_info(CLI::App& app) {
  auto options = std::make_shared<InfoOptions>();
  CLI::App* sub = app.add_subcommand(
      "info", "Describe a vector source (Shapefile, GeoPackage, GeoJSON, KML, DXF, CSV, OSM PBF, ...) or a project "
              "file: layers, CRS, extent, fields, and the problems to fix before trusting it. "
              "Without SOURCE: the demo city.");
  sub->add_option("source", options->source, "a vector file or a project .toml");
  sub->add_flag("--json", options->json, "print JSON instead of text");
  sub->add_option("--encoding", options->encoding, "attribute encoding of a Shapefile (UTF-8, GBK), overriding .cpg and detection")
      ->check(CLI::IsMember({"UTF-8", "GBK", "CP936", "GB18030"}, CLI::ignore_case));
  sub->add_flag("--no-geometry-check", options->skip_geometry_check, "skip the GEOS validity check of every geometry");
  sub->add_flag("--merge-pieces", options->merge_pieces,
                "join features that share an id (pieces of one plot or building cut at tile or map-sheet edges) before the work");
  sub->add_flag("--progress", options->progress, "draw a progress bar on stderr even when it is not a terminal");
  return [options] { return run_info(*options); };
}

int run_default() { return run_info({}); }

}  // namespace cplan
