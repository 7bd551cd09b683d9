#include "approval_report.h"

#include <QAbstractTextDocumentLayout>
#include <QDate>
#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextCursor>

#include <algorithm>
#include <cmath>

#include "geo/error.h"
#include "geo/geometry.h"
#include "geo/spatial_index.h"
#include "geo/style.h"
#include "map_layer.h"
#include "map_layout.h"

namespace cp {

namespace {

constexpr double kDpi = 300;
const QSizeF kPageMm(210, 297);  // A4 portrait
constexpr double kMarginMm = 15;
constexpr double kMapHeightMm = 150;

QString html(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

QString number(const std::optional<double>& v, int decimals = 1) {
  if (!v || !std::isfinite(*v)) return QStringLiteral("—");
  return QLocale(QLocale::English).toString(*v, 'f', decimals);
}

QString offset_name(geo::WebMapOffset o) {
  switch (o) {
    case geo::WebMapOffset::Gcj02: return QObject::tr("GCJ-02 offset undone");
    case geo::WebMapOffset::Bd09: return QObject::tr("BD-09 offset undone");
    case geo::WebMapOffset::None: break;
  }
  return {};
}

// The layers drawn under every plot's map, prepared once for all the plots of the report.
std::vector<LayerToDraw> base_layers(const geo::Project& project, const geo::Review& review) {
  std::vector<LayerToDraw> layers;
  for (geo::Role role : {geo::Role::Communities, geo::Role::Buildings, geo::Role::Roads, geo::Role::Parking, geo::Role::Facilities,
                         geo::Role::Plots}) {
    auto it = project.layers.find(role);
    if (it == project.layers.end()) continue;
    LayerStyle style = default_style(role);
    if (role == geo::Role::Plots) style.label_field.clear();  // the plot in question is labelled on top
    auto layer = make_map_layer(it->second, QString(geo::to_string(role)), role_title(role), style.label_field);
    if (role == geo::Role::Plots)
      for (const auto& p : review.plots) layer->feature_fill[p.index] = QColor(geo::verdict_colour(p.verdict));
    layers.push_back({layer, style});
  }
  return layers;
}

std::vector<LegendEntry> layers_legend(const geo::Project& project) {
  std::vector<LegendEntry> entries;
  for (geo::Role role : {geo::Role::Communities, geo::Role::Buildings, geo::Role::Roads, geo::Role::Parking, geo::Role::Facilities}) {
    if (!project.layer(role)) continue;
    const LayerStyle s = default_style(role);
    entries.push_back({role_title(role), s.fill, s.stroke, role == geo::Role::Facilities});
  }
  return entries;
}

std::vector<LegendEntry> legend(const geo::Project& project) {
  std::vector<LegendEntry> entries;
  entries.push_back({QObject::tr("This plot"), Qt::transparent, Qt::black, false});
  entries.push_back({QObject::tr("Its community"), Qt::transparent, QColor(120, 90, 60), false});
  for (geo::Verdict v : {geo::Verdict::Compliant, geo::Verdict::Short, geo::Verdict::NotApplicable, geo::Verdict::Unchecked})
    entries.push_back({QObject::tr("Plot: %1").arg(verdict_label(v)), QColor(geo::verdict_colour(v)), Qt::black, false});
  for (auto& e : layers_legend(project)) entries.push_back(std::move(e));
  return entries;
}

QString crs_line(const geo::Project& project) {
  return QObject::tr("CRS: CGCS2000 / EPSG:%1 (%2)").arg(project.working_epsg).arg(QString::fromStdString(project.working_crs_reason));
}

// What stands for the community of a plot that has none: an unchecked plot's is not known.
QString no_community(const geo::PlotReview& p) {
  return p.verdict == geo::Verdict::Unchecked ? QObject::tr("not determined (see the reason)") : QObject::tr("outside every community");
}

// Page one, below the map: what the approval officer reads first.
QString summary_html(const ApprovalReportInput& in, const geo::PlotReview& p) {
  const geo::Review& review = *in.review;
  const auto* community = p.community ? &review.communities[*p.community] : nullptr;
  QString shares;
  for (const auto& s : p.shares)
    shares += QString("%1%2 %3 %4%").arg(shares.isEmpty() ? "" : "; ", html(review.communities[s.community].name),
                                         html(review.communities[s.community].community_id), number(100 * s.share, 1));
  QString h = "<h3>" + QObject::tr("Review of plot %1").arg(html(p.plot_id)) + "</h3>";
  h += "<table width='100%' cellspacing='0' cellpadding='3' border='0.5'>";
  auto row = [&h](const QString& k, const QString& v) { h += "<tr><td width='32%'><b>" + k + "</b></td><td>" + v + "</td></tr>"; };
  row(QObject::tr("Verdict"), QString("<span style='color:%1; font-weight:bold'>%2</span>")
                                   .arg(geo::verdict_colour(p.verdict), verdict_label(p.verdict).toHtmlEscaped()));
  row(QObject::tr("Reason"), html(p.reason));
  row(QObject::tr("Community"), community ? html(community->name + " (" + community->community_id + ")") : no_community(p));
  if (p.shares.size() > 1) row(QObject::tr("Shares of the plot's area"), shares);
  row(QObject::tr("Households"), number(p.households, 0));
  row(QObject::tr("Required office space (㎡)"), number(p.required_office_m2));
  row(QObject::tr("Reserved office space (㎡)"), number(p.reserved_office_m2));
  row(QObject::tr("Shortfall (㎡)"), number(p.shortfall_m2));
  row(QObject::tr("Binding rule"), html(p.rule_id) + (p.citation.empty() ? QString() : " — " + html(p.citation)));
  if (p.parking) {
    const geo::PlotParkingReview& k = *p.parking;
    row(QObject::tr("Parking verdict"), QString("<span style='color:%1; font-weight:bold'>%2</span> — %3")
                                           .arg(geo::verdict_colour(k.verdict), verdict_label(k.verdict).toHtmlEscaped(), html(k.reason)));
    row(QObject::tr("Parking spaces required / provided / short"),
        number(k.required_spaces, 0) + " / " + number(k.provided_spaces, 0) + " / " + number(k.shortfall_spaces, 0));
    row(QObject::tr("Parking standard"), html(in.pack->parking->title + " — " + k.citation));
  }
  row(QObject::tr("Rule pack"), html(in.pack->name + " (" + in.pack->id + ")"));
  h += "</table>";
  return h;
}

QString rules_html(const ApprovalReportInput& in, const geo::PlotReview& p) {
  const geo::RulePack& pack = *in.pack;
  QString h = "<h3>" + QObject::tr("Rules applied to the plot") + "</h3>";
  h += "<table width='100%' cellspacing='0' cellpadding='3' border='0.5'><tr><th width='30%'>" +
       QObject::tr("Rule") + "</th><th width='11%'>" + QObject::tr("Applies") + "</th><th width='9%'>" + QObject::tr("Required ㎡") +
       "</th><th width='9%'>" + QObject::tr("Provided ㎡") + "</th><th width='9%'>" + QObject::tr("Shortfall ㎡") + "</th><th>" +
       QObject::tr("Source (mark)") + "</th></tr>";
  for (const auto& o : p.outcomes) {
    if (!o.rule) continue;
    const geo::Rule& r = *o.rule;
    const QString applies = !o.applies ? QObject::tr("no") : !o.assessed ? QObject::tr("not assessed (data missing)") : QObject::tr("yes");
    h += "<tr><td><b>" + html(r.id) + "</b><br/>" + html(r.title) + "</td><td>" + applies + "</td><td align='right'>" +
         (o.applies && o.assessed ? number(o.required) : "—") + "</td><td align='right'>" + (o.applies && o.assessed ? number(o.provided) : "—") +
         "</td><td align='right'>" + (o.applies && o.assessed ? number(o.shortfall) : "—") + "</td><td>" +
         html(pack.citation(r.document, r.article, pack.effective_mark(r))) + "</td></tr>";
  }
  if (p.outcomes.empty()) h += "<tr><td colspan='6'>" + QObject::tr("No rule was evaluated: %1").arg(html(p.reason)) + "</td></tr>";
  h += "</table>";
  return h;
}

QString community_html(const ApprovalReportInput& in, const geo::PlotReview& p) {
  if (!p.community) return {};
  const geo::CommunityReview& c = in.review->communities[*p.community];
  QString h = "<h3>" + QObject::tr("The community with the plots under review: %1").arg(html(c.name)) + "</h3>";
  h += "<table width='100%' cellspacing='0' cellpadding='3' border='0.5'>";
  auto row = [&h](const QString& k, const QString& v, const char* align = "right") {
    h += "<tr><td width='45%'>" + k + "</td><td align='" + align + "'>" + v + "</td></tr>";
  };
  row(QObject::tr("Households existing / planned"), number(c.households_existing, 0) + " / " + number(c.households_planned, 0));
  row(QObject::tr("Community office space now (㎡)"),
      number(c.office_m2) + (c.offices_without_area ? " " + QObject::tr("+ %1 office(s) of unknown size").arg(c.offices_without_area) : QString()));
  row(QObject::tr("Office space reserved by the plots under review (㎡)"), number(c.planned_office_m2));
  row(QObject::tr("Required for the community (㎡)"), number(c.required_office_m2));
  row(QObject::tr("Shortfall of the community (㎡)"), number(c.shortfall_m2));
  if (c.funding_yuan)
    row(QObject::tr("Operating funds in %1 (yuan per year)").arg(in.review->year), number(c.funding_yuan, 0));
  row(QObject::tr("Community rule"), html(c.rule_id + (c.citation.empty() ? "" : " — " + c.citation)), "left");
  if (in.parking) {
    const geo::CommunityParking& k = in.parking->communities.at(c.index);
    row(QObject::tr("Parking spaces / households (per household)"),
        number(k.spaces, 0) + " / " + number(k.households, 0) + " (" + number(k.spaces_per_household(), 2) + ")");
    row(QObject::tr("Parking spaces required by the standard / short"), number(k.required_spaces, 0) + " / " + number(k.shortfall_spaces, 0));
  }
  if (in.finance) {
    const geo::CommunityBudget& b = in.finance->communities.at(c.index);
    const QString year = QString::number(in.finance->year);
    row(QObject::tr("Budget in %1: government / sanitation / parking / other (yuan)").arg(year),
        number(b.by_kind.at(geo::BudgetLine::Government), 0) + " / " + number(b.by_kind.at(geo::BudgetLine::Sanitation), 0) + " / " +
            number(b.by_kind.at(geo::BudgetLine::Parking), 0) + " / " + number(b.by_kind.at(geo::BudgetLine::Other), 0));
    row(QObject::tr("Budget in %1: total (per household)").arg(year),
        number(b.total_yuan, 0) + " (" + number(b.yuan_per_household, 1) + ")");
  }
  h += "</table>";
  return h;
}

QString coverage_html(const ApprovalReportInput& in, const geo::PlotReview& p) {
  QString h = "<h3>" + QObject::tr("Services within reach of the plot's households") + "</h3>";
  if (in.plot_coverage.empty()) return h + "<p>" + QObject::tr("Not computed: the project has no facilities of the kinds the standards give distances for.") + "</p>";
  h += "<p>" + QObject::tr("Distances from the plot to the nearest existing facility of each kind, walking along the road network "
                           "(footways walked, motorways not) and in a straight line, against the standard's distance.") +
       "</p>";
  h += "<table width='100%' cellspacing='0' cellpadding='3' border='0.5'><tr><th>" +
       QObject::tr("Service") + "</th><th>" + QObject::tr("Standard") + "</th><th>" + QObject::tr("Walking (m)") + "</th><th>" +
       QObject::tr("Straight line (m)") + "</th><th>" + QObject::tr("Served?") + "</th></tr>";
  for (const auto& c : in.plot_coverage) {
    const auto it = std::find_if(c.buildings.begin(), c.buildings.end(), [&](const auto& b) { return b.index == p.index; });
    h += "<tr><td>" + html(c.kind) + "</td><td>" + QString("%1 m — %2").arg(c.distance_m).arg(html(c.distance_source)) + "</td>";
    if (it == c.buildings.end()) {
      h += "<td colspan='3'>" + QObject::tr("not measured: the plot has no households or no valid geometry") + "</td></tr>";
      continue;
    }
    const bool served = c.covered(*it);
    h += "<td align='right'>" + (c.walking ? (it->walk_m ? number(it->walk_m, 0) : QObject::tr("beyond %1 m").arg(geo::walking_horizon(c.distance_m)))
                                            : QStringLiteral("—")) +
         "</td><td align='right'>" + number(it->euclid_m, 0) + "</td><td><b><font color='" +
         (served ? geo::verdict_colour(geo::Verdict::Compliant) : geo::verdict_colour(geo::Verdict::Short)) + "'>" +
         (served ? QObject::tr("yes") : QObject::tr("no")) + "</font></b></td></tr>";
  }
  h += "</table>";
  return h;
}

QString sources_html(const ApprovalReportInput& in) {
  const geo::Project& project = *in.project;
  QString h = "<h3>" + QObject::tr("Data sources and coordinate reference system") + "</h3>";
  h += "<p>" + crs_line(project).toHtmlEscaped() + ". " +
       QObject::tr("Every layer was brought into it on reading; coordinates in this package are in metres of that zone.") + "</p>";
  h += "<table width='100%' cellspacing='0' cellpadding='3' border='0.5'><tr><th>" + QObject::tr("Layer") +
       "</th><th>" + QObject::tr("Source") + "</th><th>" + QObject::tr("Features") + "</th><th>" + QObject::tr("Source CRS") + "</th></tr>";
  for (const auto& [role, data] : project.layers) {
    const geo::LayerSpec* spec = project.spec.find(role);
    QString crs = spec && !spec->crs.empty() ? html(spec->crs) : QObject::tr("as the file declares");
    if (spec && spec->offset != geo::WebMapOffset::None) crs += "; " + offset_name(spec->offset);
    h += "<tr><td>" + role_title(role).toHtmlEscaped() + "</td><td>" + html(data->describe_source()) + "</td><td align='right'>" +
         QString::number(data->size()) + "</td><td>" + crs + "</td></tr>";
  }
  h += "</table>";
  if (!project.households_note.empty())
    h += "<p style='color:#b35806'><b>" + QObject::tr("Households estimated, not counted:") + "</b> " + html(project.households_note) + "</p>";
  const geo::RulePack& pack = *in.pack;
  h += "<p><b>" + QObject::tr("Rule pack") + ":</b> " + html(pack.name) + " — " + html(pack.file.string()) + "</p><ul>";
  for (const auto& [id, d] : pack.documents)
    h += "<li>" + html(d.number.empty() ? d.title : d.number + " " + d.title) + (d.year ? QString(" (%1)").arg(d.year) : QString()) +
         (d.issuer.empty() ? QString() : ", " + html(d.issuer)) + " — " + QString::fromUtf8(geo::describe(d.mark)) + "</li>";
  h += "</ul>";
  if (!in.review->unverified.empty()) {
    h += "<p style='color:#b35806'><b>" + QObject::tr("Numbers not yet verified against their documents:") + "</b></p><ul>";
    for (const auto& u : in.review->unverified) h += "<li>" + html(u) + "</li>";
    h += "</ul>";
  }
  h += "<p>" + QObject::tr("Marks: V verified against the document; P partly verified; U unverified.") + " " +
       QObject::tr("Prepared %1 with Community Planner %2.").arg(QDate::currentDate().toString(Qt::ISODate), QString(CPLAN_VERSION)) +
       "</p>";
  return h;
}

// The overview of a city reviewed without plots: each community's households, office space and
// what the rules ask of it, then the share of its households within reach of each service.
QString overview_html(const ApprovalReportInput& in) {
  const geo::Review& review = *in.review;
  QString h = "<h2>" + QObject::tr("Communities as they are") + "</h2><p>" +
              QObject::tr("The project has no development plots under review: this package reviews its %1 communities on their "
                          "existing buildings and community offices, under %2.")
                  .arg(review.communities.size())
                  .arg(html(review.pack_name)) +
              "</p>";
  h += "<table width='100%' cellspacing='0' cellpadding='3' border='0.5'><tr><th>" + QObject::tr("Community") + "</th><th>" +
       QObject::tr("Households") + "</th><th>" + QObject::tr("Office now (㎡)") + "</th><th>" + QObject::tr("Required (㎡)") +
       "</th><th>" + QObject::tr("Shortfall (㎡)") + "</th><th>" + QObject::tr("Rule") + "</th></tr>";
  for (const auto& c : review.communities) {
    h += "<tr><td>" + html(c.name) + "</td><td align='right'>" + number(c.households(), 0) + "</td><td align='right'>" +
         number(c.office_m2) + (c.offices_without_area ? QString(" +%1?").arg(c.offices_without_area) : QString()) +
         "</td><td align='right'>" + number(c.required_office_m2) + "</td><td align='right'>" +
         (c.shortfall_m2 > 0 ? "<font color='" + QString(geo::verdict_colour(geo::Verdict::Short)) + "'><b>" + number(c.shortfall_m2) + "</b></font>"
                             : number(c.shortfall_m2)) +
         "</td><td>" + html(c.rule_id) + "</td></tr>";
  }
  h += "</table>";
  h += "<h3>" + QObject::tr("Households within reach of each service") + "</h3>";
  if (in.community_coverage.empty())
    return h + "<p>" + QObject::tr("Not computed: the project has no facilities or parking layer.") + "</p>";
  h += "<table width='100%' cellspacing='0' cellpadding='3' border='0.5'><tr><th>" + QObject::tr("Community") + "</th>";
  for (const auto& cov : in.community_coverage)
    h += "<th>" + html(cov.kind) + QString(" (%1 m%2)").arg(cov.distance_m).arg(cov.walking ? QObject::tr(", walking") : QString()) + "</th>";
  h += "</tr>";
  for (std::size_t c = 0; c < review.communities.size(); ++c) {
    h += "<tr><td>" + html(review.communities[c].name) + "</td>";
    for (const auto& cov : in.community_coverage) {
      const auto it = std::find_if(cov.communities.begin(), cov.communities.end(), [&](const auto& cc) { return cc.index == c; });
      if (it == cov.communities.end() || it->households <= 0) {
        h += "<td align='right'>—</td>";
        continue;
      }
      const double covered = cov.walking ? it->covered_walk : it->covered_euclid;
      h += "<td align='right'>" + QString::number(100.0 * covered / it->households, 'f', 1) + " %</td>";
    }
    h += "</tr>";
  }
  h += "</table>";
  for (const auto& cov : in.community_coverage)
    if (cov.facilities.empty())
      h += "<p>" + QObject::tr("No facility of kind %1 in the project: every household counts as beyond reach.").arg(html(cov.kind)) + "</p>";
  return h;
}

}  // namespace

std::vector<geo::Coverage> community_coverage(const geo::Project& project, const geo::RulePack& standards, geo::Feedback* feedback) {
  std::vector<geo::Coverage> out;
  for (const auto& kind : geo::coverable_kinds(project, standards)) {
    if (feedback) feedback->throw_if_cancelled();
    out.push_back(geo::compute_coverage(project, &standards, {.kind = kind, .walking = project.layer(geo::Role::Roads) != nullptr}, feedback));
  }
  return out;
}

std::vector<geo::Coverage> plot_coverage(const geo::Project& project, const geo::RulePack& standards, geo::Feedback* feedback) {
  std::vector<geo::Coverage> out;
  for (const auto& f : standards.facilities) {
    if (feedback) feedback->throw_if_cancelled();
    if (project.layer(f.kind == "parking" ? geo::Role::Parking : geo::Role::Facilities))
      out.push_back(geo::compute_plot_coverage(project, &standards, {.kind = f.kind}, feedback));
  }
  return out;
}

bool write_approval_report(const QString& pdf_file, const ApprovalReportInput& in, geo::Feedback* feedback, QString* error) {
  const geo::Project& project = *in.project;
  const geo::Review& review = *in.review;
  QSaveFile out(pdf_file);  // written beside the target, renamed into place on commit
  if (!out.open(QIODevice::WriteOnly)) {
    if (error) *error = pdf_file + ": " + out.errorString();
    return false;
  }
  QPdfWriter pdf(&out);
  pdf.setResolution(static_cast<int>(kDpi));
  pdf.setPageSize(QPageSize(QPageSize::A4));
  pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
  pdf.setTitle(QObject::tr("Approval package"));
  pdf.setCreator("Community Planner " CPLAN_VERSION);
  const double mm = kDpi / 25.4;
  const QSize page(static_cast<int>(kPageMm.width() * mm), static_cast<int>(kPageMm.height() * mm));
  const double margin = kMarginMm * mm;
  const QSizeF body(page.width() - 2 * margin, page.height() - 2 * margin - 8 * mm);  // 8 mm for the footer
  QPainter painter(&pdf);
  const std::vector<LayerToDraw> base = base_layers(project, review);
  const std::vector<LegendEntry> entries = legend(project);
  static const geo::LayerData kNoPlots;
  const geo::LayerData& plots = project.layer(geo::Role::Plots) ? *project.layer(geo::Role::Plots) : kNoPlots;
  const geo::LayerData* communities = project.layer(geo::Role::Communities);
  QFont text_font(geo::kLabelFontFamily);
  text_font.setPointSizeF(8.5);
  QFont footer_font = text_font;
  footer_font.setPointSizeF(7);
  int page_number = 0;
  auto footer = [&](const geo::PlotReview* p) {
    ++page_number;
    painter.setFont(footer_font);
    painter.setPen(Qt::darkGray);
    painter.drawText(QRectF(margin, page.height() - margin - 5 * mm, body.width(), 5 * mm), Qt::AlignLeft | Qt::AlignVCenter,
                     p ? QObject::tr("Approval package — plot %1 — %2").arg(QString::fromStdString(p->plot_id), crs_line(project))
                       : QObject::tr("Communities overview — %1").arg(crs_line(project)));
    painter.drawText(QRectF(margin, page.height() - margin - 5 * mm, body.width(), 5 * mm), Qt::AlignRight | Qt::AlignVCenter,
                     QString::number(page_number));
  };
  auto document = [&](const QString& content, double height) {
    auto doc = std::make_unique<QTextDocument>();
    doc->documentLayout()->setPaintDevice(&pdf);
    doc->setDefaultFont(text_font);
    doc->setDefaultStyleSheet("h2 { font-size: 13pt; } h3 { font-size: 10.5pt; margin-top: 10px; } th { background: #eeeeee; text-align: left; }");
    doc->setDocumentMargin(0);
    doc->setPageSize(QSizeF(body.width(), height));
    doc->setHtml(content);
    return doc;
  };

  // Text that flows below a map on its first page and over as many pages as it needs.
  auto flow_text = [&](const QString& content, const geo::PlotReview* p) {
    const auto text = document(content, body.height());
    QTextCursor start(text.get());
    start.movePosition(QTextCursor::Start);
    QTextFrameFormat map_place;  // an empty frame as tall as the map
    map_place.setHeight(kMapHeightMm * mm - margin);
    map_place.setMargin(0);
    map_place.setPadding(0);
    map_place.setBorder(0);
    start.insertFrame(map_place);
    // Edited after setHtml, the document would lay out only part of itself again (Qt 6.4), and
    // later headings would come out empty: all of it, anew.
    text->markContentsDirty(0, text->characterCount());
    for (int i = 0; i < text->pageCount(); ++i) {
      if (i > 0) pdf.newPage();
      painter.save();
      painter.translate(margin, margin - i * body.height());
      text->drawContents(&painter, QRectF(0, i * body.height(), body.width(), body.height()));
      painter.restore();
      footer(p);
    }
  };

  if (in.plots.empty()) {
    QRectF extent(QPointF(project.extent.min_x, project.extent.min_y), QPointF(project.extent.max_x, project.extent.max_y));
    if (communities) {
      geo::Extent e;
      for (const auto& g : communities->geometries) e.include(geo::extent_of(g));
      if (!e.is_empty()) extent = QRectF(QPointF(e.min_x, e.min_y), QPointF(e.max_x, e.max_y));
    }
    const double pad = std::max({extent.width(), extent.height(), 200.0}) * 0.04;
    extent.adjust(-pad, -pad, pad, pad);
    MapLayout layout;
    layout.title = QObject::tr("Communities of %1").arg(QString::fromStdString(project.spec.name));
    layout.subtitle = crs_line(project);
    layout.page_mm = QSizeF(kPageMm.width(), kMapHeightMm);
    layout.dpi = kDpi;
    layout.legend = layers_legend(project);
    paint_layout(painter, QSize(page.width(), static_cast<int>(kMapHeightMm * mm)), kDpi, layout, base, extent);
    flow_text(overview_html(in) + sources_html(in), nullptr);
  }

  for (std::size_t k = 0; k < in.plots.size(); ++k) {
    if (feedback) {
      feedback->throw_if_cancelled();
      feedback->set_progress(100.0 * static_cast<double>(k) / static_cast<double>(in.plots.size()));
    }
    const geo::PlotReview& p = review.plots[in.plots[k]];
    if (k > 0) pdf.newPage();

    // Page one: the plot in its community, and the verdict.
    geo::Extent e = geo::extent_of(plots.geometries[p.index]);
    if (p.community && communities) e.include(geo::extent_of(communities->geometries[review.communities[*p.community].index]));
    QRectF extent(QPointF(e.min_x, e.min_y), QPointF(e.max_x, e.max_y));
    if (extent.isEmpty()) extent = QRectF(QPointF(project.extent.min_x, project.extent.min_y), QPointF(project.extent.max_x, project.extent.max_y));
    const double pad = std::max({extent.width(), extent.height(), 200.0}) * 0.08;
    extent.adjust(-pad, -pad, pad, pad);
    // On top: the plot's community outlined, then the plot itself, each a one-feature layer.
    auto one_feature = [](const geo::LayerData& from, std::size_t i, const std::string& label_field, const std::string& label) {
      auto layer = std::make_shared<geo::LayerData>();
      layer->role = from.role;
      layer->fids = {from.fids[i]};
      layer->geometries = {from.geometries[i]};
      layer->invalid_reasons = {std::nullopt};
      layer->columns[label_field] = {label};
      return std::shared_ptr<const geo::LayerData>(std::move(layer));
    };
    std::vector<LayerToDraw> layers = base;
    if (p.community && communities) {
      LayerStyle outline;
      outline.fill = Qt::transparent;
      outline.stroke = QColor(120, 90, 60);
      outline.stroke_width = 3.5;
      layers.push_back({make_map_layer(one_feature(*communities, review.communities[*p.community].index, "name", ""), "community",
                                       QString(), QString()),
                        outline});
    }
    LayerStyle highlight_style = default_style(geo::Role::Plots);
    highlight_style.fill = Qt::transparent;
    highlight_style.stroke = Qt::black;
    highlight_style.stroke_width = 3;
    layers.push_back({make_map_layer(one_feature(plots, p.index, "plot_id", p.plot_id), "plot", QString(), "plot_id"), highlight_style});
    MapLayout layout;
    layout.title = QObject::tr("Plot %1 — %2").arg(QString::fromStdString(p.plot_id),
                                                  p.community ? QString::fromStdString(review.communities[*p.community].name)
                                                              : no_community(p));
    layout.subtitle = crs_line(project);
    layout.page_mm = QSizeF(kPageMm.width(), kMapHeightMm);
    layout.dpi = kDpi;
    layout.legend = entries;
    paint_layout(painter, QSize(page.width(), static_cast<int>(kMapHeightMm * mm)), kDpi, layout, layers, extent);
    flow_text(summary_html(in, p) + rules_html(in, p) + community_html(in, p) + coverage_html(in, p) + sources_html(in), &p);
  }
  if (feedback) feedback->throw_if_cancelled();
  painter.end();
  if (!out.commit()) {
    if (error) *error = pdf_file + ": " + out.errorString();
    return false;
  }
  return true;
}

void add_parking_and_finance(ApprovalReportInput& input, geo::Feedback* feedback) {
  const geo::Project& project = *input.project;
  const geo::RulePack& pack = *input.pack;
  if (!project.layer(geo::Role::Communities) || !project.layer(geo::Role::Buildings)) return;
  if (pack.parking && project.layer(geo::Role::Parking))
    input.parking = geo::compute_parking(project, pack, nullptr, {.per_building = false}, feedback);
  if (!pack.finance.empty()) input.finance = geo::compute_finance(project, pack, {.year = input.review->year}, feedback);
}

}  // namespace cp
