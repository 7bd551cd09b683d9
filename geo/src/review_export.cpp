#include "geo/review_export.h"

#include <cpl_string.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "geo/error.h"
#include "geo/text.h"
#include "geo/gdal_io.h"
#include "geo/spatial_index.h"
#include "geo/result_layers.h"
#include "geo/style.h"
#include "output_files.h"

namespace geo {

namespace fs = std::filesystem;

ReviewOutputs review_output_paths(const fs::path& dir) {
  return {dir / "review.gpkg", dir / "plots.csv", dir / "communities.csv", dir / "report.html"};
}

namespace {
const std::vector<std::string> kReviewFiles = {"review.gpkg", "plots.csv", "communities.csv", "report.html"};
}

void check_review_outputs_free(const fs::path& dir, bool overwrite) { output::StagedOutputs::check_free(dir, kReviewFiles, overwrite); }

namespace {

std::string num(const std::optional<double>& v, int decimals = 1) {
  return v ? fmt::format("{:.{}f}", *v, decimals) : std::string("—");
}

std::string svg_path(const Geometry& g, const Extent& e, double scale, double height) {
  std::string d;
  for (const auto& part : g.parts)
    for (const auto& ring : part) {
      for (std::size_t i = 0; i < ring.size(); ++i)
        d += fmt::format("{}{:.1f},{:.1f}", i == 0 ? "M" : "L", (ring[i].x - e.min_x) * scale, height - (ring[i].y - e.min_y) * scale);
      d += "Z";
    }
  return d;
}

std::string svg_map(const Project& project, const Review& review) {
  static const LayerData kNoPlots;
  const LayerData& plots = project.layer(Role::Plots) ? *project.layer(Role::Plots) : kNoPlots;
  const LayerData& communities = *project.layer(Role::Communities);
  Extent e;
  for (const auto& g : communities.geometries) e.include(extent_of(g));
  for (const auto& g : plots.geometries) e.include(extent_of(g));
  if (e.is_empty()) return {};
  const double width = 900.0;
  const double scale = width / std::max(e.width(), 1.0);
  const double height = std::max(e.height(), 1.0) * scale;
  std::string svg = fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="-10 -10 {:.0f} {:.0f}" width="100%">)", width + 20, height + 20);
  for (const auto& c : review.communities) {
    svg += fmt::format(R"(<path d="{}" fill="{}" stroke="#555" stroke-width="0.8"><title>{} {}</title></path>)",
                       svg_path(communities.geometries[c.index], e, scale, height), c.shortfall_m2 > 0 ? "#fde0dd" : "#f4f4f4",
                       xml_escape(c.name), xml_escape(c.community_id));
  }
  for (const auto& p : review.plots) {
    if (plots.geometries[p.index].empty()) continue;
    svg += fmt::format(R"(<path d="{}" fill="{}" fill-opacity="0.8" stroke="#222" stroke-width="0.5"><title>{}: {}</title></path>)",
                       svg_path(plots.geometries[p.index], e, scale, height), verdict_colour(p.verdict), xml_escape(p.plot_id),
                       to_string(p.verdict));
  }
  for (const auto& c : review.communities) {
    const Point at = centroid(communities.geometries[c.index]);
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="12" fill="#444" text-anchor="middle">{}</text>)",
                       (at.x - e.min_x) * scale, height - (at.y - e.min_y) * scale + 4, xml_escape(c.name));
  }
  // North arrow (the working CRS is a Gauss-Kruger grid: up is grid north).
  svg += fmt::format(R"(<path d="M{0:.1f},8 l8,22 l-8,-6 l-8,6 z" fill="#222"/><text x="{0:.1f}" y="44" font-size="12" text-anchor="middle">N</text>)",
                     width - 12);
  // A scale bar of a round length.
  double bar = std::pow(10.0, std::floor(std::log10(e.width() / 5)));
  svg += fmt::format(R"(<rect x="0" y="{:.1f}" width="{:.1f}" height="4" fill="#000"/><text x="0" y="{:.1f}" font-size="11">{:.0f} m</text>)",
                     height + 2, bar * scale, height - 4, bar);
  svg += "</svg>";
  return svg;
}

}  // namespace

std::string review_html(const Project& project, const RulePack& pack, const Review& review) {
  std::ostringstream h;
  h << R"(<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>)" << xml_escape("地块审查 Plot review — " + pack.name)
    << R"(</title><style>
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #bbb;padding:3px 6px;text-align:left}
th{background:#eee}td.n{text-align:right}.compliant{color:#1a9850}.short{color:#d73027;font-weight:bold}
.unchecked{color:#b36b00}.not_applicable{color:#666}.warn{background:#fff4d6;border:1px solid #e0b84c;padding:.6em}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
</style></head><body>)";
  h << "<h1>地块审查 Plot review</h1>";
  h << "<p>Project: <b>" << xml_escape(project.spec.name.empty() ? project.spec.file.filename().string() : project.spec.name)
    << "</b> (" << xml_escape(project.spec.file.string()) << ")<br>Rule pack: <b>" << xml_escape(pack.name) << "</b> — "
    << xml_escape(pack.jurisdiction) << " (" << xml_escape(pack.file.string()) << ")<br>CRS: EPSG:" << project.working_epsg
    << " · funding year " << review.year << "</p>";
  h << "<h2>Summary</h2><table><tr><th>plots</th><th>compliant</th><th>short</th><th>not applicable</th><th>unchecked</th></tr><tr>";
  h << "<td class=n>" << review.plots.size() << "</td>";
  for (Verdict v : {Verdict::Compliant, Verdict::Short, Verdict::NotApplicable, Verdict::Unchecked})
    h << "<td class=n>" << review.count(v) << "</td>";
  h << "</tr></table>";
  if (!review.unverified.empty()) {
    h << "<p class=warn>This review uses numbers that are <b>not fully verified</b> in their source (marked P, partly "
         "verified, or U, unverified, in the rule pack): ";
    for (std::size_t i = 0; i < review.unverified.size(); ++i) h << (i ? ", " : "") << xml_escape(review.unverified[i]);
    h << ". Check them with the issuing authority before relying on the verdicts they produce.</p>";
  }
  h << "<div class=legend>";
  for (Verdict v : {Verdict::Compliant, Verdict::Short, Verdict::NotApplicable, Verdict::Unchecked})
    h << "<span style=\"background:" << verdict_colour(v) << "\"></span>" << to_string(v);
  h << "<span style=\"background:#fde0dd;border:1px solid #555\"></span>community short of office space</div>";
  h << svg_map(project, review);

  h << "<h2>Plots</h2><table><tr><th>plot</th><th>community</th><th>households</th><th>required m²</th><th>reserved m²</th>"
       "<th>shortfall m²</th><th>verdict</th><th>rule</th><th>citation</th><th>reason</th></tr>";
  for (const auto& p : review.plots) {
    std::string community = p.community ? review.communities[*p.community].name : "—";
    if (p.shares.size() > 1) {
      community += " (";
      for (std::size_t i = 0; i < p.shares.size(); ++i)
        community += fmt::format("{}{} {:.0f}%", i ? ", " : "", review.communities[p.shares[i].community].name, p.shares[i].share * 100);
      community += ")";
    }
    h << "<tr><td>" << xml_escape(p.plot_id) << "</td><td>" << xml_escape(community) << "</td><td class=n>" << num(p.households, 0)
      << "</td><td class=n>" << num(p.required_office_m2) << "</td><td class=n>" << num(p.reserved_office_m2) << "</td><td class=n>"
      << num(p.shortfall_m2) << "</td><td class=" << to_string(p.verdict) << ">" << to_string(p.verdict) << "</td><td>"
      << xml_escape(p.rule_id) << "</td><td>" << xml_escape(p.citation) << "</td><td>" << xml_escape(p.reason) << "</td></tr>";
  }
  h << "</table>";

  h << "<h2>Communities</h2><table><tr><th>code</th><th>name</th><th>households (existing + planned)</th><th>office m²</th>"
       "<th>planned m²</th><th>required m²</th><th>shortfall m²</th><th>funding yuan/year</th><th>rule</th><th>citation</th></tr>";
  for (const auto& c : review.communities) {
    h << "<tr><td>" << xml_escape(c.community_id) << "</td><td>" << xml_escape(c.name) << "</td><td class=n>"
      << fmt::format("{:.0f} ({:.0f} + {:.0f})", c.households(), c.households_existing, c.households_planned) << "</td><td class=n>"
      << num(c.office_m2) << "</td><td class=n>" << num(c.planned_office_m2) << "</td><td class=n>" << num(c.required_office_m2)
      << "</td><td class=n>" << num(c.shortfall_m2) << "</td><td class=n>" << num(c.funding_yuan, 0) << "</td><td>"
      << xml_escape(c.rule_id) << "</td><td>" << xml_escape(c.citation) << "</td></tr>";
  }
  h << "</table>";

  h << "<h2>Rules and sources</h2><table><tr><th>rule</th><th>applies to</th><th>required</th><th>compared with</th><th>source</th></tr>";
  for (const auto& r : pack.rules) {
    h << "<tr><td>" << xml_escape(r.id) << "<br>" << xml_escape(r.title) << "</td><td>" << (r.scope == RuleScope::Plot ? "plot" : "community")
      << (r.when ? "<br>when " + xml_escape(r.when->text) : "") << "</td><td><code>" << xml_escape(r.required.text) << "</code></td><td>"
      << xml_escape(r.provided) << (r.optional ? " (where given)" : "") << "</td><td>"
      << xml_escape(pack.citation(r.document, r.article, pack.effective_mark(r))) << "</td></tr>";
  }
  h << "</table><table><tr><th>parameter</th><th>value</th><th>unit</th><th>source</th><th>mark</th></tr>";
  for (const auto& p : pack.parameters)
    h << "<tr><td>" << xml_escape(p.name) << "</td><td class=n>" << p.value << "</td><td>" << xml_escape(p.unit) << "</td><td>"
      << xml_escape(pack.citation(p.document, p.article, Mark::Verified)) << "</td><td>" << describe(p.mark) << "</td></tr>";
  h << "</table><table><tr><th>document</th><th>number</th><th>issuer</th><th>source</th><th>mark</th></tr>";
  for (const auto& [id, d] : pack.documents)
    h << "<tr><td>《" << xml_escape(d.title) << "》</td><td>" << xml_escape(d.number) << "</td><td>" << xml_escape(d.issuer) << "</td><td>"
      << xml_escape(d.source) << (d.note.empty() ? "" : "<br><i>" + xml_escape(d.note) + "</i>") << "</td><td>" << describe(d.mark) << "</td></tr>";
  h << "</table>";
  if (!review.findings.empty()) {
    h << "<h2>Notes on the data</h2><ul>";
    for (const auto& f : review.findings) h << "<li>" << xml_escape(f.message) << "</li>";
    h << "</ul>";
  }
  h << "<p style=\"color:#777;font-size:12px\">Community Planner · data in EPSG:" << project.working_epsg
    << " · sources: ";
  for (const auto& [role, layer] : project.layers) h << xml_escape(std::string(to_string(role)) + ": " + layer->describe_source()) << "; ";
  h << "</p></body></html>\n";
  return h.str();
}

ReviewOutputs write_review_outputs(const fs::path& dir, const Project& project, const RulePack& pack, const Review& review,
                                   bool overwrite, Feedback* feedback) {
  output::StagedOutputs staged(dir, "check", kReviewFiles, overwrite, input_files(project.spec));
  const LayerData plots = review_plots_layer(project, review);
  const LayerData communities = review_communities_layer(project, review);
  const LayerStyleSpec plot_style = result_layer_style("review_plots", Role::Plots);
  const LayerStyleSpec community_style = result_layer_style("review_communities", Role::Communities);
  const output::WriteSettings gpkg{.format = "gpkg", .working_epsg = project.working_epsg};
  {
    const Feedback::Stage stage(feedback, 0, 70);
    staged.write("review.gpkg",
                 {{.name = "plots", .data = &plots, .style = &plot_style}, {.name = "communities", .data = &communities, .style = &community_style}},
                 gpkg, feedback);
  }
  const output::WriteSettings csv{.format = "csv", .working_epsg = project.working_epsg};
  {
    const Feedback::Stage stage(feedback, 70, 85);
    staged.write("plots.csv", {{.name = "plots", .data = &plots}}, csv, feedback);
  }
  {
    const Feedback::Stage stage(feedback, 85, 95);
    staged.write("communities.csv", {{.name = "communities", .data = &communities}}, csv, feedback);
  }
  if (feedback) feedback->set_progress(95, "writing report.html");
  {
    std::ofstream html(staged.staged("report.html"), std::ios::binary);
    html << review_html(project, pack, review);
    if (!html.flush()) throw Error("cannot write the report", {.file = staged.staged("report.html").string()});
  }
  if (feedback) feedback->throw_if_cancelled();
  staged.commit();
  return review_output_paths(dir);
}

}  // namespace geo
