// The session's jobs beyond the review: coverage, siting, layer exports, the approval package.
#include "session.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QUndoStack>

#include <algorithm>

#include "approval_report.h"
#include "geo/basemap.h"
#include "geo/coverage.h"
#include "geo/result_layers.h"
#include "geo/search.h"
#include "geo/siting.h"
#include "geo/style.h"
#include "session_layer_prep.h"

namespace cp {

using namespace layer_prep;

// --- analyses and exports ------------------------------------------------------------------------

void Session::runCoverage(const QString& kind) {
  if (!project_) return;
  auto project = project_;
  const std::string k = kind.toStdString();
  jobs_->run<geo::Coverage>(
      tr("Computing coverage of %1…").arg(facility_kind_label(kind)),
      [project, k](geo::Feedback& feedback) {
        const geo::RulePack standards = geo::load_rule_pack(geo::resolve_rule_pack("gb50180"));
        return geo::compute_coverage(*project, &standards, {.kind = k, .service_areas = true}, &feedback);
      },
      [this, kind, project](geo::Coverage& c) {
        if (project != project_) return;
        auto uncovered = std::make_shared<geo::LayerData>(geo::coverage_buildings_layer(*project, c, true));
        auto areas = std::make_shared<geo::LayerData>(geo::service_areas_layer(*project, c));
        const QString label = facility_kind_label(kind);
        addResultLayer("service_areas_" + kind, tr("Service areas: %1 (%2 m)").arg(label).arg(c.distance_m), areas,
                       geo::result_layer_style("service_areas", areas->role), areas->role);
        addResultLayer("uncovered_" + kind,
                       tr("Uncovered: %1 (%L2 of %L3 households)")
                           .arg(label)
                           .arg(std::round(c.households() - (c.walking ? c.households_covered_walk() : c.households_covered_euclid())))
                           .arg(std::round(c.households())),
                       uncovered, geo::result_layer_style("uncovered_buildings", uncovered->role), uncovered->role);
      },
      [this](bool completed) { emit analysisFinished(completed); });
}

void Session::runSiting(const QString& kind, int sites) {
  if (!project_) return;
  auto project = project_;
  const std::string k = kind.toStdString();
  jobs_->run<geo::SitingResult>(
      tr("Choosing sites…"),
      [project, k, sites](geo::Feedback& feedback) {
        const geo::RulePack standards = geo::load_rule_pack(geo::resolve_rule_pack("gb50180"));
        geo::SitingOptions options;
        options.kind = k;
        options.add = sites;
        options.time_limit_s = 20;
        return geo::site_facilities(*project, &standards, options, &feedback);
      },
      [this, kind, project](geo::SitingResult& r) {
        if (project != project_) return;
        auto layer = std::make_shared<geo::LayerData>(geo::sites_layer(r));
        addResultLayer("sites_" + kind,
                       tr("New sites: %1 (+%L2 households; %3)")
                           .arg(facility_kind_label(kind))
                           .arg(std::round(r.covered_after - r.covered_before))
                           .arg(QString::fromStdString(r.method)),
                       layer, geo::result_layer_style("sites", layer->role), layer->role);
      },
      [this](bool completed) { emit analysisFinished(completed); });
}

void Session::startLayerExport(const QStringList& layer_ids, const QString& file, const geo::ExportOptions& options) {
  if (!project_) return;
  // What the worker needs, gathered here: the layers' data (shared, immutable) and their looks.
  struct Source {
    std::string name;
    std::shared_ptr<const geo::LayerData> data;
    geo::LayerStyleSpec style;
  };
  std::vector<Source> sources;
  for (const QString& id : layer_ids) {
    if (id == "review_plots") {
      if (!review_) continue;
      sources.push_back({"review_plots", std::make_shared<const geo::LayerData>(geo::review_plots_layer(*project_, *review_)),
                         geo::result_layer_style("review_plots", geo::Role::Plots)});
      continue;
    }
    const MapLayerEntry* e = layer(id);
    if (!e) continue;
    geo::LayerStyleSpec style = to_style_spec(e->style);
    style.categorize = e->spec.categorize;
    QString name = id;
    name.replace(QRegularExpression("[^A-Za-z0-9_]"), "_");
    sources.push_back({name.toStdString(), e->data->source, style});
  }
  const int epsg = project_->working_epsg;
  const std::filesystem::path out = std::filesystem::u8path(file.toStdString());
  geo::ExportOptions guarded = options;
  if (hasProjectFile()) guarded.inputs = geo::input_files(project_->spec);
  for (const auto& e : layers_)
    if (e.added && !e.added->source.empty()) guarded.inputs.push_back(e.added->source);
  jobs_->run<geo::ExportResult>(
      tr("Exporting…"),
      [sources, epsg, out, options = std::move(guarded)](geo::Feedback& feedback) {
        std::vector<geo::ExportLayer> layers;
        for (const auto& s : sources) layers.push_back({.name = s.name, .data = s.data.get(), .style = s.style});
        return geo::export_layers(layers, epsg, out, options, &feedback);
      },
      [this](geo::ExportResult& r) { emit message(tr("Exported %n file(s)", nullptr, static_cast<int>(r.files.size()))); },
      [this](bool completed) { emit analysisFinished(completed); });
}

void Session::startApprovalPackage(const QStringList& plot_ids, const QString& file) {
  if (!project_ || !review_ || !review_pack_) return;
  auto project = project_;
  auto review = std::make_shared<const geo::Review>(*review_);
  auto pack = review_pack_;
  std::vector<std::string> ids;
  for (const auto& id : plot_ids) ids.push_back(id.toStdString());
  jobs_->run<bool>(
      tr("Writing the approval package…"),
      [project, review, pack, ids, file](geo::Feedback& feedback) {
        const geo::RulePack standards = geo::load_rule_pack(geo::resolve_rule_pack("gb50180"));
        ApprovalReportInput input{.project = project.get(), .pack = pack.get(), .review = review.get(), .standards = &standards};
        input.plots = geo::plots_by_id(*review, ids);
        input.plot_coverage = plot_coverage(*project, standards, &feedback);
        QString error;
        if (!write_approval_report(file, input, &feedback, &error)) throw geo::Error(error.toStdString());
        return true;
      },
      [this, file](bool&) { emit message(tr("Wrote %1").arg(file)); },
      [this](bool completed) { emit analysisFinished(completed); });
}

}  // namespace cp
