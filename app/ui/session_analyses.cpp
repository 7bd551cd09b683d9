// The session's jobs beyond the review: coverage, siting, layer exports, the approval package.
#include "session.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QUndoStack>

#include <algorithm>
#include <map>

#include "approval_report.h"
#include "geo/basemap.h"
#include "geo/community_figures.h"
#include "geo/coverage.h"
#include "geo/finance.h"
#include "geo/parking.h"
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

void Session::runCommunityMap(geo::CommunityMap map) {
  if (!project_ || !review_ || !review_pack_) {
    emit message(tr("The community maps need the project's communities, reviewed"));
    emit analysisFinished(false);
    return;
  }
  auto project = project_;
  auto review = std::make_shared<const geo::Review>(*review_);
  auto pack = review_pack_;
  struct Figures {
    std::shared_ptr<geo::LayerData> layer;
    geo::LayerStyleSpec style;
    geo::Choropleth choropleth;
  };
  jobs_->run<Figures>(
      tr("Computing the community figures…"),
      [project, review, pack, map](geo::Feedback& feedback) {
        if (map == geo::CommunityMap::Parking && !pack->parking)
          throw geo::Error(tr("The rule pack %1 has no parking standard: choose national, Hangzhou or Changsha in the review panel")
                               .arg(QString::fromStdString(pack->id))
                               .toStdString());
        if (map == geo::CommunityMap::Budget && pack->finance.empty())
          throw geo::Error(tr("The rule pack %1 has no budget lines: choose Hangzhou or Changsha in the review panel")
                               .arg(QString::fromStdString(pack->id))
                               .toStdString());
        // Every figure the pack and the project allow, whichever map is drawn: identify and the
        // attribute table show them all.
        std::optional<geo::ParkingSupply> parking;
        std::optional<geo::Finance> finance;
        if (pack->parking && project->layer(geo::Role::Parking) && project->layer(geo::Role::Buildings)) {
          const geo::Feedback::Stage stage(&feedback, 0, 50);
          parking = geo::compute_parking(*project, *pack, nullptr, {.per_building = false}, &feedback);
        }
        if (!pack->finance.empty() && project->layer(geo::Role::Buildings)) {
          const geo::Feedback::Stage stage(&feedback, 50, 95);
          finance = geo::compute_finance(*project, *pack, {.year = review->year}, &feedback);
        }
        if (map == geo::CommunityMap::Parking && !parking)
          throw geo::Error(tr("The parking map needs the project's parking and buildings layers").toStdString());
        Figures out;
        out.layer = std::make_shared<geo::LayerData>(
            geo::community_figures_layer(*project, *review, parking ? &*parking : nullptr, finance ? &*finance : nullptr));
        const geo::Choropleth choropleth = geo::community_choropleth(map, *out.layer);
        out.style = geo::apply_choropleth(choropleth, *out.layer);
        out.choropleth = choropleth;
        return out;
      },
      [this, project, map](Figures& f) {
        if (project != project_) return;
        // The classes in the interface's language, with their breaks.
        std::map<std::string, std::string> shown;
        for (const auto& c : f.choropleth.classes) shown[c.label] = communityMapClassLabel(map, c).toStdString();
        shown[f.choropleth.no_data_label] = tr("no figure").toStdString();
        for (auto& [label, colour] : f.style.classes) label = shown[label];
        for (auto& v : f.layer->columns["map_class"])
          if (const auto* text = std::get_if<std::string>(&v)) v = shown[*text];
        // Over the communities, under the city and the plots: a choropleth is the map's ground.
        addResultLayer("community_map", communityMapTitle(map), f.layer, f.style, geo::Role::Communities, "communities");
      },
      [this](bool completed) { emit analysisFinished(completed); });
}

QString Session::communityMapTitle(geo::CommunityMap map) {
  switch (map) {
    case geo::CommunityMap::OfficeSpace: return tr("Office ㎡ per 100 households against the rule");
    case geo::CommunityMap::Parking: return tr("Parking spaces per household against the standard");
    case geo::CommunityMap::Budget: return tr("Budget per household (yuan a year)");
  }
  return {};
}

QString Session::communityMapClassLabel(geo::CommunityMap map, const geo::ChoroplethClass& c) {
  if (map == geo::CommunityMap::Budget) {
    if (!c.from && !c.to) return tr("all");
    if (!c.from) return tr("< %L1 yuan").arg(*c.to, 0, 'f', 0);
    if (!c.to) return tr("≥ %L1 yuan").arg(*c.from, 0, 'f', 0);
    return tr("%L1 – %L2 yuan").arg(*c.from, 0, 'f', 0).arg(*c.to, 0, 'f', 0);
  }
  const QString of = map == geo::CommunityMap::Parking ? tr("of the standard") : tr("of the rule");
  if (!c.from) return tr("< %1 % %2").arg(*c.to * 100, 0, 'f', 0).arg(of);
  if (!c.to) return tr("≥ %1 % %2").arg(*c.from * 100, 0, 'f', 0).arg(of);
  return tr("%1 – %2 % %3").arg(*c.from * 100, 0, 'f', 0).arg(*c.to * 100, 0, 'f', 0).arg(of);
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
        add_parking_and_finance(input, &feedback);
        QString error;
        if (!write_approval_report(file, input, &feedback, &error)) throw geo::Error(error.toStdString());
        return true;
      },
      [this, file](bool&) { emit message(tr("Wrote %1").arg(file)); },
      [this](bool completed) { emit analysisFinished(completed); });
}

}  // namespace cp
